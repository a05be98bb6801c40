using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Search.Engines.Elasticsearch;
using GigStore.Search.Indexing;
using Microsoft.Extensions.Logging.Abstractions;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// A small catalogue for the engine tests: two categories (Graphics 1 with Logo design 11 and Print 12,
/// Programming 2 with Websites 21), attributes, sellers of every level, prices, delivery times, ratings,
/// languages and countries chosen so each filter and facet has something to tell apart.
/// </summary>
public static class TestGigs
{
    public const int MinimalistLogo = 1;
    public const int VintageLogo = 2;
    public const int BusinessCards = 3;
    public const int WordPressSite = 4;
    public const int WordPressFixes = 5;
    public const int ShopifyStore = 6;
    public const int MascotLogo = 7;

    public const int Graphics = 1;
    public const int LogoDesign = 11;
    public const int Print = 12;
    public const int Programming = 2;
    public const int Websites = 21;

    public static IReadOnlyList<SearchDocument> All(DateTimeOffset now) =>
    [
        Gig(MinimalistLogo, "I will design a minimalist logo for your brand", Graphics, LogoDesign,
            ["logo", "branding", "minimalist logo"], "Logo Design Minimalist SVG PNG",
            "A clean, modern logo that works at every size. You get vector files and a brand guide.",
            new() { ["logo-style"] = ["Minimalist"], ["file-format"] = ["SVG", "PNG"] },
            2000, 1, SellerLevel.TopRated, 4.9, 120, 500, ["English", "German"], "DE", now.AddDays(-10), "Anna Berg", "anna"),
        Gig(VintageLogo, "I will create a vintage logo with hand lettering", Graphics, LogoDesign,
            ["vintage", "retro", "lettering"], "Logo Design Vintage PNG",
            "Hand drawn badges and emblems in a retro style & classic lettering.",
            new() { ["logo-style"] = ["Vintage"], ["file-format"] = ["PNG"] },
            4500, 3, SellerLevel.Level2, 4.6, 30, 80, ["English"], "US", now.AddDays(-100), "Bob Carter", "bob"),
        Gig(BusinessCards, "I will design business cards and stationery", Graphics, Print,
            ["business cards", "stationery"], "Print Design Matte",
            "Print ready business cards, letterheads and envelopes, designed to match your logo.",
            new() { ["paper"] = ["Matte"] },
            3000, 7, SellerLevel.Level1, 4.2, 8, 12, ["English", "French"], "FR", now.AddDays(-30), "Chloé Dubois", "chloe"),
        Gig(WordPressSite, "I will build a WordPress website", Programming, Websites,
            ["wordpress", "website"], "Programming Websites WordPress",
            "A fast WordPress site with a theme of your choice, contact forms and search engine basics.",
            new() { ["platform"] = ["WordPress"] },
            15000, 7, SellerLevel.TopRated, 4.8, 300, 2000, ["English"], "US", now.AddDays(-400), "Dev Patel", "dev"),
        Gig(WordPressFixes, "I will fix WordPress errors & bugs", Programming, Websites,
            ["wordpress", "bug fix"], "Programming Websites WordPress",
            "White screen, plugin conflicts or a hacked site: I find the cause and fix it within a day.",
            new() { ["platform"] = ["WordPress"] },
            1000, 1, SellerLevel.New, 0, 0, 0, ["Spanish", "English"], "ES", now.AddDays(-2), "Elena Ruiz", "elena"),
        Gig(ShopifyStore, "I will develop a Shopify store", Programming, Websites,
            ["shopify", "ecommerce"], "Programming Websites Shopify",
            "An online shop with payments, shipping rules and a theme that fits your brand.",
            new() { ["platform"] = ["Shopify"] },
            30000, 14, SellerLevel.Level2, 4.0, 50, 150, ["English"], "GB", now.AddDays(-60), "Finn Walsh", "finn"),
        Gig(MascotLogo, "I will draw a mascot logo", Graphics, LogoDesign,
            ["mascot", "cartoon"], "Logo Design Mascot Minimalist",
            "A friendly character for your team or game, delivered as a layered file.",
            new() { ["logo-style"] = ["Mascot", "Minimalist"] },
            6000, 3, SellerLevel.Level1, 3.9, 15, 20, ["German"], "DE", now.AddDays(-5), "Greta Vogel", "greta"),
    ];

    public static SearchDocument Gig(int id, string title, int category, int? subcategory, string[] tags, string facets, string description,
        Dictionary<string, IReadOnlyList<string>> attributes, long price, int days, SellerLevel level, double rating, int reviews, int orders,
        string[] languages, string country, DateTimeOffset published, string seller, string handle) => new()
    {
        GigId = id,
        Slug = $"gig-{id}",
        Title = title,
        Tags = tags,
        Facets = facets,
        Description = description,
        CategoryId = category,
        SubcategoryId = subcategory,
        Attributes = attributes,
        StartingPriceMinor = price,
        MinDeliveryDays = days,
        SellerLevel = level,
        RatingAverage = rating,
        ReviewCount = reviews,
        OrdersCompleted = orders,
        Languages = languages,
        Country = country,
        PublishedUtc = published,
        SellerId = "seller-" + handle,
        SellerName = seller,
        SellerHandle = handle,
        Cover = id % 2 == 1 ? new GalleryImage($"img{id}", 1600, 1200, [400, 800, 1600]) : null,
    };

    /// <summary>An engine for a tenant of its own on <paramref name="url"/>.</summary>
    internal static ElasticsearchEngine Engine(Uri url, string tenant, string? apiKey = null, TimeProvider? clock = null, TimeSpan? timeout = null, HttpMessageHandler? handler = null, int batchSize = 2000)
    {
        var options = new ElasticsearchOptions { Url = url, ApiKey = apiKey, Tenant = tenant, RequestTimeout = timeout ?? TimeSpan.FromSeconds(10), BulkBatchSize = batchSize };
        var http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true);
        return new ElasticsearchEngine(new ElasticsearchClient(http, options), options, clock ?? TimeProvider.System, NullLogger<ElasticsearchEngine>.Instance);
    }

    /// <summary>A tenant name no other test uses.</summary>
    public static string NewTenant() => "T" + Guid.NewGuid().ToString("N")[..10];

    public static async IAsyncEnumerable<SearchDocument> Stream(IEnumerable<SearchDocument> documents)
    {
        foreach (var document in documents)
        {
            await Task.Yield();
            yield return document;
        }
    }
}

/// <summary>A clock that starts at a fixed instant and moves one millisecond each time it is read, so versioned index names never collide.</summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private long _reads;

    public DateTimeOffset Start { get; } = start;

    public override DateTimeOffset GetUtcNow() => Start.AddMilliseconds(Interlocked.Increment(ref _reads));
}
