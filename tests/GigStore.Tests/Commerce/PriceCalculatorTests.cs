using GigStore.Catalog.Gigs;
using GigStore.Commerce;
using GigStore.Commerce.Data;
using GigStore.Commerce.Pricing;

namespace GigStore.Tests.Commerce;

/// <summary>The cart's price: lines, coupon, service fee and tax, every amount rounded once and the lines adding up to the totals.</summary>
public sealed class PriceCalculatorTests
{
    private static LineChoice Line(long package, int quantity = 1, int category = 1, string seller = "s1", params long[] extras) => new(
        1, "gig", "A gig", seller, "Seller", category, null,
        new PackageSnapshot(PackageTier.Basic, "Basic", "", package, 3, 1, []),
        [.. extras.Select((e, i) => new ExtraSnapshot(i, $"Extra {i}", e, 1))],
        quantity);

    private static readonly CommerceSettings Usd = new() { Currency = "USD", ServiceFeeBasisPoints = 550, SmallOrderFeeMinor = 250, SmallOrderThresholdMinor = 5000 };

    [Fact]
    public void TheServiceFeeIsItsPercentagePlusTheSmallOrderFeeBelowTheThreshold()
    {
        // $40: 5.5% = $2.20, below $50 so + $2.50.
        var small = PriceCalculator.Price([Line(4000)], Usd, "US", null);
        Assert.Equal(new Money(470, "USD"), small.Fee);
        Assert.Equal(new Money(4470, "USD"), small.Total);

        // $50 exactly is not below the threshold: 5.5% only.
        var atThreshold = PriceCalculator.Price([Line(5000)], Usd, "US", null);
        Assert.Equal(new Money(275, "USD"), atThreshold.Fee);
    }

    [Fact]
    public void ExtrasAndQuantityMakeTheLinePrice()
    {
        var quote = PriceCalculator.Price([Line(2500, 3, 1, "s1", 1000, 500)], Usd with { ServiceFeeBasisPoints = 0, SmallOrderFeeMinor = 0 }, null, null);
        Assert.Equal(new Money(12000, "USD"), quote.Subtotal);
        Assert.Equal(4000, quote.Lines[0].UnitMinor);
    }

    [Fact]
    public void TaxIsAddedOnTopOrTakenOutOfPricesThatIncludeIt()
    {
        var settings = Usd with { ServiceFeeBasisPoints = 1000, SmallOrderFeeMinor = 0, TaxRates = new() { ["DE"] = 1900 }, DefaultTaxBasisPoints = 500 };

        // Exclusive: $100 + $10 fee = $110 taxable, 19% = $20.90 on top.
        var exclusive = PriceCalculator.Price([Line(10000)], settings, "DE", null);
        Assert.Equal(new Money(2090, "USD"), exclusive.Tax);
        Assert.Equal(new Money(13090, "USD"), exclusive.Total);

        // A country without its own rate pays the default.
        Assert.Equal(new Money(550, "USD"), PriceCalculator.Price([Line(10000)], settings, "US", null).Tax);

        // Inclusive: the $110 holds 19/119 of tax = $17.56, and the total stays $110.
        var inclusive = PriceCalculator.Price([Line(10000)], settings with { PricesIncludeTax = true }, "de", null);
        Assert.Equal(new Money(1756, "USD"), inclusive.Tax);
        Assert.Equal(new Money(11000, "USD"), inclusive.Total);
        Assert.True(inclusive.TaxIncluded);
    }

    [Fact]
    public void APercentCouponIsSharedAmongTheLinesItAppliesTo()
    {
        var coupon = new Coupon { Code = "DESIGN10", Kind = CouponKind.Percent, Amount = 1000, CategoryIds = [7] };
        var quote = PriceCalculator.Price([Line(3333, category: 7), Line(6667, category: 7), Line(5000, category: 9)], Usd with { ServiceFeeBasisPoints = 0, SmallOrderFeeMinor = 0 }, null, coupon);

        // 10% of $100.00 in category 7; nothing off the other line.
        Assert.Equal(new Money(1000, "USD"), quote.Discount);
        Assert.Equal([333, 667, 0], quote.Lines.Select(l => l.DiscountMinor));
        Assert.Equal(new Money(14000, "USD"), quote.Total);
    }

    [Fact]
    public void AFixedCouponNeverTakesMoreThanTheLinesItAppliesTo()
    {
        var coupon = new Coupon { Code = "OFF50", Kind = CouponKind.Fixed, Amount = 5000 };
        var quote = PriceCalculator.Price([Line(2000)], Usd with { ServiceFeeBasisPoints = 0, SmallOrderFeeMinor = 0 }, null, coupon);
        Assert.Equal(new Money(2000, "USD"), quote.Discount);
        Assert.Equal(Money.Zero("USD"), quote.Total);
    }

    [Fact]
    public void YenHaveNoMinorUnitAndAreRoundedToWholeYen()
    {
        var jpy = new CommerceSettings { Currency = "JPY", ServiceFeeBasisPoints = 550, SmallOrderFeeMinor = 300, SmallOrderThresholdMinor = 5000, DefaultTaxBasisPoints = 1000 };
        var quote = PriceCalculator.Price([Line(3333), Line(1234)], jpy, "JP", new Coupon { Code = "X", Kind = CouponKind.Percent, Amount = 1500 });

        // ¥4,567 − 15% (¥685.05 → ¥685) = ¥3,882; fee 5.5% = ¥213.51 → ¥214, + ¥300 below ¥5,000 = ¥514; tax 10% per line.
        Assert.Equal(new Money(685, "JPY"), quote.Discount);
        Assert.Equal(new Money(514, "JPY"), quote.Fee);
        Assert.Equal(quote.Lines.Sum(l => l.TaxMinor), quote.Tax.Minor);
        Assert.Equal(quote.Subtotal.Minor - quote.Discount.Minor + quote.Fee.Minor + quote.Tax.Minor, quote.Total.Minor);
        Assert.Equal(new Money(440, "JPY"), quote.Tax);
    }

    [Fact]
    public void TheLinesAlwaysAddUpToTheTotals()
    {
        var random = new Random(11);
        for (var run = 0; run < 300; run++)
        {
            var lines = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Line(random.Next(500, 90_000), random.Next(1, 4), random.Next(1, 3))).ToList();
            var settings = Usd with { ServiceFeeBasisPoints = random.Next(0, 2000), PricesIncludeTax = random.Next(2) == 0, DefaultTaxBasisPoints = random.Next(0, 2500) };
            Coupon? coupon = random.Next(3) switch
            {
                0 => null,
                1 => new Coupon { Kind = CouponKind.Percent, Amount = random.Next(1, 10_000), CategoryIds = [1] },
                _ => new Coupon { Kind = CouponKind.Fixed, Amount = random.Next(1, 20_000) },
            };
            var quote = PriceCalculator.Price(lines, settings, "US", coupon);
            Assert.Equal(quote.Total.Minor, quote.Lines.Sum(l => l.TotalMinor));
            Assert.Equal(quote.Fee.Minor, quote.Lines.Sum(l => l.FeeMinor));
            Assert.Equal(quote.Discount.Minor, quote.Lines.Sum(l => l.DiscountMinor));
            Assert.All(quote.Lines, l => Assert.Equal(l.TotalMinor, l.SubtotalMinor - l.DiscountMinor + l.FeeMinor + (settings.PricesIncludeTax ? 0 : l.TaxMinor)));
        }
    }
}
