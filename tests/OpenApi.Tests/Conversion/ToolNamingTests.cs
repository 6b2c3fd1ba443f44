using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>Names come from operationId (sanitized) or method + path, stay unique, and take the tenant's prefix.</summary>
public sealed class ToolNamingTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /contacts/{id}:
            get: {responses: {'204': {description: ok}}}
            delete: {operationId: 'contacts/delete one', responses: {'204': {description: ok}}}
          /contacts:
            get: {operationId: dup, responses: {'204': {description: ok}}}
            post: {operationId: dup, responses: {'204': {description: ok}}}
          /a:
            get: {operationId: 'ÄÖÜ', responses: {'204': {description: ok}}}
        """;

    [Fact]
    public void Names_are_derived_sanitized_and_deduplicated()
    {
        var names = Support.Convert.Document(Document).Tools.Select(t => t.Name);

        Assert.Equal(["get_contacts_by_id", "contacts_delete_one", "dup", "dup_2", "operation"], names);
    }

    [Fact]
    public void Prefix_is_prepended_to_every_name()
    {
        var names = Support.Convert.Document(Document, new ConversionOptions { ToolPrefix = "crm_" }).Tools.Select(t => t.Name);

        Assert.All(names, n => Assert.StartsWith("crm_", n));
        Assert.Contains("crm_dup_2", names);
    }

    [Fact]
    public void Very_long_operation_ids_are_cut_to_128_characters_and_stay_unique()
    {
        var id = new string('x', 300);
        var document = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{
              "get":{"operationId":"@id@","responses":{"204":{"description":"ok"}}},
              "put":{"operationId":"@id@","responses":{"204":{"description":"ok"}}}}}}
            """.Replace("@id@", id);

        var names = Support.Convert.Document(document, new ConversionOptions { ToolPrefix = "p_" }).Tools.Select(t => t.Name).ToList();

        Assert.All(names, n => Assert.InRange(n.Length, 1, 128));
        Assert.Equal(2, names.Distinct().Count());
    }

    [Fact]
    public void Title_and_description_come_from_summary_and_description()
    {
        const string document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: a, summary: Get an A, description: Returns the A., responses: {'204': {description: ok}}}
            """;

        var tool = Support.Convert.Tool(document, "a");

        Assert.Equal("Get an A", tool.Title);
        Assert.Equal("Get an A\n\nReturns the A.", tool.Description);
        Assert.Equal("a", tool.OperationId);
    }
}
