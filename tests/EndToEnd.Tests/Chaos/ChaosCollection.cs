namespace McpPlatform.EndToEnd.Tests.Chaos;

/// <summary>
/// The chaos tests run a cluster of eight processes each and measure gaps: they run one at a time, after the tests
/// that run in parallel, so two small cores are not shared with another cluster meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "Chaos under load";
}
