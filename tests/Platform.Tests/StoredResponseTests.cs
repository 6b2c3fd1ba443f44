using System.Net;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Platform.Tests;

/// <summary>Responses over an API's inline limit come back as a link with a preview, readable as a resource and by URL.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StoredResponseTests(PlatformFixture fixture)
{
    private string Document(bool withOutputSchema) => """
        {"openapi":"3.0.3","info":{"title":"Big","version":"1"},"servers":[{"url":"SERVER"}],
         "paths":{"/items":{"get":{"operationId":"listManyItems","parameters":[{"name":"limit","in":"query","schema":{"type":"integer","minimum":1}}],
           "responses":{"200":{"description":"ok","content":{"application/json":{SCHEMA}}}}}}}}
        """.Replace("SERVER", fixture.Upstream.BaseUrl, StringComparison.Ordinal)
        .Replace("SCHEMA", withOutputSchema ? """ "schema":{"type":"array","items":{"type":"object"}} """ : "", StringComparison.Ordinal);

    private async Task<TestTenant> TenantAsync(bool withOutputSchema = true, int? threshold = null)
    {
        var tenant = await fixture.CreateTenantAsync();
        (await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "big", threshold is null
            ? new { openApi = Document(withOutputSchema) }
            : new { openApi = Document(withOutputSchema), largeResponseThresholdBytes = threshold })).Expect(HttpStatusCode.Created);
        return tenant;
    }

    [Fact]
    public async Task A_2_MB_response_comes_back_as_a_link_readable_with_resources_read_and_by_its_signed_url()
    {
        var tenant = await TenantAsync();
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey, "2025-11-25");
        var result = await client.CallToolAsync("listManyItems", new Dictionary<string, object?> { ["limit"] = 70_000 });

        Assert.NotEqual(true, result.IsError);
        var link = Assert.IsType<ResourceLinkBlock>(result.Content[0]);
        Assert.Equal("application/json", link.MimeType);
        Assert.InRange(link.Size ?? 0, 2_000_000, 3_000_000);
        var preview = Assert.IsType<TextContentBlock>(result.Content[1]).Text;
        Assert.Contains("resources/read", preview);
        Assert.Contains("[{\"id\":\"i-1\"", preview);
        Assert.True(preview.Length < 3000, "the preview is short");
        Assert.NotNull(result.StructuredContent); // the tool declares an output schema: MCP requires structured content

        var read = await client.ReadResourceAsync(link.Uri);
        var text = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text;
        Assert.Equal(70_000, JsonDocument.Parse(text).RootElement.GetArrayLength());

        using var anonymous = fixture.Platform.CreateClient();
        using var download = await anonymous.GetAsync(link.Uri);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(text, await download.Content.ReadAsStringAsync());

        using var tampered = await anonymous.GetAsync(link.Uri[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal("application/problem+json", tampered.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_stored_response_is_not_readable_through_another_tenant()
    {
        var tenant = await TenantAsync(threshold: 1024);
        var other = await TenantAsync(threshold: 1024);
        await using var client = await McpClients.ConnectAsync(fixture.Platform, tenant.Id, tenant.AgentKey, "2025-11-25");
        var link = Assert.IsType<ResourceLinkBlock>((await client.CallToolAsync("listManyItems", new Dictionary<string, object?> { ["limit"] = 100 })).Content[0]);

        await using var intruder = await McpClients.ConnectAsync(fixture.Platform, other.Id, other.AgentKey, "2025-11-25");
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => intruder.ReadResourceAsync(link.Uri).AsTask());
        Assert.Equal(McpErrorCode.ResourceNotFound, refused.ErrorCode);

        // The link names its own tenant; rewriting it to the other tenant breaks the signature.
        using var anonymous = fixture.Platform.CreateClient();
        using var moved = await anonymous.GetAsync(link.Uri.Replace($"/t/{tenant.Id}/", $"/t/{other.Id}/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
    }

    [Fact]
    public async Task Responses_under_the_threshold_stay_inline_and_an_api_can_lower_its_threshold()
    {
        var defaults = await TenantAsync(withOutputSchema: false);
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, defaults.Id, defaults.AgentKey, "2025-11-25"))
        {
            var inline = await client.CallToolAsync("listManyItems", new Dictionary<string, object?> { ["limit"] = 100 });
            Assert.Equal(100, JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(inline.Content)).Text).RootElement.GetArrayLength());
        }

        var strict = await TenantAsync(withOutputSchema: false, threshold: 1024);
        await using (var client = await McpClients.ConnectAsync(fixture.Platform, strict.Id, strict.AgentKey, "2025-11-25"))
        {
            var linked = await client.CallToolAsync("listManyItems", new Dictionary<string, object?> { ["limit"] = 100 });
            Assert.IsType<ResourceLinkBlock>(linked.Content[0]);
            // Structured content stays exactly when the tool declares an output schema (MCP requires it then).
            var tool = (await client.ListToolsAsync()).Single(t => t.Name == "listManyItems");
            Assert.Equal(tool.ProtocolTool.OutputSchema is null, linked.StructuredContent is null);
        }
    }

    [Fact]
    public async Task An_out_of_range_threshold_is_refused_with_a_problem()
    {
        var tenant = await fixture.CreateTenantAsync();
        var response = await fixture.Admin(tenant.AdminKey).PutApiAsync(tenant.Id, "big", new { openApi = Document(true), largeResponseThresholdBytes = 10 });
        response.Expect(HttpStatusCode.BadRequest);
    }
}
