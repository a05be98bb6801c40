using GigStore.Catalog.Data;
using GigStore.Search.Engines;
using GigStore.Search.Indexing;
using GigStore.Search.Query;
using GigStore.Search.Ranking;

namespace GigStore.Tests.Search;

/// <summary>
/// What every search engine must do, whatever it is: a derived class supplies an empty engine (SQLite
/// FTS5 in a temporary folder, Elasticsearch through its test double or a live server). The documents are
/// a small fixed catalogue built here.
/// </summary>
public abstract class SearchEngineContract : IAsyncLifetime
{
    protected const int LogoDesign = 2;
    protected const int Graphics = 1;
    protected const int Programming = 10;
    protected const int WebDev = 11;

    private ISearchEngine? _engine;

    protected ISearchEngine Engine => _engine ?? throw new InvalidOperationException("Not initialized");

    /// <summary>A new, empty engine of the kind under test.</summary>
    protected abstract Task<ISearchEngine> CreateEngineAsync();

    /// <summary>Removes what the engine made (files, indexes).</summary>
    protected virtual Task DeleteEngineAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _engine = await CreateEngineAsync();
        await Engine.RebuildAsync(ToAsync(Catalogue()), null, default);
    }

    public Task DisposeAsync() => DeleteEngineAsync();

    protected static SearchDocument Doc(
        int id,
        string title,
        string[] tags,
        string description,
        int category = Graphics,
        int? subcategory = LogoDesign,
        Dictionary<string, IReadOnlyList<string>>? attributes = null,
        long price = 5000,
        int delivery = 3,
        SellerLevel level = SellerLevel.Level1,
        string[]? languages = null,
        string country = "DE",
        double rating = 4.8,
        int reviews = 20,
        int orders = 50,
        int ageDays = 30) => new()
        {
            GigId = id,
            Slug = $"gig-{id}",
            Title = title,
            Tags = tags,
            Facets = string.Join(' ', (attributes ?? []).SelectMany(a => a.Value)),
            Description = description,
            CategoryId = category,
            SubcategoryId = subcategory,
            Attributes = attributes ?? [],
            StartingPriceMinor = price,
            Currency = "USD",
            MinDeliveryDays = delivery,
            SellerLevel = level,
            Languages = languages ?? ["English"],
            Country = country,
            RatingAverage = reviews == 0 ? 0 : rating,
            ReviewCount = reviews,
            OrdersCompleted = orders,
            PublishedUtc = DateTimeOffset.UtcNow.AddDays(-ageDays),
            SellerId = $"seller-{id}",
            SellerName = $"Seller {id}",
            SellerHandle = $"seller-{id}",
        };

    protected static Dictionary<string, IReadOnlyList<string>> Style(params string[] styles) => new() { ["logo-style"] = styles };

    /// <summary>Twelve gigs: logos of several styles, websites, scripts.</summary>
    protected static List<SearchDocument> Catalogue() =>
    [
        Doc(1, "I will design a minimalist logo for your startup", ["logo design", "minimalist logo", "branding"], "A clean, modern logo with unlimited revisions and source files.", attributes: Style("Minimalist"), price: 3000, delivery: 2, level: SellerLevel.TopRated, orders: 900, reviews: 300, rating: 4.9),
        Doc(2, "I will create a vintage badge logo for your brewery", ["vintage logo", "badge", "brewery"], "Hand-crafted vintage badges for breweries and barbers.", attributes: Style("Vintage"), price: 6000, delivery: 5, level: SellerLevel.Level2, country: "US", languages: ["English", "Spanish"]),
        Doc(3, "I will design a mascot logo for your gaming team", ["mascot logo", "esports", "gaming"], "Bold mascot logos for teams and streamers.", attributes: Style("Mascot"), price: 8000, delivery: 4, level: SellerLevel.New, reviews: 0, orders: 0, country: "PL", languages: ["Polish", "English"]),
        Doc(4, "I will draw a hand drawn logo for your bakery", ["hand drawn logo", "bakery", "illustration"], "Warm hand-drawn lettering and illustration.", attributes: Style("Hand-drawn", "Vintage"), price: 4500, delivery: 7, rating: 4.2, reviews: 12),
        Doc(5, "I will design a modern 3D logo for your app", ["3d logo", "app icon"], "Shiny three dimensional logos and app icons.", attributes: Style("3D"), price: 12000, delivery: 1, level: SellerLevel.Level2, rating: 4.6, reviews: 40),
        Doc(6, "I will build a responsive WordPress website for you", ["wordpress", "website", "elementor"], "Fast WordPress sites with Elementor, SEO basics and training.", category: Programming, subcategory: WebDev, attributes: new() { ["platform"] = ["WordPress"] }, price: 25000, delivery: 10, country: "IN", languages: ["English", "Hindi"]),
        Doc(7, "I will set up your Shopify store from scratch", ["shopify", "ecommerce", "online store"], "A complete Shopify store: theme, products, payments.", category: Programming, subcategory: WebDev, attributes: new() { ["platform"] = ["Shopify"] }, price: 30000, delivery: 7, level: SellerLevel.TopRated, orders: 400),
        Doc(8, "I will fix bugs in your WordPress site", ["wordpress", "bug fix", "php"], "Errors, white screens, broken plugins fixed within a day.", category: Programming, subcategory: WebDev, attributes: new() { ["platform"] = ["WordPress"] }, price: 2000, delivery: 1, rating: 4.7, reviews: 80),
        Doc(9, "I will write a Python script to automate your tasks", ["python", "automation", "scripting"], "Automation scripts for spreadsheets, APIs and files.", category: Programming, subcategory: null, price: 4000, delivery: 3),
        Doc(10, "I will debug and fix your Python code", ["python", "debugging"], "I find and fix the bugs in your Python programs.", category: Programming, subcategory: null, price: 3500, delivery: 2, level: SellerLevel.Level2),
        Doc(11, "I will design logo animation intro for youtube", ["logo animation", "intro", "youtube"], "Animated logo intros for channels.", attributes: Style("3D"), price: 7000, delivery: 3, ageDays: 400),
        Doc(12, "I will redesign your existing logo", ["logo redesign", "rebrand"], "A fresh look for an old logo, keeping what people recognise.", attributes: Style("Minimalist"), price: 9000, delivery: 5, level: SellerLevel.Level1, country: "US"),
    ];

    protected static async IAsyncEnumerable<SearchDocument> ToAsync(IEnumerable<SearchDocument> documents)
    {
        foreach (var document in documents)
        {
            yield return document;
            await Task.Yield();
        }
    }

    protected Task<SearchResults> SearchAsync(SearchQuery query) => Engine.SearchAsync(query, RankingSettings.Default, default);

    protected async Task<List<int>> IdsAsync(SearchQuery query) => [.. (await SearchAsync(query)).Hits.Select(h => h.GigId)];

    protected static SearchQuery Text(string text) => new() { Text = text, PriceBucketBoundsMinor = [2500, 5000, 10000] };

    [Fact]
    public async Task WordsMatchTitlesTagsAndDescriptionsWithTitlesFirst()
    {
        var results = await SearchAsync(Text("python"));
        Assert.Equal(2, results.Total);
        Assert.Equal([9, 10], results.Hits.Select(h => h.GigId).Order());

        // "elementor" is only in a tag and a description; "brewery" in a title beats "breweries" in a description only.
        Assert.Equal([6], await IdsAsync(Text("elementor")));
        Assert.Equal(2, (await IdsAsync(Text("brewery")))[0]);
    }

    [Fact]
    public async Task StemsMatch()
    {
        Assert.Contains(3, await IdsAsync(Text("mascots")));
        Assert.Contains(8, await IdsAsync(Text("fixing bugs")));
    }

    [Fact]
    public async Task TheLastWordIsAPrefixWhileTyping()
    {
        Assert.Contains(6, await IdsAsync(Text("wordpr")));
        Assert.Contains(7, await IdsAsync(Text("shopi")));
    }

    [Fact]
    public async Task AMisspeltWordFindsTheCloseSpellingAndSaysSo()
    {
        var results = await SearchAsync(Text("mascott logo"));
        Assert.Contains(3, results.Hits.Select(h => h.GigId));
        Assert.Equal("mascot logo", results.CorrectedText);

        var exact = await SearchAsync(Text("mascot logo"));
        Assert.Null(exact.CorrectedText);
    }

    [Fact]
    public async Task AQueryWithSomeOfTheWordsStillFindsTheBestMatches()
    {
        var ids = await IdsAsync(Text("I need someone to fix my wordpress site quickly"));
        Assert.Equal(8, ids[0]);
    }

    [Fact]
    public async Task HighlightsMarkTheMatchedWordsAndEscapeTheRest()
    {
        var hit = (await SearchAsync(Text("vintage"))).Hits.First(h => h.GigId == 2);
        Assert.Equal("I will create a <mark>vintage</mark> badge logo for your brewery", hit.TitleHtml);
    }

    [Fact]
    public async Task EveryFilterApplies()
    {
        Assert.Equal([6, 7, 8], (await IdsAsync(new SearchQuery { CategoryId = Programming, SubcategoryId = WebDev })).Order());
        Assert.Equal([9, 10], (await IdsAsync(new SearchQuery { CategoryId = Programming, Text = "python" })).Order());
        Assert.Equal([1, 8, 9, 10], (await IdsAsync(new SearchQuery { MaxPriceMinor = 4000 })).Order());
        Assert.Equal([5, 8], (await IdsAsync(new SearchQuery { MaxDeliveryDays = 1 })).Order());
        Assert.Equal([1, 7], (await IdsAsync(new SearchQuery { SellerLevels = [SellerLevel.TopRated] })).Order());
        Assert.Equal([1], (await IdsAsync(new SearchQuery { MinRating = 4.9 })).Order());
        Assert.DoesNotContain(3, await IdsAsync(new SearchQuery { MinRating = 4.0, PageSize = 60 }));
        Assert.Equal([2], (await IdsAsync(new SearchQuery { Languages = ["Spanish"] })).Order());
        Assert.Equal([2, 12], (await IdsAsync(new SearchQuery { Countries = ["US"] })).Order());
    }

    [Fact]
    public async Task AttributeFiltersAreOrWithinAnAttributeAndAndAcross()
    {
        var vintageOrMascot = new SearchQuery { CategoryId = Graphics, Attributes = new Dictionary<string, IReadOnlyList<string>> { ["logo-style"] = ["Vintage", "Mascot"] } };
        Assert.Equal([2, 3, 4], (await IdsAsync(vintageOrMascot)).Order());

        var andCheap = vintageOrMascot with { MaxPriceMinor = 5000 };
        Assert.Equal([4], await IdsAsync(andCheap));
    }

    [Fact]
    public async Task FacetCountsApplyEveryFilterButTheirOwn()
    {
        var query = new SearchQuery
        {
            CategoryId = Graphics,
            Attributes = new Dictionary<string, IReadOnlyList<string>> { ["logo-style"] = ["Vintage"] },
            MaxDeliveryDays = 7,
            PriceBucketBoundsMinor = [5000],
        };
        var results = await SearchAsync(query);
        Assert.Equal(2, results.Total);

        // Styles count as if no style were chosen (but within the category and delivery filter).
        var styles = results.Facets[FacetNames.AttributePrefix + "logo-style"].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(2, styles["Minimalist"]);
        Assert.Equal(2, styles["Vintage"]);
        Assert.Equal(1, styles["Mascot"]);
        Assert.Equal(2, styles["3D"]);

        // Categories count without the category filter, with the style filter: only logo gigs have a style.
        var categories = results.Facets[FacetNames.Category].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(2, categories[Graphics.ToString()]);
        Assert.False(categories.ContainsKey(Programming.ToString()));

        // Delivery buckets count without the delivery filter: ≤1 day has none of the vintage gigs, ≤7 both.
        var delivery = results.Facets[FacetNames.Delivery].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(0, delivery["1"]);
        Assert.Equal(2, delivery["7"]);

        var prices = results.Facets[FacetNames.Price].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(1, prices["-5000"]);
        Assert.Equal(1, prices["5000-"]);
    }

    /// <summary>Sellers online now in the online cases: a logo designer and two programmers.</summary>
    private static readonly IReadOnlySet<string> Online = new HashSet<string> { "seller-2", "seller-6", "seller-8", "seller-who-has-no-gigs" };

    [Fact]
    public async Task TheOnlineFilterKeepsOnlyTheGigsOfSellersOnlineNow()
    {
        Assert.Equal([2, 6, 8], (await IdsAsync(new SearchQuery { OnlineOnly = true, OnlineSellerIds = Online })).Order());
        Assert.Equal([6, 8], (await IdsAsync(Text("wordpress") with { OnlineOnly = true, OnlineSellerIds = Online })).Order());
        Assert.Equal([2], await IdsAsync(new SearchQuery { CategoryId = Graphics, OnlineOnly = true, OnlineSellerIds = Online }));

        // Knowing who is online filters nothing by itself.
        Assert.Equal(12, (await SearchAsync(new SearchQuery { OnlineSellerIds = Online })).Total);
    }

    [Fact]
    public async Task HitsNameTheirSeller()
    {
        // By id, so the page can tell which cards' sellers are online now.
        var hits = (await SearchAsync(new SearchQuery { PageSize = 60 })).Hits;
        Assert.Equal(12, hits.Count);
        Assert.All(hits, h => Assert.Equal($"seller-{h.GigId}", h.SellerId));
    }

    [Fact]
    public async Task TheOnlineCountAppliesEveryOtherFilterButNotItsOwn()
    {
        // Off: the online sellers' gigs among those the other filters keep.
        var programming = await SearchAsync(new SearchQuery { CategoryId = Programming, OnlineSellerIds = Online });
        Assert.Equal(5, programming.Total);
        Assert.Equal(2, OnlineCount(programming));

        // On: the same count, and every other facet counts online sellers' gigs only.
        var online = await SearchAsync(new SearchQuery { CategoryId = Programming, OnlineOnly = true, OnlineSellerIds = Online });
        Assert.Equal(2, online.Total);
        Assert.Equal(2, OnlineCount(online));
        var categories = online.Facets[FacetNames.Category].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(1, categories[Graphics.ToString()]);
        Assert.Equal(2, categories[Programming.ToString()]);
        var levels = online.Facets[FacetNames.SellerLevel].ToDictionary(f => f.Value, f => f.Count);
        Assert.Equal(2, levels[nameof(SellerLevel.Level1)]);
        Assert.False(levels.ContainsKey(nameof(SellerLevel.TopRated)));

        var cheap = await SearchAsync(new SearchQuery { CategoryId = Programming, MaxPriceMinor = 5000, OnlineOnly = true, OnlineSellerIds = Online });
        Assert.Equal([8], cheap.Hits.Select(h => h.GigId));
        Assert.Equal(1, OnlineCount(cheap));
    }

    [Fact]
    public async Task WithNobodyOnlineTheFilterFindsNothingAndTheCountIsZero()
    {
        var online = await SearchAsync(new SearchQuery { OnlineOnly = true });
        Assert.Equal(0, online.Total);
        Assert.Empty(online.Hits);
        Assert.Equal(0, OnlineCount(online));

        var all = await SearchAsync(Text("logo"));
        Assert.True(all.Total > 0);
        Assert.Equal(0, OnlineCount(all));
    }

    /// <summary>The online facet's one count.</summary>
    private static long OnlineCount(SearchResults results)
    {
        var online = Assert.Single(results.Facets[FacetNames.Online]);
        Assert.Equal(FacetNames.OnlineValue, online.Value);
        return online.Count;
    }

    [Fact]
    public async Task SortsOrderResults()
    {
        Assert.Equal([8, 1, 10, 9], (await IdsAsync(new SearchQuery { MaxPriceMinor = 4000, Sort = SearchSort.PriceLowToHigh })));
        Assert.Equal([9, 10, 1, 8], (await IdsAsync(new SearchQuery { MaxPriceMinor = 4000, Sort = SearchSort.PriceHighToLow })));
        Assert.Equal(1, (await IdsAsync(new SearchQuery { Sort = SearchSort.BestSelling }))[0]);
        Assert.Equal(1, (await IdsAsync(new SearchQuery { Sort = SearchSort.Rating }))[0]);
        Assert.Equal(11, (await IdsAsync(new SearchQuery { Sort = SearchSort.Newest }))[^1]);
    }

    [Fact]
    public async Task QualityBreaksTiesBetweenEquallyGoodTextMatches()
    {
        // Both have "logo" once in the title; the top-rated best seller comes before the new seller with no reviews.
        var ids = await IdsAsync(Text("logo"));
        Assert.True(ids.IndexOf(1) < ids.IndexOf(3));
    }

    [Fact]
    public async Task PagesDoNotOverlapAndCoverEverything()
    {
        var first = await SearchAsync(new SearchQuery { PageSize = 5, Page = 1, Sort = SearchSort.PriceLowToHigh });
        var second = await SearchAsync(new SearchQuery { PageSize = 5, Page = 2, Sort = SearchSort.PriceLowToHigh });
        var third = await SearchAsync(new SearchQuery { PageSize = 5, Page = 3, Sort = SearchSort.PriceLowToHigh });
        Assert.Equal(12, first.Total);
        var all = first.Hits.Concat(second.Hits).Concat(third.Hits).Select(h => h.GigId).ToList();
        Assert.Equal(12, all.Distinct().Count());
        Assert.Equal(2, third.Hits.Count);
    }

    [Fact]
    public async Task IndexingReplacesAndRemovesGigs()
    {
        var renamed = Catalogue()[8] with { Title = "I will write a Rust command line tool", Tags = ["rust", "cli"], Description = "Fast tools." };
        await Engine.IndexAsync([renamed, Doc(13, "I will translate English to Spanish", ["translation"], "Native Spanish translator.", category: 20, subcategory: null)], [10], default);

        Assert.Empty(await IdsAsync(Text("python")));
        Assert.Equal([9], await IdsAsync(Text("rust")));
        Assert.Equal([13], await IdsAsync(Text("spanish translation")));
        Assert.Equal(12, (await SearchAsync(new SearchQuery())).Total);
    }

    [Fact]
    public async Task ARebuildReplacesTheIndexWhileSearchesGoOn()
    {
        var before = await SearchAsync(Text("logo"));
        var documents = Catalogue().Where(d => d.GigId != 1).ToList();
        var progress = new List<long>();
        await Engine.RebuildAsync(ToAsync(documents), new Progress<long>(progress.Add), default);
        var after = await SearchAsync(Text("logo"));
        Assert.Equal(before.Total - 1, after.Total);
        Assert.DoesNotContain(1, after.Hits.Select(h => h.GigId));
        Assert.Equal(11, (await Engine.StatsAsync(default)).Documents);
    }

    [Fact]
    public async Task SuggestionsCompleteWordsAndFindGigsDespiteTypos()
    {
        var words = await Engine.SuggestAsync("masc", 8, default);
        Assert.Contains(words, s => s.Kind == SuggestionKind.Query && s.Text.StartsWith("mascot", StringComparison.Ordinal));
        Assert.Contains(words, s => s.Kind == SuggestionKind.Gig && s.Slug == "gig-3");

        var typo = await Engine.SuggestAsync("shopfy", 8, default);
        Assert.Contains(typo, s => s.Text.Contains("shopify", StringComparison.OrdinalIgnoreCase));

        Assert.Empty(await Engine.SuggestAsync("s", 8, default));
    }

    [Fact]
    public async Task HealthAndStatsAnswer()
    {
        Assert.True((await Engine.HealthAsync(default)).Healthy);
        Assert.Equal(12, (await Engine.StatsAsync(default)).Documents);
    }

    /// <summary>Text a buyer may type that would be query syntax if passed on raw.</summary>
    public static readonly string[] HostileTexts =
    [
        "\"", "\"\"", "\"logo", "logo\"", "*", "**", "logo*", "*logo", "-", "-logo", "logo -vintage", "NEAR", "NEAR(logo vintage)", "NEAR(logo, 2)",
        "AND", "OR", "NOT", "logo AND", "OR logo", "NOT logo", "(", ")", "(((logo", "logo)))", "[logo]", "{title}: logo", "title:logo", "logo^5", "^", ":",
        "'", "';--", "\\", "\\\"", "~logo", "logo~2", "+logo", "a/b", "<script>alert(1)</script>", "%", "_", "\0", "\u0001\u0002", "🙂 logo", "ｌｏｇｏ", "Ωmega", "日本語のロゴ",
        "\t\n\r", " ", "l", "lo", new string('a', 200), string.Join(' ', Enumerable.Repeat("logo", 50)), "\"NEAR(\" * -) AND (OR", "{", "}", "$", "#", "@",
    ];

    [Fact]
    public async Task HostileTextNeverFails()
    {
        var random = new Random(4242);
        const string alphabet = "abcdelogvint \"*-()[]{}:^~+'\\NEARORANDNOT\0\u0001🙂ü";
        var texts = HostileTexts.Concat(Enumerable.Range(0, 300).Select(_ =>
            new string([.. Enumerable.Range(0, random.Next(1, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])])));
        foreach (var text in texts)
        {
            var results = await SearchAsync(Text(text));
            Assert.NotNull(results);
            await Engine.SuggestAsync(text, 8, default);
        }
    }
}
