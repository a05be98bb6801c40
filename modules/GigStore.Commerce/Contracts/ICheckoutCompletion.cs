namespace GigStore.Commerce.Contracts;

/// <summary>
/// The checkout's side of a payment provider: what a provider's webhook, return page or the reconciliation
/// job calls when it learns how a payment went. Every call is safe to repeat and to make concurrently —
/// duplicate webhooks, a webhook racing the buyer's return — a checkout's orders are created once.
/// </summary>
public interface ICheckoutCompletion
{
    /// <summary>
    /// Applies a status the provider vouched for (a webhook whose signature was checked): a succeeded
    /// payment completes its checkout and creates its orders, a failed or expired one closes it. A status
    /// for a reference no checkout of this tenant started is ignored (<see cref="CompletionOutcome.Unknown"/>).
    /// </summary>
    Task<CompletionOutcome> ApplyAsync(string providerId, PaymentStatus status, CancellationToken cancellationToken);

    /// <summary>Asks the provider for the payment's status (server to server) and applies it.</summary>
    Task<CompletionOutcome> ConfirmAsync(string providerId, string reference, CancellationToken cancellationToken);
}

public enum CompletionOutcome
{
    /// <summary>No checkout of this tenant has that provider reference.</summary>
    Unknown,

    /// <summary>Still waiting for the payment.</summary>
    Pending,

    /// <summary>This call created the orders.</summary>
    Completed,

    /// <summary>The orders existed already (a repeated or concurrent confirmation): nothing was written.</summary>
    AlreadyCompleted,

    /// <summary>The payment failed or expired; the checkout is closed and its coupon released.</summary>
    Closed,
}
