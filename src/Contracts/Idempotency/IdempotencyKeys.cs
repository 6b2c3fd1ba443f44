namespace McpPlatform.Contracts.Idempotency;

/// <summary>What an idempotency key may look like: it is forwarded upstream as an HTTP header, so visible ASCII only.</summary>
public static class IdempotencyKeys
{
    public const int MaxLength = 255;

    /// <summary>The HTTP header on MCP requests, and the one sent to the upstream API.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The <c>_meta</c> property of <c>tools/call</c> params that carries a key.</summary>
    public const string MetaProperty = "idempotencyKey";

    /// <returns>Null when the key is usable, else why not.</returns>
    public static string? Problem(string key)
    {
        if (key.Length is 0 or > MaxLength)
        {
            return $"An idempotency key must be 1 to {MaxLength} characters long.";
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return "An idempotency key may hold only visible ASCII characters (no spaces): use a UUID, for example.";
            }
        }

        return null;
    }
}
