using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Options;

/// <summary>Include/exclude by HTTP method and the read-only view; filtered operations are summarized in one warning.</summary>
public sealed class MethodFilterTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: Shop, version: '1'}
        paths:
          /orders:
            get: {operationId: listOrders, responses: {'204': {description: ok}}}
            post: {operationId: createOrder, responses: {'204': {description: ok}}}
            head: {operationId: countOrders, responses: {'204': {description: ok}}}
            options: {operationId: orderOptions, responses: {'204': {description: ok}}}
          /orders/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            put: {operationId: replaceOrder, responses: {'204': {description: ok}}}
            patch: {operationId: patchOrder, responses: {'204': {description: ok}}}
            delete: {operationId: deleteOrder, responses: {'204': {description: ok}}}
            trace: {operationId: traceOrder, responses: {'204': {description: ok}}}
        """;

    private static ConversionResult Convert(ConversionOptions options) => Support.Convert.Document(Document, options);

    private static string[] Names(ConversionOptions options) => Convert(options).Tools.Select(t => t.Name).ToArray();

    [Fact]
    public void Include_methods_keeps_only_those_methods_case_insensitively()
        => Assert.Equal(["listOrders", "deleteOrder"], Names(new ConversionOptions { IncludeMethods = ["get", "Delete"] }));

    [Fact]
    public void Exclude_methods_drops_those_methods_case_insensitively()
        => Assert.Equal(["listOrders", "countOrders", "orderOptions", "traceOrder"],
            Names(new ConversionOptions { ExcludeMethods = ["post", "PUT", " patch ", "delete"] }));

    [Fact]
    public void Read_only_keeps_only_get_head_and_options()
        => Assert.Equal(["listOrders", "countOrders", "orderOptions"], Names(new ConversionOptions { ReadOnly = true }));

    [Fact]
    public void Read_only_combines_with_include_methods_as_an_intersection()
        => Assert.Equal(["listOrders"], Names(new ConversionOptions { ReadOnly = true, IncludeMethods = ["GET", "POST"] }));

    [Fact]
    public void Exclude_wins_over_include_for_the_same_method()
        => Assert.Equal(["listOrders"], Names(new ConversionOptions { IncludeMethods = ["GET", "POST"], ExcludeMethods = ["post"] }));

    [Fact]
    public void Filtered_operations_are_summarized_in_one_warning_not_one_each()
    {
        var result = Convert(new ConversionOptions { ReadOnly = true });

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("5 operations were left out by the API's filters (include/exclude/readOnly).", warning);
    }

    [Fact]
    public void Operation_and_tag_filters_count_in_the_same_summary()
    {
        var result = Convert(new ConversionOptions { IncludeOperations = ["listOrders", "createOrder"], ExcludeMethods = ["POST"] });

        Assert.Equal(["listOrders"], result.Tools.Select(t => t.Name));
        Assert.Equal("7 operations were left out by the API's filters (include/exclude/readOnly).", Assert.Single(result.Warnings));
    }

    [Fact]
    public void No_summary_warning_when_nothing_is_filtered()
        => Assert.Empty(Convert(new ConversionOptions()).Warnings);
}
