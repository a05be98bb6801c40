using GigStore.Commerce;

namespace GigStore.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("25", "USD", 2500)]
    [InlineData("25.5", "USD", 2550)]
    [InlineData("1,200.50", "USD", 120050)]
    [InlineData(" $25 ", "USD", 2500)]
    [InlineData("1200", "JPY", 1200)]
    [InlineData("0", "EUR", 0)]
    public void ReadsWhatPeopleType(string text, string currency, long minor)
    {
        Assert.True(Money.TryParse(text, currency, out var money));
        Assert.Equal(new Money(minor, currency), money);
    }

    [Theory]
    [InlineData("", "USD")]
    [InlineData("sixty", "USD")]
    [InlineData("-5", "USD")]
    [InlineData("25.555", "USD")]
    [InlineData("12.5", "JPY")]
    [InlineData("92233720368547758.08", "USD")]
    [InlineData("79228162514264337593543950335", "USD")]
    public void RefusesWhatIsNotAnAmountOfTheCurrency(string text, string currency) =>
        Assert.False(Money.TryParse(text, currency, out _));

    [Theory]
    [InlineData(2500, "USD", "$25", "25")]
    [InlineData(2550, "USD", "$25.50", "25.50")]
    [InlineData(120000, "EUR", "€1,200", "1200")]
    [InlineData(1200, "JPY", "¥1,200", "1200")]
    public void FormatsForPagesAndForms(long minor, string currency, string page, string field)
    {
        Assert.Equal(page, new Money(minor, currency).Format());
        Assert.Equal(field, new Money(minor, currency).FormatNumber(grouping: false));
    }

    [Theory]
    [InlineData(1000, "USD", 550, 55)]        // 5.5% of $10.00
    [InlineData(999, "USD", 550, 55)]         // 54.945 → 55
    [InlineData(990, "USD", 550, 54)]         // 54.45 → 54
    [InlineData(1010, "USD", 50, 5)]          // 5.05 → 5
    [InlineData(1100, "USD", 50, 6)]          // 5.5 → 6: halves away from zero
    [InlineData(-1100, "USD", 50, -6)]
    [InlineData(1234, "JPY", 1000, 123)]      // ¥123.4 → ¥123: JPY has no minor unit to keep the .4 in
    [InlineData(1235, "JPY", 1000, 124)]      // ¥123.5 → ¥124
    [InlineData(1999, "JPY", 800, 160)]       // 8% of ¥1,999 = 159.92
    public void PercentagesRoundToTheMinorUnitHalfAwayFromZero(long minor, string currency, long basisPoints, long expected) =>
        Assert.Equal(new Money(expected, currency), new Money(minor, currency).Percent(basisPoints));

    [Theory]
    [InlineData(12000, 2000, 2000)]   // 20% VAT in €120 is €20
    [InlineData(10000, 2000, 1667)]   // 16.666… → 16.67
    [InlineData(1000, 1000, 91)]      // 90.9… → 91
    [InlineData(0, 2000, 0)]
    public void TheTaxInATaxInclusivePriceIsItsRateOverOnePlusTheRate(long gross, long basisPoints, long tax) =>
        Assert.Equal(new Money(tax, "EUR"), new Money(gross, "EUR").IncludedTax(basisPoints));

    [Fact]
    public void AllocatedPartsAddUpToTheAmountAndFollowTheWeights()
    {
        var parts = new Money(100, "USD").Allocate([1, 1, 1]);
        Assert.Equal([34, 33, 33], parts.Select(p => p.Minor));

        parts = new Money(1000, "USD").Allocate([5000, 2500, 2500]);
        Assert.Equal([500, 250, 250], parts.Select(p => p.Minor));

        parts = new Money(-7, "JPY").Allocate([2, 1]);
        Assert.Equal([-5, -2], parts.Select(p => p.Minor));

        parts = new Money(5, "USD").Allocate([0, 0]);
        Assert.Equal([3, 2], parts.Select(p => p.Minor));

        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 6)).Select(_ => (long)random.Next(0, 100_000)).ToArray();
            var amount = new Money(random.Next(0, 1_000_000), "USD");
            var split = amount.Allocate(weights);
            Assert.Equal(amount.Minor, split.Sum(p => p.Minor));
            Assert.All(split, p => Assert.True(p.Minor >= 0));
            var total = weights.Sum();
            for (var j = 0; j < weights.Length && total > 0; j++)
            {
                // Never more than one minor unit away from the exact share.
                Assert.True(Math.Abs(split[j].Minor - (double)amount.Minor * weights[j] / total) < 1);
            }
        }
    }
}
