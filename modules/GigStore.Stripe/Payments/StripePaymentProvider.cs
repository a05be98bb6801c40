using GigStore.Commerce;
using GigStore.Commerce.Contracts;
using GigStore.Stripe.Api;
using GigStore.Stripe.Settings;
using GigStore.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GigStore.Stripe.Payments;

/// <summary>
/// Stripe as a way to pay: the buyer pays on Stripe's hosted Checkout page, so card numbers never reach this
/// store's pages. The reference of a payment is its Checkout Session's id (<c>cs_...</c>); the payment id,
/// which refunds name, is the session's PaymentIntent (<c>pi_...</c>).
/// </summary>
internal sealed class StripePaymentProvider(
    StripeSettingsStore settings,
    IHttpClientFactory httpClients,
    IOptions<StripeOptions> options,
    ITenantAccessor tenants,
    ILogger<StripePaymentProvider> log) : IPaymentProvider
{
    public const string ProviderId = "stripe";

    /// <summary>Stripe's limit on a session's line items; a longer list is paid as one line.</summary>
    private const int MaxLineItems = 100;

    public string Id => ProviderId;

    public string DisplayName => "Card (Stripe)";

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken) => (await settings.GetAsync(cancellationToken)).HasSecretKey;

    public async Task<bool> IsTestModeAsync(CancellationToken cancellationToken) => (await settings.GetAsync(cancellationToken)).IsTestMode;

    public async Task<PaymentStart> StartAsync(PaymentRequest request, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(request.ReturnUrl, UriKind.Absolute, out _) || !Uri.TryCreate(request.CancelUrl, UriKind.Absolute, out _))
        {
            // Stripe sends the buyer back to absolute addresses only; the checkout always gives them, so this is a bug
            // of the caller's, answered like any refusal (the checkout is closed, nothing is charged).
            throw new PaymentProviderException(StripeFailures.Refused, retryable: false);
        }

        var create = new CheckoutSessionCreate(request.CheckoutId, Lines(request), SuccessUrl(request.ReturnUrl), request.CancelUrl, request.BuyerEmail, request.Description);
        var session = await CallAsync(client => client.CreateCheckoutSessionAsync(create, request.IdempotencyKey, cancellationToken), cancellationToken);
        return new PaymentStart(session.Id, session.Url ?? throw new PaymentProviderException(StripeFailures.Refused, retryable: false));
    }

    public async Task<PaymentStatus> RetrieveAsync(string reference, CancellationToken cancellationToken)
    {
        var session = await CallAsync(client => client.GetCheckoutSessionAsync(reference, cancellationToken), cancellationToken);
        return CheckoutSessionStatus.Of(session);
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            // Stripe's own "reason" takes three fixed values; the store's words go to the refund's metadata,
            // cut to Stripe's 500 characters.
            metadata["reason"] = request.Reason.Length > 500 ? request.Reason[..500] : request.Reason;
        }

        var refund = await CallAsync(client => client.CreateRefundAsync(request.PaymentId, request.Amount.Minor, metadata, request.IdempotencyKey, cancellationToken), cancellationToken);
        if (refund.Status is "failed" or "canceled")
        {
            log.LogWarning("Stripe refund {Refund} of {Payment} ended {Status}: {Reason}", refund.Id, request.PaymentId, refund.Status, refund.FailureReason);
            throw new PaymentProviderException("The refund could not be made.", retryable: false);
        }

        return new RefundResult(refund.Id, new Money(refund.Amount, refund.Currency.ToUpperInvariant()));
    }

    /// <summary>The request's lines as Stripe's line items; one line for the whole amount when they cannot be shown as they are.</summary>
    internal static IReadOnlyList<CheckoutSessionLine> Lines(PaymentRequest request)
    {
        var lines = request.Lines;
        // Stripe refuses negative unit amounts (a coupon line) and more than 100 items; and the page must charge the request's amount exactly.
        var usable = lines.Count is > 0 and <= MaxLineItems
            && lines.All(l => l.Amount.Minor >= 0 && l.Amount.Currency == request.Amount.Currency && !string.IsNullOrWhiteSpace(l.Name))
            && lines.Sum(l => l.Amount.Minor) == request.Amount.Minor;
        return usable
            ? [.. lines.Select(l => new CheckoutSessionLine(l.Name, l.Amount))]
            : [new CheckoutSessionLine(string.IsNullOrWhiteSpace(request.Description) ? "Order" : request.Description, request.Amount)];
    }

    /// <summary>The return address with Stripe's placeholder for the session id, which Stripe fills in when it sends the buyer back.</summary>
    internal static string SuccessUrl(string returnUrl)
    {
        const string Placeholder = "{CHECKOUT_SESSION_ID}";
        if (returnUrl.Contains(Placeholder, StringComparison.Ordinal))
        {
            return returnUrl;
        }

        var fragment = returnUrl.IndexOf('#', StringComparison.Ordinal);
        var (head, tail) = fragment < 0 ? (returnUrl, "") : (returnUrl[..fragment], returnUrl[fragment..]);
        return head + (head.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "session_id=" + Placeholder + tail;
    }

    private async Task<T> CallAsync<T>(Func<StripeClient, Task<T>> call, CancellationToken ct)
    {
        var account = await settings.GetAsync(ct);
        if (account.SecretKey is not { } key)
        {
            throw new PaymentProviderException(StripeFailures.NotSetUp, retryable: false);
        }

        var client = new StripeClient(
            httpClients.CreateClient(StripeClient.HttpClientName),
            new StripeConnection(account.ApiBaseUrl, key, tenants.Tenant.Name),
            options.Value,
            log);
        try
        {
            return await call(client);
        }
        catch (StripeApiException ex)
        {
            log.LogWarning(ex, "Stripe call failed for tenant {Tenant}", tenants.Tenant.Name);
            throw StripeFailures.ToPaymentException(ex);
        }
    }
}
