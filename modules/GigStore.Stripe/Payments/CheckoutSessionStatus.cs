using GigStore.Commerce;
using GigStore.Commerce.Contracts;
using GigStore.Stripe.Api;

namespace GigStore.Stripe.Payments;

/// <summary>What a Checkout Session says about its payment, in the checkout's terms. One reading for the webhook and for retrieval.</summary>
internal static class CheckoutSessionStatus
{
    public const string AsyncPaymentFailed = "Your payment could not be completed.";

    /// <summary>
    /// Complete and paid is a payment (with the PaymentIntent refunds name and the amount charged); expired is
    /// expired; complete but unpaid is a delayed payment method still at work — unless its (expanded)
    /// PaymentIntent shows it failed; open is waiting for the buyer.
    /// </summary>
    public static PaymentStatus Of(StripeCheckoutSession session) => (session.Status, session.PaymentStatus) switch
    {
        ("complete", "paid") => Succeeded(session),
        ("expired", _) => new PaymentStatus(session.Id, PaymentState.Expired),
        ("complete", _) when session.PaymentIntent is { Status: "requires_payment_method" or "canceled" } intent =>
            Failed(session, intent.LastPaymentError?.Message),
        _ => new PaymentStatus(session.Id, PaymentState.Pending),
    };

    public static PaymentStatus Succeeded(StripeCheckoutSession session) => new(
        session.Id,
        PaymentState.Succeeded,
        session.PaymentIntent?.Id,
        session.AmountTotal is { } amount && session.Currency is { } currency ? new Money(amount, currency.ToUpperInvariant()) : null);

    /// <summary>
    /// A failed payment. Stripe's own message is for card errors that the buyer can read, but it is not always
    /// there (a bank debit that bounced), so the buyer gets a plain sentence when it is missing.
    /// </summary>
    public static PaymentStatus Failed(StripeCheckoutSession session, string? message = null) =>
        new(session.Id, PaymentState.Failed, session.PaymentIntent?.Id, FailureMessage: string.IsNullOrWhiteSpace(message) ? AsyncPaymentFailed : message);
}
