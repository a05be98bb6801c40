using GigStore.Search.Engines;
using GigStore.Search.Engines.Sqlite;
using GigStore.Search.Query;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GigStore.Tests.Search;

/// <summary>The embedded engine against the engine contract, in a temporary folder.</summary>
public sealed class SqliteSearchEngineTests : SearchEngineContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gigstore-search-" + Guid.NewGuid().ToString("N"));

    protected override Task<ISearchEngine> CreateEngineAsync() =>
        Task.FromResult<ISearchEngine>(new SqliteSearchEngine(_folder, TimeProvider.System, NullLogger.Instance));

    protected override Task DeleteEngineAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ARebuildWritesANewFileAndRemovesTheOldOne()
    {
        var first = (await Engine.StatsAsync(default)).IndexName;
        await Task.Delay(5);
        await Engine.RebuildAsync(ToAsync(Catalogue()), null, default);
        var second = (await Engine.StatsAsync(default)).IndexName;
        Assert.NotEqual(first, second);
        Assert.Equal([second + ".db"], Directory.GetFiles(_folder, "gigs-*.db").Select(Path.GetFileName));
        Assert.Equal(second, File.ReadAllText(Path.Combine(_folder, "current")));
    }

    [Fact]
    public async Task ARebuiltIndexIsWholeAndTakesLaterWrites()
    {
        // A rebuild builds FTS5 in a scratch file and copies its tables in: the copy must be the index of
        // the documents, and the triggers added after it must keep it so through later writes.
        await Engine.RebuildAsync(ToAsync(Catalogue()), null, default);
        await Engine.IndexAsync([Doc(100, "I will design a geometric logo for your agency", ["geometric logo"], "Sharp geometric marks.")], [3], default);
        var name = (await Engine.StatsAsync(default)).IndexName;
        Assert.Empty(Directory.GetFiles(_folder, "*.fts*"));

        await AssertIndexHoldsTheWordsOfItsDocumentsAsync(Path.Combine(_folder, name + ".db"));

        var hits = (await Engine.SearchAsync(new SearchQuery { Text = "geometric", PageSize = 60 }, GigStore.Search.Ranking.RankingSettings.Default, default)).Hits;
        Assert.Equal([100], hits.Select(h => h.GigId));
    }

    [Theory]
    [InlineData(SqliteIndexFile.FtsBufferBytes)] // everything in memory: written once
    [InlineData(64 * 1024)] // several segments written on the way: merged by FTS5's optimize
    public async Task ARebuiltIndexIsOneSegmentOnTheLevelOfItsSizeThatLaterWritesLeaveAlone(int ftsBufferBytes)
    {
        // On a low level, the index would be merged with the first small segments later writes add, and the
        // merge finished inside one of them (16 s at a million gigs); on its level, they merge among themselves.
        var engine = new SqliteSearchEngine(Path.Combine(_folder, "buffer"), TimeProvider.System, NullLogger.Instance) { FtsBufferBytes = ftsBufferBytes };
        var many = Enumerable.Range(1, 2_500).Select(i => Doc(1_000 + i, $"I will design logo number {i} for your shop", ["logo"], $"Logo {i} in {i % 7} colours.")).ToList();
        await engine.RebuildAsync(ToAsync(many), null, default);
        var path = Path.Combine(_folder, "buffer", (await engine.StatsAsync(default)).IndexName + ".db");
        var built = await StructureAsync(path);
        var segment = Assert.Single(built.Levels[^1].Segments);
        Assert.True(built.Levels.Count > 2, $"the index is on level {built.Levels.Count - 1}");
        Assert.Equal(Math.Ceiling(Math.Log(segment.LastPage - segment.FirstPage + 1, 4)), built.Levels.Count - 1);
        Assert.Equal(1, built.SegmentCount);
        for (var i = 0; i < 20; i++)
        {
            await engine.IndexAsync([Doc(10_000 + i, $"I will write copy number {i}", ["copywriting"], "Words.")], [], default);
        }

        var after = await StructureAsync(path);
        Assert.Contains(segment, after.Levels.SelectMany(l => l.Segments));
        Assert.Equal(20, (await engine.SearchAsync(new SearchQuery { Text = "copy", PageSize = 60 }, GigStore.Search.Ranking.RankingSettings.Default, default)).Total);
        Assert.Equal(2_500, (await engine.SearchAsync(new SearchQuery { Text = "logo", PageSize = 60 }, GigStore.Search.Ranking.RankingSettings.Default, default)).Total);

        await AssertIndexHoldsTheWordsOfItsDocumentsAsync(path);

        static async Task<FtsStructure> StructureAsync(string path)
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            return FtsStructure.Read(SqliteIndexFile.ReadStructure(connection)) ?? throw new InvalidDataException("FTS5's structure record was not read");
        }
    }

    [Fact]
    public async Task StopWordsAreLeftOutOfTheIndexButNotOutOfWhatBuyersSee()
    {
        // Titles, tags and descriptions are indexed without the words a query never searches ("I", "will",
        // "a", "for", "your"); the card still shows them, and the rest of the text is found as before.
        await Engine.IndexAsync([Doc(100, "I will design a geometric logo for your agency", ["logo for startups"], "The sharp geometric marks that you need.")], [], default);
        var name = (await Engine.StatsAsync(default)).IndexName;
        var path = Path.Combine(_folder, name + ".db");
        await AssertIndexHoldsTheWordsOfItsDocumentsAsync(path);

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var vocabulary = connection.CreateCommand();
            vocabulary.CommandText = "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, fts, row); SELECT term FROM temp.words";
            var words = new List<string>();
            await using var reader = await vocabulary.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                words.Add(reader.GetString(0));
            }

            Assert.Contains("geometr", words);
            Assert.Contains("startup", words);
            Assert.DoesNotContain("the", words);
            Assert.DoesNotContain("for", words);
            Assert.DoesNotContain("your", words);
            Assert.DoesNotContain("will", words);
        }

        var hit = Assert.Single((await Engine.SearchAsync(new SearchQuery { Text = "geometric logo for startups", PageSize = 60 }, GigStore.Search.Ranking.RankingSettings.Default, default)).Hits, h => h.GigId == 100);
        Assert.Equal("I will design a <mark>geometric</mark> <mark>logo</mark> for your agency", hit.TitleHtml);
    }

    /// <summary>
    /// The FTS5 index holds exactly the words of the documents as they are indexed (each column without its
    /// stop words), at the same places: compared, word by word, with a table built afresh from the documents.
    /// FTS5's own integrity check is run too, though of a contentless table it checks the index's inner
    /// consistency only.
    /// </summary>
    private static async Task AssertIndexHoldsTheWordsOfItsDocumentsAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        connection.CreateFunction<string, string>(SqliteIndexFile.IndexTextFunction, SearchText.WithoutStopWords, isDeterministic: true);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0);
            CREATE VIRTUAL TABLE temp.expected USING fts5({SqliteIndexFile.FtsColumns}, tokenize='{SqliteIndexFile.FtsTokenizer}');
            INSERT INTO temp.expected(rowid, {SqliteIndexFile.FtsColumns})
                SELECT id, index_text(title), index_text(tags), index_text(facets), index_text(description) FROM main.docs;
            CREATE VIRTUAL TABLE temp.indexed_words USING fts5vocab(main, fts, instance);
            CREATE VIRTUAL TABLE temp.expected_words USING fts5vocab(temp, expected, instance);
            SELECT (SELECT count(*) FROM (SELECT * FROM temp.indexed_words EXCEPT SELECT * FROM temp.expected_words)),
                   (SELECT count(*) FROM (SELECT * FROM temp.expected_words EXCEPT SELECT * FROM temp.indexed_words)),
                   (SELECT count(*) FROM temp.expected_words),
                   (SELECT count(*) FROM main.fts_docsize), (SELECT count(*) FROM main.docs);
            """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.True(reader.GetInt64(2) > 0);
        Assert.Equal(reader.GetInt64(4), reader.GetInt64(3));
    }

    [Fact]
    public async Task CachedTextMatchesAreBroughtUpToDateAfterWrites()
    {
        var ranking = GigStore.Search.Ranking.RankingSettings.Default;
        var logo = new SearchQuery { Text = "logo", PageSize = 60 };
        var before = await Engine.SearchAsync(logo, ranking, default);
        Assert.Contains(before.Hits, h => h.GigId == 2);

        // A new logo gig, a logo gig rewritten without the word, another removed, one gig gaining the word.
        await Engine.IndexAsync(
            [
                Doc(100, "I will design a geometric logo for your agency", ["geometric logo"], "Sharp geometric marks."),
                Doc(2, "I will create a vintage badge for your brewery", ["vintage badge", "brewery"], "Hand-crafted vintage badges for breweries."),
                Doc(9, "I will write a Python script that draws your logo", ["python", "automation"], "Automation scripts.", category: Programming, subcategory: null),
            ],
            [3],
            default);

        // The writing engine's columns caught up with its write; an engine made now reads everything from the file and has no cache.
        var after = await Engine.SearchAsync(logo, ranking, default);
        var fresh = await new SqliteSearchEngine(_folder, TimeProvider.System, NullLogger.Instance).SearchAsync(logo, ranking, default);

        Assert.Equal(fresh.Total, after.Total);
        Assert.Equal(fresh.Hits.Select(h => h.GigId).Order(), after.Hits.Select(h => h.GigId).Order());
        Assert.Contains(after.Hits, h => h.GigId == 100);
        Assert.Contains(after.Hits, h => h.GigId == 9);
        Assert.DoesNotContain(after.Hits, h => h.GigId is 2 or 3);
        Assert.Equal(fresh.Facets[FacetNames.Category], after.Facets[FacetNames.Category]);
    }

    [Fact]
    public async Task AGigThatStillMatchesAfterAWriteKeepsItsScoreUntilTheMatchesAreMadeAgainInFull()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        var engine = new SqliteSearchEngine(Path.Combine(_folder, "clock"), clock, NullLogger.Instance);
        var strong = Doc(1, "I will design a logo for your brand", ["logo", "brand"], "Logo design.");
        var weak = Doc(2, "I will design a brand identity", ["brand"], "A brand book, and a logo if you need one.");
        // Gigs without the word, so that it is rare enough for bm25 to weigh it.
        var others = Enumerable.Range(10, 8).Select(i => Doc(i, $"I will write article number {i}", ["writing"], "Articles.")).ToList();
        await engine.RebuildAsync(ToAsync([strong, weak, .. others]), null, default);
        var logo = new SearchQuery { Text = "logo", PageSize = 60 };
        var ranking = GigStore.Search.Ranking.RankingSettings.Default;
        Assert.Equal([1, 2], (await engine.SearchAsync(logo, ranking, default)).Hits.Select(h => h.GigId));

        // The weak gig's words now outrank the other's, and a third gig matches: the cached matches keep the
        // weak gig (it still matches) with the score it had, and score the new one.
        await engine.IndexAsync([weak with { Title = "Logo logo: I will design your logo", Tags = ["logo", "logo design"] }, Doc(3, "I will draw a mascot logo", ["mascot"], "Mascots.")], [], default);
        var refreshed = await engine.SearchAsync(logo, ranking, default);
        Assert.Equal(3, refreshed.Total);
        Assert.Equal(1, refreshed.Hits[0].GigId);

        // Five minutes after FTS5 last scored them all, the matches are made again in full.
        clock.Advance(TimeSpan.FromMinutes(5.1));
        Assert.Equal(2, (await engine.SearchAsync(logo, ranking, default)).Hits[0].GigId);
    }

    [Fact]
    public async Task AnIndexFileThatIsGoneIsAnErrorAndNotAnEmptyIndex()
    {
        var name = (await Engine.StatsAsync(default)).IndexName;
        SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(_folder, name + ".db"));

        // Another engine (a process started after the file went) fails, so search degrades, and reports the index missing, so the indexer rebuilds.
        var other = new SqliteSearchEngine(_folder, TimeProvider.System, NullLogger.Instance);
        await Assert.ThrowsAsync<SqliteException>(() => other.SearchAsync(new(), GigStore.Search.Ranking.RankingSettings.Default, default));
        Assert.False(await other.ExistsAsync(default));
        Assert.False(File.Exists(Path.Combine(_folder, name + ".db")));
    }

    [Fact]
    public async Task AnIndexOfAnOlderSchemaIsNeverReadAndTheIndexerIsToldToRebuildIt()
    {
        // The index as the code before gigs had their seller in it left it: schema 1, no seller column.
        var name = (await Engine.StatsAsync(default)).IndexName;
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, name + ".db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = 1 WHERE key = 'schema'; ALTER TABLE docs DROP COLUMN seller;";
            await command.ExecuteNonQueryAsync();
        }

        // The upgraded app's engine fails (search answers from the database) and says there is no index.
        var upgraded = new SqliteSearchEngine(_folder, TimeProvider.System, NullLogger.Instance);
        var ranking = GigStore.Search.Ranking.RankingSettings.Default;
        var error = await Assert.ThrowsAsync<SearchEngineException>(() => upgraded.SearchAsync(new(), ranking, default));
        Assert.Contains("schema 1", error.Message);
        Assert.False(await upgraded.ExistsAsync(default));

        await upgraded.RebuildAsync(ToAsync(Catalogue()), null, default);
        Assert.True(await upgraded.ExistsAsync(default));
        var online = await upgraded.SearchAsync(new SearchQuery { OnlineOnly = true, OnlineSellerIds = new HashSet<string> { "seller-5" } }, ranking, default);
        Assert.Equal([5], online.Hits.Select(h => h.GigId));
    }

    [Fact]
    public async Task AnotherEngineOnTheSameFolderSeesChangesAndRebuilds()
    {
        // Another process (the rebuild command) is another engine over the same files.
        var other = new SqliteSearchEngine(_folder, TimeProvider.System, NullLogger.Instance);
        await other.IndexAsync([Catalogue()[0] with { GigId = 40, Title = "I will paint a watercolour portrait" }], [], default);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal([40], await IdsAsync(Text("watercolour")));

        await other.RebuildAsync(ToAsync(Catalogue().Take(3)), null, default);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal(3, (await SearchAsync(new())).Total);
    }
}
