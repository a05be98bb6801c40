using System.Globalization;
using System.Text.Json.Nodes;
using GigStore.Search.Query;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// The active filters of a query, each a filter clause labelled with the facet it belongs to, so a facet's
/// counts can apply all of them but its own. Attribute filters are one clause per key: any of the key's
/// options (OR within a key), every key (AND across keys).
/// </summary>
internal sealed class SearchFilters
{
    private readonly List<(string Facet, JsonObject Clause)> _clauses = [];

    public SearchFilters(SearchQuery query)
    {
        if (query.CategoryId is { } category)
        {
            Add(FacetNames.Category, QueryDsl.Term(GigIndex.CategoryId, category.ToString(CultureInfo.InvariantCulture)));
        }

        if (query.SubcategoryId is { } subcategory)
        {
            Add(FacetNames.Subcategory, QueryDsl.Term(GigIndex.SubcategoryId, subcategory.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var (key, options) in query.Attributes.Where(a => a.Value.Count > 0).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            AttributeKeys.Add(key);
            Add(FacetNames.AttributePrefix + key, QueryDsl.Terms(GigIndex.Attributes, options.Select(o => GigIndex.AttributeValue(key, o))));
        }

        if (query.MinPriceMinor is not null || query.MaxPriceMinor is not null)
        {
            Add(FacetNames.Price, QueryDsl.Range(GigIndex.StartingPrice, query.MinPriceMinor, query.MaxPriceMinor));
        }

        if (query.MaxDeliveryDays is { } days)
        {
            Add(FacetNames.Delivery, QueryDsl.Range(GigIndex.MinDeliveryDays, lte: days));
        }

        if (query.SellerLevels.Count > 0)
        {
            Add(FacetNames.SellerLevel, QueryDsl.Terms(GigIndex.SellerLevel, query.SellerLevels.Select(l => l.ToString())));
        }

        if (query.MinRating is { } rating)
        {
            // Gigs without reviews have no rating to compare.
            Add(FacetNames.Rating, QueryDsl.AllOf([QueryDsl.Range(GigIndex.RatingAverage, gte: rating), HasReviews()]));
        }

        if (query.Languages.Count > 0)
        {
            Add(FacetNames.Language, QueryDsl.Terms(GigIndex.Languages, query.Languages));
        }

        if (query.Countries.Count > 0)
        {
            Add(FacetNames.Country, QueryDsl.Terms(GigIndex.Country, query.Countries));
        }

        if (query.OnlineOnly)
        {
            Add(FacetNames.Online, OnlineSellers(query));
        }
    }

    /// <summary>The attribute keys filtered on, in a stable order.</summary>
    public List<string> AttributeKeys { get; } = [];

    /// <summary>Whether a category or subcategory is chosen (attribute facets belong to one).</summary>
    public bool HasCategory => _clauses.Any(c => c.Facet is FacetNames.Category or FacetNames.Subcategory);

    /// <summary>A filter of every active clause except those of <paramref name="ignoredFacets"/> (a fresh copy each time).</summary>
    public JsonObject Except(params string[] ignoredFacets) =>
        QueryDsl.AllOf(_clauses.Where(c => !ignoredFacets.Contains(c.Facet)).Select(c => (JsonObject)c.Clause.DeepClone()));

    /// <summary>The filter of every active clause.</summary>
    public JsonObject All() => Except();

    public static JsonObject HasReviews() => QueryDsl.Range(GigIndex.ReviewCount, gte: 1);

    /// <summary>Gigs of the sellers online now (none when nobody is: an empty <c>terms</c> matches nothing).</summary>
    public static JsonObject OnlineSellers(SearchQuery query) =>
        QueryDsl.Terms(GigIndex.SellerId, query.OnlineSellerIds.Order(StringComparer.Ordinal));

    private void Add(string facet, JsonObject clause) => _clauses.Add((facet, clause));
}
