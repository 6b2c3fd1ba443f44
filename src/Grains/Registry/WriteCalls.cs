namespace McpPlatform.Grains.Registry;

/// <summary>
/// Which tool calls are writes: everything but GET, HEAD and OPTIONS. Decided by the HTTP method the API receives,
/// not by annotations (an <c>x-mcp</c> override may call a POST read-only, but the API still gets a POST).
/// </summary>
public static class WriteCalls
{
    public static bool IsWrite(string httpMethod) =>
        !(string.Equals(httpMethod, "GET", StringComparison.OrdinalIgnoreCase)
          || string.Equals(httpMethod, "HEAD", StringComparison.OrdinalIgnoreCase)
          || string.Equals(httpMethod, "OPTIONS", StringComparison.OrdinalIgnoreCase));
}
