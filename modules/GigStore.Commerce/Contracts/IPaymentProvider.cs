namespace GigStore.Commerce.Contracts;

/// <summary>
/// A way to pay, provided by a module and switched on per tenant with that module's feature (as
/// OrchardCore.Commerce's payment providers are). The checkout starts a payment here and sends the buyer
/// where the provider says; the order is created only when the provider confirms the payment — through
/// <see cref="ICheckoutCompletion"/> from its webhook or confirmation page, or when the checkout asks
/// <see cref="RetrieveAsync"/> — never because the buyer's browser came back.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Stable id stored with checkouts and payments ("test", "stripe").</summary>
    string Id { get; }

    /// <summary>What the buyer sees as the way to pay.</summary>
    string DisplayName { get; }

    /// <summary>Whether the tenant has configured the provider so that it can take payments now.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>Whether payments are test payments (no money moves): shown to buyers as "test mode".</summary>
    Task<bool> IsTestModeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts paying for a checkout. Safe to repeat with the same <see cref="PaymentRequest.IdempotencyKey"/>:
    /// the provider answers the payment it started the first time.
    /// </summary>
    /// <exception cref="PaymentProviderException">The provider refused or could not be reached.</exception>
    Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken cancellationToken);

    /// <summary>What the provider says now about the payment started as <paramref name="reference"/>.</summary>
    /// <exception cref="PaymentProviderException">The provider could not be reached.</exception>
    Task<PaymentStatus> RetrieveAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Refunds all or part of a confirmed payment. Safe to repeat with the same idempotency key.</summary>
    /// <exception cref="PaymentProviderException">The provider refused or could not be reached.</exception>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
}

/// <summary>A payment for one checkout: its id (the provider's metadata and our idempotency key derive from it), amount and lines.</summary>
public sealed record PaymentRequest(
    Guid CheckoutId,
    Money Amount,
    string Description,
    string? BuyerEmail,
    IReadOnlyList<PaymentLine> Lines,
    string ReturnUrl,
    string CancelUrl,
    string IdempotencyKey);

/// <summary>One line as the provider's page lists it; the lines add up to the amount.</summary>
public sealed record PaymentLine(string Name, Money Amount);

/// <summary>The provider's id for the payment attempt, and the (absolute or tenant-relative) address to send the buyer to.</summary>
public sealed record PaymentStart(string Reference, string RedirectUrl);

public enum PaymentState
{
    /// <summary>Not paid yet (the buyer has not finished, or the provider is still processing).</summary>
    Pending,

    /// <summary>Paid: the order may be created.</summary>
    Succeeded,

    /// <summary>Refused (declined card, insufficient funds); the buyer may try again with a new checkout.</summary>
    Failed,

    /// <summary>Given up on: the buyer never paid within the provider's time.</summary>
    Expired,
}

/// <summary>
/// What a provider says about a payment attempt: its state, and once paid, the provider's id of the payment
/// (what refunds name) and the amount it took.
/// </summary>
public sealed record PaymentStatus(string Reference, PaymentState State, string? PaymentId = null, Money? Amount = null, string? FailureMessage = null);

public sealed record RefundRequest(string PaymentId, Money Amount, string IdempotencyKey, string? Reason = null);

public sealed record RefundResult(string RefundId, Money Amount);

/// <summary>
/// A provider's failure in words a buyer can read ("Your card was declined."), and whether trying again
/// later may work (rate limited, provider down) — a declined card will not.
/// </summary>
public sealed class PaymentProviderException(string buyerMessage, bool retryable, Exception? inner = null) : Exception(buyerMessage, inner)
{
    public bool Retryable { get; } = retryable;
}
