namespace McpPlatform.Bench.Common;

/// <summary>The benches' <c>--env KEY=VALUE</c> option: a setting for every platform process.</summary>
public static class BenchSettings
{
    public static void Add(IDictionary<string, string?> settings, string pair)
    {
        var split = pair.IndexOf('=', StringComparison.Ordinal);
        if (split <= 0)
        {
            throw new ArgumentException($"--env takes KEY=VALUE, not '{pair}'.");
        }

        settings[pair[..split]] = pair[(split + 1)..];
    }
}
