using System.Globalization;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.DataGen.Taxonomy;
using GigStore.DataGen.Text;

namespace GigStore.DataGen.Gigs;

/// <summary>A gig's packages, the features they are compared on, and its extras.</summary>
internal sealed record Pricing(string[] Features, PackageOffer[] Packages, GigExtra[] Extras);

/// <summary>
/// Prices like a marketplace's: log-normal around $25 for the cheapest package, scaled by the
/// category (programming costs more than proofreading) and the seller's level, so most gigs start
/// between $10 and $300 and a few reach $2,000; each higher tier costs more, takes as long or longer
/// and includes more. Delivery is 1–30 days.
/// </summary>
internal static class PackageBuilder
{
    public const long MaxPriceMinor = 200_000;
    public const int MaxDeliveryDays = 30;

    private static readonly double[] LevelFactors = [0.85, 1.0, 1.25, 1.7];

    public static Pricing Build(Random random, GigCategory category, SellerLevel level)
    {
        var features = random.Sample(category.Sub.Deliverables, random.Next(3, 6)).ToArray();
        var tiers = random.Weighted([20, 15, 65]) + 1;
        var basePrice = Math.Exp(Math.Log(25) + (0.75 * random.Gaussian())) * category.Top.PriceFactor * LevelFactors[(int)level];
        if (random.Chance(0.03))
        {
            basePrice *= 4;
        }

        var prices = new long[tiers];
        prices[0] = Round(basePrice);
        for (var t = 1; t < tiers; t++)
        {
            prices[t] = Math.Max(prices[t - 1], Round(prices[t - 1] / 100.0 * (1.4 + random.NextDouble())));
        }

        var days = new int[tiers];
        days[0] = Math.Min(MaxDeliveryDays, random.Pick([1, 2, 2, 3, 3, 3, 4, 5, 5, 7, 7, 10, 14]) + (category.Top.PriceFactor > 1.5 ? random.Next(0, 5) : 0));
        for (var t = 1; t < tiers; t++)
        {
            days[t] = Math.Min(MaxDeliveryDays, days[t - 1] + random.Next(0, 4 + (2 * t)));
        }

        var included = new int[tiers];
        included[tiers - 1] = features.Length;
        for (var t = tiers - 2; t >= 0; t--)
        {
            included[t] = random.Next(1, included[t + 1]);
        }

        var packages = new PackageOffer[tiers];
        for (var t = 0; t < tiers; t++)
        {
            var tier = (PackageTier)t;
            var (names, descriptions, revisions) = tier switch
            {
                PackageTier.Basic => (Phrases.BasicNames, Phrases.BasicDescriptions, random.Pick<int?>([0, 1, 1, 2, 2, 3])),
                PackageTier.Standard => (Phrases.StandardNames, Phrases.StandardDescriptions, random.Pick<int?>([2, 3, 3, 5])),
                _ => (Phrases.PremiumNames, Phrases.PremiumDescriptions, random.Chance(0.4) ? null : random.Pick<int?>([3, 5, 10])),
            };
            var limit = t;
            packages[t] = new PackageOffer(
                tier,
                random.Pick(names),
                string.Format(CultureInfo.InvariantCulture, random.Pick(descriptions), category.Sub.Noun),
                prices[t],
                days[t],
                revisions,
                [.. features.Select((_, f) => f < included[limit])]);
        }

        return new Pricing(features, packages, random.Chance(0.45) ? Extras(random, category, packages) : []);
    }

    /// <summary>1–3 extras: the subcategory's own, or faster delivery when every package it applies to can be a day quicker.</summary>
    private static GigExtra[] Extras(Random random, GigCategory category, PackageOffer[] packages)
    {
        var extras = new List<GigExtra>();
        var count = random.Next(1, 4);
        var fastest = packages.Min(p => p.DeliveryDays);
        if (fastest > 1 && random.Chance(0.5))
        {
            var sooner = random.Next(1, Math.Max(2, fastest / 2 + 1));
            extras.Add(new GigExtra("Extra-fast delivery", Round(Math.Max(5, packages[0].PriceMinor / 100.0 * (0.2 + (0.3 * random.NextDouble())))), -sooner,
                random.Chance(0.5) ? $"Delivered {sooner} day{(sooner == 1 ? "" : "s")} sooner." : null,
                packages.Length > 1 && random.Chance(0.3) ? [.. packages.Skip(1).Select(p => p.Tier)] : null));
        }

        foreach (var title in random.Sample(category.Sub.Extras, count - extras.Count))
        {
            extras.Add(new GigExtra(title, Round(5 + (random.NextDouble() * 60 * category.Top.PriceFactor)), random.Pick([0, 0, 1, 1, 2, 3])));
        }

        return [.. extras];
    }

    /// <summary>Whole dollars as people price: steps of 5 up to $500, of 10 to $1,000, of 50 above; $5 to $2,000 (minor units).</summary>
    private static long Round(double dollars)
    {
        var step = dollars < 500 ? 5 : dollars < 1000 ? 10 : 50;
        var rounded = Math.Round(dollars / step) * step;
        return Math.Clamp((long)rounded, 5, MaxPriceMinor / 100) * 100;
    }
}
