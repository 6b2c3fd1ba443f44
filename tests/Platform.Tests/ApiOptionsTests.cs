using System.Net;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

/// <summary>Per-API options reach the converter and are shown back.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiOptionsTests(PlatformFixture fixture)
{
    private string DocumentUrl => fixture.Upstream.BaseUrl + "/openapi.json";

    [Fact]
    public async Task Read_only_mode_keeps_only_safe_methods()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var tools = (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = DocumentUrl, readOnly = true })).Expect(HttpStatusCode.Created)
            .GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Order().ToList();
        Assert.Equal(["getBroken", "getItem", "getText", "listItems"], tools);
        Assert.True((await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/items")).Expect(HttpStatusCode.OK)
            .GetProperty("options").GetProperty("readOnly").GetBoolean());
    }

    [Fact]
    public async Task Methods_filter_by_include_and_exclude()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var onlyWrites = (await admin.PutApiAsync(tenant.Id, "writes", new { openApiUrl = DocumentUrl, include = new { methods = new[] { "post", "DELETE" } } }))
            .Expect(HttpStatusCode.Created).GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Order().ToList();
        Assert.Equal(["createItem", "deleteItem"], onlyWrites);

        var noDeletes = (await admin.PutApiAsync(tenant.Id, "reads", new { openApiUrl = DocumentUrl, toolPrefix = "r_", exclude = new { methods = new[] { "DELETE", "POST" } } }))
            .Expect(HttpStatusCode.Created).GetProperty("tools").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.DoesNotContain("r_deleteItem", noDeletes);
        Assert.Contains("r_getItem", noDeletes);

        (await admin.PutApiAsync(tenant.Id, "bad", new { openApiUrl = DocumentUrl, include = new { methods = new[] { "FETCH" } } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "FETCH");
    }

    [Fact]
    public async Task A_description_budget_shortens_long_descriptions()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var longText = string.Join(' ', Enumerable.Repeat("This operation does a great many careful things.", 20));
        var document = TestApiDocument.Json(fixture.Upstream.BaseUrl).Replace("\"summary\": \"Get an item\"",
            $"\"summary\": \"Get an item\", \"description\": \"{longText}\"", StringComparison.Ordinal);
        (await admin.PutApiAsync(tenant.Id, "items", new { openApi = document, descriptionMaxLength = 120 })).Expect(HttpStatusCode.Created);

        var getItem = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK).EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == "getItem");
        Assert.InRange(getItem.GetProperty("description").GetString()!.Length, 1, 120);
    }

    [Fact]
    public async Task Schema_references_as_definitions_keep_shared_models_in_defs_and_are_shown_back()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var document = SharedModelsDocument.Json(fixture.Upstream.BaseUrl);
        (await admin.PutApiAsync(tenant.Id, "inline", new { openApi = document, toolPrefix = "i_" })).Expect(HttpStatusCode.Created);
        (await admin.PutApiAsync(tenant.Id, "defs", new { openApi = document, toolPrefix = "d_", schemaReferences = "definitions" })).Expect(HttpStatusCode.Created);

        var tools = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK).EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("inputSchema"));
        var definitions = tools["d_createSizedItem"];
        Assert.Equal("#/$defs/Size", definitions.GetProperty("properties").GetProperty("size").GetProperty("$ref").GetString());
        Assert.True(definitions.GetProperty("$defs").TryGetProperty("Size", out _));
        Assert.False(definitions.GetProperty("additionalProperties").GetBoolean());
        Assert.False(tools["i_createSizedItem"].TryGetProperty("$defs", out _));

        Assert.Equal("definitions", (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/defs")).Expect(HttpStatusCode.OK)
            .GetProperty("options").GetProperty("schemaReferences").GetString());
        Assert.Equal("inline", (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/inline")).Expect(HttpStatusCode.OK)
            .GetProperty("options").GetProperty("schemaReferences").GetString());
    }

    [Theory]
    [InlineData("\"refs\"")]
    [InlineData("\"Definitions\"")]
    [InlineData("1")]
    [InlineData("true")]
    public async Task Schema_references_other_than_inline_or_definitions_are_refused(string value)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var body = $$"""{"openApiUrl":"{{DocumentUrl}}","schemaReferences":{{value}}}""";

        (await admin.PutApiAsync(tenant.Id, "items", body)).ExpectProblem(HttpStatusCode.BadRequest, "'schemaReferences' must be \"inline\"");
        (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/items")).ExpectProblem(HttpStatusCode.NotFound);
    }
}
