using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Options;

/// <summary>Names over the tenant's limit (prefix included) keep a readable head plus a stable hash, stay unique, and are reported.</summary>
public sealed partial class ToolNameLengthTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths:
          /a:
            get: {operationId: listAllCustomerInvoicesForTheCurrentBillingPeriod, responses: {'204': {description: ok}}}
            post: {operationId: listAllCustomerInvoicesForTheCurrentBillingPeriodAndArchive, responses: {'204': {description: ok}}}
            put: {operationId: shortName, responses: {'204': {description: ok}}}
        """;

    [GeneratedRegex("^[A-Za-z0-9_.-]+_[0-9a-f]{6}$")]
    private static partial Regex ShortenedShape();

    private static string Hash(string name) => System.Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..6];

    [Fact]
    public void Long_names_are_cut_to_the_limit_with_head_and_hash_of_the_full_name()
    {
        var result = Support.Convert.Document(Document, new ConversionOptions { MaxToolNameLength = 32, ToolPrefix = "crm_" });

        var first = result.Tools[0].Name;
        Assert.Equal(32, first.Length);
        Assert.Matches(ShortenedShape(), first);
        Assert.StartsWith("crm_listAllCustomerInvoic_", first);
        Assert.EndsWith("_" + Hash("crm_listAllCustomerInvoicesForTheCurrentBillingPeriod"), first);
    }

    [Fact]
    public void Names_that_share_a_long_head_stay_distinct()
    {
        var names = Support.Convert.Document(Document, new ConversionOptions { MaxToolNameLength = 20 }).Tools.Select(t => t.Name).ToList();

        Assert.Equal(3, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.InRange(n.Length, 1, 20));
        Assert.Equal("shortName", names[2]);
    }

    [Fact]
    public void Shortening_is_deterministic_across_conversions()
    {
        var options = new ConversionOptions { MaxToolNameLength = 24 };

        Assert.Equal(
            Support.Convert.Document(Document, options).Tools.Select(t => t.Name),
            Support.Convert.Document(Document, options).Tools.Select(t => t.Name));
    }

    [Fact]
    public void Each_shortened_name_is_reported_with_original_and_new_name()
    {
        var result = Support.Convert.Document(Document, new ConversionOptions { MaxToolNameLength = 32 });

        var warning = Assert.Single(result.Warnings, w => w.Contains("'listAllCustomerInvoicesForTheCurrentBillingPeriod'", StringComparison.Ordinal));
        Assert.Contains($"shortened to '{result.Tools[0].Name}'", warning);
        Assert.Equal(2, result.Warnings.Count);
    }

    [Fact]
    public void Identical_long_names_are_deduplicated_before_shortening_and_stay_unique()
    {
        var id = new string('x', 60);
        var document = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{
              "get":{"operationId":"@id@","responses":{"204":{"description":"ok"}}},
              "put":{"operationId":"@id@","responses":{"204":{"description":"ok"}}}}}}
            """.Replace("@id@", id, StringComparison.Ordinal);

        var names = Support.Convert.Document(document, new ConversionOptions { MaxToolNameLength = 16 }).Tools.Select(t => t.Name).ToList();

        Assert.Equal([$"xxxxxxxxx_{Hash(id)}", $"xxxxxxxxx_{Hash(id + "_2")}"], names);
    }

    [Fact]
    public void Default_limit_is_the_mcp_limit_of_128()
    {
        var id = new string('y', 200);
        var document = """
            {"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"@id@","responses":{"204":{"description":"ok"}}}}}}
            """.Replace("@id@", id, StringComparison.Ordinal);

        var name = Support.Convert.Document(document).Tools.Single().Name;

        Assert.Equal(128, name.Length);
        Assert.EndsWith("_" + Hash(id), name);
    }

    [Fact]
    public void Names_within_the_limit_are_untouched_and_not_reported()
    {
        var result = Support.Convert.Document(Document, new ConversionOptions { MaxToolNameLength = 64 });

        Assert.Equal(["listAllCustomerInvoicesForTheCurrentBillingPeriod", "listAllCustomerInvoicesForTheCurrentBillingPeriodAndArchive", "shortName"],
            result.Tools.Select(t => t.Name));
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(129)]
    public void Limit_outside_8_to_128_is_refused(int limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => Support.Convert.Document(Document, new ConversionOptions { MaxToolNameLength = limit }));

        Assert.Equal(nameof(ConversionOptions.MaxToolNameLength), error.ParamName);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(128)]
    public void Limits_at_the_bounds_are_accepted(int limit)
        => Assert.All(Support.Convert.Document(Document, new ConversionOptions { MaxToolNameLength = limit }).Tools,
            t => Assert.InRange(t.Name.Length, 1, limit));
}
