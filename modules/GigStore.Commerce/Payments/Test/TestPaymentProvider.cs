using System.Security.Cryptography;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Payments.Test;

/// <summary>
/// The test provider: no money moves. It keeps its own record of each payment (<see cref="TestPayment"/>, what a
/// real provider holds on its side), shows the buyer a card form labelled "test mode", and decides by Stripe's
/// test card numbers (<see cref="TestCards"/>). The form's success is recorded here first and confirmed through
/// the checkout like any provider's, so a crash in between is what reconciliation finds and completes.
/// </summary>
internal sealed class TestPaymentProvider(CommerceDb db, TimeProvider clock) : IPaymentProvider
{
    public const string ProviderId = "test";

    public string Id => ProviderId;

    public string DisplayName => "Test card";

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> IsTestModeAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        var payment = await db.TestPayments.AsNoTracking().FirstOrDefaultAsync(p => p.IdempotencyKey == request.IdempotencyKey, cancellationToken);
        if (payment is null)
        {
            payment = new TestPayment
            {
                Id = NewId("tp_"),
                CheckoutId = request.CheckoutId,
                IdempotencyKey = request.IdempotencyKey,
                AmountMinor = request.Amount.Minor,
                Currency = request.Amount.Currency,
                State = TestPaymentState.RequiresPayment,
                CreatedUtc = clock.GetUtcNow(),
            };
            db.TestPayments.Add(payment);
            await db.SaveChangesAsync(cancellationToken);
        }

        return new PaymentStart(payment.Id, $"/checkout/test-pay/{payment.Id}");
    }

    public async Task<PaymentStatus> RetrieveAsync(string reference, CancellationToken cancellationToken)
    {
        var payment = await db.TestPayments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == reference, cancellationToken)
            ?? throw new PaymentProviderException("The test payment does not exist.", retryable: false);
        return payment.State switch
        {
            TestPaymentState.Succeeded => new PaymentStatus(reference, PaymentState.Succeeded, payment.Id, new Money(payment.AmountMinor, payment.Currency)),
            TestPaymentState.Canceled => new PaymentStatus(reference, PaymentState.Expired, FailureMessage: "The test payment was canceled."),
            _ => new PaymentStatus(reference, PaymentState.Pending, FailureMessage: payment.LastError),
        };
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
