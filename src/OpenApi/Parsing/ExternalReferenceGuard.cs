using System.Text.RegularExpressions;

namespace McpPlatform.OpenApi.Parsing;

/// <summary>Refuses documents that point at other files or URLs: we never fetch anything on a tenant's behalf.</summary>
internal static partial class ExternalReferenceGuard
{
    // Matches "$ref": "x" (JSON) and $ref: x / '$ref': 'x' (YAML). Non-backtracking keeps it linear on hostile input.
    [GeneratedRegex("""["']?\$ref["']?\s*:\s*["']?(?<target>[^"'\s,}\]]*)""", RegexOptions.NonBacktracking)]
    private static partial Regex ReferencePattern();

    public static void ThrowIfAnyExternal(string documentText)
    {
        if (!documentText.Contains("$ref", StringComparison.Ordinal)) return;
        foreach (Match match in ReferencePattern().Matches(documentText))
        {
            var target = match.Groups["target"].Value;
            if (target.Length == 0 || target.StartsWith('#')) continue;
            throw new OpenApiDocumentException(
                $"External $ref '{Truncate(target)}' is not supported: bundle the document into a single file whose references all start with '#'.");
        }
    }

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
