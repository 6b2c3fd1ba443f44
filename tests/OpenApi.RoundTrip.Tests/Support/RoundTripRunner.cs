using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using McpPlatform.OpenApi.Model;

namespace McpPlatform.OpenApi.RoundTrip.Tests.Support;

public enum OperationStatus { Passed, Failed, KnownDeviation, GeneratorLimited, PrismLimited }

public sealed record OperationResult(string Tool, string Operation, OperationStatus Status, IReadOnlyList<string> Lines)
{
    /// <summary>Not an operation: lines about the document (what was adjusted for Prism).</summary>
    public bool IsNote { get; init; }
}

public sealed record DocumentReport(string Document, string? PrismCannotLoad, IReadOnlyList<OperationResult> Operations, TimeSpan Elapsed)
{
    public int Passed => Operations.Count(o => !o.IsNote && o.Status == OperationStatus.Passed);

    /// <summary>Operations whose request was validated (generator- and prism-limited ones are listed but not counted).</summary>
    public int Total => Operations.Count(o => !o.IsNote && o.Status is not (OperationStatus.GeneratorLimited or OperationStatus.PrismLimited));

    public string SummaryLine
    {
        get
        {
            if (PrismCannotLoad is not null) return $"roundtrip {Document}: prism-cannot-load ({PrismCannotLoad})";
            var percent = Total == 0 ? 100.0 : 100.0 * Passed / Total;
            var line = string.Create(CultureInfo.InvariantCulture, $"roundtrip {Document}: {Passed}/{Total} ({percent:F1}%)");
            var known = Operations.Count(o => o.Status == OperationStatus.KnownDeviation);
            var limited = Operations.Count(o => o.Status == OperationStatus.GeneratorLimited);
            var prismLimited = Operations.Count(o => o.Status == OperationStatus.PrismLimited);
            if (known > 0) line += $" known-deviations: {known}";
            if (limited > 0) line += $" generator-limited: {limited}";
            if (prismLimited > 0) line += $" prism-limited: {prismLimited}";
            return line + string.Create(CultureInfo.InvariantCulture, $" [{Elapsed.TotalSeconds:F1}s]");
        }
    }

    public string Text()
    {
        var builder = new StringBuilder(SummaryLine).Append('\n');
        foreach (var operation in Operations.Where(o => o.Lines.Count > 0))
            foreach (var line in operation.Lines) builder.Append("  ").Append(line).Append('\n');
        return builder.ToString();
    }
}

/// <summary>
/// One document's round trip: convert it, start Prism on it, and for every tool send the request built from
/// generated arguments (required-only, then every property) with the credentials the operation requires.
/// </summary>
public static class RoundTripRunner
{
    public static async Task<DocumentReport> RunAsync(string document, IReadOnlyDictionary<string, string> knownDeviations)
    {
        var watch = Stopwatch.StartNew();
        var path = FixtureDocuments.FullPath(document);
        var text = await File.ReadAllTextAsync(path);
        var conversion = OpenApiConverter.Convert(text, new ConversionOptions { IncludeDeprecated = true });
        var security = DocumentSecurity.Parse(text);

        var (prismPath, changes) = PrismDocument.Prepare(path, security.Document);
        try
        {
            return await RunAsync(document, conversion, security, prismPath, changes, knownDeviations, watch);
        }
        finally
        {
            if (prismPath != path) File.Delete(prismPath);
        }
    }

    private static async Task<DocumentReport> RunAsync(string document, ConversionResult conversion, DocumentSecurity security, string prismPath,
        IReadOnlyList<string> changes, IReadOnlyDictionary<string, string> knownDeviations, Stopwatch watch)
    {
        var (mock, failure) = await PrismMock.StartAsync(prismPath);
        if (mock is null) return new DocumentReport(document, failure, [], watch.Elapsed);
        await using var _ = mock;

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var results = new List<OperationResult>();
        foreach (var tool in conversion.Tools.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var operation = $"{tool.Binding.Method} {tool.Binding.PathTemplate}";
            var result = await RunToolAsync(http, mock, security, tool, operation);
            if (knownDeviations.TryGetValue(operation, out var reason))
            {
                result = result.Status == OperationStatus.Failed
                    ? result with { Status = OperationStatus.KnownDeviation, Lines = [$"KNOWN {tool.Name} ({operation}): {reason}", .. result.Lines.Skip(1)] }
                    : result with { Status = OperationStatus.Failed, Lines = [$"FAIL {tool.Name} ({operation}): listed as a known deviation but passed; remove it from the list", .. result.Lines] };
            }
            results.Add(result);
        }
        if (mock.Restarts > 0)
            results.Insert(0, new OperationResult("", "", OperationStatus.Passed, [$"prism crashed and was restarted {mock.Restarts} time(s)"]) { IsNote = true });
        if (changes.Count > 0)
            results.Insert(0, new OperationResult("", "", OperationStatus.Passed, [.. changes.Select(c => "prism-document " + c)]) { IsNote = true });
        return new DocumentReport(document, null, results, watch.Elapsed);
    }

    private enum VariantOutcome { Pass, Fail, GeneratorLimited, PrismLimited }

    private static async Task<OperationResult> RunToolAsync(HttpClient http, PrismMock mock, DocumentSecurity security, ToolDefinition tool, string operation)
    {
        var lines = new List<string>();
        var outcomes = new List<VariantOutcome>();
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (variant, includeOptional) in new[] { ("required", false), ("all", true) })
        {
            var generated = ValidArguments(tool.InputSchema, includeOptional);
            var arguments = generated.Arguments;
            if (!sent.Add(arguments.ToJsonString())) continue;
            if (generated.Problem is not null)
            {
                outcomes.Add(VariantOutcome.GeneratorLimited);
                lines.Add($"{variant}: generator-limited: {generated.Problem} args={Truncate(arguments.ToJsonString())}");
                continue;
            }
            if (MultipartObjectParts(tool, arguments, generated.Required) is { } prismCannot)
            {
                outcomes.Add(VariantOutcome.PrismLimited);
                lines.Add($"{variant}: prism-limited: {prismCannot}");
                continue;
            }
            var argumentsText = arguments.ToJsonString();
            using var argumentsDocument = JsonDocument.Parse(argumentsText);

            HttpRequestMessage request;
            try
            {
                request = UpstreamRequestBuilder.Build(tool.Binding, mock.BaseUrl, argumentsDocument.RootElement);
            }
            catch (ArgumentBindingException e)
            {
                outcomes.Add(VariantOutcome.Fail);
                lines.Add($"{variant}: request builder refused the arguments: {e.Message} args={Truncate(argumentsText)}");
                continue;
            }
            using (request)
            {
                var credentials = security.Apply(request, tool.Binding.Method, tool.Binding.PathTemplate);
                var requestText = await DescribeAsync(request);
                Verdict verdict;
                try
                {
                    using var response = await http.SendAsync(request);
                    verdict = await PrismVerdict.ReadAsync(response);
                }
                catch (HttpRequestException e)
                {
                    verdict = await NoAnswerAsync(mock, e);
                }

                var outcome = verdict.Kind switch
                {
                    VerdictKind.Fail when generated.Ambiguous && verdict.Violations.Any(v => v.Contains("exactly one schema in oneOf", StringComparison.Ordinal))
                        => VariantOutcome.GeneratorLimited,
                    VerdictKind.Fail => VariantOutcome.Fail,
                    VerdictKind.PrismCrashed => VariantOutcome.PrismLimited,
                    _ => VariantOutcome.Pass,
                };
                outcomes.Add(outcome);
                switch (outcome)
                {
                    case VariantOutcome.Fail:
                        lines.Add($"{variant}: {(int)verdict.Status} {verdict.Detail}");
                        lines.Add($"    request: {requestText}{(credentials is null ? "" : $" (credentials: {credentials})")}");
                        lines.Add($"    args: {Truncate(argumentsText)}");
                        break;
                    case VariantOutcome.GeneratorLimited:
                        lines.Add($"{variant}: generator-limited: the generated instance matches several branches of a oneOf (the tool schema has anyOf; " +
                                  $"no branch choice gave an unambiguous instance); Prism: {verdict.Detail} args={Truncate(argumentsText)}");
                        break;
                    case VariantOutcome.PrismLimited:
                        lines.Add($"{variant}: prism-limited: {verdict.Detail}");
                        lines.Add($"    request: {requestText}");
                        break;
                    default:
                        if (verdict.Kind == VerdictKind.MockIssue) lines.Add($"{variant}: note (not a request failure) {(int)verdict.Status} {verdict.Detail}");
                        else if (verdict.Detail.Length > 0) lines.Add($"{variant}: note {(int)verdict.Status} {verdict.Detail}");
                        break;
                }
            }
        }

        var status = outcomes.Contains(VariantOutcome.Fail) ? OperationStatus.Failed
            : outcomes.Contains(VariantOutcome.Pass) ? OperationStatus.Passed
            : outcomes.Contains(VariantOutcome.PrismLimited) ? OperationStatus.PrismLimited
            : OperationStatus.GeneratorLimited;
        var label = status switch
        {
            OperationStatus.Failed => "FAIL",
            OperationStatus.PrismLimited => "PRISM-LIMITED",
            OperationStatus.GeneratorLimited => "GENERATOR-LIMITED",
            _ => "note",
        };
        if (lines.Count == 0) return new OperationResult(tool.Name, operation, status, []);
        return new OperationResult(tool.Name, operation, status, [$"{label} {tool.Name} ({operation})", .. lines.Select(l => "  " + l)]);
    }

    /// <summary>
    /// Prism 5 cannot validate a JSON object part of multipart/form-data (it applies the form-style reserved-character
    /// check to it and never parses JSON parts). Optional object fields are left out of the arguments (so the rest of
    /// the request is still validated); a required one makes the variant prism-limited.
    /// </summary>
    private static string? MultipartObjectParts(ToolDefinition tool, JsonObject arguments, IReadOnlySet<string> required)
    {
        if (tool.Binding.Body is not { Encoding: BodyEncoding.Multipart } body) return null;
        foreach (var property in body.Properties.Where(p => !p.IsFile))
        {
            if (arguments[property.Argument] is not JsonObject) continue;
            if (required.Contains(property.Argument))
                return $"required multipart field '{property.Property}' is an object (sent as an application/json part), which Prism cannot validate";
            arguments.Remove(property.Argument);
        }
        return null;
    }

    /// <summary>The connection failed: Prism crashed (restart it) or answered something HttpClient cannot read (1xx).</summary>
    private static async Task<Verdict> NoAnswerAsync(PrismMock mock, HttpRequestException e)
    {
        await Task.Delay(200);
        var log = mock.Output.Split('\n');
        if (mock.HasExited)
        {
            var error = log.FirstOrDefault(l => l.Contains("Error", StringComparison.Ordinal) && !l.Contains("[CLI]", StringComparison.Ordinal)) ?? e.Message;
            var at = log.FirstOrDefault(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal))?.Trim() ?? "";
            await mock.RestartAsync();
            return new Verdict(VerdictKind.PrismCrashed, 0, $"Prism crashed on this request ({error.Trim()} {at}); restarted");
        }
        var tail = log.Reverse().Take(8).Reverse().ToList();
        var passed = tail.Any(l => l.Contains("The request passed the validation rules", StringComparison.Ordinal));
        return passed
            ? new Verdict(VerdictKind.MockIssue, 0, $"request passed validation, Prism's response could not be read ({e.Message}): {tail.LastOrDefault(l => l.Contains("Responding with", StringComparison.Ordinal))?.Trim()}")
            : new Verdict(VerdictKind.Fail, 0, $"no answer from Prism ({e.Message}): {string.Join(" | ", tail)}");
    }

    // JsonSchema.Net keeps global state (schema registry); the two test classes run in parallel.
    private static readonly Lock SchemaGate = new();

    /// <summary>
    /// Generated arguments checked against the input schema. oneOf/anyOf take the first branch; when that instance is
    /// not valid (it also matches a sibling branch of a oneOf, say) the next branches are tried.
    /// </summary>
    private sealed record Generated(JsonObject Arguments, string? Problem, bool Ambiguous, IReadOnlySet<string> Required);

    private static Generated ValidArguments(string inputSchema, bool includeOptional)
    {
        lock (SchemaGate)
        {
            var schema = Build(inputSchema);
            // The converter turns oneOf into anyOf; the document (and Prism) still require exactly one branch to match.
            var strict = Build(inputSchema.Replace("\"anyOf\":", "\"oneOf\":", StringComparison.Ordinal));
            var required = (JsonNode.Parse(inputSchema)?["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            Generated? first = null;
            for (var branch = 0; branch < 4; branch++)
            {
                var (arguments, limits) = ArgumentGenerator.Generate(inputSchema, includeOptional, branch);
                string? problem = limits.Count > 0 ? string.Join("; ", limits) : null;
                var ambiguous = false;
                if (problem is null)
                {
                    using var document = JsonDocument.Parse(arguments.ToJsonString());
                    var evaluation = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                    if (!evaluation.IsValid) problem = "generated arguments do not satisfy the input schema: " + Describe(evaluation);
                    else if (strict.Evaluate(document.RootElement).IsValid) return new Generated(arguments, null, false, required);
                    else ambiguous = true;
                }
                first ??= new Generated(arguments, problem, ambiguous, required);
            }
            return first!;
        }
    }

    private static JsonSchema Build(string schemaText) => JsonSchema.FromText(schemaText, new BuildOptions(), new Uri($"https://roundtrip.test/{Guid.NewGuid():N}"));

    private static string Describe(EvaluationResults evaluation)
        => string.Join("; ", (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(4)
            .Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));

    private static async Task<string> DescribeAsync(HttpRequestMessage request)
    {
        var builder = new StringBuilder($"{request.Method} {request.RequestUri!.PathAndQuery}");
        foreach (var header in request.Headers.Where(h => h.Key is not "Accept" and not "Authorization"))
            builder.Append($" | {header.Key}: {string.Join(",", header.Value)}");
        if (request.Content is { } content)
        {
            builder.Append($" | Content-Type: {content.Headers.ContentType}");
            builder.Append($" | body: {Truncate(await content.ReadAsStringAsync())}");
        }
        return builder.ToString();
    }

    private static string Truncate(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
