using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GigStore.Commerce;
using Microsoft.Extensions.Logging;

namespace GigStore.Stripe.Api;

/// <summary>Whose Stripe account a client calls, and with which key.</summary>
/// <param name="Scope">
/// Mixed into every idempotency key (the tenant's name): Stripe keeps keys per account, and two stores sharing an
/// account must never have one's refund "replayed" to the other because their own keys happened to match.
/// </param>
internal sealed record StripeConnection(Uri ApiBaseUrl, string SecretKey, string Scope);

/// <summary>A Checkout Session to create: one hosted page for one checkout of ours.</summary>
internal sealed record CheckoutSessionCreate(
    Guid CheckoutId,
    IReadOnlyList<CheckoutSessionLine> Lines,
    string SuccessUrl,
    string CancelUrl,
    string? CustomerEmail,
    string? Description);

internal sealed record CheckoutSessionLine(string Name, Money UnitAmount, int Quantity = 1);

/// <summary>
/// The Stripe REST calls this module makes (Stripe.net cannot be restored here): form-encoded bodies, the
/// secret key as a bearer token, the API version pinned, and an idempotency key on every POST. Calls that
/// fail for a passing reason — rate limited, a server error, no answer in time — are repeated a few times
/// with growing waits; that is safe because GETs change nothing and each POST repeats its idempotency key,
/// so Stripe answers a repeat with the first attempt's result instead of acting twice. A failure that
/// remains is a <see cref="StripeApiException"/>; cancellation by the caller stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class StripeClient(HttpClient http, StripeConnection connection, StripeOptions options, ILogger log)
{
    /// <summary>
    /// The API version every request asks for, whatever the account's default is, so Stripe's answers keep the
    /// shape this client reads. Every field read here (session status, payment_status, payment_intent,
    /// amount_total, refunds) has been stable since PaymentIntents became lazy on sessions (2022-08-01).
    /// </summary>
    public const string ApiVersion = "2026-02-25.clover";

    public const string HttpClientName = "GigStore.Stripe";

    /// <summary><c>POST /v1/checkout/sessions</c> in payment mode, with inline prices (no Stripe products to keep in sync).</summary>
    public Task<StripeCheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionCreate create, string idempotencyKey, CancellationToken ct)
    {
        var form = CheckoutSessionForm(create);
        return SendAsync<StripeCheckoutSession>(HttpMethod.Post, "/v1/checkout/sessions", form, IdempotencyKey("checkout-session", idempotencyKey), ct);
    }

    /// <summary>The form of <see cref="CreateCheckoutSessionAsync"/>, as the contract tests read it.</summary>
    public static StripeForm CheckoutSessionForm(CheckoutSessionCreate create)
    {
        var checkoutId = create.CheckoutId.ToString("D");
        var form = new StripeForm()
            .Add("mode", "payment")
            .Add("client_reference_id", checkoutId)
            .Add("success_url", create.SuccessUrl)
            .Add("cancel_url", create.CancelUrl)
            .Add("customer_email", string.IsNullOrWhiteSpace(create.CustomerEmail) ? null : create.CustomerEmail.Trim());
        for (var i = 0; i < create.Lines.Count; i++)
        {
            var line = create.Lines[i];
            form.Add(StripeForm.Name("line_items", i, "price_data", "currency"), line.UnitAmount.Currency.ToLowerInvariant())
                .Add(StripeForm.Name("line_items", i, "price_data", "unit_amount"), line.UnitAmount.Minor)
                .Add(StripeForm.Name("line_items", i, "price_data", "product_data", "name"), line.Name)
                .Add(StripeForm.Name("line_items", i, "quantity"), line.Quantity);
        }

        // The checkout id on the session and on its PaymentIntent: the session's id links a webhook to the
        // checkout, and the PaymentIntent's metadata lets the payment be found from Stripe's dashboard.
        var metadata = new Dictionary<string, string> { ["checkout_id"] = checkoutId };
        form.AddMap("metadata", metadata).AddMap(StripeForm.Name("payment_intent_data", "metadata"), metadata);
        if (!string.IsNullOrWhiteSpace(create.Description))
        {
            form.Add(StripeForm.Name("payment_intent_data", "description"), create.Description);
        }

        return form;
    }

    /// <summary><c>GET /v1/checkout/sessions/{id}</c>, with its PaymentIntent expanded (its status tells a failed asynchronous payment from a pending one).</summary>
    public Task<StripeCheckoutSession> GetCheckoutSessionAsync(string sessionId, CancellationToken ct) =>
        SendAsync<StripeCheckoutSession>(HttpMethod.Get, $"/v1/checkout/sessions/{Uri.EscapeDataString(sessionId)}?expand[]=payment_intent", null, null, ct);

    /// <summary><c>POST /v1/refunds</c> of <paramref name="amount"/> (minor units) of a PaymentIntent (<c>pi_</c>) or a charge (<c>ch_</c>).</summary>
    public Task<StripeRefund> CreateRefundAsync(string paymentId, long amount, IReadOnlyDictionary<string, string> metadata, string idempotencyKey, CancellationToken ct) =>
        SendAsync<StripeRefund>(HttpMethod.Post, "/v1/refunds", RefundForm(paymentId, amount, metadata), IdempotencyKey("refund", idempotencyKey), ct);

    public static StripeForm RefundForm(string paymentId, long amount, IReadOnlyDictionary<string, string> metadata) =>
        new StripeForm()
            .Add(paymentId.StartsWith("ch_", StringComparison.Ordinal) ? "charge" : "payment_intent", paymentId)
            .Add("amount", amount)
            .AddMap("metadata", metadata);

    /// <summary>
    /// The idempotency key sent for the caller's key: the same for the same store, operation and caller's key, so a
    /// repeat of the caller's request (after a timeout, or a second click) is recognised by Stripe. Hashed because
    /// the caller's key may be anything, and Stripe takes at most 255 characters.
    /// </summary>
    public string IdempotencyKey(string operation, string callerKey) =>
        $"gigstore-{operation}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(connection.Scope + "\n" + operation + "\n" + callerKey)))}";

    private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, StripeForm? form, string? idempotencyKey, CancellationToken ct)
    {
        var body = form?.Encode();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await AttemptAsync<T>(method, pathAndQuery, body, idempotencyKey, ct);
            }
            catch (StripeApiException ex) when (ex.Retryable && attempt < options.MaxRetries)
            {
                var delay = options.RetryBaseDelay * Math.Pow(2, attempt);
                log.LogWarning("Stripe call failed, attempt {Attempt} of {Attempts} in {Delay} ms: {Failure}", attempt + 2, options.MaxRetries + 1, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, ct);
            }
        }
    }

    private async Task<T> AttemptAsync<T>(HttpMethod method, string pathAndQuery, string? body, string? idempotencyKey, CancellationToken ct)
    {
        var call = $"{method} {pathAndQuery}";
        using var request = new HttpRequestMessage(method, connection.ApiBaseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.SecretKey);
        request.Headers.Add("Stripe-Version", ApiVersion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            var requestId = response.Headers.TryGetValues("Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                // Stripe says itself whether a repeat can succeed; without that header, judge by the status.
                var retry = response.Headers.TryGetValues("Stripe-Should-Retry", out var values) && bool.TryParse(values.FirstOrDefault(), out var told)
                    ? told
                    : StripeFailures.IsTransient(status);
                throw new StripeApiException(call, status, ReadError(bytes), requestId, retry);
            }

            try
            {
                return JsonSerializer.Deserialize<T>(bytes, StripeJson.Options) ?? throw new JsonException("The body is empty.");
            }
            catch (JsonException ex)
            {
                // An answer this client cannot read will not become readable by asking again.
                throw new StripeApiException(call, status, new StripeError("api_error", null, null, "Unreadable answer: " + ex.Message, null), requestId, retryable: false, ex);
            }
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new StripeApiException(call, 0, new StripeError("api_connection_error", "timeout", null, $"No answer within {options.RequestTimeout.TotalSeconds:0.#} s.", null), null, retryable: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new StripeApiException(call, 0, new StripeError("api_connection_error", null, null, ex.Message, null), null, retryable: true, ex);
        }
    }

    private static StripeError? ReadError(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<StripeErrorBody>(body, StripeJson.Options)?.Error;
        }
        catch (JsonException)
        {
            // A proxy's HTML error page, say: the status alone tells what happened.
            return null;
        }
    }
}
