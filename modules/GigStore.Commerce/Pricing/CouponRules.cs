using GigStore.Commerce.Data;

namespace GigStore.Commerce.Pricing;

/// <summary>Whether a coupon may be used now, by this buyer, on these gigs — with the buyer's reason when not.</summary>
public static class CouponRules
{
    /// <summary>Upper case without surrounding spaces: how codes are stored and compared.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>Why a normalized code cannot be a coupon's (3–40 letters, digits, - and _), or null.</summary>
    public static string? CodeProblem(string code) =>
        code.Length is < 3 or > 40 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? "Use 3 to 40 letters, digits, - and _." : null;

    public static bool AppliesTo(Coupon coupon, LineChoice line) =>
        (coupon.CategoryIds.Count == 0 || coupon.CategoryIds.Contains(line.CategoryId) || (line.SubcategoryId is { } sub && coupon.CategoryIds.Contains(sub)))
        && (coupon.SellerIds.Count == 0 || coupon.SellerIds.Contains(line.SellerId));

    /// <summary>
    /// Null when <paramref name="coupon"/> can be used on <paramref name="lines"/> now; otherwise what to tell the
    /// buyer. <paramref name="buyerUses"/> is how often this buyer has used it. The limits are checked again,
    /// and counted, in one statement when the buyer pays (<see cref="Checkout.CouponReservations"/>).
    /// </summary>
    public static string? Problem(Coupon? coupon, IReadOnlyList<LineChoice> lines, int buyerUses, DateTimeOffset now, string currency)
    {
        if (coupon is null || !coupon.Active)
        {
            return "That coupon code is not valid.";
        }

        if (coupon.StartsUtc is { } starts && now < starts)
        {
            return $"That coupon can be used from {starts:d MMMM yyyy}.";
        }

        if (coupon.EndsUtc is { } ends && now >= ends)
        {
            return "That coupon has expired.";
        }

        if (coupon.MaxUses is { } max && coupon.Uses >= max)
        {
            return "That coupon has been used up.";
        }

        if (coupon.MaxUsesPerBuyer is { } perBuyer && buyerUses >= perBuyer)
        {
            return perBuyer == 1 ? "You have already used that coupon." : $"You have already used that coupon {perBuyer} times.";
        }

        var eligible = lines.Where(l => AppliesTo(coupon, l)).ToList();
        if (eligible.Count == 0)
        {
            return "That coupon does not apply to the gigs in your cart.";
        }

        var total = eligible.Sum(l => l.UnitMinor * l.Quantity);
        if (total < coupon.MinOrderMinor)
        {
            return $"That coupon needs an order of at least {new Money(coupon.MinOrderMinor, currency).Format()}" + (eligible.Count < lines.Count ? " of the gigs it applies to." : ".");
        }

        return null;
    }
}
