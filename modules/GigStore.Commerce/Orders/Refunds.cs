using GigStore.Commerce.Checkout;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Shell.Modules;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Orders;

public abstract record RefundOutcome
{
    public sealed record Refunded(Refund Refund) : RefundOutcome;

    /// <summary>The request itself is wrong (the amount, the reason): nothing was asked of the provider.</summary>
    public sealed record Invalid(string Field, string Message) : RefundOutcome;

    public sealed record Refused(string Message, bool Retryable = false) : RefundOutcome;
}

/// <summary>
/// Refunds all or part of an order through the provider that took its payment, and records it on the order,
/// its payment and its timeline. The amount is taken from what is left of the order by one conditional UPDATE
/// before the provider is asked, so two refunds at once can never move more money than the order's total or
/// move money that is not recorded; a provider that refuses gives the amount back. The provider call carries an
/// idempotency key made of the order and what had been refunded before, so a retried provider call refunds once.
/// </summary>
public sealed class OrderRefunds(CommerceDb db, EnabledServices<IPaymentProvider> providers, TimeProvider clock)
{
    public const int MaxReasonLength = 500;

    public async Task<RefundOutcome> RefundAsync(int orderId, long amountMinor, string? reason, string? actorId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null)
        {
            return new RefundOutcome.Refused("There is no such order.");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            return new RefundOutcome.Invalid("reason", $"Keep the reason to {MaxReasonLength} characters.");
        }

        var left = order.TotalMinor - order.RefundedMinor;
        var range = $"Refund an amount from {new Money(1, order.Currency).Format()} to {new Money(Math.Max(1, left), order.Currency).Format()}.";
        if (amountMinor <= 0)
        {
            return new RefundOutcome.Invalid("amountMinor", range);
        }

        if (left == 0)
        {
            return new RefundOutcome.Refused("The order has been refunded in full already.");
        }

        if (amountMinor > left)
        {
            // More than the order has left now: a conflict with its state, not a malformed request.
            return new RefundOutcome.Refused(range);
        }

        var payment = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == order.PaymentId, ct);
        if (providers.All.FirstOrDefault(p => p.Id == payment.Provider) is not { } provider)
        {
            return new RefundOutcome.Refused("The payment provider that took this payment is switched off; switch it on to refund.");
        }

        // Taken from the order first, as it was read: another refund in between makes this one change nothing.
        var before = order.RefundedMinor;
        if (await db.Orders.Where(o => o.Id == order.Id && o.RefundedMinor == before)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.RefundedMinor, o => o.RefundedMinor + amountMinor), ct) == 0)
        {
            return new RefundOutcome.Refused("Another refund of this order was being made at the same time; look at the order again and retry.");
        }

        RefundResult result;
        try
        {
            result = await provider.RefundAsync(new RefundRequest(
                payment.ProviderPaymentId, new Money(amountMinor, order.Currency), $"order-{order.Id}-after-{before}-refund-{amountMinor}", reason), ct);
        }
        catch (PaymentProviderException ex)
        {
            await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.RefundedMinor, o => o.RefundedMinor - amountMinor), CancellationToken.None);
            return new RefundOutcome.Refused(ex.Message, ex.Retryable);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedMinor, p => p.RefundedMinor + amountMinor), ct);
        var refund = new Refund { PaymentId = payment.Id, OrderId = order.Id, AmountMinor = amountMinor, ProviderRefundId = result.RefundId, Reason = reason, ActorId = actorId, CreatedUtc = now };
        db.Refunds.Add(refund);
        db.OrderEvents.Add(new OrderEvent
        {
            OrderId = order.Id,
            Kind = OrderEventKinds.Refunded,
            ActorId = actorId,
            Text = $"{(amountMinor == left ? "Refunded in full" : "Partly refunded")}: {new Money(amountMinor, order.Currency).Format()}{(reason is null ? "" : $" ({reason})")}.",
            CreatedUtc = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RefundOutcome.Refunded(refund);
    }
}
