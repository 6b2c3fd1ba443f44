using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.TestCommon;
using McpPlatform.TestCommon.Processes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace McpPlatform.Conformance.Tests;

/// <summary>
/// The official MCP conformance suite against a tenant endpoint: the platform (embedded mode, temporary data
/// directory) and samples/ConformanceApi run as real processes; the suite runs with Node 22 from tests/conformance.
/// Every scenario must pass except those in tests/conformance/expected-failures.json; an expected failure that
/// passes is reported, not failed, so the list can be trimmed.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private const string OperatorKey = "conformance-operator-key-0123456789";
    private const string Tenant = "conformance";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromSeconds(150);

    /// <summary>The tool scenarios and the tools they call; each must carry the upstream's real response.</summary>
    private static readonly string[] ConformanceTools =
        ["test_simple_text", "test_image_content", "test_audio_content", "test_embedded_resource", "test_error_handling", "json_schema_2020_12_tool"];

    [Fact]
    public async Task Official_conformance_suite_passes_against_a_tenant_endpoint()
    {
        var missing = ConformanceSuite.Missing();
        Assert.True(missing is null, missing);
        var clock = Stopwatch.StartNew();

        var processes = new List<ChildProcess>();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcp-conformance-data-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // The upstream API and the platform, as separate processes.
            var apiUrl = Url(FreePort.Next());
            var api = ChildProcess.StartDotnet("conformance-api", ConformanceApiDll, ["--urls", apiUrl]);
            processes.Add(api);
            var platformUrl = Url(FreePort.Next());
            var platform = ChildProcess.StartDotnet("platform", BuiltApps.Frontend, ["--urls", platformUrl], new Dictionary<string, string?>
            {
                ["Platform__Mode"] = "Embedded",
                ["Platform__AdminKey"] = OperatorKey,
                ["Platform__Database__DataDirectory"] = dataDirectory,
                ["Platform__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["Platform__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                // The conformance API runs on this machine (the embedded default too).
                ["Platform__Upstreams__AllowPrivateNetworks"] = "true",
                ["ConnectionStrings__Postgres"] = null,
            });
            processes.Add(platform);
            await Task.WhenAll(
                api.WaitForHttpAsync(apiUrl + "/openapi/v1.json", StartTimeout),
                platform.WaitForHttpAsync(platformUrl + "/health/ready", StartTimeout));

            // A tenant, an agent key, and the API registered by URL: its operations become the suite's tools. Component
            // schemas stay $defs entries, which json-schema-2020-12 looks for ($defs.address).
            using var admin = new HttpClient { BaseAddress = new Uri(platformUrl), Timeout = TimeSpan.FromSeconds(60) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
            await ExpectAsync(await admin.PostAsJsonAsync("/admin/v1/tenants", new { id = Tenant, displayName = "MCP conformance" }), HttpStatusCode.Created);
            var agentKey = (string)(await ExpectAsync(await admin.PostAsJsonAsync($"/admin/v1/tenants/{Tenant}/keys", new { name = "conformance-suite", role = "agent" }), HttpStatusCode.Created))["key"]!;
            var registration = await ExpectAsync(
                await admin.PutAsJsonAsync($"/admin/v1/tenants/{Tenant}/apis/conformance", new { openApiUrl = apiUrl + "/openapi/v1.json", schemaReferences = "definitions" }),
                HttpStatusCode.Created);
            var tools = registration["tools"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.All(ConformanceTools, tool => Assert.Contains(tool, tools));
            output.WriteLine($"Registered tools: {string.Join(", ", tools)}; warnings: {registration["warnings"]?.ToJsonString()}");

            var mcpUrl = $"{platformUrl}/t/{Tenant}/mcp";
            var scenarios = await ConformanceSuite.ListServerScenariosAsync(TimeSpan.FromSeconds(30));
            Assert.NotEmpty(scenarios);
            var (results, suiteOutput) = await ConformanceSuite.RunServerScenariosAsync(mcpUrl, agentKey, scenarios, SuiteTimeout);
            var expected = ConformanceSuite.ExpectedFailures();

            var table = Table(results, expected);
            output.WriteLine(table);
            output.WriteLine($"Suite finished after {clock.Elapsed.TotalSeconds:F0} s (including start-up).");

            var unexpected = results.Where(r => !r.Passed && !expected.ContainsKey(r.Name)).ToList();
            var nowPassing = results.Where(r => r.Passed && expected.ContainsKey(r.Name)).Select(r => r.Name).ToList();
            var unknown = expected.Keys.Where(name => !scenarios.Contains(name)).ToList();
            if (nowPassing.Count > 0)
            {
                output.WriteLine($"NOTE: listed as expected failures but now passing (remove them from expected-failures.json): {string.Join(", ", nowPassing)}");
            }

            if (unknown.Count > 0)
            {
                output.WriteLine($"NOTE: expected-failures.json names scenarios this suite version does not have: {string.Join(", ", unknown)}");
            }

            Assert.True(unexpected.Count == 0,
                $"Unexpected conformance failures:\n{string.Join("\n", unexpected.Select(r => $"  {r.Name}: {string.Join("; ", r.Failures)}"))}\n\n{table}\n\nSuite output (tail):\n{Tail(suiteOutput, 120)}\n\n{Diagnostics(processes)}");

            // A passing tool scenario must carry the upstream's real content, not an error result.
            AssertSuiteSawUpstreamContent(results);
            await AssertToolsCarryUpstreamContentAsync(mcpUrl, agentKey, apiUrl);
            output.WriteLine($"Done after {clock.Elapsed.TotalSeconds:F0} s.");
        }
        catch (Exception) when (Flush(processes))
        {
            throw;
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The checks.json of the text and error scenarios hold the whole tool result: compare it with the upstream's answer.</summary>
    private static void AssertSuiteSawUpstreamContent(IReadOnlyList<ScenarioResult> results)
    {
        if (results.FirstOrDefault(r => r.Name == "tools-call-simple-text") is { Passed: true } text)
        {
            var result = text.Details("tools-call-simple-text")?["result"];
            Assert.True(result?["isError"]?.GetValue<bool>() is not true, $"tools-call-simple-text passed with an error result: {result?.ToJsonString()}");
            Assert.Equal("This is a simple text response for testing.", (string?)result?["content"]?[0]?["text"]);
        }

        if (results.FirstOrDefault(r => r.Name == "dns-rebinding-protection") is { Passed: true } rebinding)
        {
            // The foreign Host/Origin request carries the agent key too, so its 4xx must come from the transport guard,
            // not from missing credentials.
            var status = rebinding.Details("localhost-host-rebinding-rejected")?["statusCode"]?.GetValue<int>();
            Assert.True(status is not null and not 401, $"dns-rebinding-protection: the foreign Host/Origin got {status}, expected a rejection other than 401");
        }

        if (results.FirstOrDefault(r => r.Name == "tools-call-error") is { Passed: true } error)
        {
            // The error must be the upstream's own failure (status and body), not, say, an unknown-tool or validation error.
            var body = (string?)error.Details("tools-call-error")?["result"]?["content"]?[0]?["text"];
            Assert.Contains("500", body ?? "", StringComparison.Ordinal);
            Assert.Contains("This tool intentionally returns an error for testing", body ?? "", StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The image and audio scenarios only record that data was present, so call those tools once more with the
    /// C# SDK and compare the bytes with what the upstream serves directly.
    /// </summary>
    private async Task AssertToolsCarryUpstreamContentAsync(string mcpUrl, string agentKey, string apiUrl)
    {
        using var upstream = new HttpClient { BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(mcpUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {agentKey}" },
        });
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" }, cancellationToken: timeout.Token);

        foreach (var (tool, path, type, mimeType) in new[]
                 {
                     ("test_image_content", "/image", "image", "image/png"),
                     ("test_audio_content", "/audio", "audio", "audio/wav"),
                 })
        {
            var expectedBytes = await upstream.GetByteArrayAsync(path, timeout.Token);
            var result = await client.CallToolAsync(tool, new Dictionary<string, object?>(), cancellationToken: timeout.Token);
            var json = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions)!;
            Assert.True(json["isError"]?.GetValue<bool>() is not true, $"{tool}: {json.ToJsonString()}");
            var block = json["content"]!.AsArray().FirstOrDefault(c => (string?)c?["type"] == type);
            Assert.True(block is not null, $"{tool}: no {type} content in {json.ToJsonString()}");
            Assert.Equal(mimeType, (string?)block!["mimeType"]);
            Assert.Equal(Convert.ToBase64String(expectedBytes), (string?)block["data"]);
            output.WriteLine($"{tool}: {type} content, {mimeType}, {expectedBytes.Length} bytes, identical to the upstream's response.");
        }

        // Other binary media types become an embedded resource carrying the upstream's bytes.
        var document = await upstream.GetByteArrayAsync("/document", timeout.Token);
        var embedded = JsonSerializer.SerializeToNode(
            await client.CallToolAsync("test_embedded_resource", new Dictionary<string, object?>(), cancellationToken: timeout.Token),
            McpJsonUtilities.DefaultOptions)!;
        var resource = embedded["content"]!.AsArray().Single(c => (string?)c?["type"] == "resource")!["resource"]!;
        Assert.Equal("application/pdf", (string?)resource["mimeType"]);
        Assert.Equal(Convert.ToBase64String(document), (string?)resource["blob"]);
        output.WriteLine($"test_embedded_resource: resource content, application/pdf, {document.Length} bytes, identical to the upstream's response.");
    }

    private static string Table(IReadOnlyList<ScenarioResult> results, IReadOnlyDictionary<string, string> expected)
    {
        var width = Math.Max(8, results.Max(r => r.Name.Length));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"{"scenario".PadRight(width)}  {"result",-22}  checks (ok/fail/warn)  note");
        table.AppendLine(new string('-', width + 70));
        foreach (var r in results)
        {
            var isExpected = expected.TryGetValue(r.Name, out var reason);
            var verdict = (r.Passed, isExpected) switch
            {
                (true, false) => "PASS",
                (true, true) => "PASS (listed expected)",
                (false, true) => r.NotExercised ? "not exercised (exp.)" : "expected failure",
                (false, false) => r.NotExercised ? "NOT EXERCISED" : "FAIL",
            };
            var counts = r.Checks is null ? "-" : $"{r.Count("SUCCESS")}/{r.Count("FAILURE")}/{r.Count("WARNING")}";
            var note = !r.Passed && !isExpected ? string.Join("; ", r.Failures) : isExpected ? reason : "";
            table.AppendLine(CultureInfo.InvariantCulture, $"{r.Name.PadRight(width)}  {verdict,-22}  {counts,-21}  {Shorten(note, 160)}");
        }

        var passed = results.Count(r => r.Passed);
        table.AppendLine(CultureInfo.InvariantCulture, $"{passed}/{results.Count} scenarios passed; {results.Count(r => !r.Passed && expected.ContainsKey(r.Name))} expected failures.");
        return table.ToString();
    }

    private static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!;
        }
    }

    private bool Flush(IEnumerable<ChildProcess> processes)
    {
        output.WriteLine(Diagnostics(processes));
        return false;
    }

    private static string Diagnostics(IEnumerable<ChildProcess> processes) =>
        string.Join("\n\n", processes.Select(p => $"--- {p.Name} (last lines) ---\n{Tail(p.Output, 60)}"));

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    private static string Shorten(string? text, int max) =>
        text is null ? "" : text.Length <= max ? text.ReplaceLineEndings(" ") : text[..max].ReplaceLineEndings(" ") + "…";

    private static string Url(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>samples/ConformanceApi, built by the ProjectReference in the same configuration as this test.</summary>
    private static string ConformanceApiDll
    {
        get
        {
            var configuration = typeof(ConformanceTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = Path.Combine(RepositoryPaths.Root, "samples", "ConformanceApi", "bin", configuration, "net10.0", "ConformanceApi.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build tests/Conformance.Tests first.", path);
        }
    }
}
