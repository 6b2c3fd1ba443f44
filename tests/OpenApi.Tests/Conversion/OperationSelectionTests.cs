using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Conversion;

/// <summary>Include/exclude by operationId and tag, and deprecated operations skipped with a warning.</summary>
public sealed class OperationSelectionTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: Shop, version: '2.1'}
        paths:
          /orders:
            get: {operationId: listOrders, tags: [orders], responses: {'204': {description: ok}}}
            post: {operationId: createOrder, tags: [orders, write], responses: {'204': {description: ok}}}
          /customers:
            get: {operationId: listCustomers, tags: [customers], responses: {'204': {description: ok}}}
            delete: {operationId: purgeCustomers, tags: [customers], deprecated: true, responses: {'204': {description: ok}}}
        """;

    private static string[] Names(ConversionOptions options) => Support.Convert.Document(Document, options).Tools.Select(t => t.Name).ToArray();

    [Fact]
    public void All_non_deprecated_operations_by_default_with_deprecation_warning()
    {
        var result = Support.Convert.Document(Document);

        Assert.Equal(["listOrders", "createOrder", "listCustomers"], result.Tools.Select(t => t.Name));
        Assert.Contains(result.Warnings, w => w.Contains("purgeCustomers", StringComparison.Ordinal) && w.Contains("deprecated", StringComparison.Ordinal));
        Assert.Equal("Shop", result.Title);
        Assert.Equal("2.1", result.Version);
    }

    [Fact]
    public void Include_operations_keeps_only_those()
        => Assert.Equal(["createOrder"], Names(new ConversionOptions { IncludeOperations = ["createOrder"] }));

    [Fact]
    public void Exclude_operations_drops_those()
        => Assert.Equal(["listOrders", "listCustomers"], Names(new ConversionOptions { ExcludeOperations = ["createOrder"] }));

    [Fact]
    public void Include_tags_keeps_tagged_operations()
        => Assert.Equal(["listCustomers"], Names(new ConversionOptions { IncludeTags = ["customers"] }));

    [Fact]
    public void Exclude_tags_drops_tagged_operations()
        => Assert.Equal(["listOrders", "listCustomers"], Names(new ConversionOptions { ExcludeTags = ["write"] }));

    [Fact]
    public void Tags_are_recorded_on_tools()
        => Assert.Equal(["orders", "write"], Support.Convert.Tool(Document, "createOrder").Tags);
}
