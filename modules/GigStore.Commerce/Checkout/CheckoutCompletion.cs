using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Commerce.Orders;
using GigStore.Shell.Modules;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GigStore.Commerce.Checkout;

/// <summary>
/// Turns a provider's word on a payment into orders, exactly once. The checkout's state changes by one
/// conditional UPDATE (from anything but Completed to Completed) inside the transaction that writes the payment
/// and the orders: of any number of concurrent or repeated confirmations — the buyer's return, a webhook
/// delivered five times, the reconciliation job — one changes the row and writes; the others change nothing
/// and say so. The unique (checkout) payment and (checkout, line) orders would refuse a second set anyway.
/// </summary>
internal sealed partial class CheckoutCompletion(CommerceDb db, EnabledServices<IPaymentProvider> providers, OrderPlacement placement, OrderEmails emails, TimeProvider clock, ILogger<CheckoutCompletion> logger) : ICheckoutCompletion
{
    public async Task<CompletionOutcome> ConfirmAsync(string providerId, string reference, CancellationToken cancellationToken)
    {
        if (providers.All.FirstOrDefault(p => p.Id == providerId) is not { } provider)
        {
            // The provider was switched off for this tenant: the checkout waits until it is back (or expires).
            return await db.Checkouts.AnyAsync(c => c.Provider == providerId && c.ProviderReference == reference, cancellationToken) ? CompletionOutcome.Pending : CompletionOutcome.Unknown;
        }

        return await ApplyAsync(providerId, await provider.RetrieveAsync(reference, cancellationToken), cancellationToken);
    }

    public async Task<CompletionOutcome> ApplyAsync(string providerId, PaymentStatus status, CancellationToken cancellationToken)
    {
        var checkout = await db.Checkouts.AsNoTracking().FirstOrDefaultAsync(c => c.Provider == providerId && c.ProviderReference == status.Reference, cancellationToken);
        if (checkout is null)
        {
            LogUnknown(logger, providerId, status.Reference);
            return CompletionOutcome.Unknown;
        }

        return status.State switch
        {
            PaymentState.Succeeded => await CompleteAsync(checkout, status, cancellationToken),
            PaymentState.Failed or PaymentState.Expired => await CloseAsync(checkout, status, cancellationToken),
            _ => checkout.State == CheckoutState.Completed ? CompletionOutcome.AlreadyCompleted : CompletionOutcome.Pending,
        };
    }

    private async Task<CompletionOutcome> CompleteAsync(Data.Checkout checkout, PaymentStatus status, CancellationToken ct)
    {
        if (status.Amount is { } paid && (paid.Minor != checkout.TotalMinor || paid.Currency != checkout.Currency))
        {
            // We set the amount when the payment started; another one means tampering or a bug. The buyer paid, so
            // the orders are still created (nothing paid is lost), and someone must look.
            LogAmountMismatch(logger, checkout.Id, paid.Format(), new Money(checkout.TotalMinor, checkout.Currency).Format());
        }

        if (checkout.State == CheckoutState.Completed)
        {
            // A checkout never leaves Completed: a repeated confirmation is answered without the write lock.
            return CompletionOutcome.AlreadyCompleted;
        }

        // Read before the transaction, which holds SQLite's write lock: every other writer waits while it is open.
        var sellers = await emails.SellersAsync(checkout, ct);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var fromPending = await db.Checkouts.Where(c => c.Id == checkout.Id && c.State == CheckoutState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CheckoutState.Completed).SetProperty(c => c.CompletedUtc, now), ct);
        var fromClosed = fromPending == 1 ? 0 : await db.Checkouts
            .Where(c => c.Id == checkout.Id && (c.State == CheckoutState.Failed || c.State == CheckoutState.Expired))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CheckoutState.Completed).SetProperty(c => c.CompletedUtc, now).SetProperty(c => c.FailureMessage, (string?)null), ct);
        if (fromPending + fromClosed == 0)
        {
            return CompletionOutcome.AlreadyCompleted;
        }

        if (fromClosed == 1 && checkout.CouponId is { } couponId)
        {
            // Closing it gave the coupon's use back; the payment was made with it after all.
            await CouponReservations.RecountAsync(db, couponId, checkout.BuyerId, ct);
        }

        var orders = await placement.PlaceAsync(checkout, status.PaymentId ?? status.Reference, now, ct);
        await emails.QueueAsync(checkout, orders, sellers, transaction.GetDbTransaction(), ct);
        await transaction.CommitAsync(ct);
        LogCompleted(logger, checkout.Id, checkout.Provider);
        return CompletionOutcome.Completed;
    }

    private async Task<CompletionOutcome> CloseAsync(Data.Checkout checkout, PaymentStatus status, CancellationToken ct)
    {
        var state = status.State == PaymentState.Failed ? CheckoutState.Failed : CheckoutState.Expired;
        var message = status.FailureMessage ?? (state == CheckoutState.Failed ? "The payment did not go through." : "The payment was not completed in time.");
        var closed = await CheckoutClosing.CloseAsync(db, checkout, state, message, ct);
        return closed || checkout.State != CheckoutState.Completed ? CompletionOutcome.Closed : CompletionOutcome.AlreadyCompleted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Provider} payment status for {Reference}, which no checkout of this tenant started, was ignored")]
    private static partial void LogUnknown(ILogger logger, string provider, string reference);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkout {CheckoutId} was paid {Paid}, not its total {Total}: its orders are created; look into it")]
    private static partial void LogAmountMismatch(ILogger logger, Guid checkoutId, string paid, string total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout {CheckoutId} paid through {Provider}: orders created")]
    private static partial void LogCompleted(ILogger logger, Guid checkoutId, string provider);
}

/// <summary>Writes a paid checkout's payment, orders and first timeline entries, and takes the gigs out of the buyer's cart (in the caller's transaction).</summary>
internal sealed class OrderPlacement(CommerceDb db, EnabledServices<IPaymentProvider> providers)
{
    public async Task<IReadOnlyList<Order>> PlaceAsync(Data.Checkout checkout, string providerPaymentId, DateTimeOffset now, CancellationToken ct)
    {
        var payment = new Payment
        {
            CheckoutId = checkout.Id,
            Provider = checkout.Provider,
            ProviderPaymentId = providerPaymentId,
            AmountMinor = checkout.TotalMinor,
            Currency = checkout.Currency,
            CreatedUtc = now,
        };
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);

        var lines = checkout.Lines();
        var orders = lines.Select((line, i) => new Order
        {
            CheckoutId = checkout.Id,
            LineNumber = i + 1,
            BuyerId = checkout.BuyerId,
            SellerId = line.SellerId,
            SellerName = line.SellerName,
            GigId = line.GigId,
            GigTitle = line.GigTitle,
            GigSlug = line.GigSlug,
            Line = line,
            Currency = checkout.Currency,
            SubtotalMinor = line.SubtotalMinor,
            DiscountMinor = line.DiscountMinor,
            FeeMinor = line.FeeMinor,
            TaxMinor = line.TaxMinor,
            TotalMinor = line.TotalMinor,
            PaymentId = payment.Id,
            Status = OrderStatus.AwaitingRequirements,
            CreatedUtc = now,
        }).ToList();
        db.Orders.AddRange(orders);
        await db.SaveChangesAsync(ct);

        var providerName = providers.All.FirstOrDefault(p => p.Id == checkout.Provider)?.DisplayName ?? checkout.Provider;
        foreach (var order in orders)
        {
            db.OrderEvents.Add(new OrderEvent
            {
                OrderId = order.Id,
                Kind = OrderEventKinds.Placed,
                ActorId = checkout.BuyerId,
                Text = $"Order placed: the {order.Line.Package.Tier} package of “{order.GigTitle}”{Extras(order.Line)} for {new Money(order.TotalMinor, order.Currency).Format()}, paid with {providerName}. Waiting for the buyer's requirements.",
                CreatedUtc = now,
            });
        }

        var gigs = lines.Select(l => l.GigId).ToList();
        await db.CartLines.Where(l => gigs.Contains(l.GigId) && db.Carts.Any(c => c.Id == l.CartId && c.OwnerId == checkout.BuyerId)).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        return orders;
    }

    private static string Extras(CheckoutLine line) =>
        line.Extras.Count == 0 ? "" : " with " + string.Join(", ", line.Extras.Select(e => e.Title));
}

public static class OrderEventKinds
{
    public const string Placed = "placed";
    public const string Refunded = "refunded";
}
