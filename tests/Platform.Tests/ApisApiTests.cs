using System.Net;
using System.Text.Json;
using McpPlatform.Platform.Tests.Infrastructure;

namespace McpPlatform.Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ApisApiTests(PlatformFixture fixture)
{
    private string DocumentUrl => fixture.Upstream.BaseUrl + "/openapi.json";

    [Fact]
    public async Task Registering_by_url_creates_tools_and_replacing_bumps_the_version()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var first = await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = DocumentUrl });
        var created = first.Expect(HttpStatusCode.Created);
        Assert.Equal("items", created.GetProperty("api").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt64());
        Assert.Equal(TestApiDocument.ToolNames.Order(), created.GetProperty("tools").EnumerateArray().Select(t => t.GetString()!).Order());
        Assert.Equal(JsonValueKind.Array, created.GetProperty("warnings").ValueKind);

        var second = (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = DocumentUrl })).Expect(HttpStatusCode.OK);
        Assert.Equal(2, second.GetProperty("version").GetInt64());

        var api = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/items")).Expect(HttpStatusCode.OK);
        Assert.Equal(DocumentUrl, api.GetProperty("openApiUrl").GetString());
        Assert.Equal(fixture.Upstream.BaseUrl, api.GetProperty("baseUrl").GetString());
        Assert.Single((await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis")).Expect(HttpStatusCode.OK).EnumerateArray());
    }

    [Fact]
    public async Task An_inline_document_as_object_or_yaml_string_registers_with_options()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var document = JsonDocument.Parse(TestApiDocument.Json(fixture.Upstream.BaseUrl)).RootElement;
        var asObject = (await admin.PutApiAsync(tenant.Id, "inline", new
        {
            openApi = document,
            toolPrefix = "shop_",
            include = new { tags = new[] { "items" } },
            exclude = new { operations = new[] { "deleteItem" } },
        })).Expect(HttpStatusCode.Created);
        Assert.Equal(["shop_createItem", "shop_getItem", "shop_listItems"], asObject.GetProperty("tools").EnumerateArray().Select(t => t.GetString()!).Order());

        const string yaml = """
            openapi: 3.0.3
            info: { title: Yaml API, version: "1" }
            paths:
              /items:
                get:
                  operationId: yamlListItems
                  responses:
                    "200": { description: ok }
            """;
        var asYaml = (await admin.PutApiAsync(tenant.Id, "yaml", new { openApi = yaml, baseUrl = fixture.Upstream.BaseUrl })).Expect(HttpStatusCode.Created);
        Assert.Equal("yamlListItems", Assert.Single(asYaml.GetProperty("tools").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Tools_show_schemas_annotations_and_their_api()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = DocumentUrl })).Expect(HttpStatusCode.Created);
        var tools = (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK).EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!);

        var getItem = tools["getItem"];
        Assert.Equal("items", getItem.GetProperty("api").GetString());
        Assert.Equal("object", getItem.GetProperty("inputSchema").GetProperty("type").GetString());
        Assert.Contains("id", getItem.GetProperty("inputSchema").GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(getItem.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
        Assert.Equal("object", getItem.GetProperty("outputSchema").GetProperty("type").GetString());

        var deleteItem = tools["deleteItem"];
        Assert.True(deleteItem.GetProperty("annotations").GetProperty("destructiveHint").GetBoolean());
        Assert.True(deleteItem.GetProperty("annotations").GetProperty("idempotentHint").GetBoolean());
        Assert.False(tools["createItem"].GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
    }

    [Theory]
    [InlineData("""{"openApi": {"openapi": "3.0.3", "paths": {"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}}}""")]
    [InlineData("""{"openApi": "this is : not : an openapi document"}""")]
    [InlineData("""{"openApi": {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"parameters": [{"$ref": "https://evil.example/params.json#/p"}], "responses": {"200": {"description": "ok"}}}}}}}""")]
    public async Task Invalid_documents_are_422_naming_the_problem(string body)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var problem = (await admin.PutApiAsync(tenant.Id, "bad", body)).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/bad")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unreachable_document_url_is_422()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "gone", new { openApiUrl = fixture.Upstream.BaseUrl + "/no-such-document.json" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "404");
    }

    [Theory]
    [InlineData("""{"baseUrl": "http://x"}""", "openApiUrl")]
    [InlineData("""{"openApiUrl": "ftp://x/doc.json"}""", "openApiUrl")]
    [InlineData("""{"openApiUrl": "http://x/doc.json", "timeoutSeconds": 9000}""", "timeoutSeconds")]
    [InlineData("""{"openApiUrl": "http://x/doc.json", "surprise": 1}""", "surprise")]
    [InlineData("""{"openApiUrl": "http://x/doc.json", "include": ["a"]}""", "include")]
    public async Task Malformed_registrations_are_400_naming_the_field(string body, string field)
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "api", body)).ExpectProblem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Tool_names_colliding_with_another_api_are_409_listing_them()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "first", new { openApiUrl = DocumentUrl })).Expect(HttpStatusCode.Created);
        var problem = (await admin.PutApiAsync(tenant.Id, "second", new { openApiUrl = DocumentUrl })).ExpectProblem(HttpStatusCode.Conflict, "toolPrefix");
        var conflicting = problem.GetProperty("conflictingTools").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(TestApiDocument.ToolNames.Length, conflicting.Count);
        Assert.Contains(conflicting, c => c.StartsWith("getItem", StringComparison.Ordinal));

        // With a prefix both live side by side.
        (await admin.PutApiAsync(tenant.Id, "second", new { openApiUrl = DocumentUrl, toolPrefix = "b_" })).Expect(HttpStatusCode.Created);
        Assert.Equal(2 * TestApiDocument.ToolNames.Length, (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK).GetArrayLength());
    }

    [Fact]
    public async Task Refresh_refetches_the_document_and_rebuilds_the_tools()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        var original = fixture.Upstream.Document;
        (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = DocumentUrl })).Expect(HttpStatusCode.Created);
        try
        {
            fixture.Upstream.Document = original.Replace("\"operationId\": \"getText\"", "\"operationId\": \"getPlainText\"", StringComparison.Ordinal);
            var refreshed = (await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant.Id}/apis/items/refresh")).Expect(HttpStatusCode.OK);
            var tools = refreshed.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.Contains("getPlainText", tools);
            Assert.DoesNotContain("getText", tools);
            Assert.Equal(2, refreshed.GetProperty("version").GetInt64());
        }
        finally
        {
            fixture.Upstream.Document = original;
        }
    }

    [Fact]
    public async Task Refresh_needs_a_url_and_a_registered_api()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant.Id}/apis/none/refresh")).ExpectProblem(HttpStatusCode.NotFound, "none");
        (await admin.PutApiAsync(tenant.Id, "inline", new { openApi = TestApiDocument.Json(fixture.Upstream.BaseUrl) })).Expect(HttpStatusCode.Created);
        (await admin.SendAsync(HttpMethod.Post, $"/admin/v1/tenants/{tenant.Id}/apis/inline/refresh")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "inline");
    }

    [Fact]
    public async Task Deleting_an_api_removes_its_tools()
    {
        var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin(tenant.AdminKey);
        (await admin.PutApiAsync(tenant.Id, "items", new { openApiUrl = DocumentUrl })).Expect(HttpStatusCode.Created);
        (await admin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{tenant.Id}/apis/items")).Expect(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/apis/items")).ExpectProblem(HttpStatusCode.NotFound);
        (await admin.SendAsync(HttpMethod.Delete, $"/admin/v1/tenants/{tenant.Id}/apis/items")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, (await admin.GetAsync($"/admin/v1/tenants/{tenant.Id}/tools")).Expect(HttpStatusCode.OK).GetArrayLength());
    }
}
