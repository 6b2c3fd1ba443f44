using McpPlatform.Contracts.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;

namespace McpPlatform.Platform.Tests;

/// <summary>Failures that cross a grain boundary arrive as what they were, not as a codec error.</summary>
public sealed class GrainExceptionSerializationTests
{
    [Fact]
    public void A_storage_failure_caused_by_a_PostgreSQL_error_crosses_the_wire_with_its_cause()
    {
        // What Orleans throws when a grain's state cannot be read: its own exception around the driver's.
        using var services = new ServiceCollection().AddPlatformSerialization().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var failure = new OrleansException("Error from storage provider during ReadStateAsync",
            new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown));

        var received = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(failure));

        var orleans = Assert.IsType<OrleansException>(received);
        Assert.Equal(failure.Message, orleans.Message);
        var cause = Assert.IsType<PostgresException>(orleans.InnerException);
        Assert.Contains("administrator command", cause.Message, StringComparison.Ordinal);
    }
}
