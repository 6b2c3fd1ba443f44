using System.Net;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>tools/call through the C# SDK client: arguments validated, placed where the operation says, results mapped.</summary>
[Collection(PlatformCollection.Name)]
public sealed class McpToolCallTests(PlatformFixture fixture)
{
    private async Task<(TestTenant Tenant, McpClient Client)> ConnectWithItemsApiAsync()
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "items", new
        {
            openApiUrl = fixture.Upstream.BaseUrl + "/openapi.json",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        return (tenant, await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey));
    }

    [Fact]
    public async Task Path_query_and_header_arguments_reach_the_api_where_the_operation_says()
    {
        var (tenant, client) = await ConnectWithItemsApiAsync();
        await using var _ = client;
        var result = await client.CallToolAsync("getItem", new Dictionary<string, object?> { ["id"] = "a b/c", ["verbose"] = true, ["X-Trace"] = "t-42" });

        Assert.NotEqual(true, result.IsError);
        var structured = result.StructuredContent!.Value;
        // Kestrel decodes the path except for %2F, so the echoed route value keeps the encoded slash.
        Assert.Equal("a b%2Fc", structured.GetProperty("id").GetString());
        Assert.Equal("true", structured.GetProperty("verbose").GetString());
        Assert.Equal("t-42", structured.GetProperty("trace").GetString());
        Assert.Contains("t-42", result.Content.OfType<TextContentBlock>().Single().Text, StringComparison.Ordinal);

        var received = fixture.Upstream.RequestsFor(tenant.Id).Single(r => r.Path.StartsWith("/items/", StringComparison.Ordinal));
        Assert.Equal("GET", received.Method);
        Assert.Equal("/items/a%20b%2Fc?verbose=true", received.RawTarget);
        Assert.Equal("t-42", received.Headers["X-Trace"]);
    }

    [Fact]
    public async Task A_json_body_is_sent_and_the_created_object_returned_as_structured_content()
    {
        var (tenant, client) = await ConnectWithItemsApiAsync();
        await using var _ = client;
        var result = await client.CallToolAsync("createItem", new Dictionary<string, object?> { ["name"] = "widget", ["qty"] = 3 });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("i-new", result.StructuredContent!.Value.GetProperty("id").GetString());
        var received = fixture.Upstream.RequestsFor(tenant.Id).Single(r => r.Method == "POST");
        Assert.Equal("widget", received.JsonBody.GetProperty("name").GetString());
        Assert.Equal(3, received.JsonBody.GetProperty("qty").GetInt32());
        Assert.StartsWith("application/json", received.Headers["Content-Type"]);
    }

    [Fact]
    public async Task An_array_response_is_wrapped_so_structured_content_is_an_object()
    {
        var (_, client) = await ConnectWithItemsApiAsync();
        await using var __ = client;
        var result = await client.CallToolAsync("listItems", new Dictionary<string, object?> { ["limit"] = 2 });
        var wrapped = result.StructuredContent!.Value;
        Assert.Equal(JsonValueKind.Object, wrapped.ValueKind);
        Assert.Equal(2, wrapped.EnumerateObject().Single().Value.GetArrayLength());
    }

    [Fact]
    public async Task Invalid_arguments_are_an_error_result_listing_each_field_and_nothing_is_sent()
    {
        var (tenant, client) = await ConnectWithItemsApiAsync();
        await using var _ = client;
        var result = await client.CallToolAsync("createItem", new Dictionary<string, object?> { ["qty"] = -1 });

        Assert.True(result.IsError);
        var message = result.Content.OfType<TextContentBlock>().Single().Text;
        Assert.Contains("name", message, StringComparison.Ordinal);
        Assert.Contains("qty", message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Upstream.RequestsFor(tenant.Id), r => r.Method == "POST");
    }

    [Fact]
    public async Task Upstream_errors_are_error_results_with_status_and_body_excerpt()
    {
        var (_, client) = await ConnectWithItemsApiAsync();
        await using var __ = client;
        var result = await client.CallToolAsync("getBroken");
        Assert.True(result.IsError);
        var message = result.Content.OfType<TextContentBlock>().Single().Text;
        Assert.Contains("500", message, StringComparison.Ordinal);
        Assert.Contains("the database is on fire", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_api_is_an_error_result()
    {
        var tenant = await fixture.CreateTenantAsync();
        var deadPort = McpPlatform.TestCommon.FreePort.Next();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "dead", new
        {
            openApi = TestApiDocument.Json($"http://127.0.0.1:{deadPort}"),
        })).Expect(HttpStatusCode.Created);
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);
        var result = await client.CallToolAsync("listItems");
        Assert.True(result.IsError);
        Assert.Contains("could not be reached", result.Content.OfType<TextContentBlock>().Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_responses_come_back_as_text_content()
    {
        var (_, client) = await ConnectWithItemsApiAsync();
        await using var __ = client;
        var result = await client.CallToolAsync("getText");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("plain words", result.Content.OfType<TextContentBlock>().Single().Text);
        Assert.Null(result.StructuredContent);
    }

    [Fact]
    public async Task An_unknown_tool_is_a_json_rpc_invalid_params_error()
    {
        var (_, client) = await ConnectWithItemsApiAsync();
        await using var __ = client;
        var error = await Assert.ThrowsAsync<McpProtocolException>(async () => await client.CallToolAsync("noSuchTool"));
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
    }

    [Fact]
    public async Task Arguments_are_validated_through_a_reference_into_defs()
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "sized", new
        {
            openApi = SharedModelsDocument.Json(fixture.Upstream.BaseUrl),
            schemaReferences = "definitions",
            headers = new Dictionary<string, string> { ["X-Tenant-Marker"] = tenant.Id },
        })).Expect(HttpStatusCode.Created);
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey);

        var refused = await client.CallToolAsync("createSizedItem", new Dictionary<string, object?>
        {
            ["name"] = "crate",
            ["size"] = new Dictionary<string, object?> { ["width"] = 0, ["height"] = 2 },
        });
        Assert.True(refused.IsError);
        Assert.Contains("/size/width", refused.Content.OfType<TextContentBlock>().Single().Text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Upstream.RequestsFor(tenant.Id), r => r.Method == "POST");

        var accepted = await client.CallToolAsync("createSizedItem", new Dictionary<string, object?>
        {
            ["name"] = "crate",
            ["size"] = new Dictionary<string, object?> { ["width"] = 3, ["height"] = 2 },
        });
        Assert.NotEqual(true, accepted.IsError);
        var sent = fixture.Upstream.RequestsFor(tenant.Id).Single(r => r.Method == "POST").JsonBody;
        Assert.Equal(3, sent.GetProperty("size").GetProperty("width").GetInt32());
    }
}
