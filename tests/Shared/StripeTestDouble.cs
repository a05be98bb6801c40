using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GigStore.Tests.Stripe;

/// <summary>How a webhook delivery is spoiled, to see the store refuse it.</summary>
public enum WebhookTampering
{
    None,

    /// <summary>Signed with a secret the store does not have.</summary>
    BadSignature,

    /// <summary>Signed correctly, but ten minutes ago (beyond the five minutes' tolerance).</summary>
    OldTimestamp,

    /// <summary>Signed correctly, then the body changed (the amount, as an attacker would).</summary>
    AlteredBody,

    /// <summary>No Stripe-Signature header at all.</summary>
    Unsigned,
}

/// <summary>
/// Stripe on 127.0.0.1 at a free port, in memory, for the payment tests (there is no network here). It answers
/// what the module calls — create and retrieve Checkout Sessions (with <c>expand[]=payment_intent</c>), expire
/// them, create refunds — with objects built from Stripe's own examples (<see cref="StripeFixtures"/>), only the
/// fields that matter overridden. Every request is checked as Stripe would and more strictly: the bearer key, the
/// <c>Stripe-Version</c> header, a form-encoded body with only documented parameters (<see cref="StripeApiParameters"/>),
/// and an <c>Idempotency-Key</c> on every POST; a key seen before replays its first answer for the same request and
/// is refused (400, <c>idempotency_error</c>) for another. What is refused is written to <see cref="Refused"/>. It can
/// fail the next requests (<see cref="FailNext"/>, <see cref="FailNextWith"/>, <see cref="FailNextRefund"/>) or be slow (<see cref="Delay"/>).
/// <para>
/// Each session's <c>url</c> is a small hosted page here (<c>/pay/{id}</c>) with a card-number form: 4242 4242 4242 4242
/// pays (the session completes, a PaymentIntent is made, <c>checkout.session.completed</c> is signed and sent to the
/// webhook address, and the buyer is sent to the success URL); 4000 0000 0000 0002 is declined and 4000 0000 0000 9995
/// has insufficient funds (the page says so and the session stays open).
/// </para>
/// </summary>
public sealed partial class StripeTestDouble : IAsyncDisposable
{
    public const string DeclinedCard = "4000000000000002";
    public const string InsufficientFundsCard = "4000000000009995";
    public const string GoodCard = "4242424242424242";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, JsonObject> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _paymentIntents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _refunds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Request, int Status, string Body)> _idempotent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _events = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string? Path, int Status, JsonObject Error)> _failNext = new();
    private WebApplication _app = null!;
    private (HttpClient Client, string Url)? _webhook;

    private StripeTestDouble(string secretKey) => SecretKey = secretKey;

    /// <summary>A request as received and, once answered, its answer.</summary>
    public sealed record Request(string Method, string Path, string Query, string? IdempotencyKey, string? StripeVersion, string? ContentType, string Body, IReadOnlyList<KeyValuePair<string, string>> Form)
    {
        public int Status { get; set; }

        public string? Answer { get; set; }
    }

    /// <summary>A webhook sent to the store and what the store answered.</summary>
    public sealed record Delivery(string EventId, string Type, WebhookTampering Tampering, HttpStatusCode Status, string Answer);

    public Uri Url { get; private set; } = null!;

    /// <summary>The only key requests may carry (as <c>Authorization: Bearer {key}</c>).</summary>
    public string SecretKey { get; set; }

    /// <summary>The endpoint secrets events are signed with: one <c>v1</c> signature each, as Stripe does while a secret is rolled.</summary>
    public List<string> WebhookSecrets { get; } = ["whsec_double_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))];

    /// <summary>Waited before answering each API request (to make the client time out).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The clock of sessions, events and signatures.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Every API request (not the hosted page's), in order of arrival.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Why requests were refused as Stripe would refuse them, or as the module must never send them.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Every webhook delivery, in order.</summary>
    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public static async Task<StripeTestDouble> StartAsync(string secretKey = "sk_test_double")
    {
        var server = new StripeTestDouble(secretKey);
        (server._app, server.Url) = await LoopbackServer.StartAsync(nameof(StripeTestDouble), server.HandleAsync);
        return server;
    }

    /// <summary>Where events go: <paramref name="url"/> (absolute, or relative to the client's base address) through <paramref name="client"/> — a test server's client reaches an in-memory host.</summary>
    public void DeliverWebhooksTo(HttpClient client, string url) => _webhook = (client, url);

    /// <summary>The next <paramref name="count"/> API requests fail with <paramref name="status"/> (429 rate limited, 500 and up Stripe's own trouble) before doing anything.</summary>
    public void FailNext(HttpStatusCode status, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            var (type, code, message) = status == HttpStatusCode.TooManyRequests
                ? ("invalid_request_error", "rate_limit", "Too many requests hit the API too quickly.")
                : ("api_error", (string?)null, "Something went wrong on the double's end.");
            _failNext.Enqueue((null, (int)status, Error(type, code, message)));
        }
    }

    /// <summary>The next request to <paramref name="path"/> (any, when null) is answered with this Stripe error instead.</summary>
    public void FailNextWith(int status, string type, string? code, string message, string? declineCode = null, string? path = null)
    {
        var error = Error(type, code, message);
        if (declineCode is not null)
        {
            error["error"]!["decline_code"] = declineCode;
        }

        _failNext.Enqueue((path, status, error));
    }

    /// <summary>The next refund is refused (by default as Stripe refuses one for a disputed payment).</summary>
    public void FailNextRefund(string code = "charge_disputed", string message = "This charge is disputed and cannot be refunded.") =>
        FailNextWith(400, "invalid_request_error", code, message, path: "/v1/refunds");

    /// <summary>A copy of a session as Stripe would answer it now.</summary>
    public JsonObject Session(string id)
    {
        _gate.Wait();
        try
        {
            return Public(_sessions[id]);
        }
        finally
        {
            _gate.Release();
        }
    }

    public int SessionCount => _sessions.Count;

    public IReadOnlyList<JsonObject> RefundsOf(string paymentIntent)
    {
        _gate.Wait();
        try
        {
            return [.. _refunds.Values.Where(r => (string?)r["payment_intent"] == paymentIntent).Select(r => r.DeepClone().AsObject())];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Pays an open session as the hosted page does with a good card. With <paramref name="sendWebhook"/> false the
    /// event is lost on its way (the store must find out by asking).
    /// </summary>
    public async Task<JsonObject> CompleteSessionAsync(string sessionId, bool sendWebhook = true)
    {
        await _gate.WaitAsync();
        JsonObject session;
        try
        {
            session = _sessions[sessionId];
            if ((string?)session["status"] != "open")
            {
                throw new InvalidOperationException($"Session {sessionId} is {session["status"]}, not open.");
            }

            Pay(session, succeeded: true, null, null);
            session = session.DeepClone().AsObject();
        }
        finally
        {
            _gate.Release();
        }

        if (sendWebhook)
        {
            await SendEventAsync("checkout.session.completed", sessionId);
        }

        return session;
    }

    /// <summary>Lets an open session lapse, as Stripe does after its expiry time, and sends <c>checkout.session.expired</c>.</summary>
    public async Task ExpireSessionAsync(string sessionId, bool sendWebhook = true)
    {
        await _gate.WaitAsync();
        try
        {
            _sessions[sessionId]["status"] = "expired";
        }
        finally
        {
            _gate.Release();
        }

        if (sendWebhook)
        {
            await SendEventAsync("checkout.session.expired", sessionId);
        }
    }

    /// <summary>Sends an event of <paramref name="type"/> about the session as it is now, signed (or spoiled) as asked.</summary>
    public Task<Delivery> SendEventAsync(string type, string sessionId, WebhookTampering tampering = WebhookTampering.None) =>
        SendEventAsync(type, Session(sessionId), tampering);

    /// <summary>Sends an event of <paramref name="type"/> about any object (built from Stripe's example event).</summary>
    public async Task<Delivery> SendEventAsync(string type, JsonObject dataObject, WebhookTampering tampering = WebhookTampering.None)
    {
        var stripeEvent = StripeFixtures.Resource("event");
        stripeEvent["id"] = "evt_" + RandomId();
        stripeEvent["type"] = type;
        stripeEvent["created"] = Clock.GetUtcNow().ToUnixTimeSeconds();
        stripeEvent["api_version"] = ApiVersionSeen ?? "2026-02-25.clover";
        stripeEvent["livemode"] = false;
        stripeEvent["pending_webhooks"] = 1;
        stripeEvent["data"] = new JsonObject { ["object"] = dataObject.DeepClone() };
        var body = stripeEvent.ToJsonString();
        _events[(string)stripeEvent["id"]!] = body;
        return await DeliverAsync((string)stripeEvent["id"]!, type, body, tampering);
    }

    /// <summary>Delivers an event already sent again, <paramref name="times"/> times, freshly signed each time as Stripe's retries are.</summary>
    public async Task<IReadOnlyList<Delivery>> ResendEventAsync(string eventId, int times)
    {
        var body = _events[eventId];
        var type = (string)JsonNode.Parse(body)!["type"]!;
        var deliveries = new List<Delivery>();
        for (var i = 0; i < times; i++)
        {
            deliveries.Add(await DeliverAsync(eventId, type, body, WebhookTampering.None));
        }

        return deliveries;
    }

    /// <summary>The <c>Stripe-Signature</c> header Stripe would send for this body at this time, one <c>v1</c> per secret.</summary>
    public static string Signature(string body, DateTimeOffset at, IEnumerable<string> secrets)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp}," + string.Join(',', secrets.Select(secret =>
            "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body)))));
    }

    /// <summary>The API version the module's last request asked for.</summary>
    public string? ApiVersionSeen { get; private set; }

    private async Task<Delivery> DeliverAsync(string eventId, string type, string body, WebhookTampering tampering)
    {
        var (client, url) = _webhook ?? throw new InvalidOperationException("Call DeliverWebhooksTo first: the double does not know where the store's webhook is.");
        var at = Clock.GetUtcNow() - (tampering == WebhookTampering.OldTimestamp ? TimeSpan.FromMinutes(10) : TimeSpan.Zero);
        var secrets = tampering == WebhookTampering.BadSignature ? ["whsec_not_the_stores_" + RandomId()] : WebhookSecrets;
        var signature = Signature(body, at, secrets);
        var sent = tampering == WebhookTampering.AlteredBody ? AmountPattern().Replace(body, "\"amount_total\":1", 1) : body;
        if (sent == body && tampering == WebhookTampering.AlteredBody)
        {
            sent = body.Replace("\"livemode\":false", "\"livemode\":true", StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(sent, Encoding.UTF8, "application/json") };
        request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        if (tampering != WebhookTampering.Unsigned)
        {
            request.Headers.Add("Stripe-Signature", signature);
        }

        using var response = await client.SendAsync(request);
        var delivery = new Delivery(eventId, type, tampering, response.StatusCode, await response.Content.ReadAsStringAsync());
        Deliveries.Enqueue(delivery);
        return delivery;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/pay/", StringComparison.Ordinal))
        {
            await HostedPageAsync(http, path["/pay/".Length..], body);
            return;
        }

        var rawTarget = http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var query = rawTarget.Contains('?', StringComparison.Ordinal) ? rawTarget[(rawTarget.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        var form = ParseForm(request.Method == "GET" ? query : body);
        var key = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? k : null;
        var recorded = new Request(request.Method, path, query, key, request.Headers["Stripe-Version"].ToString(), request.ContentType, body, form ?? []);
        Requests.Enqueue(recorded);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, http.RequestAborted);
        }

        var (status, answer) = await AnswerAsync(request, recorded, form);
        recorded.Status = status;
        recorded.Answer = answer.ToJsonString();
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers["Request-Id"] = "req_" + RandomId();
        await http.Response.WriteAsync(recorded.Answer);
    }

    private async Task<(int Status, JsonObject Body)> AnswerAsync(HttpRequest request, Request recorded, IReadOnlyList<KeyValuePair<string, string>>? form)
    {
        if (request.Headers.Authorization.ToString() != "Bearer " + SecretKey)
        {
            return Refuse(401, "invalid_request_error", null, $"Invalid API Key provided: {Masked(request.Headers.Authorization.ToString())}");
        }

        if (!VersionPattern().IsMatch(recorded.StripeVersion ?? ""))
        {
            return Refuse(400, "invalid_request_error", null, $"Invalid Stripe API version: '{recorded.StripeVersion}' (the module must pin one).");
        }

        ApiVersionSeen = recorded.StripeVersion;
        if (request.Method == "POST")
        {
            if (recorded.IdempotencyKey is null)
            {
                return Refuse(400, "invalid_request_error", null, $"POST {recorded.Path} without an Idempotency-Key header (the module sends one on every POST).");
            }

            if (recorded.Body.Length > 0 && !string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(400, "invalid_request_error", null, $"POST {recorded.Path} with Content-Type '{request.ContentType}': Stripe takes form-encoded bodies.");
            }
        }

        if (form is null)
        {
            return Refuse(400, "invalid_request_error", null, $"{recorded.Method} {recorded.Path}: the body is not well-formed form encoding.");
        }

        if (TryFail(recorded.Path) is { } failure)
        {
            return failure;
        }

        if (StripeApiParameters.For(recorded.Method, recorded.Path) is null)
        {
            return Refuse(404, "invalid_request_error", null, $"Unrecognized request URL ({recorded.Method}: {recorded.Path}).");
        }

        if (StripeApiParameters.Problems(recorded.Method, recorded.Path, form) is { Count: > 0 } problems)
        {
            return Refuse(400, "invalid_request_error", "parameter_unknown", string.Join("; ", problems));
        }

        await _gate.WaitAsync();
        try
        {
            var fingerprint = $"{recorded.Method} {recorded.Path}?{recorded.Query}\n{recorded.Body}";
            if (recorded.IdempotencyKey is { } key && _idempotent.TryGetValue(key, out var first))
            {
                if (first.Request != fingerprint)
                {
                    return Refuse(400, "idempotency_error", null, $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.");
                }

                return (first.Status, JsonNode.Parse(first.Body)!.AsObject());
            }

            var answer = Execute(recorded.Method, recorded.Path, form);
            if (recorded.IdempotencyKey is { } newKey)
            {
                _idempotent[newKey] = (fingerprint, answer.Status, answer.Body.ToJsonString());
            }

            return answer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private (int Status, JsonObject Body)? TryFail(string path)
    {
        // Failures aimed at another path wait for theirs; Stripe saves no idempotent result for these.
        if (_failNext.TryPeek(out var next) && (next.Path is null || next.Path == path) && _failNext.TryDequeue(out next))
        {
            return (next.Status, next.Error.DeepClone().AsObject());
        }

        return null;
    }

    private (int Status, JsonObject Body) Execute(string method, string path, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var fields = form.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (method, segments)
        {
            case ("POST", ["v1", "checkout", "sessions"]):
                return (200, CreateSession(fields));
            case ("GET", ["v1", "checkout", "sessions", var id]):
                if (!_sessions.TryGetValue(id, out var found))
                {
                    return Missing("checkout.session", id);
                }

                var copy = found.DeepClone().AsObject();
                var expand = fields.Where(f => StripeApiParameters.Normalize(f.Key) == "expand[#]").Select(f => f.Value).ToList();
                if (expand.Any(e => e != "payment_intent"))
                {
                    return Refuse(400, "invalid_request_error", null, $"The double expands only payment_intent, not {string.Join(", ", expand)}.");
                }

                if (expand.Count > 0 && (string?)copy["payment_intent"] is { } intent)
                {
                    copy["payment_intent"] = _paymentIntents[intent].DeepClone();
                }

                return (200, copy);
            case ("POST", ["v1", "checkout", "sessions", var id, "expire"]):
                if (!_sessions.TryGetValue(id, out var open))
                {
                    return Missing("checkout.session", id);
                }

                if ((string?)open["status"] != "open")
                {
                    return Refuse(400, "invalid_request_error", null, $"Only Checkout Sessions with a status of 'open' can be expired; {id} is {open["status"]}.");
                }

                open["status"] = "expired";
                return (200, open.DeepClone().AsObject());
            case ("POST", ["v1", "refunds"]):
                return CreateRefund(fields);
            default:
                return Refuse(404, "invalid_request_error", null, $"Unrecognized request URL ({method}: {path}).");
        }
    }

    private JsonObject CreateSession(Dictionary<string, string> fields)
    {
        var id = "cs_test_" + RandomId(48);
        var session = StripeFixtures.Resource("checkout.session");
        long total = 0;
        string? currency = null;
        for (var i = 0; fields.ContainsKey($"line_items[{i}][quantity]") || fields.ContainsKey($"line_items[{i}][price_data][unit_amount]"); i++)
        {
            var quantity = long.Parse(fields.GetValueOrDefault($"line_items[{i}][quantity]", "1"), CultureInfo.InvariantCulture);
            total += quantity * long.Parse(fields[$"line_items[{i}][price_data][unit_amount]"], CultureInfo.InvariantCulture);
            currency = fields[$"line_items[{i}][price_data][currency]"];
        }

        var now = Clock.GetUtcNow();
        session["id"] = id;
        session["url"] = new Uri(Url, "/pay/" + id).AbsoluteUri;
        session["mode"] = fields["mode"];
        session["status"] = "open";
        session["payment_status"] = "unpaid";
        // Since API version 2022-08-01 a session has no PaymentIntent until the buyer tries to pay.
        session["payment_intent"] = null;
        session["amount_subtotal"] = total;
        session["amount_total"] = total;
        session["currency"] = currency;
        session["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 };
        session["shipping_cost"] = null;
        session["currency_conversion"] = null;
        session["customer_details"] = null;
        session["client_reference_id"] = fields.GetValueOrDefault("client_reference_id");
        session["customer_email"] = fields.GetValueOrDefault("customer_email");
        session["success_url"] = fields.GetValueOrDefault("success_url");
        session["cancel_url"] = fields.GetValueOrDefault("cancel_url");
        session["metadata"] = Map(fields, "metadata");
        session["created"] = now.ToUnixTimeSeconds();
        session["expires_at"] = now.AddHours(24).ToUnixTimeSeconds();
        session["livemode"] = false;
        // What the double needs later and Stripe keeps on its side: the PaymentIntent's data and the lines' names.
        session["__payment_intent_data"] = new JsonObject
        {
            ["metadata"] = Map(fields, "payment_intent_data[metadata]"),
            ["description"] = fields.GetValueOrDefault("payment_intent_data[description]"),
        };
        session["__lines"] = new JsonArray([.. Enumerable.Range(0, 100).TakeWhile(i => fields.ContainsKey($"line_items[{i}][price_data][product_data][name]"))
            .Select(i => (JsonNode)$"{fields[$"line_items[{i}][price_data][product_data][name]"]} × {fields.GetValueOrDefault($"line_items[{i}][quantity]", "1")}: {fields[$"line_items[{i}][price_data][unit_amount]"]} {currency}")]);
        _sessions[id] = session;
        return Public(session);
    }

    private (int Status, JsonObject Body) CreateRefund(Dictionary<string, string> fields)
    {
        var paymentIntentId = fields.GetValueOrDefault("payment_intent")
            ?? _paymentIntents.Values.FirstOrDefault(p => (string?)p["latest_charge"] == fields.GetValueOrDefault("charge"))?["id"]?.GetValue<string>();
        if (paymentIntentId is null || !_paymentIntents.TryGetValue(paymentIntentId, out var intent))
        {
            return Missing("payment_intent", paymentIntentId ?? fields.GetValueOrDefault("charge") ?? "");
        }

        if ((string?)intent["status"] != "succeeded")
        {
            return Refuse(400, "invalid_request_error", "payment_intent_unexpected_state", $"PaymentIntent {paymentIntentId} has no successful payment to refund.");
        }

        var received = intent["amount_received"]!.GetValue<long>();
        var refunded = _refunds.Values.Where(r => (string?)r["payment_intent"] == paymentIntentId).Sum(r => r["amount"]!.GetValue<long>());
        var amount = fields.TryGetValue("amount", out var asked) ? long.Parse(asked, CultureInfo.InvariantCulture) : received - refunded;
        if (refunded >= received)
        {
            return Refuse(400, "invalid_request_error", "charge_already_refunded", $"Charge {intent["latest_charge"]} has already been refunded.");
        }

        if (amount <= 0 || amount > received - refunded)
        {
            return Refuse(400, "invalid_request_error", "amount_too_large", $"Refund amount ({amount}) is greater than unrefunded amount on charge ({received - refunded}).");
        }

        var refund = StripeFixtures.Resource("refund");
        refund["id"] = "re_" + RandomId();
        refund["amount"] = amount;
        refund["currency"] = intent["currency"]!.DeepClone();
        refund["payment_intent"] = paymentIntentId;
        refund["charge"] = intent["latest_charge"]!.DeepClone();
        refund["status"] = "succeeded";
        refund["created"] = Clock.GetUtcNow().ToUnixTimeSeconds();
        refund["metadata"] = Map(fields, "metadata");
        _refunds[(string)refund["id"]!] = refund;
        return (200, refund.DeepClone().AsObject());
    }

    /// <summary>A payment attempt on the hosted page: a PaymentIntent for the session (made on the first attempt), succeeded or refused.</summary>
    private void Pay(JsonObject session, bool succeeded, string? declineCode, string? message)
    {
        var intentId = (string?)session["payment_intent"];
        if (intentId is null)
        {
            var intent = StripeFixtures.Resource("payment_intent");
            intentId = "pi_" + RandomId();
            var data = session["__payment_intent_data"]!;
            intent["id"] = intentId;
            intent["client_secret"] = $"{intentId}_secret_{RandomId()}";
            intent["amount"] = session["amount_total"]!.DeepClone();
            intent["currency"] = session["currency"]!.DeepClone();
            intent["metadata"] = data["metadata"]!.DeepClone();
            intent["description"] = data["description"]?.DeepClone();
            intent["created"] = Clock.GetUtcNow().ToUnixTimeSeconds();
            intent["canceled_at"] = null;
            intent["next_action"] = null;
            intent["processing"] = null;
            intent["transfer_data"] = null;
            _paymentIntents[intentId] = intent;
            session["payment_intent"] = intentId;
        }

        var paymentIntent = _paymentIntents[intentId];
        if (succeeded)
        {
            paymentIntent["status"] = "succeeded";
            paymentIntent["amount_received"] = paymentIntent["amount"]!.DeepClone();
            paymentIntent["latest_charge"] = "ch_" + RandomId();
            paymentIntent["last_payment_error"] = null;
            session["status"] = "complete";
            session["payment_status"] = "paid";
            session["customer_details"] = new JsonObject { ["email"] = session["customer_email"]?.DeepClone(), ["name"] = null, ["phone"] = null, ["tax_exempt"] = "none" };
        }
        else
        {
            paymentIntent["status"] = "requires_payment_method";
            paymentIntent["amount_received"] = 0;
            paymentIntent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = declineCode, ["message"] = message };
        }
    }

    private async Task HostedPageAsync(HttpContext http, string sessionId, string body)
    {
        JsonObject? session;
        string? message = null;
        await _gate.WaitAsync();
        try
        {
            session = _sessions.GetValueOrDefault(sessionId);
            if (session is not null && http.Request.Method == "POST")
            {
                var card = (ParseForm(body) ?? []).FirstOrDefault(f => f.Key == "cardNumber").Value?.Replace(" ", "", StringComparison.Ordinal);
                if ((string?)session["status"] != "open")
                {
                    message = "This checkout is no longer available.";
                }
                else if (card == GoodCard)
                {
                    Pay(session, succeeded: true, null, null);
                }
                else if (card == DeclinedCard)
                {
                    message = "Your card was declined.";
                    Pay(session, succeeded: false, "generic_decline", message);
                }
                else if (card == InsufficientFundsCard)
                {
                    message = "Your card has insufficient funds.";
                    Pay(session, succeeded: false, "insufficient_funds", message);
                }
                else
                {
                    message = "Your card number is incorrect.";
                }
            }

            session = session?.DeepClone().AsObject();
        }
        finally
        {
            _gate.Release();
        }

        if (session is null)
        {
            http.Response.StatusCode = 404;
            await http.Response.WriteAsync("No such checkout.");
            return;
        }

        if (http.Request.Method == "POST" && message is null)
        {
            // The buyer is sent back only after the store was told, as the tests read it at once (Stripe sends it at about the same time).
            if (_webhook is not null)
            {
                await SendEventAsync("checkout.session.completed", Public(session));
            }

            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = ((string)session["success_url"]!).Replace("{CHECKOUT_SESSION_ID}", sessionId, StringComparison.Ordinal);
            return;
        }

        http.Response.StatusCode = message is null ? 200 : 402;
        http.Response.ContentType = "text/html; charset=utf-8";
        var lines = string.Concat(session["__lines"]!.AsArray().Select(l => $"<li>{WebUtility.HtmlEncode((string)l!)}</li>"));
        await http.Response.WriteAsync($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Pay — Stripe test double</title></head>
            <body>
            <h1>Pay {session["amount_total"]} {WebUtility.HtmlEncode((string?)session["currency"])}</h1>
            <ul>{lines}</ul>
            {(message is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(message)}</p>")}
            <form method="post" action="/pay/{sessionId}">
              <label for="card">Card number</label> <input id="card" name="cardNumber" inputmode="numeric" autocomplete="cc-number">
              <button type="submit">Pay</button>
            </form>
            <a href="{WebUtility.HtmlEncode((string?)session["cancel_url"])}">Cancel</a>
            </body></html>
            """);
    }

    /// <summary>The session without the double's own notes (fields starting with "__").</summary>
    private static JsonObject Public(JsonObject session)
    {
        var copy = session.DeepClone().AsObject();
        foreach (var name in copy.Select(p => p.Key).Where(k => k.StartsWith("__", StringComparison.Ordinal)).ToList())
        {
            copy.Remove(name);
        }

        return copy;
    }

    private (int Status, JsonObject Body) Refuse(int status, string type, string? code, string message)
    {
        Refused.Enqueue(message);
        return (status, Error(type, code, message));
    }

    private (int Status, JsonObject Body) Missing(string kind, string id) =>
        Refuse(404, "invalid_request_error", "resource_missing", $"No such {kind}: '{id}'");

    private static JsonObject Error(string type, string? code, string message) => new()
    {
        ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message },
    };

    private static JsonObject Map(Dictionary<string, string> fields, string root) =>
        new([.. fields.Where(f => f.Key.StartsWith(root + "[", StringComparison.Ordinal) && f.Key.IndexOf('[', root.Length + 1) < 0)
            .Select(f => KeyValuePair.Create(f.Key[(root.Length + 1)..^1], (JsonNode?)f.Value))]);

    /// <summary>The form's fields in order; null when the encoding is broken.</summary>
    private static List<KeyValuePair<string, string>>? ParseForm(string encoded)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            try
            {
                var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
                var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                fields.Add(new(name, value));
            }
            catch (UriFormatException)
            {
                return null;
            }
        }

        return fields;
    }

    private static string Masked(string authorization) =>
        authorization.Length > 12 ? authorization[7..Math.Min(15, authorization.Length)] + "****" + authorization[^4..] : "(none)";

    private static string RandomId(int length = 24)
    {
        const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return string.Concat(RandomNumberGenerator.GetItems<char>(Alphabet, length));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"""amount_total"":\d+")]
    private static partial Regex AmountPattern();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _gate.Dispose();
    }
}
