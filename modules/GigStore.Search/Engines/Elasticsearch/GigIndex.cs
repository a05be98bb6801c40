using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Search.Indexing;
using GigStore.Search.Query;
using GigStore.Search.Ranking;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// How a gig sits in the index: its fields, the mapping and settings of a new index, the document the
/// engine writes and the card it reads back. Text is analysed with the built-in <c>english</c> analyzer
/// (stems, stop words); title and tags are copied into <c>search_as_you_type</c> fields, kept without
/// stemming, for autocomplete and for the prefix of the word being typed. The quality signals are stored
/// precomputed on their 0–1 scale (<see cref="Signals"/>), so ranking needs no script.
/// </summary>
internal static class GigIndex
{
    /// <summary>
    /// The version of the mapping below, carried in each versioned index's name
    /// (<see cref="ElasticsearchIndexNames.Versioned"/>): an index of an older mapping is never searched or written,
    /// it is rebuilt. Raise it with any change to the mapping. 2: <see cref="SellerId"/>.
    /// </summary>
    public const int MappingVersion = 2;

    // Text, searched with the tenant's field weights.
    public const string Title = "title";
    public const string Tags = "tags";
    public const string Facets = "facets";
    public const string Description = "description";

    // Unstemmed copies for autocomplete and prefixes.
    public const string TitleSuggest = "title_suggest";
    public const string TagsSuggest = "tags_suggest";

    // Filters and facets.
    public const string CategoryId = "category_id";
    public const string SubcategoryId = "subcategory_id";

    /// <summary>Every chosen attribute option as "key:option", e.g. "logo-style:Minimalist".</summary>
    public const string Attributes = "attributes";
    public const string Languages = "languages";
    public const string Country = "country";

    /// <summary>The seller's user id: the "online now" filter and facet are a <c>terms</c> query of the sellers online.</summary>
    public const string SellerId = "seller_id";
    public const string SellerLevel = "seller_level";
    public const string StartingPrice = "starting_price";
    public const string MinDeliveryDays = "min_delivery_days";
    public const string RatingAverage = "rating_average";
    public const string ReviewCount = "review_count";
    public const string OrdersCompleted = "orders_completed";
    public const string PublishedUtc = "published_utc";

    // Ranking signals, 0–1, and the constant 1 the quality multiplier starts from.
    public const string QualityBase = "quality_base";
    public const string RatingSignal = "rating_signal";
    public const string OrdersSignal = "orders_signal";
    public const string LevelSignal = "level_signal";

    // The card: kept in the source only.
    public const string GigId = "gig_id";
    public const string Slug = "slug";
    public const string Currency = "currency";
    public const string SellerName = "seller_name";
    public const string SellerHandle = "seller_handle";
    public const string Cover = "cover";

    /// <summary>Lower case and accents folded, no stemming: what autocomplete compares typed letters with.</summary>
    public const string AutocompleteAnalyzer = "gig_autocomplete";

    private const string English = "english";

    /// <summary>What a hit brings back: the card, and the words spelling correction compares typed words with.</summary>
    public static readonly string[] CardFields =
        [GigId, Slug, Title, Tags, Facets, StartingPrice, Currency, MinDeliveryDays, RatingAverage, ReviewCount, OrdersCompleted, SellerId, SellerName, SellerHandle, SellerLevel, Cover];

    public static string AttributeValue(string key, string option) => key + ":" + option;

    /// <summary>The body of <c>PUT /{index}</c>: strict mappings (a document with an unknown field is refused) and the autocomplete analyzer.</summary>
    public static JsonObject CreateIndexBody() => new()
    {
        ["settings"] = new JsonObject
        {
            ["analysis"] = new JsonObject
            {
                ["analyzer"] = new JsonObject
                {
                    [AutocompleteAnalyzer] = new JsonObject
                    {
                        ["type"] = "custom",
                        ["tokenizer"] = "standard",
                        ["filter"] = new JsonArray("lowercase", "asciifolding"),
                    },
                },
            },
        },
        ["mappings"] = new JsonObject
        {
            ["dynamic"] = "strict",
            ["properties"] = new JsonObject
            {
                [GigId] = Typed("integer"),
                [Title] = Text(copyTo: TitleSuggest),
                [Tags] = Text(copyTo: TagsSuggest),
                [Facets] = Text(),
                [Description] = Text(),
                [TitleSuggest] = Autocomplete(),
                [TagsSuggest] = Autocomplete(),
                [CategoryId] = Typed("keyword"),
                [SubcategoryId] = Typed("keyword"),
                [Attributes] = Typed("keyword"),
                [Languages] = Typed("keyword"),
                [Country] = Typed("keyword"),
                [SellerId] = Typed("keyword"),
                [SellerLevel] = Typed("keyword"),
                [StartingPrice] = Typed("long"),
                [MinDeliveryDays] = Typed("integer"),
                [RatingAverage] = Typed("double"),
                [ReviewCount] = Typed("integer"),
                [OrdersCompleted] = Typed("integer"),
                [PublishedUtc] = Typed("date"),
                [QualityBase] = Typed("double"),
                [RatingSignal] = Typed("double"),
                [OrdersSignal] = Typed("double"),
                [LevelSignal] = Typed("double"),
                [Slug] = StoredOnly(),
                [Currency] = StoredOnly(),
                [SellerName] = StoredOnly(),
                [SellerHandle] = StoredOnly(),
                [Cover] = new JsonObject { ["type"] = "object", ["enabled"] = false },
            },
        },
    };

    /// <summary>The indexed document of a gig; its id in the index is the gig id.</summary>
    public static JsonObject Document(SearchDocument gig)
    {
        var document = new JsonObject
        {
            [GigId] = gig.GigId,
            [Title] = gig.Title,
            [Tags] = Array(gig.Tags),
            [Facets] = gig.Facets,
            [Description] = gig.Description,
            [CategoryId] = Id(gig.CategoryId),
            [Attributes] = Array(gig.Attributes.SelectMany(a => a.Value.Select(option => AttributeValue(a.Key, option)))),
            [Languages] = Array(gig.Languages),
            [SellerId] = gig.SellerId,
            [SellerLevel] = gig.SellerLevel.ToString(),
            [StartingPrice] = gig.StartingPriceMinor,
            [MinDeliveryDays] = gig.MinDeliveryDays,
            [RatingAverage] = gig.RatingAverage,
            [ReviewCount] = gig.ReviewCount,
            [OrdersCompleted] = gig.OrdersCompleted,
            [PublishedUtc] = Date(gig.PublishedUtc),
            [QualityBase] = 1.0,
            [RatingSignal] = Signals.Rating(gig.RatingAverage, gig.ReviewCount),
            [OrdersSignal] = Signals.Orders(gig.OrdersCompleted),
            [LevelSignal] = Signals.Level(gig.SellerLevel),
            [Slug] = gig.Slug,
            [Currency] = gig.Currency,
            [SellerName] = gig.SellerName,
            [SellerHandle] = gig.SellerHandle,
        };
        if (gig.SubcategoryId is { } subcategory)
        {
            document[SubcategoryId] = Id(subcategory);
        }

        if (gig.Country.Length > 0)
        {
            document[Country] = gig.Country;
        }

        if (gig.Cover is not null)
        {
            document[Cover] = JsonSerializer.SerializeToNode(gig.Cover, JsonSerializerOptions.Web);
        }

        return document;
    }

    /// <summary>A date as the index stores it and queries compare it: UTC, milliseconds, ISO 8601.</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The card of a hit, read from its source (<see cref="CardFields"/>).</summary>
    public static SearchHit Card(JsonElement source) => new()
    {
        GigId = Number(source, GigId) is { } id ? (int)id : 0,
        Slug = String(source, Slug),
        Title = String(source, Title),
        StartingPriceMinor = (long)(Number(source, StartingPrice) ?? 0),
        Currency = String(source, Currency) is { Length: > 0 } currency ? currency : "USD",
        MinDeliveryDays = (int)(Number(source, MinDeliveryDays) ?? 0),
        RatingAverage = Number(source, RatingAverage) ?? 0,
        ReviewCount = (int)(Number(source, ReviewCount) ?? 0),
        OrdersCompleted = (int)(Number(source, OrdersCompleted) ?? 0),
        SellerId = String(source, SellerId),
        SellerName = String(source, SellerName),
        SellerHandle = String(source, SellerHandle),
        SellerLevel = Enum.TryParse<SellerLevel>(String(source, SellerLevel), out var level) ? level : default,
        Cover = source.TryGetProperty(Cover, out var cover) && cover.ValueKind == JsonValueKind.Object
            ? cover.Deserialize<GalleryImage>(JsonSerializerOptions.Web)
            : null,
    };

    /// <summary>The words of a hit's title, tags and facets (for spelling correction).</summary>
    public static IEnumerable<string> Words(JsonElement source) =>
        new[] { String(source, Title), String(source, Facets) }
            .Concat(Strings(source, Tags))
            .SelectMany(text => GigStore.Search.Query.SearchText.Words(text, int.MaxValue));

    /// <summary>The strings of an array field in a hit's source (tags).</summary>
    public static IEnumerable<string> Strings(JsonElement source, string field) =>
        source.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
            : [];

    public static string String(JsonElement source, string field) =>
        source.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static double? Number(JsonElement source, string field) =>
        source.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static JsonObject Typed(string type) => new() { ["type"] = type };

    private static JsonObject Text(string? copyTo = null)
    {
        var text = new JsonObject { ["type"] = "text", ["analyzer"] = English };
        if (copyTo is not null)
        {
            text["copy_to"] = copyTo;
        }

        return text;
    }

    private static JsonObject Autocomplete() => new() { ["type"] = "search_as_you_type", ["analyzer"] = AutocompleteAnalyzer };

    private static JsonObject StoredOnly() => new() { ["type"] = "keyword", ["index"] = false, ["doc_values"] = false };
}
