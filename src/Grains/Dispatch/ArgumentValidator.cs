using System.Text;
using System.Text.Json;
using Json.Schema;

namespace McpPlatform.Grains.Dispatch;

/// <summary>Checks tool arguments against the tool's input schema before anything is sent upstream.</summary>
public static class ArgumentValidator
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    /// <returns>Null when valid; otherwise a message listing each bad field and why, for the agent.</returns>
    public static string? Validate(JsonSchema schema, JsonElement arguments)
    {
        var results = schema.Evaluate(arguments, Options);
        if (results.IsValid)
        {
            return null;
        }

        var message = new StringBuilder("Invalid arguments; nothing was sent to the API. Fix these and call again:");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in results.Details ?? [])
        {
            if (detail.IsValid || detail.Errors is null)
            {
                continue;
            }

            var location = detail.InstanceLocation.ToString();
            foreach (var error in detail.Errors.Values)
            {
                var line = $"{(location.Length == 0 ? "(arguments)" : location)}: {error}";
                if (seen.Add(line))
                {
                    message.Append("\n- ").Append(line);
                }
            }
        }

        if (seen.Count == 0)
        {
            message.Append("\n- the arguments do not match the tool's input schema");
        }

        return message.ToString();
    }
}
