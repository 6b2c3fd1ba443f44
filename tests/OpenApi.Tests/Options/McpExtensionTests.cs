using McpPlatform.OpenApi.Model;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Options;

/// <summary>The <c>x-mcp</c> operation extension renames, hides, retitles, redescribes and re-annotates tools (OpenAPI 3.x and Swagger 2.0).</summary>
public sealed class McpExtensionTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /pets/search:
            post:
              operationId: searchPets
              summary: Search
              description: Searches pets.
              x-mcp:
                name: find pets!
                title: Find pets
                description: Finds pets by free text.
                annotations: {readOnlyHint: true, idempotentHint: true, openWorldHint: false}
              responses: {'204': {description: ok}}
          /pets/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            delete:
              operationId: deletePet
              x-mcp: {hidden: true}
              responses: {'204': {description: ok}}
            get:
              operationId: getPet
              x-mcp: {hidden: false, annotations: {destructiveHint: true}}
              responses: {'204': {description: ok}}
        """;

    private static ToolDefinition Tool(string document, string name, ConversionOptions? options = null)
        => Support.Convert.Document(document, options).Tools.Single(t => t.Name == name);

    [Fact]
    public void Name_overrides_the_tool_name_sanitized_like_an_operation_id()
        => Assert.Equal(["find_pets", "getPet"], Support.Convert.Document(Document).Tools.Select(t => t.Name));

    [Fact]
    public void Name_override_takes_the_tenant_prefix()
        => Assert.Equal("crm_find_pets", Support.Convert.Document(Document, new ConversionOptions { ToolPrefix = "crm_" }).Tools[0].Name);

    [Fact]
    public void Title_and_description_override_summary_and_description()
    {
        var tool = Tool(Document, "find_pets");

        Assert.Equal("Find pets", tool.Title);
        Assert.Equal("Finds pets by free text.", tool.Description);
        Assert.Equal("searchPets", tool.OperationId);
    }

    [Fact]
    public void Annotations_override_the_method_derived_hints_field_by_field()
    {
        Assert.Equal(new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false), Tool(Document, "find_pets").Hints);
        Assert.Equal(new ToolHints(ReadOnly: true, Destructive: true, Idempotent: true, OpenWorld: true), Tool(Document, "getPet").Hints);
    }

    [Fact]
    public void Hidden_operation_is_left_out_without_a_warning()
    {
        var result = Support.Convert.Document(Document);

        Assert.DoesNotContain(result.Tools, t => t.OperationId == "deletePet");
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Include_operations_matches_the_overridden_name_too()
        => Assert.Equal(["find_pets"], Support.Convert.Document(Document, new ConversionOptions { IncludeOperations = ["find_pets"] }).Tools.Select(t => t.Name));

    [Fact]
    public void Override_description_still_counts_against_the_budget_and_keeps_the_deprecated_marker()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  operationId: a
                  deprecated: true
                  x-mcp: {description: This description was written for agents and is rather long indeed.}
                  responses: {'204': {description: ok}}
            """;

        var tool = Tool(document, "a", new ConversionOptions { IncludeDeprecated = true, MaxDescriptionLength = 40 });

        Assert.Equal("Deprecated. This description was…", tool.Description);
    }

    [Fact]
    public void Swagger_2_operations_read_the_extension_too()
    {
        const string document = """
            {"swagger":"2.0","info":{"title":"t","version":"1"},"host":"api.example.com","paths":{
              "/pets":{
                "get":{"operationId":"listPets","x-mcp":{"name":"pets_list","title":"List pets","annotations":{"openWorldHint":false}},
                       "responses":{"200":{"description":"ok"}}},
                "post":{"operationId":"addPet","x-mcp":{"hidden":true},"responses":{"200":{"description":"ok"}}}}}}
            """;

        var result = Support.Convert.Document(document);

        var tool = Assert.Single(result.Tools);
        Assert.Equal("pets_list", tool.Name);
        Assert.Equal("List pets", tool.Title);
        Assert.False(tool.Hints.OpenWorld);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Malformed_fields_are_ignored_with_a_warning_naming_the_operation()
    {
        const string document = """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                post:
                  operationId: createA
                  summary: Create an A
                  x-mcp:
                    name: 42
                    hidden: 'yes'
                    title: ''
                    description: [not, text]
                    annotations: {readOnlyHint: 'true', destructiveHint: true, colour: blue}
                    hiden: true
                  responses: {'204': {description: ok}}
            """;

        var result = Support.Convert.Document(document);

        var tool = Assert.Single(result.Tools);
        Assert.Equal("createA", tool.Name);
        Assert.Equal("Create an A", tool.Title);
        Assert.Equal(new ToolHints(ReadOnly: false, Destructive: true, Idempotent: false), tool.Hints);
        Assert.Equal(7, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.StartsWith("createA (POST /a): x-mcp: ", w));
        Assert.Contains(result.Warnings, w => w.Contains("'name'", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("'hidden'", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("'annotations.readOnlyHint'", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("'hiden'", StringComparison.Ordinal));
    }

    [Fact]
    public void Extension_that_is_not_an_object_is_ignored_with_a_warning()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: a, x-mcp: hide-me, responses: {'204': {description: ok}}}
            """;

        var result = Support.Convert.Document(document);

        Assert.Equal("a", Assert.Single(result.Tools).Name);
        Assert.Equal("a (GET /a): x-mcp: must be an object; ignored.", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Name_without_valid_characters_is_ignored_with_a_warning()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: a, x-mcp: {name: 'ÄÖÜ'}, responses: {'204': {description: ok}}}
            """;

        var result = Support.Convert.Document(document);

        Assert.Equal("a", Assert.Single(result.Tools).Name);
        Assert.Contains("'name'", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Name_override_that_clashes_gets_a_suffix_and_a_warning()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: list, responses: {'204': {description: ok}}}
                post: {operationId: create, x-mcp: {name: list}, responses: {'204': {description: ok}}}
            """;

        var result = Support.Convert.Document(document);

        Assert.Equal(["list", "list_2"], result.Tools.Select(t => t.Name));
        Assert.Contains("'list_2'", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Problems_of_filtered_operations_are_not_reported()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: a, responses: {'204': {description: ok}}}
                post: {operationId: b, x-mcp: {hidden: 1}, responses: {'204': {description: ok}}}
            """;

        var result = Support.Convert.Document(document, new ConversionOptions { ReadOnly = true });

        Assert.Equal("1 operation was left out by the API's filters (include/exclude/readOnly).", Assert.Single(result.Warnings));
    }
}
