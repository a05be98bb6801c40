using System.Collections.Frozen;
using GigStore.Catalog.Data;

namespace GigStore.Search.Query;

public enum SearchSort
{
    /// <summary>Text relevance blended with quality signals (see the module README); quality alone without text.</summary>
    Relevance,
    BestSelling,
    Rating,
    PriceLowToHigh,
    PriceHighToLow,
    Newest,
}

/// <summary>
/// What a buyer asks for, as the storefront, the JSON API and both engines understand it. Built from
/// the URL by <see cref="SearchQueryBinder"/>; categories are already resolved to ids (a subcategory's
/// gigs also match its parent category).
/// </summary>
public sealed record SearchQuery
{
    public const int MaxPageSize = 60;
    public const int DefaultPageSize = 24;
    public const int MaxTextLength = 200;

    /// <summary>Free text as typed (trimmed, at most <see cref="MaxTextLength"/> characters); engines never pass it to a query syntax raw.</summary>
    public string Text { get; init; } = "";

    /// <summary>A top category id: gigs in it or any of its subcategories.</summary>
    public int? CategoryId { get; init; }

    /// <summary>A subcategory id (its parent is <see cref="CategoryId"/>).</summary>
    public int? SubcategoryId { get; init; }

    /// <summary>Category attribute filters: attribute key → accepted options. OR within a key, AND across keys.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>On the starting price (cheapest package), in minor units, inclusive.</summary>
    public long? MinPriceMinor { get; init; }

    public long? MaxPriceMinor { get; init; }

    /// <summary>The fastest package delivers within this many days (1, 3, 7; null for any).</summary>
    public int? MaxDeliveryDays { get; init; }

    /// <summary>Any of these seller levels; empty for any.</summary>
    public IReadOnlyList<SellerLevel> SellerLevels { get; init; } = [];

    /// <summary>Average rating at least this (e.g. 4 or 4.5); gigs without reviews do not match.</summary>
    public double? MinRating { get; init; }

    /// <summary>The seller speaks any of these languages (names as in profiles, e.g. "English"); empty for any.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>The seller lives in any of these countries (ISO 3166 alpha-2); empty for any.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>Only gigs whose seller is online now (<c>online=1</c>): one of <see cref="OnlineSellerIds"/>.</summary>
    public bool OnlineOnly { get; init; }

    /// <summary>
    /// The sellers online now (user ids), filled in by <see cref="GigSearch"/> from the catalogue's
    /// <see cref="Catalog.Contracts.ISellerPresence"/> before an engine sees the query: engines filter by it
    /// (<see cref="OnlineOnly"/>) and count the <see cref="FacetNames.Online"/> facet with it, and never ask who is online.
    /// Not changed once set: the SQLite engine remembers what it worked out from the set.
    /// </summary>
    public IReadOnlySet<string> OnlineSellerIds { get; init; } = FrozenSet<string>.Empty;

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>
    /// Bounds of the price facet's buckets in minor units, ascending: [2500, 5000] gives "under 25",
    /// "25–50" and "50 and up" (each bucket's lower bound inclusive, upper exclusive).
    /// </summary>
    public IReadOnlyList<long> PriceBucketBoundsMinor { get; init; } = [];

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    public bool HasText => Text.Length > 0;
}

/// <summary>The facets a search answers counts for; each facet's counts apply every active filter except its own.</summary>
public static class FacetNames
{
    public const string Category = "category";
    public const string Subcategory = "subcategory";
    public const string Delivery = "delivery";
    public const string Price = "price";
    public const string SellerLevel = "level";
    public const string Rating = "rating";
    public const string Language = "language";
    public const string Country = "country";

    /// <summary>
    /// One value, <see cref="OnlineValue"/>: how many gigs of online sellers there are, with every other filter
    /// (with the online filter on, the total). Counted whether or not the filter is on.
    /// </summary>
    public const string Online = "online";

    /// <summary>The online facet's value, as <c>online=1</c> in the URL.</summary>
    public const string OnlineValue = "1";

    /// <summary>Attribute facets are named "attr:{key}" (only for the selected category's or subcategory's attributes).</summary>
    public const string AttributePrefix = "attr:";

    /// <summary>The buckets of the delivery facet: at most this many days.</summary>
    public static readonly int[] DeliveryBuckets = [1, 3, 7];

    /// <summary>The buckets of the rating facet: at least this average.</summary>
    public static readonly double[] RatingBuckets = [4.5, 4.0];
}
