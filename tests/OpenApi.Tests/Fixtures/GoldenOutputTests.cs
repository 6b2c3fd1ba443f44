using McpPlatform.OpenApi.Tests.Support;

namespace McpPlatform.OpenApi.Tests.Fixtures;

/// <summary>
/// Pins the whole conversion of every fixture document (names, descriptions, schemas, hints, bindings, warnings) to a
/// reviewed golden file, so any change in the output is seen and judged. Regenerate with <c>UPDATE_GOLDEN=1</c>.
/// </summary>
public sealed class GoldenOutputTests
{
    public static TheoryData<string> Documents => Support.Fixtures.AllDocumentsData();

    [Theory]
    [MemberData(nameof(Documents))]
    public void Conversion_with_default_options_matches_the_golden_file(string document)
    {
        var actual = GoldenSnapshot.Of(Support.Convert.Document(Support.Fixtures.Read(document)));

        if (GoldenFiles.Updating)
        {
            GoldenFiles.Write(document, actual);
            return;
        }
        var expected = GoldenFiles.Read(document);
        Assert.True(expected is not null,
            $"No golden file {GoldenFiles.FileNameFor(document)} in tests/OpenApi.Tests/Golden; run the tests with UPDATE_GOLDEN=1 and review it.");
        var difference = GoldenFiles.FirstDifference(expected, actual);
        Assert.True(difference is null,
            $"{document} no longer converts as pinned in Golden/{GoldenFiles.FileNameFor(document)}, {difference}\n"
            + "If the change is intended, regenerate with UPDATE_GOLDEN=1 and review the diff.");
    }

    [Fact]
    public void Every_golden_file_belongs_to_a_fixture_document()
    {
        var expected = Support.Fixtures.AllDocuments().Select(GoldenFiles.FileNameFor).ToHashSet(StringComparer.Ordinal);
        var present = Directory.Exists(GoldenFiles.Directory)
            ? Directory.EnumerateFiles(GoldenFiles.Directory, "*.json").Select(f => Path.GetFileName(f)!)
            : [];
        var orphans = present.Where(f => !expected.Contains(f)).Order(StringComparer.Ordinal).ToList();

        if (GoldenFiles.Updating)
        {
            foreach (var orphan in orphans) File.Delete(Path.Combine(GoldenFiles.Directory, orphan));
            return;
        }
        Assert.True(orphans.Count == 0, "Golden files without a fixture document (run with UPDATE_GOLDEN=1 to delete): " + string.Join(", ", orphans));
    }
}
