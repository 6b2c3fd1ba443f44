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
}
