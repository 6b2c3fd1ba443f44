using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Options;

/// <summary>Tool descriptions over the API's budget are cut at a word boundary with an ellipsis; one warning counts the cuts.</summary>
public sealed class DescriptionBudgetTests
{
    private const string LongText = "Returns every invoice of the customer, including drafts, voided invoices and credit notes, ordered by date.";

    private static readonly string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /invoices:
            get:
              operationId: listInvoices
              description: '@long@'
              parameters:
                - {name: q, in: query, description: '@long@', schema: {type: string}}
              responses: {'204': {description: ok}}
            post: {operationId: createInvoice, description: '@long@', responses: {'204': {description: ok}}}
            put: {operationId: replaceInvoice, description: Short enough., responses: {'204': {description: ok}}}
        """.Replace("@long@", LongText, StringComparison.Ordinal);

    private static ConversionResult Convert(int? budget) => Support.Convert.Document(Document, new ConversionOptions { MaxDescriptionLength = budget });

    [Fact]
    public void Long_description_is_cut_at_a_word_boundary_with_an_ellipsis()
    {
        var description = Convert(48).Tools[0].Description!;

        Assert.Equal("Returns every invoice of the customer…", description);
        Assert.True(description.Length <= 48);
    }

    [Fact]
    public void Cut_never_exceeds_the_budget()
    {
        foreach (var budget in Enumerable.Range(32, LongText.Length - 32))
        {
            var description = Convert(budget).Tools[0].Description!;

            Assert.InRange(description.Length, 1, budget);
            Assert.EndsWith("…", description);
        }
    }

    [Fact]
    public void One_warning_counts_every_cut_description()
    {
        var result = Convert(40);

        Assert.Equal("2 tool descriptions were longer than 40 characters and were cut.", Assert.Single(result.Warnings));
    }

    [Fact]
    public void Short_descriptions_and_parameter_descriptions_are_not_cut()
    {
        var result = Convert(40);

        Assert.Equal("Short enough.", result.Tools[2].Description);
        Assert.Equal(LongText, Support.Convert.Input(result.Tools[0])["properties"]!["q"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void No_budget_keeps_descriptions_whole()
    {
        var result = Convert(null);

        Assert.Equal(LongText, result.Tools[0].Description);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Text_without_spaces_is_cut_hard()
    {
        var document = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: a, description: 'https://example.com/a/very/long/link/without/any/space/in/it/at/all', responses: {'204': {description: ok}}}
            """;

        var description = Support.Convert.Document(document, new ConversionOptions { MaxDescriptionLength = 32 }).Tools[0].Description!;

        Assert.Equal("https://example.com/a/very/long…", description);
    }

    [Fact]
    public void Cut_does_not_split_a_surrogate_pair()
    {
        var text = new string('a', 30) + "😀😀😀 tail";
        var document = $$$$$$$"""
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"a","description":"{{{{{{{text}}}}}}}","responses":{"204":{"description":"ok"}}}}}}
            """;

        var description = Support.Convert.Document(document, new ConversionOptions { MaxDescriptionLength = 32 }).Tools[0].Description!;

        Assert.Equal(new string('a', 30) + "…", description);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(0)]
    public void Budget_below_32_is_refused(int budget)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Convert(budget));

        Assert.Equal(nameof(ConversionOptions.MaxDescriptionLength), error.ParamName);
    }
}
