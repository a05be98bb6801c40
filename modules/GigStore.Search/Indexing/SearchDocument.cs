using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;

namespace GigStore.Search.Indexing;

/// <summary>
/// A live gig as the search index holds it: its text, the values it is filtered and faceted by, the
/// signals it is ranked by, and what its card shows. Built by <see cref="SearchDocumentSource"/> from
/// the catalogue; a gig that buyers cannot see (not published, or its seller on vacation) has none.
/// </summary>
public sealed record SearchDocument
{
    public int GigId { get; init; }
    public string Slug { get; init; } = "";

    // Text, by weight: title over tags over category and attribute words over description.
    public string Title { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Category and subcategory names and the gig's attribute options ("Logo Design Minimalist Shopify").</summary>
    public string Facets { get; init; } = "";

    /// <summary>The description as plain text (Markdown removed), FAQ answers appended.</summary>
    public string Description { get; init; } = "";

    // Filters and facets.
    public int CategoryId { get; init; }
    public int? SubcategoryId { get; init; }

    /// <summary>Attribute key → chosen options.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public long StartingPriceMinor { get; init; }
    public string Currency { get; init; } = "USD";
    public int MinDeliveryDays { get; init; }
    public SellerLevel SellerLevel { get; init; }

    /// <summary>Language names the seller speaks.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>ISO 3166 alpha-2, or empty.</summary>
    public string Country { get; init; } = "";

    // Ranking signals.
    public double RatingAverage { get; init; }
    public int ReviewCount { get; init; }
    public int OrdersCompleted { get; init; }
    public DateTimeOffset PublishedUtc { get; init; }

    // The card.
    public string SellerId { get; init; } = "";
    public string SellerName { get; init; } = "";
    public string SellerHandle { get; init; } = "";
    public GalleryImage? Cover { get; init; }
}
