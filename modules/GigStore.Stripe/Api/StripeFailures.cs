using System.Net;
using GigStore.Commerce.Contracts;

namespace GigStore.Stripe.Api;

/// <summary>
/// What went wrong in a call to Stripe, for logs and tests: the HTTP status, Stripe's error object and its
/// request id (what Stripe's support asks for). Never shown to buyers; <see cref="StripeFailures"/> says what they read.
/// </summary>
internal sealed class StripeApiException(string call, int status, StripeError? error, string? requestId, bool retryable, Exception? inner = null)
    : Exception(Describe(call, status, error, requestId), inner)
{
    public string Call { get; } = call;

    /// <summary>0 when no answer came (network failure, timeout).</summary>
    public int Status { get; } = status;

    public StripeError? Error { get; } = error;

    public string? RequestId { get; } = requestId;

    /// <summary>Whether the same request may succeed when sent again (with the same idempotency key).</summary>
    public bool Retryable { get; } = retryable;

    private static string Describe(string call, int status, StripeError? error, string? requestId) =>
        $"Stripe {(status == 0 ? "did not answer" : $"answered {status}")} to {call}"
        + (error is null ? "" : $": {error.Type}{(error.Code is null ? "" : "/" + error.Code)}{(error.DeclineCode is null ? "" : "/" + error.DeclineCode)} {error.Message}")
        + (requestId is null ? "" : $" (request {requestId})");
}

/// <summary>Stripe's failures in words a buyer can read, and whether trying again later may help.</summary>
internal static class StripeFailures
{
    public const string Busy = "The payment service is busy, please try again in a minute.";
    public const string Unavailable = "The payment service is unavailable, please try again in a minute.";
    public const string Declined = "Your card was declined.";
    public const string InsufficientFunds = "Your card has insufficient funds.";
    public const string NotSetUp = "Card payments are not available in this store right now.";
    public const string Refused = "The payment service could not process this request.";

    /// <summary>Whether a failed attempt is worth repeating with the same request (and idempotency key).</summary>
    public static bool IsTransient(int status) =>
        status is 0 or (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.Conflict || status >= 500;

    /// <summary>
    /// The buyer's words for a failure. Whether to try again is the client's answer (<see cref="StripeApiException.Retryable"/>,
    /// which heeds Stripe's <c>Stripe-Should-Retry</c>), except for card errors, where only a processing error is worth it.
    /// </summary>
    public static PaymentProviderException ToPaymentException(StripeApiException failure)
    {
        var (message, cardRetryable) = Describe(failure.Status, failure.Error);
        var isCard = failure.Error?.Type == "card_error" || failure.Status == (int)HttpStatusCode.PaymentRequired;
        return new PaymentProviderException(message, isCard ? cardRetryable : failure.Retryable, failure);
    }

    private static (string Message, bool Retryable) Describe(int status, StripeError? error)
    {
        // Card errors first: decline_code is the precise reason, code the general one.
        if (error?.Type == "card_error" || status == (int)HttpStatusCode.PaymentRequired)
        {
            return (error?.DeclineCode ?? error?.Code) switch
            {
                "insufficient_funds" => (InsufficientFunds, false),
                "expired_card" => ("Your card has expired.", false),
                "incorrect_cvc" or "invalid_cvc" => ("Your card's security code is incorrect.", false),
                "incorrect_number" or "invalid_number" => ("Your card number is incorrect.", false),
                "processing_error" => ("Your card could not be processed, please try again.", true),
                _ => (Declined, false),
            };
        }

        return status switch
        {
            (int)HttpStatusCode.TooManyRequests => (Busy, true),
            0 or (int)HttpStatusCode.Conflict or >= 500 => (Unavailable, true),
            // A wrong or revoked key, or a restricted key without the permission: the store's admin must fix it.
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => (NotSetUp, false),
            (int)HttpStatusCode.NotFound => ("The payment could not be found.", false),
            _ => error?.Code switch
            {
                "charge_already_refunded" => ("This payment has already been refunded in full.", false),
                "amount_too_large" => ("The refund is larger than what is left of the payment.", false),
                "charge_disputed" => ("This payment is disputed and cannot be refunded.", false),
                _ when error?.Type == "idempotency_error" => ("This payment was already started with other details; please start the checkout again.", false),
                _ => (Refused, false),
            },
        };
    }
}
