using GigStore.Search.Engines.Elasticsearch;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>The engine's small pieces: index names, sizes as <c>_cat</c> prints them, words and close spellings.</summary>
public sealed class ElasticsearchPartsTests
{
    [Theory]
    [InlineData("gigstore-", "Default", "gigstore-default-gigs")]
    [InlineData("gigstore-", "studio", "gigstore-studio-gigs")]
    [InlineData("GigStore_", "My Shop/2", "gigstore_my-shop-2-gigs")]
    [InlineData("", "_hidden", "hidden-gigs")]
    [InlineData("", "Ünï", "n--gigs")]
    [InlineData("", "", "tenant-gigs")]
    public void TheAliasIsAValidIndexNameForAnyTenant(string prefix, string tenant, string alias) =>
        Assert.Equal(alias, ElasticsearchIndexNames.Alias(prefix, tenant));

    [Fact]
    public void VersionedIndicesSortInBuildOrderAndMatchTheirPattern()
    {
        var first = ElasticsearchIndexNames.Versioned("gigstore-a-gigs", new DateTimeOffset(2026, 3, 4, 5, 6, 7, 89, TimeSpan.FromHours(2)));
        var second = ElasticsearchIndexNames.Versioned("gigstore-a-gigs", new DateTimeOffset(2026, 3, 4, 5, 6, 7, 90, TimeSpan.FromHours(2)));

        Assert.Equal($"gigstore-a-gigs-v20260304030607089-m{GigIndex.MappingVersion}", first);
        Assert.True(string.CompareOrdinal(first, second) < 0);
        Assert.StartsWith(ElasticsearchIndexNames.VersionPattern("gigstore-a-gigs").TrimEnd('*'), first);
        Assert.True(ElasticsearchIndexNames.Alias("x", new string('a', 400)).Length < 230);
    }

    [Theory]
    [InlineData("gigstore-a-gigs-v20260304030607089-m2", 2)]
    [InlineData("gigstore-a-gigs-v20260304030607089-m17", 17)]
    [InlineData("gigstore-a-gigs-v20260304030607089", 1)] // built before the mapping had a version
    [InlineData("gigstore-shop-m3-gigs-v20260304030607089", 1)] // "-m" in the tenant's name is no version
    public void AVersionedIndexNamesItsMappingVersion(string index, int version) =>
        Assert.Equal(version, ElasticsearchIndexNames.MappingVersionOf(index));

    [Theory]
    [InlineData("260b", 260)]
    [InlineData("88.1kb", 90_214)]
    [InlineData("1.5mb", 1_572_864)]
    [InlineData("2gb", 2_147_483_648)]
    [InlineData("12345", 12_345)]
    [InlineData(null, 0)]
    [InlineData("n/a", 0)]
    public void ReadsSizesAsCatPrintsThem(string? text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

    [Fact]
    public void SplitsTextIntoLowerCaseWordsWithoutAccentsOrSyntax()
    {
        Assert.Equal(["creme", "brulee", "logo", "c", "net"], GigStore.Search.Query.SearchText.Words("Crème  BRÛLÉE \"logo\" c++ (.NET)*"));
        Assert.Equal(GigStore.Search.Query.SearchText.MaxWords, GigStore.Search.Query.SearchText.Words(string.Join(' ', Enumerable.Repeat("word", 30))).Count);
        Assert.Empty(GigStore.Search.Query.SearchText.Words(" -*- "));
    }

    [Fact]
    public void PlainAsciiTextSplitsAsAnyOtherText()
    {
        // ASCII text takes a fast path; one accented letter sends the same text down the general one.
        var random = new Random(7);
        const string alphabet = "abcXYZ019 -_.,'\"*()+/\t\nqwertyuiopASDFGHJKL";
        for (var i = 0; i < 500; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 80)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var ascii = GigStore.Search.Query.SearchText.Words(text, 1000);
            var general = GigStore.Search.Query.SearchText.Words(text + " é", 1000);
            Assert.Equal([.. ascii, "e"], general);
        }

        var long_ = new string('a', GigStore.Search.Query.SearchText.MaxWordLength + 5);
        Assert.Equal(GigStore.Search.Query.SearchText.Words(long_ + " é")[0], GigStore.Search.Query.SearchText.Words(long_)[0]);
    }

    [Theory]
    [InlineData("logo", "logo", 0)]
    [InlineData("logp", "logo", 1)]
    [InlineData("wordprss", "wordpress", 1)]
    [InlineData("desing", "design", 1)]
    [InlineData("minimalst", "minimalist", 1)]
    [InlineData("abc", "xyz", 3)]
    public void CountsEditsWithSwapsAsOne(string a, string b, int edits) => Assert.Equal(edits, Spelling.Distance(a, b));

    [Theory]
    [InlineData(new[] { "wordprss" }, "wordpress")]
    [InlineData(new[] { "minimalst", "logo" }, "minimalist logo")]
    [InlineData(new[] { "logos", "desing" }, "logos design")]
    [InlineData(new[] { "logo", "desi" }, null)]
    [InlineData(new[] { "zzzzzz" }, null)]
    public void CorrectsOnlyTheWordsTheHitsDoNotContain(string[] typed, string? corrected) =>
        Assert.Equal(corrected, Spelling.Correct(typed, ["i", "will", "design", "a", "minimalist", "logo", "wordpress", "logo"]));
}
