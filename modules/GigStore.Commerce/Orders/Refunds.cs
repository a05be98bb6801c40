using GigStore.Commerce.Checkout;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Shell.Modules;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Orders;

public abstract record RefundOutcome
{
    public sealed record Refunded(Refund Refund) : RefundOutcome;

    public sealed record Refused(string Message, bool Retryable = false) : RefundOutcome;
}

/// <summary>
/// Refunds all or part of an order through the provider that took its payment, and records it on the order,
/// its payment and its timeline. The provider call carries an idempotency key made of the order and what it
/// had been refunded before, so a retried request refunds once.
/// </summary>
public sealed class OrderRefunds(CommerceDb db, EnabledServices<IPaymentProvider> providers, TimeProvider clock)
{
    public async Task<RefundOutcome> RefundAsync(int orderId, long amountMinor, string? reason, string? actorId, CancellationToken ct)
    {
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null)
        {
            return new RefundOutcome.Refused("There is no such order.");
        }

        var left = order.TotalMinor - order.RefundedMinor;
        if (amountMinor <= 0 || amountMinor > left)
        {
            return new RefundOutcome.Refused(left == 0
                ? "The order has been refunded in full already."
                : $"Refund an amount from {new Money(1, order.Currency).Format()} to {new Money(left, order.Currency).Format()}.");
        }

        var payment = await db.Payments.FirstAsync(p => p.Id == order.PaymentId, ct);
        if (providers.All.FirstOrDefault(p => p.Id == payment.Provider) is not { } provider)
        {
            return new RefundOutcome.Refused("The payment provider that took this payment is switched off; switch it on to refund.");
        }

        RefundResult result;
        try
        {
            result = await provider.RefundAsync(new RefundRequest(
                payment.ProviderPaymentId, new Money(amountMinor, order.Currency), $"order-{order.Id}-after-{order.RefundedMinor}-refund-{amountMinor}", reason), ct);
        }
        catch (PaymentProviderException ex)
        {
            return new RefundOutcome.Refused(ex.Message, ex.Retryable);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var recorded = await db.Orders.Where(o => o.Id == order.Id && o.RefundedMinor == order.RefundedMinor)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.RefundedMinor, o => o.RefundedMinor + amountMinor), ct);
        if (recorded == 0 || await db.Refunds.AnyAsync(r => r.ProviderRefundId == result.RefundId, ct))
        {
            // Another request recorded this refund (the provider answered both with the same one).
            return new RefundOutcome.Refused("That refund was made already.");
        }

        await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedMinor, p => p.RefundedMinor + amountMinor), ct);
        var refund = new Refund { PaymentId = payment.Id, OrderId = order.Id, AmountMinor = amountMinor, ProviderRefundId = result.RefundId, Reason = reason, ActorId = actorId, CreatedUtc = now };
        db.Refunds.Add(refund);
        db.OrderEvents.Add(new OrderEvent
        {
            OrderId = order.Id,
            Kind = OrderEventKinds.Refunded,
            ActorId = actorId,
            Text = $"{(amountMinor == left ? "Refunded in full" : "Partly refunded")}: {new Money(amountMinor, order.Currency).Format()}{(string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.Trim()})")}.",
            CreatedUtc = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new RefundOutcome.Refunded(refund);
    }
}
