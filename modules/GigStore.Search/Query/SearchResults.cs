using GigStore.Catalog.Data;

namespace GigStore.Search.Query;

/// <summary>What a search answers: one page of hits, the total, facet counts and spelling help.</summary>
public sealed record SearchResults
{
    public IReadOnlyList<SearchHit> Hits { get; init; } = [];

    /// <summary>How many gigs match the whole query (all filters).</summary>
    public long Total { get; init; }

    /// <summary>Facet name (see <see cref="FacetNames"/>) → value counts, most frequent first (buckets in their natural order).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets { get; init; } = new Dictionary<string, IReadOnlyList<FacetCount>>();

    /// <summary>
    /// Set when the text as typed found nothing but a close spelling did: the hits are for this text
    /// ("Showing results for …").
    /// </summary>
    public string? CorrectedText { get; init; }

    /// <summary>True when the engine could not answer and the database did, without highlights or some facets.</summary>
    public bool Degraded { get; init; }

    /// <summary>Which engine answered ("sqlite", "elasticsearch", "database").</summary>
    public string Engine { get; init; } = "";
}

/// <summary>
/// A facet value and how many gigs have it. For the delivery, rating and price buckets the value is the
/// bucket (delivery "1"/"3"/"7" days or less, rating "4.5"/"4" or more, price "lo-hi" in minor units with an empty
/// side for open ends, e.g. "-2500", "2500-5000", "5000-").
/// </summary>
public sealed record FacetCount(string Value, long Count);

/// <summary>A gig as a search result: what its card shows, with the matched words marked.</summary>
public sealed record SearchHit
{
    public int GigId { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";

    /// <summary>The title as HTML-escaped text with matched words in &lt;mark&gt;; null when nothing is highlighted.</summary>
    public string? TitleHtml { get; init; }

    /// <summary>A short excerpt of the description around the matched words, HTML-escaped with &lt;mark&gt;; null without text.</summary>
    public string? SnippetHtml { get; init; }

    public long StartingPriceMinor { get; init; }
    public string Currency { get; init; } = "USD";
    public int MinDeliveryDays { get; init; }
    public double RatingAverage { get; init; }
    public int ReviewCount { get; init; }
    public int OrdersCompleted { get; init; }
    public string SellerId { get; init; } = "";
    public string SellerName { get; init; } = "";
    public string SellerHandle { get; init; } = "";
    public SellerLevel SellerLevel { get; init; }

    /// <summary>The seller is online now (set by <see cref="GigSearch"/> from the catalogue's presence, not by the engines).</summary>
    public bool SellerOnline { get; init; }

    /// <summary>The card's image: id, width, height and widths as in <see cref="Catalog.Gigs.GalleryImage"/>; null without one.</summary>
    public Catalog.Gigs.GalleryImage? Cover { get; init; }

    /// <summary>The engine's final score (for diagnostics and relevance tests); 0 for non-relevance sorts.</summary>
    public double Score { get; init; }
}

/// <summary>An autocomplete suggestion: words to search for, a category (its slug) or a gig (its slug).</summary>
public sealed record Suggestion(SuggestionKind Kind, string Text, string? Slug = null);

public enum SuggestionKind
{
    /// <summary>A search for words (from tags and titles).</summary>
    Query,
    Category,
    Gig,
}
