using GigStore.Catalog.Data;

namespace GigStore.DataGen.Gigs;

/// <summary>
/// A gig's track record. Reviews are long-tailed and grow with the seller's level (many New
/// sellers' gigs have none, a TopRated seller's best gig thousands); completed orders are at least
/// the reviews; the rating is a real average of 1–5 star reviews, mostly above 4.5.
/// </summary>
internal readonly record struct GigStats(double RatingAverage, int ReviewCount, int OrdersCompleted)
{
    private static readonly double[] NoReviews = [0.55, 0.3, 0.15, 0.05];
    private static readonly double[] Scale = [2, 6, 15, 40];

    public static GigStats None => new(0, 0, 0);

    public static GigStats Make(Random random, SellerLevel level)
    {
        var reviews = random.LongTail(NoReviews[(int)level], Scale[(int)level], alpha: 1.3, max: 25_000);
        var orders = reviews + (int)Math.Round(reviews * (0.1 + random.NextDouble())) + (reviews == 0 ? random.LongTail(0.6, 1, 1.5, 5) : 0);
        if (reviews == 0)
        {
            return new GigStats(0, 0, orders);
        }

        // A few gigs disappoint; most are rated highly, with more spread while there are few reviews.
        var mean = random.Chance(0.04) ? 1 + (random.NextDouble() * 2.8) : 5 - Math.Abs(random.Gaussian() * (0.15 + (0.6 / Math.Sqrt(reviews))));
        var stars = Math.Clamp((long)Math.Round(Math.Clamp(mean, 1, 5) * reviews), reviews, 5L * reviews);
        return new GigStats((double)stars / reviews, reviews, orders);
    }
}
