using GigStore.Catalog.Categories;
using GigStore.Commerce;
using GigStore.Search.Query;

namespace GigStore.Search.Storefront;

/// <summary>The results page: the query as read from the URL, what the engine answered, and links that change it.</summary>
public sealed record SearchPage(
    SearchQuery Query,
    SearchResults Results,
    IReadOnlyDictionary<string, string[]> Errors,
    CategoryTree Categories,
    SearchLinks Links,
    string Currency)
{
    public CategoryNode? Category => Categories.Find(Query.SubcategoryId ?? Query.CategoryId);

    public int PageCount => (int)Math.Min(Math.Ceiling(Results.Total / (double)Query.PageSize), SearchQueryBinder.MaxResultWindow / Query.PageSize);

    public IReadOnlyList<FacetCount> Facet(string name) => Results.Facets.TryGetValue(name, out var counts) ? counts : [];

    public long Count(string facet, string value) => Facet(facet).FirstOrDefault(f => f.Value == value)?.Count ?? 0;

    /// <summary>The attributes the selected category filters by, with their counts.</summary>
    public IReadOnlyList<AttributeNode> Attributes => Category is { } category ? SearchQueryBinder.AttributesOf(category, Categories) : [];

    public string Price(long minor) => new Money(minor, Currency).Format();

    /// <summary>"Under $25", "$25 – $50", "$500+" for a price bucket value.</summary>
    public string PriceBucketLabel(string value)
    {
        var parts = value.Split('-');
        var lo = parts[0].Length == 0 ? (long?)null : long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var hi = parts[1].Length == 0 ? (long?)null : long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return (lo, hi) switch
        {
            (null, { } h) => $"Under {Price(h)}",
            ({ } l, null) => $"{Price(l)} and up",
            ({ } l, { } h) => $"{Price(l)} – {Price(h)}",
            _ => "Any price",
        };
    }

    /// <summary>The min/max parameters of a price bucket (as typed in the form: major units).</summary>
    public (string? Min, string? Max) PriceBucketRange(string value)
    {
        var parts = value.Split('-');
        string? Major(string minor) => minor.Length == 0 ? null : new Money(long.Parse(minor, System.Globalization.CultureInfo.InvariantCulture), Currency).FormatNumber(grouping: false);
        return (Major(parts[0]), parts[1].Length == 0 ? null : new Money(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) - 1, Currency).FormatNumber(grouping: false));
    }

    public static string LevelName(Catalog.Data.SellerLevel level) => level switch
    {
        Catalog.Data.SellerLevel.New => "New seller",
        Catalog.Data.SellerLevel.Level1 => "Level 1",
        Catalog.Data.SellerLevel.Level2 => "Level 2",
        _ => "Top rated",
    };

    public static string SortName(SearchSort sort) => sort switch
    {
        SearchSort.Relevance => "Best match",
        SearchSort.BestSelling => "Best selling",
        SearchSort.Rating => "Top rated",
        SearchSort.PriceLowToHigh => "Price: low to high",
        SearchSort.PriceHighToLow => "Price: high to low",
        _ => "Newest",
    };
}
