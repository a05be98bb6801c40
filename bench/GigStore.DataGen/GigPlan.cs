namespace GigStore.DataGen;

/// <summary>
/// Who makes which gig, and when. Gig ids grow with time (gig i is created after gig i-1, more of
/// them lately, as a growing marketplace has), every seller has at least one gig while there are
/// enough gigs, and gigs per seller are long-tailed (most have a few, some dozens, at most
/// <see cref="MaxGigsPerSeller"/>). A seller joined shortly before their first gig.
/// </summary>
internal sealed class GigPlan
{
    public const int MaxGigsPerSeller = 150;

    /// <summary>How far back the marketplace goes.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(6 * 365);

    private GigPlan(int[] sellerOfGig, int[] firstGigOfSeller, DateTimeOffset now)
    {
        SellerOfGig = sellerOfGig;
        FirstGigOfSeller = firstGigOfSeller;
        Now = now;
        Start = now - History;
    }

    /// <summary>The seller (index into the generated sellers) of each gig.</summary>
    public int[] SellerOfGig { get; }

    /// <summary>Each seller's first gig, or -1 for a seller without gigs.</summary>
    public int[] FirstGigOfSeller { get; }

    /// <summary>The generated data's present: nothing is dated after it.</summary>
    public DateTimeOffset Now { get; }

    public DateTimeOffset Start { get; }

    public int Gigs => SellerOfGig.Length;

    /// <summary>
    /// A fixed present, so a seed always gives the same rows: the first of November 2026, or today if
    /// the clock is earlier (nothing is ever dated in the future).
    /// </summary>
    public static DateTimeOffset DefaultNow()
    {
        var fixedNow = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        return today < fixedNow ? today : fixedNow;
    }

    public static GigPlan Make(int gigs, int sellers, int seed, DateTimeOffset now)
    {
        var random = Seeds.Random(seed, Seeds.Assignment);
        var counts = Counts(random, gigs, sellers);
        var sellerOfGig = new int[gigs];
        var at = 0;
        for (var s = 0; s < sellers; s++)
        {
            for (var c = 0; c < counts[s]; c++)
            {
                sellerOfGig[at++] = s;
            }
        }

        random.Shuffle(sellerOfGig);
        var first = new int[sellers];
        Array.Fill(first, -1);
        for (var g = 0; g < gigs; g++)
        {
            if (first[sellerOfGig[g]] < 0)
            {
                first[sellerOfGig[g]] = g;
            }
        }

        return new GigPlan(sellerOfGig, first, now);
    }

    /// <summary>When gig <paramref name="index"/> was created: the share of gigs made by a time grows with its square, so recent months have more new gigs.</summary>
    public DateTimeOffset CreatedAt(int index, Random random)
    {
        var share = Math.Sqrt((index + random.NextDouble()) / Gigs);
        return Start + (History * share);
    }

    /// <summary>When a seller joined: a little before their first gig, or any time for a seller without gigs.</summary>
    public DateTimeOffset JoinedAt(int seller, Random random)
    {
        var first = FirstGigOfSeller[seller];
        var firstGig = first < 0 ? Start + (History * random.NextDouble()) : Start + (History * Math.Sqrt((double)first / Gigs));
        var joined = firstGig - TimeSpan.FromHours(random.NextDouble() * 24 * 60);
        return joined < Start - TimeSpan.FromDays(365) ? Start - TimeSpan.FromDays(365) : joined;
    }

    /// <summary>Gigs per seller: one each, the rest spread in proportion to a log-normal weight, capped.</summary>
    private static int[] Counts(Random random, int gigs, int sellers)
    {
        var counts = new int[sellers];
        if (gigs <= sellers)
        {
            Array.Fill(counts, 1, 0, gigs);
            return counts;
        }

        var weights = new double[sellers];
        var total = 0d;
        for (var s = 0; s < sellers; s++)
        {
            weights[s] = Math.Exp(1.1 * random.Gaussian());
            total += weights[s];
        }

        var cap = Math.Max(MaxGigsPerSeller, (gigs + sellers - 1) / sellers);
        var extra = gigs - sellers;
        var assigned = 0;
        for (var s = 0; s < sellers; s++)
        {
            counts[s] = 1 + (int)Math.Min(cap - 1, Math.Floor(extra * weights[s] / total));
            assigned += counts[s];
        }

        // What flooring and the cap left over goes one by one to random sellers under the cap.
        while (assigned < gigs)
        {
            var s = random.Next(sellers);
            if (counts[s] < cap)
            {
                counts[s]++;
                assigned++;
            }
        }

        return counts;
    }
}
