using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>MCP annotations follow the HTTP method.</summary>
public sealed class MethodHintTests
{
    [Theory]
    [InlineData("get", true, false, true)]
    [InlineData("head", true, false, true)]
    [InlineData("post", false, false, false)]
    [InlineData("patch", false, false, false)]
    [InlineData("put", false, false, true)]
    [InlineData("delete", false, true, true)]
    public void Hints_follow_method_semantics(string method, bool readOnly, bool destructive, bool idempotent)
    {
        var document = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},
             "paths":{"/r":{"@method@":{"operationId":"op","responses":{"204":{"description":"ok"}}}}}}
            """.Replace("@method@", method);

        var hints = Support.Convert.Tool(document, "op").Hints;

        Assert.Equal((readOnly, destructive, idempotent), (hints.ReadOnly, hints.Destructive, hints.Idempotent));
        Assert.Equal(method.ToUpperInvariant(), Support.Convert.Tool(document, "op").Binding.Method);
    }
}
