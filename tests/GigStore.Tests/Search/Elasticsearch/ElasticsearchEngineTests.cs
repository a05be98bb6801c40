using GigStore.Catalog.Data;
using GigStore.Search.Engines;
using GigStore.Search.Engines.Elasticsearch;
using GigStore.Search.Indexing;
using GigStore.Search.Query;
using GigStore.Search.Ranking;
using static GigStore.Tests.Search.Elasticsearch.TestGigs;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// What the Elasticsearch engine does, through its <see cref="ISearchEngine"/> contract: run against the
/// fake (<see cref="ElasticsearchEngineOnFakeTests"/>) and, when ELASTICSEARCH_URL is set, against a real
/// server (<see cref="ElasticsearchEngineOnLiveServerTests"/>). Each test has a tenant, so an index, of its own.
/// </summary>
public abstract class ElasticsearchEngineTests : IAsyncLifetime
{
    private static readonly long[] PriceBounds = [2500, 5000];

    protected ElasticsearchEngineTests()
    {
        Tenant = NewTenant();
        Clock = new SteppingClock(new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero));
    }

    protected abstract Uri Url { get; }

    protected abstract string? ApiKey { get; }

    protected string Tenant { get; }

    protected SteppingClock Clock { get; }

    private DateTimeOffset Now => Clock.Start;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        // Leave nothing behind on a shared server: the index behind the alias and any other build of this tenant.
        var client = Client();
        foreach (var index in await IndicesOfTenantAsync())
        {
            await client.DeleteIndexAsync(index, default);
        }
    }

    [EngineFact]
    public async Task FindsGigsByTheWordsOfTheirTitle()
    {
        var engine = await BuiltAsync();

        Finds(await SearchAsync(engine, "wordpress"), WordPressSite, WordPressFixes);
        Finds(await SearchAsync(engine, "Shopify"), ShopifyStore);
    }

    [EngineFact]
    public async Task FindsGigsByOtherFormsOfTheirWords()
    {
        var engine = await BuiltAsync();

        Finds(await SearchAsync(engine, "logos"), MinimalistLogo, VintageLogo, BusinessCards, MascotLogo);
        Finds(await SearchAsync(engine, "designing"), MinimalistLogo, VintageLogo, BusinessCards, MascotLogo);
    }

    [EngineFact]
    public async Task TheLastWordMatchesAsTheStartOfAWord()
    {
        var engine = await BuiltAsync();

        Finds(await SearchAsync(engine, "wordpr"), WordPressSite, WordPressFixes);
        FindsFirst(await SearchAsync(engine, "minimalist lo"), MinimalistLogo, MascotLogo);
    }

    [EngineFact]
    public async Task EveryWordMustMatchInSomeField()
    {
        var engine = await BuiltAsync();

        FindsFirst(await SearchAsync(engine, "vintage lettering"), VintageLogo);
        Finds(await SearchAsync(engine, "emblems"), VintageLogo);
        Finds(await SearchAsync(engine, "ecommerce"), ShopifyStore);
        Finds(await SearchAsync(engine, "matte"), BusinessCards);
        // No gig has both words: those with either follow, and nothing was misspelt.
        var either = await SearchAsync(engine, "vintage wordpress");
        Assert.Contains(VintageLogo, either.Hits.Select(h => h.GigId));
        Assert.Contains(WordPressSite, either.Hits.Select(h => h.GigId));
        Assert.Null(either.CorrectedText);
    }

    [EngineFact]
    public async Task ATypoFindsTheGigAndSaysWhatWasSearchedInstead()
    {
        var engine = await BuiltAsync();

        var typo = await SearchAsync(engine, "wordprss");
        Finds(typo, WordPressSite, WordPressFixes);
        Assert.Equal("wordpress", typo.CorrectedText);

        var twoWords = await SearchAsync(engine, "minimalst logo");
        FindsFirst(twoWords, MinimalistLogo, MascotLogo);
        Assert.Equal("minimalist logo", twoWords.CorrectedText);

        Assert.Null((await SearchAsync(engine, "wordpress")).CorrectedText);
    }

    [EngineFact]
    public async Task TitleWordsOutrankDescriptionWords()
    {
        var engine = await BuiltAsync();

        var results = await SearchAsync(engine, "logo");

        Assert.Equal(BusinessCards, results.Hits[^1].GigId);
        Assert.True(results.Hits[0].Score > results.Hits[^1].Score);
    }

    [EngineFact]
    public async Task MarksTheMatchedWordsInTheTitleAndTheSnippet()
    {
        var engine = await BuiltAsync();

        var hit = (await SearchAsync(engine, "wordpress fix")).Hits[0];

        Assert.Equal(WordPressFixes, hit.GigId);
        Assert.Contains("<mark>fix</mark>", hit.TitleHtml);
        Assert.Contains("<mark>WordPress</mark>", hit.TitleHtml);
        Assert.Contains("&amp;", hit.TitleHtml);
        Assert.Contains("<mark>fix</mark>", hit.SnippetHtml);
        Assert.Null((await SearchAsync(engine, "")).Hits[0].TitleHtml);
    }

    [EngineFact]
    public async Task AHitCarriesItsCard()
    {
        var engine = await BuiltAsync();

        var hit = Assert.Single((await SearchAsync(engine, "mascot")).Hits);

        var gig = All(Now).Single(g => g.GigId == MascotLogo);
        Assert.Equal(("gig-7", gig.Title, 6000L, "USD", 3), (hit.Slug, hit.Title, hit.StartingPriceMinor, hit.Currency, hit.MinDeliveryDays));
        Assert.Equal((3.9, 15, 20, "Greta Vogel", "greta", SellerLevel.Level1), (hit.RatingAverage, hit.ReviewCount, hit.OrdersCompleted, hit.SellerName, hit.SellerHandle, hit.SellerLevel));
        Assert.Equal(gig.Cover!.Id, hit.Cover!.Id);
        Assert.Equal(gig.Cover.Widths, hit.Cover.Widths);
    }

    [EngineFact]
    public async Task FiltersByCategoryAndSubcategory()
    {
        var engine = await BuiltAsync();

        Finds(await SearchAsync(engine, new SearchQuery { CategoryId = Graphics }), MinimalistLogo, VintageLogo, BusinessCards, MascotLogo);
        Finds(await SearchAsync(engine, new SearchQuery { CategoryId = Graphics, SubcategoryId = LogoDesign }), MinimalistLogo, VintageLogo, MascotLogo);
        Finds(await SearchAsync(engine, new SearchQuery { Text = "wordpress", CategoryId = Programming }), WordPressSite, WordPressFixes);
    }

    [EngineFact]
    public async Task AttributeFiltersAcceptAnyOptionOfAKeyAndNeedEveryKey()
    {
        var engine = await BuiltAsync();
        SearchQuery Logos(params (string Key, string[] Options)[] attributes) => new()
        {
            CategoryId = Graphics,
            SubcategoryId = LogoDesign,
            Attributes = attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Options),
        };

        Finds(await SearchAsync(engine, Logos(("logo-style", ["Minimalist"]))), MinimalistLogo, MascotLogo);
        Finds(await SearchAsync(engine, Logos(("logo-style", ["Minimalist", "Vintage"]))), MinimalistLogo, VintageLogo, MascotLogo);
        Finds(await SearchAsync(engine, Logos(("logo-style", ["Minimalist", "Vintage"]), ("file-format", ["PNG"]))), MinimalistLogo, VintageLogo);
    }

    [EngineFact]
    public async Task FiltersByPriceDeliveryLevelRatingLanguageAndCountry()
    {
        var engine = await BuiltAsync();

        Finds(await SearchAsync(engine, new SearchQuery { MinPriceMinor = 2000, MaxPriceMinor = 5000 }), MinimalistLogo, VintageLogo, BusinessCards);
        Finds(await SearchAsync(engine, new SearchQuery { MaxDeliveryDays = 1 }), MinimalistLogo, WordPressFixes);
        Finds(await SearchAsync(engine, new SearchQuery { MaxDeliveryDays = 3 }), MinimalistLogo, VintageLogo, WordPressFixes, MascotLogo);
        Finds(await SearchAsync(engine, new SearchQuery { SellerLevels = [SellerLevel.TopRated] }), MinimalistLogo, WordPressSite);
        Finds(await SearchAsync(engine, new SearchQuery { SellerLevels = [SellerLevel.Level1, SellerLevel.Level2] }), VintageLogo, BusinessCards, ShopifyStore, MascotLogo);
        Finds(await SearchAsync(engine, new SearchQuery { MinRating = 4.5 }), MinimalistLogo, VintageLogo, WordPressSite);
        Finds(await SearchAsync(engine, new SearchQuery { MinRating = 4 }), MinimalistLogo, VintageLogo, BusinessCards, WordPressSite, ShopifyStore);
        Finds(await SearchAsync(engine, new SearchQuery { Languages = ["Spanish", "French"] }), BusinessCards, WordPressFixes);
        Finds(await SearchAsync(engine, new SearchQuery { Countries = ["US", "GB"] }), VintageLogo, WordPressSite, ShopifyStore);
    }

    [EngineFact]
    public async Task FacetsCountEveryGigWithoutFilters()
    {
        var engine = await BuiltAsync();

        var facets = (await SearchAsync(engine, new SearchQuery())).Facets;

        Assert.Equal([new("1", 4), new("2", 3)], facets[FacetNames.Category]);
        Assert.Equal([new("11", 3), new("21", 3), new("12", 1)], facets[FacetNames.Subcategory]);
        Assert.Equal([new("Level1", 2), new("Level2", 2), new("TopRated", 2), new("New", 1)], facets[FacetNames.SellerLevel]);
        Assert.Equal([new("1", 2), new("3", 4), new("7", 6)], facets[FacetNames.Delivery]);
        Assert.Equal([new("4.5", 3), new("4", 5)], facets[FacetNames.Rating]);
        Assert.Equal([new("-2500", 2), new("2500-5000", 2), new("5000-", 3)], facets[FacetNames.Price]);
        Assert.Equal([new("English", 6), new("German", 2), new("French", 1), new("Spanish", 1)], facets[FacetNames.Language]);
        Assert.Equal([new("DE", 2), new("US", 2), new("ES", 1), new("FR", 1), new("GB", 1)], facets[FacetNames.Country]);
        Assert.DoesNotContain(facets.Keys, k => k.StartsWith(FacetNames.AttributePrefix, StringComparison.Ordinal));
    }

    [EngineFact]
    public async Task EachFacetCountsWithEveryFilterButItsOwn()
    {
        var engine = await BuiltAsync();

        var results = await SearchAsync(engine, new SearchQuery { CategoryId = Graphics, SellerLevels = [SellerLevel.TopRated] });

        Finds(results, MinimalistLogo);
        Assert.Equal(1, results.Total);
        Assert.Equal([new("1", 1), new("2", 1)], results.Facets[FacetNames.Category]);
        Assert.Equal([new("Level1", 2), new("Level2", 1), new("TopRated", 1)], results.Facets[FacetNames.SellerLevel]);
        Assert.Equal([new("DE", 1)], results.Facets[FacetNames.Country]);
    }

    [EngineFact]
    public async Task AttributeFacetsBelongToTheChosenCategoryAndIgnoreTheirOwnFilter()
    {
        var engine = await BuiltAsync();

        var results = await SearchAsync(engine, new SearchQuery
        {
            CategoryId = Graphics,
            SubcategoryId = LogoDesign,
            Attributes = new Dictionary<string, IReadOnlyList<string>> { ["logo-style"] = ["Minimalist"] },
        });

        Finds(results, MinimalistLogo, MascotLogo);
        Assert.Equal([new("Minimalist", 2), new("Mascot", 1), new("Vintage", 1)], results.Facets["attr:logo-style"]);
        Assert.Equal([new("PNG", 1), new("SVG", 1)], results.Facets["attr:file-format"]);
        Assert.False(results.Facets.ContainsKey("attr:paper"));
        Assert.False(results.Facets.ContainsKey("attr:platform"));
    }

    [EngineFact]
    public async Task SortsByEachOrderWithTheNewerGigFirstOnTies()
    {
        var engine = await BuiltAsync();
        Task<SearchResults> Sorted(SearchSort sort) => SearchAsync(engine, new SearchQuery { Sort = sort });

        InOrder(await Sorted(SearchSort.BestSelling), WordPressSite, MinimalistLogo, ShopifyStore, VintageLogo, MascotLogo, BusinessCards, WordPressFixes);
        InOrder(await Sorted(SearchSort.Rating), MinimalistLogo, WordPressSite, VintageLogo, BusinessCards, ShopifyStore, WordPressFixes, MascotLogo);
        InOrder(await Sorted(SearchSort.PriceLowToHigh), WordPressFixes, MinimalistLogo, BusinessCards, VintageLogo, MascotLogo, WordPressSite, ShopifyStore);
        InOrder(await Sorted(SearchSort.PriceHighToLow), ShopifyStore, WordPressSite, MascotLogo, VintageLogo, BusinessCards, MinimalistLogo, WordPressFixes);
        InOrder(await Sorted(SearchSort.Newest), WordPressFixes, MascotLogo, MinimalistLogo, BusinessCards, ShopifyStore, VintageLogo, WordPressSite);
        Assert.All((await SearchAsync(engine, new SearchQuery { Sort = SearchSort.Newest })).Hits, h => Assert.Equal(0, h.Score));
    }

    [EngineFact]
    public async Task WithoutTextRelevanceIsTheQualityMultiplier()
    {
        var engine = await BuiltAsync();
        var ranking = RankingSettings.Default;

        var results = await engine.SearchAsync(new SearchQuery(), ranking, default);

        var gigs = All(Now).ToDictionary(g => g.GigId);
        var expected = gigs.Values
            .Select(g => (g.GigId, Quality: Signals.Quality(ranking, g.RatingAverage, g.ReviewCount, g.OrdersCompleted, g.SellerLevel, g.PublishedUtc, Now)))
            .OrderByDescending(g => g.Quality)
            .ToList();
        Assert.Equal(expected.Select(e => e.GigId), results.Hits.Select(h => h.GigId));
        Assert.All(results.Hits.Zip(expected), pair => Assert.Equal(pair.Second.Quality, pair.First.Score, 1e-4));
    }

    [EngineFact]
    public async Task RankingWeightsChangeTheOrder()
    {
        var engine = await BuiltAsync();

        var byOrders = await engine.SearchAsync(new SearchQuery { Text = "wordpress" }, new RankingSettings { OrdersWeight = 50, RatingWeight = 0, LevelWeight = 0, RecencyWeight = 0 }, default);
        var byRecency = await engine.SearchAsync(new SearchQuery { Text = "wordpress" }, new RankingSettings { OrdersWeight = 0, RatingWeight = 0, LevelWeight = 0, RecencyWeight = 50 }, default);

        InOrder(byOrders, WordPressSite, WordPressFixes);
        InOrder(byRecency, WordPressFixes, WordPressSite);
    }

    [EngineFact]
    public async Task PagesThroughTheResults()
    {
        var engine = await BuiltAsync();
        SearchQuery Page(int page) => new() { Sort = SearchSort.Newest, PageSize = 2, Page = page };

        var second = await SearchAsync(engine, Page(2));
        var last = await SearchAsync(engine, Page(4));

        InOrder(second, MinimalistLogo, BusinessCards);
        InOrder(last, WordPressSite);
        Assert.Equal(7, second.Total);
        Assert.Empty((await SearchAsync(engine, Page(5))).Hits);
    }

    [EngineFact]
    public async Task DeletingAGigRemovesItFromResults()
    {
        var engine = await BuiltAsync();

        await engine.IndexAsync([], [WordPressFixes], default);

        Finds(await SearchAsync(engine, "wordpress"), WordPressSite);
        Assert.Equal(6, (await SearchAsync(engine, new SearchQuery())).Total);
    }

    [EngineFact]
    public async Task IndexingAChangedGigReplacesIt()
    {
        var engine = await BuiltAsync();
        var magento = All(Now).Single(g => g.GigId == ShopifyStore) with
        {
            Title = "I will develop a Magento store",
            Tags = ["magento"],
            Facets = "Programming Websites Magento",
            Description = "An online shop on Magento.",
        };

        await engine.IndexAsync([magento], [], default);

        Finds(await SearchAsync(engine, "magento"), ShopifyStore);
        Assert.Equal(0, (await SearchAsync(engine, "shopify")).Total);
        Assert.Equal(7, (await SearchAsync(engine, new SearchQuery())).Total);
    }

    [EngineFact]
    public async Task SearchingBeforeTheFirstBuildFindsNothingAndIndexingCreatesTheIndex()
    {
        var engine = Engine();

        Assert.Equal(0, (await SearchAsync(engine, "wordpress")).Total);
        Assert.Empty(await engine.SuggestAsync("wordpress", 5, default));
        Assert.Equal(new IndexStats("", 0, 0), await engine.StatsAsync(default));

        await engine.IndexAsync(All(Now).Take(5).ToList(), [], default);

        Finds(await SearchAsync(engine, "wordpress"), WordPressSite, WordPressFixes);
        Assert.StartsWith(engine.Alias + "-v", (await engine.StatsAsync(default)).IndexName);
    }

    [EngineFact]
    public async Task ARebuildKeepsAnsweringFromTheOldIndexUntilItSwapsTheAlias()
    {
        var engine = await BuiltAsync();
        var before = (await engine.StatsAsync(default)).IndexName;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var jingle = Gig(8, "I will write a jingle for your podcast", 3, null, ["jingle", "audio"], "Music", "A short tune for intros.",
            [], 5000, 5, SellerLevel.Level1, 4.7, 9, 11, ["English"], "IE", Now.AddDays(-1), "Hal Moore", "hal");
        async IAsyncEnumerable<SearchDocument> Documents()
        {
            yield return jingle;
            reached.SetResult();
            await release.Task;
            foreach (var gig in All(Now).Where(g => g.GigId is not (WordPressSite or WordPressFixes)))
            {
                yield return gig;
            }
        }

        var rebuild = engine.RebuildAsync(Documents(), null, default);
        await reached.Task;

        Finds(await SearchAsync(engine, "wordpress"), WordPressSite, WordPressFixes);
        Assert.Equal(0, (await SearchAsync(engine, "jingle")).Total);
        Assert.Equal(before, (await engine.StatsAsync(default)).IndexName);

        release.SetResult();
        await rebuild;

        Assert.Equal(0, (await SearchAsync(engine, "wordpress")).Total);
        Finds(await SearchAsync(engine, "jingle"), 8);
        var after = await engine.StatsAsync(default);
        Assert.NotEqual(before, after.IndexName);
        Assert.Equal(6, after.Documents);
        Assert.Equal([after.IndexName], await IndicesOfTenantAsync());
    }

    [EngineFact]
    public async Task AnIndexOfAnOlderMappingIsNotSearchedAndTheIndexerIsToldToRebuildIt()
    {
        // An index as builds before the mapping had a version left it: named by its time alone, without seller_id.
        var alias = ElasticsearchIndexNames.Alias("gigstore-", Tenant);
        var old = alias + "-v" + Now.UtcDateTime.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var body = GigIndex.CreateIndexBody();
        body["mappings"]!["properties"]!.AsObject().Remove(GigIndex.SellerId);
        await Client().CreateIndexAsync(old, body, default);
        await Client().SwapAliasAsync(alias, old, [], default);

        // A filter on a field the index lacks would quietly match nothing: the engine refuses, search answers from the database.
        var engine = Engine();
        Assert.False(await engine.ExistsAsync(default));
        var error = await Assert.ThrowsAsync<SearchEngineException>(() => SearchAsync(engine, new SearchQuery { OnlineOnly = true }));
        Assert.Contains("mapping version 1", error.Message);

        await engine.RebuildAsync(Stream(All(Now)), null, default);
        Assert.True(await engine.ExistsAsync(default));
        Finds(await SearchAsync(engine, new SearchQuery { OnlineOnly = true, OnlineSellerIds = new HashSet<string> { "seller-dev" } }), WordPressSite);
        Assert.Equal(GigIndex.MappingVersion, ElasticsearchIndexNames.MappingVersionOf(Assert.Single(await IndicesOfTenantAsync())));
    }

    [EngineFact]
    public async Task StatsNameTheIndexBehindTheAlias()
    {
        var engine = await BuiltAsync();

        var stats = await engine.StatsAsync(default);

        Assert.StartsWith(ElasticsearchIndexNames.Alias("gigstore-", Tenant) + "-v", stats.IndexName);
        Assert.Equal(7, stats.Documents);
        Assert.True(stats.SizeBytes >= 0);
    }

    [EngineFact]
    public async Task AutocompleteSuggestsTagsAndGigsForWhatIsBeingTyped()
    {
        var engine = await BuiltAsync();

        var suggestions = await engine.SuggestAsync("wordp", 6, default);

        Assert.Equal(new Suggestion(SuggestionKind.Query, "wordpress"), suggestions[0]);
        Assert.Equal(["gig-4", "gig-5"], suggestions.Where(s => s.Kind == SuggestionKind.Gig).Select(s => s.Slug!).Order());
        Assert.Contains(new Suggestion(SuggestionKind.Gig, "I will build a WordPress website", "gig-4"), suggestions);
        Assert.True((await engine.SuggestAsync("wordp", 2, default)).Count <= 2);
        Assert.Empty(await engine.SuggestAsync("w", 6, default));
    }

    [EngineFact]
    public async Task AutocompleteToleratesATypo()
    {
        var engine = await BuiltAsync();

        var suggestions = await engine.SuggestAsync("logp", 6, default);

        Assert.Contains(new Suggestion(SuggestionKind.Query, "logo"), suggestions);
        Assert.Contains(suggestions, s => s is { Kind: SuggestionKind.Gig, Slug: "gig-1" });
    }

    [EngineFact]
    public async Task HealthNamesTheServerAndTheIndex()
    {
        var engine = Engine();

        var empty = await engine.HealthAsync(default);
        await engine.RebuildAsync(Stream(All(Now)), null, default);
        var built = await engine.HealthAsync(default);

        Assert.True(empty.Healthy);
        Assert.Contains("not built yet", empty.Detail);
        Assert.True(built.Healthy);
        Assert.Contains((await engine.StatsAsync(default)).IndexName, built.Detail);
    }

    /// <summary>An engine for this test's tenant.</summary>
    private protected ElasticsearchEngine Engine(string? apiKey = null, TimeSpan? timeout = null) =>
        TestGigs.Engine(Url, Tenant, apiKey ?? ApiKey, Clock, timeout);

    /// <summary>An engine whose index holds <see cref="TestGigs.All"/>.</summary>
    private protected async Task<ElasticsearchEngine> BuiltAsync()
    {
        var engine = Engine();
        await engine.RebuildAsync(Stream(All(Now)), null, default);
        return engine;
    }

    private protected static Task<SearchResults> SearchAsync(ISearchEngine engine, string text) =>
        SearchAsync(engine, new SearchQuery { Text = text });

    private protected static Task<SearchResults> SearchAsync(ISearchEngine engine, SearchQuery query) =>
        engine.SearchAsync(query with { PriceBucketBoundsMinor = PriceBounds }, RankingSettings.Default, default);

    /// <summary>The hits are these gigs, in any order.</summary>
    private protected static void Finds(SearchResults results, params int[] gigIds) =>
        Assert.Equal(gigIds.Order(), results.Hits.Select(h => h.GigId).Order());

    /// <summary>These gigs come first, in any order (gigs with only some of the words may follow).</summary>
    private protected static void FindsFirst(SearchResults results, params int[] gigIds) =>
        Assert.Equal(gigIds.Order(), results.Hits.Take(gigIds.Length).Select(h => h.GigId).Order());

    /// <summary>The hits are these gigs in this order.</summary>
    private protected static void InOrder(SearchResults results, params int[] gigIds) =>
        Assert.Equal(gigIds, results.Hits.Select(h => h.GigId));

    /// <summary>A client of its own, to look at the server behind the engine's back.</summary>
    private protected ElasticsearchClient Client() =>
        new(new HttpClient(), new ElasticsearchOptions { Url = Url, ApiKey = ApiKey, Tenant = Tenant });

    /// <summary>Every build of this test's tenant that exists on the server.</summary>
    private protected async Task<IReadOnlyList<string>> IndicesOfTenantAsync() =>
        [.. (await Client().CatIndicesAsync(ElasticsearchIndexNames.VersionPattern(ElasticsearchIndexNames.Alias("gigstore-", Tenant)), default)).Select(i => i.Index)];
}
