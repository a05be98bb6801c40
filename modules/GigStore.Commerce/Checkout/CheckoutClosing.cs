using GigStore.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Checkout;

/// <summary>Closes a pending checkout that will not be paid (failed, expired) and gives its coupon use back, in one transaction.</summary>
public static class CheckoutClosing
{
    /// <summary>True when this call closed it; false when it was no longer pending (paid or closed by another).</summary>
    public static async Task<bool> CloseAsync(CommerceDb db, Data.Checkout checkout, CheckoutState state, string message, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var closed = await db.Checkouts.Where(c => c.Id == checkout.Id && c.State == CheckoutState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, state).SetProperty(c => c.FailureMessage, message), ct);
        if (closed == 1 && checkout.CouponId is { } couponId)
        {
            await CouponReservations.ReleaseAsync(db, couponId, checkout.BuyerId, ct);
        }

        await transaction.CommitAsync(ct);
        return closed == 1;
    }
}
