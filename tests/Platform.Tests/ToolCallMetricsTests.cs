using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using McpPlatform.Contracts.Telemetry;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol;

namespace McpPlatform.Platform.Tests;

/// <summary>The platform's meter, read with a <see cref="MeterListener"/> while a tenant's agent makes calls that end in different ways.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ToolCallMetricsTests(PlatformFixture fixture)
{
    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    [Fact]
    public async Task Calls_errors_durations_and_upstream_latency_are_measured_by_tenant_tool_and_outcome()
    {
        var tenant = await fixture.CreateTenantAsync("metrics");
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new
        {
            openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);

        var measurements = new ConcurrentQueue<Measurement>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlatformTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (Equals(copy.GetValueOrDefault(PlatformTelemetry.TenantTag), tenant.Id))
            {
                measurements.Enqueue(new Measurement(instrument.Name, value, copy));
            }
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await using (var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey))
        {
            await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "1" });
            await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "2" });
            await client.CallToolAsync("createItem", new Dictionary<string, object?> { ["qty"] = -1 });
            await client.CallToolAsync("getBroken");
            await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("noSuchTool"));
        }

        int Count(string instrument, string tool, string outcome) => (int)measurements
            .Where(m => m.Instrument == instrument && Equals(m.Tags[PlatformTelemetry.ToolNameTag], tool) && Equals(m.Tags[PlatformTelemetry.OutcomeTag], outcome))
            .Sum(m => m.Value);

        Assert.Equal(2, Count("mcp_platform.tool_calls", "getItem", "Success"));
        Assert.Equal(1, Count("mcp_platform.tool_calls", "createItem", "InvalidArguments"));
        Assert.Equal(1, Count("mcp_platform.tool_calls", "getBroken", "UpstreamError"));
        Assert.Equal(1, Count("mcp_platform.tool_calls", "noSuchTool", "UnknownTool"));

        var errors = measurements.Where(m => m.Instrument == "mcp_platform.tool_call.errors").ToList();
        Assert.Equal(3, errors.Count);
        Assert.DoesNotContain(errors, m => Equals(m.Tags[PlatformTelemetry.OutcomeTag], "Success"));

        var durations = measurements.Where(m => m.Instrument == "mcp_platform.tool_call.duration").ToList();
        Assert.Equal(5, durations.Count);
        Assert.All(durations, m => Assert.InRange(m.Value, 1e-6, 30));

        // One upstream attempt per call that was sent: the invalid and the unknown ones never left.
        var upstream = measurements.Where(m => m.Instrument == "mcp_platform.upstream.duration").ToList();
        Assert.Equal(3, upstream.Count);
        Assert.All(upstream, m => Assert.Equal("items", m.Tags[PlatformTelemetry.ApiTag]));
        Assert.Equal([200, 200, 500], upstream.Select(m => (int)m.Tags["http.response.status_code"]!).Order());
        Assert.All(upstream, m => Assert.InRange(m.Value, 1e-6, 30));
    }
}
