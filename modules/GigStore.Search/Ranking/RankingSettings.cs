namespace GigStore.Search.Ranking;

/// <summary>
/// A tenant's ranking weights (admin search settings). For relevance order, a gig's score is
/// <c>text × (1 + rating·wR + orders·wO + level·wL + recency·wF)</c> where text is the engine's BM25 with
/// the field weights below (1 without text) and each signal is scaled to 0–1 by <see cref="Signals"/>.
/// See the module's README.
/// </summary>
public sealed record RankingSettings
{
    public double TitleWeight { get; init; } = 10;
    public double TagsWeight { get; init; } = 5;
    public double FacetsWeight { get; init; } = 3;
    public double DescriptionWeight { get; init; } = 1;

    public double RatingWeight { get; init; } = 0.6;
    public double OrdersWeight { get; init; } = 0.4;
    public double LevelWeight { get; init; } = 0.2;
    public double RecencyWeight { get; init; } = 0.1;

    /// <summary>Age at which a gig's recency signal halves.</summary>
    public double RecencyHalfLifeDays { get; init; } = 90;

    public static readonly RankingSettings Default = new();
}

/// <summary>The quality signals on a 0–1 scale, computed the same way for every engine.</summary>
public static class Signals
{
    /// <summary>Reviews a gig needs before its own average outweighs the prior.</summary>
    public const int RatingPriorReviews = 5;

    /// <summary>The average assumed for a gig with few reviews.</summary>
    public const double RatingPrior = 4.0;

    /// <summary>Bayesian average of the rating (pulled towards <see cref="RatingPrior"/>), 1–5 mapped to 0–1.</summary>
    public static double Rating(double average, int reviews) =>
        ((average * reviews + RatingPrior * RatingPriorReviews) / (reviews + RatingPriorReviews) - 1) / 4;

    /// <summary>log10(1 + orders) / 4, at most 1 (10,000 orders).</summary>
    public static double Orders(int orders) => Math.Min(1, Math.Log10(1 + Math.Max(0, orders)) / 4);

    /// <summary>New 0, Level 1 ⅓, Level 2 ⅔, Top rated 1.</summary>
    public static double Level(Catalog.Data.SellerLevel level) => (int)level / 3.0;

    /// <summary>Halves every <paramref name="halfLifeDays"/> since publication: exp(ln ½ · age / half-life).</summary>
    public static double Recency(double ageDays, double halfLifeDays) =>
        Math.Exp(Math.Log(0.5) * Math.Max(0, ageDays) / halfLifeDays);

    /// <summary>The multiplier of the text score: 1 + the weighted signals.</summary>
    public static double Quality(RankingSettings weights, double rating, int reviews, int orders, Catalog.Data.SellerLevel level, DateTimeOffset publishedUtc, DateTimeOffset now) =>
        Quality(weights, rating, reviews, orders, level, (now - publishedUtc).TotalDays);

    /// <summary>The same, from the gig's age in days (the SQLite engine keeps publication times as numbers).</summary>
    public static double Quality(RankingSettings weights, double rating, int reviews, int orders, Catalog.Data.SellerLevel level, double ageDays) =>
        1 + weights.RatingWeight * Rating(rating, reviews)
          + weights.OrdersWeight * Orders(orders)
          + weights.LevelWeight * Level(level)
          + weights.RecencyWeight * Recency(ageDays, weights.RecencyHalfLifeDays);
}
