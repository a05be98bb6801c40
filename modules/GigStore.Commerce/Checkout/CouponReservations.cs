using GigStore.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Checkout;

/// <summary>
/// A coupon's uses, counted when a buyer pays (not when the order is confirmed, so two buyers racing for the
/// last use cannot both pay with it) and given back when that payment fails or expires. Each limit is checked
/// and counted in one conditional statement, which the database serializes: under any number of concurrent
/// checkouts a coupon is never used more often than its limits allow.
/// </summary>
public static class CouponReservations
{
    /// <summary>Counts a use by <paramref name="buyerId"/>; the buyer's message when a limit is reached. Call inside the checkout's transaction.</summary>
    public static async Task<string?> ReserveAsync(CommerceDb db, Coupon coupon, string buyerId, CancellationToken ct)
    {
        var counted = await db.Coupons
            .Where(c => c.Id == coupon.Id && c.Active && (c.MaxUses == null || c.Uses < c.MaxUses))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses + 1), ct);
        if (counted == 0)
        {
            return "That coupon has been used up.";
        }

        var limit = coupon.MaxUsesPerBuyer ?? int.MaxValue;
        return !await CountBuyerUseAsync(db, coupon.Id, buyerId, limit, ct) ? (limit == 1 ? "You have already used that coupon." : $"You have already used that coupon {limit} times.") : null;
    }

    /// <summary>Gives back a use counted by <see cref="ReserveAsync"/>.</summary>
    public static async Task ReleaseAsync(CommerceDb db, int couponId, string buyerId, CancellationToken ct)
    {
        await db.Coupons.Where(c => c.Id == couponId && c.Uses > 0).ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses - 1), ct);
        await db.CouponBuyerUses.Where(u => u.CouponId == couponId && u.BuyerId == buyerId && u.Uses > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Uses, u => u.Uses - 1), ct);
    }

    /// <summary>Counts a use without its limits: a payment that arrived after its checkout had given the use back was still made with the coupon.</summary>
    public static async Task RecountAsync(CommerceDb db, int couponId, string buyerId, CancellationToken ct)
    {
        await db.Coupons.Where(c => c.Id == couponId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Uses, c => c.Uses + 1), ct);
        await CountBuyerUseAsync(db, couponId, buyerId, int.MaxValue, ct);
    }

    /// <summary>Counts one more use by the buyer unless they have <paramref name="limit"/> already: false then.</summary>
    private static async Task<bool> CountBuyerUseAsync(CommerceDb db, int couponId, string buyerId, int limit, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Commerce_CouponBuyerUses" ("CouponId", "BuyerId", "Uses") VALUES ({couponId}, {buyerId}, 0) ON CONFLICT DO NOTHING""", ct);
        return await db.CouponBuyerUses
            .Where(u => u.CouponId == couponId && u.BuyerId == buyerId && u.Uses < limit)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Uses, u => u.Uses + 1), ct) == 1;
    }

    /// <summary>How often <paramref name="buyerId"/> has used the coupon (paid or paying).</summary>
    public static async Task<int> UsesByAsync(CommerceDb db, int couponId, string buyerId, CancellationToken ct) =>
        await db.CouponBuyerUses.Where(u => u.CouponId == couponId && u.BuyerId == buyerId).Select(u => u.Uses).FirstOrDefaultAsync(ct);
}
