using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace McpPlatform.Grains.Idempotency;

/// <summary>
/// Identifies a request by its tool and arguments, whatever the order of object properties or the escaping of
/// strings: SHA-256 over the tool name and a canonical JSON form (properties sorted by name).
/// </summary>
public static class ArgumentFingerprint
{
    public static string Compute(string toolName, JsonElement arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(toolName);
            WriteCanonical(writer, arguments);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                // Numbers keep their text (1 and 1.0 differ, as they may for the API); true, false and null as they are.
                element.WriteTo(writer);
                break;
        }
    }
}
