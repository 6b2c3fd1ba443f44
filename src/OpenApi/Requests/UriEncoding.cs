using System.Text;

namespace McpPlatform.OpenApi.Requests;

/// <summary>RFC 3986 percent-encoding: everything but unreserved characters (and, when allowed, reserved ones) is escaped.</summary>
internal static class UriEncoding
{
    private const string Reserved = ":/?#[]@!$&'()*+,;=";

    public static string Encode(string value, bool allowReserved = false)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (allowReserved && Reserved.Contains(c)))
            {
                builder.Append(c);
                continue;
            }
            var rune = Rune.TryGetRuneAt(value, i, out var r) ? r : Rune.ReplacementChar;
            if (rune.IsBmp == false) i++;
            var count = rune.EncodeToUtf8(bytes);
            for (var b = 0; b < count; b++) builder.Append('%').Append(bytes[b].ToString("X2"));
        }
        return builder.ToString();
    }
}
