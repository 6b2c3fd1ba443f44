using System.Text;
using System.Text.Json;
using McpPlatform.Bench.Common;
using McpPlatform.TestCommon;

namespace McpPlatform.Bench.Catalog;

/// <summary>An OpenAPI document to register, and the request body that registers it inline.</summary>
public sealed record BenchDocument(string Name, long Bytes, byte[] RegistrationBody)
{
    // Tools are listed, never called: the base URL only has to be one the platform accepts.
    private const string BaseUrl = "http://127.0.0.1:9";

    /// <summary>The largest file under the shared OpenAPI fixtures.</summary>
    public static BenchDocument LargestFixture()
    {
        var largest = Directory.EnumerateFiles(FixtureDirectory, "*", SearchOption.AllDirectories)
            .Where(IsDocument)
            .Select(path => new FileInfo(path))
            .OrderByDescending(file => file.Length)
            .First();
        return FromFile(largest);
    }

    /// <summary>The small document every tenant of the memory measurement registers (the classic petstore, 3 operations).</summary>
    public static BenchDocument SmallFixture() => FromFile(new FileInfo(Path.Combine(FixtureDirectory, "oai", "petstore.yaml")));

    public static BenchDocument Synthetic(int operations)
    {
        var text = SyntheticDocument.Create(operations);
        return new BenchDocument($"synthetic, {operations:N0} operations", Encoding.UTF8.GetByteCount(text), Body(text, isJson: true));
    }

    private static string FixtureDirectory => Path.Combine(RepositoryPaths.SharedFixtures, "openapi");

    private static bool IsDocument(string path) =>
        Path.GetExtension(path) is ".json" or ".yaml" or ".yml";

    private static BenchDocument FromFile(FileInfo file)
    {
        var text = File.ReadAllText(file.FullName);
        return new BenchDocument(file.Name, file.Length, Body(text, isJson: file.Extension == ".json"));
    }

    /// <summary>A JSON document goes in as an object, a YAML one as a string: both are what the admin API accepts.</summary>
    private static byte[] Body(string documentText, bool isJson)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("openApi");
            if (isJson)
            {
                writer.WriteRawValue(documentText);
            }
            else
            {
                writer.WriteStringValue(documentText);
            }

            writer.WriteString("baseUrl", BaseUrl);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
