using GigStore.Commerce.Data;

namespace GigStore.Commerce.Pricing;

/// <summary>A gig as the buyer chose it, with what it was described as when priced.</summary>
public sealed record LineChoice(
    int GigId,
    string GigSlug,
    string GigTitle,
    string SellerId,
    string SellerName,
    int CategoryId,
    int? SubcategoryId,
    PackageSnapshot Package,
    IReadOnlyList<ExtraSnapshot> Extras,
    int Quantity)
{
    /// <summary>Package plus extras, for one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long UnitMinor => Package.PriceMinor + Extras.Sum(e => e.PriceMinor);

    /// <summary>Days to deliver: the package's plus each extra's (at least one day).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int DeliveryDays => Math.Max(1, Package.DeliveryDays + Extras.Sum(e => e.ExtraDays));

    /// <summary>Revisions included (null: unlimited).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? Revisions => Package.Revisions;
}

/// <summary>A line's package, delivery, revisions, extras and quantity as the cart and checkout pages describe it (<c>_LineDetail</c>).</summary>
public sealed record LineDetail(LineChoice Line, string Currency);

/// <summary>The price of a cart: every line with its share of discount, fee and tax, and the totals they add up to.</summary>
public sealed record Quote(
    IReadOnlyList<CheckoutLine> Lines,
    Money Subtotal,
    Money Discount,
    Money Fee,
    Money Tax,
    Money Total,
    bool TaxIncluded,
    int TaxBasisPoints,
    Coupon? Coupon);

/// <summary>
/// Prices a cart. The order of operations, documented in the module's README:
/// <list type="number">
/// <item>each line: (package + extras) × quantity;</item>
/// <item>coupon: a percentage of, or a fixed amount up to, the lines it applies to (its categories and sellers),
/// shared among those lines in proportion to their prices;</item>
/// <item>service fee: its percentage of what the buyer pays for gigs after the discount, plus the small-order fee
/// when that is below the threshold; shared among the lines in proportion;</item>
/// <item>tax at the buyer's country's rate on each line's price after discount plus its fee: added on top, or, with
/// prices that include tax, the part of that amount that is tax.</item>
/// </list>
/// Every amount is rounded once, by <see cref="Money"/>, and the lines' amounts add up exactly to the totals.
/// </summary>
public static class PriceCalculator
{
    public static Quote Price(IReadOnlyList<LineChoice> lines, CommerceSettings settings, string? buyerCountry, Coupon? coupon)
    {
        var currency = settings.Currency;
        var subtotals = lines.Select(l => new Money(checked(l.UnitMinor * l.Quantity), currency)).ToArray();

        var discounts = new Money[lines.Count];
        Array.Fill(discounts, Money.Zero(currency));
        if (coupon is not null)
        {
            var eligible = Enumerable.Range(0, lines.Count).Where(i => CouponRules.AppliesTo(coupon, lines[i])).ToArray();
            var base_ = eligible.Aggregate(Money.Zero(currency), (sum, i) => sum + subtotals[i]);
            var discount = coupon.Kind == CouponKind.Percent
                ? base_.Percent(coupon.Amount)
                : new Money(Math.Min(coupon.Amount, base_.Minor), currency);
            var shares = discount.Allocate([.. eligible.Select(i => subtotals[i].Minor)]);
            for (var k = 0; k < eligible.Length; k++)
            {
                discounts[eligible[k]] = shares[k];
            }
        }

        var nets = subtotals.Select((s, i) => s - discounts[i]).ToArray();
        var net = nets.Aggregate(Money.Zero(currency), (sum, n) => sum + n);
        var fee = lines.Count == 0 ? Money.Zero(currency)
            : net.Percent(settings.ServiceFeeBasisPoints) + (net.Minor < settings.SmallOrderThresholdMinor ? new Money(settings.SmallOrderFeeMinor, currency) : Money.Zero(currency));
        var fees = fee.Allocate([.. nets.Select(n => n.Minor)]);

        var rate = settings.TaxRateFor(buyerCountry);
        var priced = new List<CheckoutLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var taxable = nets[i] + fees[i];
            var tax = settings.PricesIncludeTax ? taxable.IncludedTax(rate) : taxable.Percent(rate);
            var total = settings.PricesIncludeTax ? taxable : taxable + tax;
            priced.Add(new CheckoutLine(lines[i], subtotals[i].Minor, discounts[i].Minor, fees[i].Minor, tax.Minor, total.Minor, settings.PricesIncludeTax));
        }

        Money Sum(Func<CheckoutLine, long> amount) => new(priced.Sum(amount), currency);
        return new Quote(priced, Sum(l => l.SubtotalMinor), Sum(l => l.DiscountMinor), Sum(l => l.FeeMinor), Sum(l => l.TaxMinor), Sum(l => l.TotalMinor),
            settings.PricesIncludeTax, rate, coupon);
    }
}
