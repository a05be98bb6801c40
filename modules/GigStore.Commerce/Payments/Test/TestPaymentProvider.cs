using System.Security.Cryptography;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Payments.Test;

/// <summary>
/// The test provider: no money moves. It keeps its own record of each payment (<see cref="TestPayment"/>, what a
/// real provider holds on its side), shows the buyer a card form labelled "test mode", and decides by Stripe's
/// test card numbers (<see cref="TestCards"/>). A payment is named after its checkout and recorded when the first
/// card is entered (<see cref="RecordCardAsync"/>): until then it is waiting for a card, as a hosted payment page
/// nobody has opened. A card that succeeds is recorded first and confirmed through the checkout like any
/// provider's, so a crash in between is what reconciliation finds and completes.
/// </summary>
internal sealed class TestPaymentProvider(CommerceDb db, TimeProvider clock) : IPaymentProvider
{
    public const string ProviderId = "test";

    public string Id => ProviderId;

    public string DisplayName => "Test card";

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> IsTestModeAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>The payment of a checkout: one per checkout, so starting again (the same idempotency key) gives the same.</summary>
    public static string ReferenceFor(Guid checkoutId) => "tp_" + checkoutId.ToString("N");

    public Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        var reference = ReferenceFor(request.CheckoutId);
        return Task.FromResult(new PaymentStart(reference, $"/checkout/test-pay/{reference}"));
    }

    public async Task<PaymentStatus> RetrieveAsync(string reference, CancellationToken cancellationToken)
    {
        var payment = await db.TestPayments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == reference, cancellationToken);
        return payment?.State switch
        {
            TestPaymentState.Succeeded => new PaymentStatus(reference, PaymentState.Succeeded, payment.Id, new Money(payment.AmountMinor, payment.Currency)),
            TestPaymentState.Canceled => new PaymentStatus(reference, PaymentState.Expired, FailureMessage: "The test payment was canceled."),
            _ => new PaymentStatus(reference, PaymentState.Pending, FailureMessage: payment?.LastError),
        };
    }

    /// <summary>
    /// Records a card entered for <paramref name="checkout"/>'s payment: paid when <paramref name="declined"/> is
    /// null, else still waiting with that message. <paramref name="recorded"/> is the record as the caller read it
    /// (null before the first card). One write; of two cards paying at once, one pays and the other changes nothing.
    /// </summary>
    public static async Task RecordCardAsync(CommerceDb db, Data.Checkout checkout, TestPayment? recorded, string? declined, DateTimeOffset now, CancellationToken ct)
    {
        var state = declined is null ? TestPaymentState.Succeeded : TestPaymentState.RequiresPayment;
        if (recorded is not null)
        {
            await db.TestPayments.Where(p => p.Id == recorded.Id && p.State == TestPaymentState.RequiresPayment)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, state).SetProperty(p => p.LastError, declined), ct);
            return;
        }

        db.TestPayments.Add(new TestPayment
        {
            Id = checkout.ProviderReference!,
            CheckoutId = checkout.Id,
            IdempotencyKey = checkout.IdempotencyKey,
            AmountMinor = checkout.TotalMinor,
            Currency = checkout.Currency,
            State = state,
            LastError = declined,
            CreatedUtc = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another card was recorded first (the unique id): read it, and record this one against it.
            db.ChangeTracker.Clear();
            var first = await db.TestPayments.AsNoTracking().FirstAsync(p => p.Id == checkout.ProviderReference, ct);
            await RecordCardAsync(db, checkout, first, declined, now, ct);
        }
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        if (await db.TestRefunds.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == request.IdempotencyKey, cancellationToken) is { } done)
        {
            return new RefundResult(done.Id, new Money(done.AmountMinor, request.Amount.Currency));
        }

        if (request.Amount.Minor <= 0)
        {
            throw new PaymentProviderException("A refund must be more than nothing.", retryable: false);
        }

        // One statement checks what is left and takes the refund from it, so concurrent refunds never exceed the payment.
        var taken = await db.TestPayments
            .Where(p => p.Id == request.PaymentId && p.State == TestPaymentState.Succeeded && p.AmountMinor - p.RefundedMinor >= request.Amount.Minor)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedMinor, p => p.RefundedMinor + request.Amount.Minor), cancellationToken);
        if (taken == 0)
        {
            throw new PaymentProviderException("The refund is more than what is left of the payment.", retryable: false);
        }

        var refund = new TestRefund { Id = NewId("tr_"), PaymentId = request.PaymentId, IdempotencyKey = request.IdempotencyKey, AmountMinor = request.Amount.Minor, CreatedUtc = clock.GetUtcNow() };
        db.TestRefunds.Add(refund);
        await db.SaveChangesAsync(cancellationToken);
        return new RefundResult(refund.Id, request.Amount);
    }

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}

public enum CardOutcome
{
    Succeeds,
    Declined,
    InsufficientFunds,
    NotATestCard,
}

/// <summary>Stripe's test cards, which the test provider answers as Stripe's test mode does.</summary>
public static class TestCards
{
    public const string Succeeds = "4242424242424242";
    public const string Declined = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";

    public static string Digits(string? number) => new([.. (number ?? "").Where(char.IsAsciiDigit)]);

    public static CardOutcome Outcome(string? number) => Digits(number) switch
    {
        Succeeds => CardOutcome.Succeeds,
        Declined => CardOutcome.Declined,
        InsufficientFunds => CardOutcome.InsufficientFunds,
        _ => CardOutcome.NotATestCard,
    };

    public static string? Message(CardOutcome outcome) => outcome switch
    {
        CardOutcome.Declined => "Your card was declined.",
        CardOutcome.InsufficientFunds => "Your card has insufficient funds.",
        CardOutcome.NotATestCard => "This is a test store: use one of the test card numbers shown above.",
        _ => null,
    };
}
