using System.Text.Json.Serialization;

namespace ConformanceApi;

/// <summary>The json-schema-2020-12 request body: a closed object whose address is a shared (component) schema.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class Person
{
    public string? Name { get; init; }

    public Address? Address { get; init; }
}

/// <summary>Referenced from <see cref="Person"/>; the component is named "address".</summary>
public sealed class Address
{
    public string? Street { get; init; }

    public string? City { get; init; }
}

public sealed record Greeting(string Message);

/// <summary>Fixed responses, byte for byte what the tests expect to see in the MCP results.</summary>
public static class Fixtures
{
    public const string SimpleText = "This is a simple text response for testing.";

    public const string ErrorText = "This tool intentionally returns an error for testing";

    /// <summary>A 1x1 red pixel PNG.</summary>
    public static readonly byte[] RedPixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /// <summary>A minimal one-page PDF document.</summary>
    public static readonly byte[] TinyPdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 72 72]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>A 0.01 s mono 8 kHz 8-bit PCM WAV of silence.</summary>
    public static readonly byte[] SilentWav = BuildSilentWav(sampleRate: 8000, samples: 80);

    private static byte[] BuildSilentWav(int sampleRate, int samples)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + samples);
            writer.Write("WAVE"u8);
            writer.Write("fmt "u8);
            writer.Write(16);              // fmt chunk size
            writer.Write((short)1);        // PCM
            writer.Write((short)1);        // mono
            writer.Write(sampleRate);
            writer.Write(sampleRate);      // byte rate (8-bit mono)
            writer.Write((short)1);        // block align
            writer.Write((short)8);        // bits per sample
            writer.Write("data"u8);
            writer.Write(samples);
            for (var i = 0; i < samples; i++) writer.Write((byte)0x80); // 8-bit PCM silence
        }
        return stream.ToArray();
    }
}
