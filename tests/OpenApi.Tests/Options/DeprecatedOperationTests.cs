using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Options;

/// <summary>Deprecated operations are skipped with a warning unless the tenant includes them; then the description says so first.</summary>
public sealed class DeprecatedOperationTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /old:
            get: {operationId: oldList, deprecated: true, summary: List the old way, description: Use newList., responses: {'204': {description: ok}}}
            delete: {operationId: oldPurge, deprecated: true, responses: {'204': {description: ok}}}
            put: {operationId: oldPut, deprecated: true, description: 'Deprecated: use newPut.', responses: {'204': {description: ok}}}
          /new:
            get: {operationId: newList, responses: {'204': {description: ok}}}
        """;

    [Fact]
    public void Deprecated_operations_are_skipped_with_a_warning_each_by_default()
    {
        var result = Support.Convert.Document(Document);

        Assert.Equal(["newList"], result.Tools.Select(t => t.Name));
        Assert.Equal(3, result.Warnings.Count(w => w.Contains("skipped because it is deprecated", StringComparison.Ordinal)));
        Assert.Contains(result.Warnings, w => w.StartsWith("oldPurge (DELETE /old)", StringComparison.Ordinal));
    }

    [Fact]
    public void Included_deprecated_operation_description_starts_with_deprecated()
    {
        var result = Support.Convert.Document(Document, new ConversionOptions { IncludeDeprecated = true });

        Assert.Equal(["oldList", "oldPurge", "oldPut", "newList"], result.Tools.Select(t => t.Name));
        Assert.Equal("Deprecated. List the old way\n\nUse newList.", result.Tools[0].Description);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("deprecated", StringComparison.Ordinal));
    }

    [Fact]
    public void Included_deprecated_operation_without_description_gets_just_the_marker()
    {
        var tool = Support.Convert.Document(Document, new ConversionOptions { IncludeDeprecated = true }).Tools.Single(t => t.Name == "oldPurge");

        Assert.Equal("Deprecated.", tool.Description);
    }

    [Fact]
    public void Description_that_already_says_deprecated_is_not_marked_twice()
    {
        var tool = Support.Convert.Document(Document, new ConversionOptions { IncludeDeprecated = true }).Tools.Single(t => t.Name == "oldPut");

        Assert.Equal("Deprecated: use newPut.", tool.Description);
    }

    [Fact]
    public void Non_deprecated_descriptions_are_unchanged()
    {
        var tool = Support.Convert.Document(Document, new ConversionOptions { IncludeDeprecated = true }).Tools.Single(t => t.Name == "newList");

        Assert.Null(tool.Description);
    }
}
