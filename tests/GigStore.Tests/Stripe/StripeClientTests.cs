using System.Net;
using System.Net.Sockets;
using GigStore.Commerce;
using GigStore.Commerce.Contracts;
using GigStore.Stripe;
using GigStore.Stripe.Api;
using Microsoft.Extensions.Logging.Abstractions;

namespace GigStore.Tests.Stripe;

/// <summary>The client's retries, idempotency keys and errors, against the test double.</summary>
public sealed class StripeClientTests
{
    internal static StripeClient Client(StripeTestDouble stripe, string scope = "shop", StripeOptions? options = null) => new(
        new HttpClient(),
        new StripeConnection(stripe.Url, stripe.SecretKey, scope),
        options ?? new StripeOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RequestTimeout = TimeSpan.FromSeconds(10) },
        NullLogger.Instance);

    internal static CheckoutSessionCreate Create(Guid? checkout = null) => new(
        checkout ?? Guid.NewGuid(),
        [new CheckoutSessionLine("Logo design — Standard", new Money(4000, "USD")), new CheckoutSessionLine("Service fee & tax", new Money(500, "USD"))],
        "http://localhost/t/shop/checkout/return?session_id={CHECKOUT_SESSION_ID}",
        "http://localhost/t/shop/checkout",
        "buyer@example.com",
        "Logo design from Ana");

    [Fact]
    public async Task ARateLimitedCallIsRetriedWithTheSameIdempotencyKey()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        stripe.FailNext(HttpStatusCode.TooManyRequests);

        var session = await Client(stripe).CreateCheckoutSessionAsync(Create(), "checkout-1", default);

        var attempts = stripe.Requests.ToList();
        Assert.Equal([429, 200], attempts.Select(r => r.Status));
        Assert.Single(attempts.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal(attempts[0].Body, attempts[1].Body);
        Assert.Equal(1, stripe.SessionCount);
        Assert.Equal("open", (string?)stripe.Session(session.Id)["status"]);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedAndThenReportedAsTryAgainLater()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        stripe.FailNext(HttpStatusCode.InternalServerError, count: 2);
        var session = await Client(stripe).CreateCheckoutSessionAsync(Create(), "checkout-1", default);
        Assert.Equal([500, 500, 200], stripe.Requests.Select(r => r.Status));

        stripe.FailNext(HttpStatusCode.ServiceUnavailable, count: 4);
        var failure = await Assert.ThrowsAsync<StripeApiException>(() => Client(stripe).GetCheckoutSessionAsync(session.Id, default));
        Assert.Equal(7, stripe.Requests.Count);
        var message = StripeFailures.ToPaymentException(failure);
        Assert.True(message.Retryable);
        Assert.Equal("The payment service is unavailable, please try again in a minute.", message.Message);

        stripe.FailNext(HttpStatusCode.TooManyRequests, count: 4);
        var busy = StripeFailures.ToPaymentException(await Assert.ThrowsAsync<StripeApiException>(() => Client(stripe).GetCheckoutSessionAsync(session.Id, default)));
        Assert.Equal(("The payment service is busy, please try again in a minute.", true), (busy.Message, busy.Retryable));
    }

    [Fact]
    public async Task AServiceThatRefusesConnectionsIsRetriedAndReportedAsTryAgainLater()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        var client = new StripeClient(new HttpClient(), new StripeConnection(closed, "sk_test_x", "shop"), new StripeOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), MaxRetries = 2 }, NullLogger.Instance);

        var failure = await Assert.ThrowsAsync<StripeApiException>(() => client.GetCheckoutSessionAsync("cs_test_1", default));

        Assert.Equal(0, failure.Status);
        var message = StripeFailures.ToPaymentException(failure);
        Assert.Equal(("The payment service is unavailable, please try again in a minute.", true), (message.Message, message.Retryable));
    }

    [Fact]
    public async Task ACallWithoutAnAnswerInTimeIsRetriedAndReportedAsTryAgainLater()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        stripe.Delay = TimeSpan.FromSeconds(5);
        var client = Client(stripe, options: new StripeOptions { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

        var failure = await Assert.ThrowsAsync<StripeApiException>(() => client.CreateCheckoutSessionAsync(Create(), "checkout-1", default));

        Assert.Equal((0, "timeout"), (failure.Status, failure.Error!.Code));
        Assert.Equal(2, stripe.Requests.Count);
        Assert.Single(stripe.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.True(StripeFailures.ToPaymentException(failure).Retryable);
    }

    [Theory]
    [InlineData("card_declined", "generic_decline", "Your card was declined.")]
    [InlineData("card_declined", "insufficient_funds", "Your card has insufficient funds.")]
    [InlineData("card_declined", null, "Your card was declined.")]
    [InlineData("expired_card", null, "Your card has expired.")]
    public async Task CardErrorsGiveTheBuyerAMessageAndAreNotRetried(string code, string? declineCode, string buyerMessage)
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        stripe.FailNextWith(402, "card_error", code, "Stripe's own words for the developer.", declineCode);

        var failure = await Assert.ThrowsAsync<StripeApiException>(() => Client(stripe).CreateCheckoutSessionAsync(Create(), "checkout-1", default));

        Assert.Single(stripe.Requests);
        Assert.Equal((code, declineCode), (failure.Error!.Code, failure.Error.DeclineCode));
        var message = StripeFailures.ToPaymentException(failure);
        Assert.Equal((buyerMessage, false), (message.Message, message.Retryable));
    }

    [Fact]
    public async Task RepeatingACallWithTheSameKeyGetsTheFirstAnswerAndOtherParametersAreRefused()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        var client = Client(stripe);
        var create = Create();

        var first = await client.CreateCheckoutSessionAsync(create, "checkout-1", default);
        var again = await client.CreateCheckoutSessionAsync(create, "checkout-1", default);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, stripe.SessionCount);

        var changed = await Assert.ThrowsAsync<StripeApiException>(() => client.CreateCheckoutSessionAsync(create with { CustomerEmail = "other@example.com" }, "checkout-1", default));
        Assert.Equal(("idempotency_error", false), (changed.Error!.Type, changed.Retryable));
        Assert.Equal(3, stripe.Requests.Count);
        Assert.False(StripeFailures.ToPaymentException(changed).Retryable);
    }

    [Fact]
    public async Task IdempotencyKeysAreTheSameForTheSameStoreAndCallerKeyOnly()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        var shop = Client(stripe, "shop");

        Assert.Equal(shop.IdempotencyKey("refund", "r1"), Client(stripe, "shop").IdempotencyKey("refund", "r1"));
        Assert.NotEqual(shop.IdempotencyKey("refund", "r1"), Client(stripe, "other-shop").IdempotencyKey("refund", "r1"));
        Assert.NotEqual(shop.IdempotencyKey("refund", "r1"), shop.IdempotencyKey("checkout-session", "r1"));
        Assert.NotEqual(shop.IdempotencyKey("refund", "r1"), shop.IdempotencyKey("refund", "r2"));
        Assert.True(shop.IdempotencyKey("refund", new string('x', 1000)).Length <= 255);
    }

    [Fact]
    public async Task AWrongKeyIsNotRetriedAndTellsTheBuyerPaymentsAreUnavailable()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        var client = new StripeClient(new HttpClient(), new StripeConnection(stripe.Url, "sk_test_wrong", "shop"), new StripeOptions(), NullLogger.Instance);

        var failure = await Assert.ThrowsAsync<StripeApiException>(() => client.GetCheckoutSessionAsync("cs_test_1", default));

        Assert.Equal(401, failure.Status);
        Assert.Single(stripe.Requests);
        Assert.Equal(("Card payments are not available in this store right now.", false), (StripeFailures.ToPaymentException(failure).Message, StripeFailures.ToPaymentException(failure).Retryable));
    }

    [Fact]
    public async Task AnUnknownSessionIsNotFoundWithoutRetrying()
    {
        await using var stripe = await StripeTestDouble.StartAsync();

        var failure = await Assert.ThrowsAsync<StripeApiException>(() => Client(stripe).GetCheckoutSessionAsync("cs_test_missing", default));

        Assert.Equal((404, "resource_missing"), (failure.Status, failure.Error!.Code));
        Assert.Single(stripe.Requests);
        Assert.IsType<PaymentProviderException>(StripeFailures.ToPaymentException(failure));
    }
}
