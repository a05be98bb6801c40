using System.Net;
using System.Text.Json.Nodes;
using GigStore.Commerce;
using GigStore.Commerce.Contracts;
using GigStore.Stripe.Data;
using GigStore.Stripe.Webhooks;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Stripe;

/// <summary>Buyers paying on the hosted page, and Stripe's signed webhooks telling the store.</summary>
[Collection(StripeCollection.Name)]
public sealed class StripeWebhookTests(StripeStore store)
{
    private StripeTestDouble Stripe => store.Stripe;

    [Fact]
    public async Task APaymentOnTheHostedPageCompletesTheCheckoutFromTheSignedWebhook()
    {
        var shop = await store.ShopAsync("Paid");
        var checkout = StripeStore.Checkout("paid");
        var start = await store.StartAsync(shop, checkout);
        Assert.StartsWith("cs_test_", start.Reference);

        // The buyer's browser on Stripe's page: the lines and the total, a card form.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(start.RedirectUrl);
        Assert.Contains("Logo design — Standard", WebUtility.HtmlDecode(page));
        Assert.Contains("Pay 4500 usd", page);

        var paid = await browser.PostAsync(start.RedirectUrl, new FormUrlEncodedContent([KeyValuePair.Create("cardNumber", "4242 4242 4242 4242")]));

        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"{checkout.ReturnUrl}?session_id={start.Reference}", paid.Headers.Location!.AbsoluteUri);
        var delivery = Assert.Single(Stripe.Deliveries, d => d.Type == "checkout.session.completed" && d.Answer.Contains("Processed", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        var session = Stripe.Session(start.Reference);
        var applied = Assert.Single(store.Completions.For("Paid", start.Reference));
        Assert.Equal(new PaymentStatus(start.Reference, PaymentState.Succeeded, (string)session["payment_intent"]!, new Money(4500, "USD")), applied);
        Assert.Equal(checkout.CheckoutId.ToString(), (string?)session["client_reference_id"]);
        Assert.Equal(checkout.CheckoutId.ToString(), (string?)session["metadata"]!["checkout_id"]);
        Assert.Equal("buyer@example.com", (string?)session["customer_email"]);
        Assert.Empty(Stripe.Refused);
    }

    [Theory]
    [InlineData(StripeTestDouble.DeclinedCard, "Your card was declined.")]
    [InlineData(StripeTestDouble.InsufficientFundsCard, "Your card has insufficient funds.")]
    public async Task ARefusedCardIsShownOnThePageAndTheCheckoutStaysOpen(string card, string message)
    {
        var shop = await store.ShopAsync("Declined" + card[^4..]);
        var start = await store.StartAsync(shop, StripeStore.Checkout("declined" + card[^4..]));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var refused = await browser.PostAsync(start.RedirectUrl, new FormUrlEncodedContent([KeyValuePair.Create("cardNumber", card)]));

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Empty(store.Completions.For(shop.Name, start.Reference));
        var status = await store.RetrieveAsync(shop, start.Reference);
        Assert.Equal(PaymentState.Pending, status.State);

        // The buyer tries another card on the same page and pays.
        var paid = await browser.PostAsync(start.RedirectUrl, new FormUrlEncodedContent([KeyValuePair.Create("cardNumber", StripeTestDouble.GoodCard)]));
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal(PaymentState.Succeeded, Assert.Single(store.Completions.For(shop.Name, start.Reference)).State);
    }

    [Theory]
    [InlineData(WebhookTampering.BadSignature)]
    [InlineData(WebhookTampering.OldTimestamp)]
    [InlineData(WebhookTampering.AlteredBody)]
    [InlineData(WebhookTampering.Unsigned)]
    public async Task AWebhookThatStripeDidNotSignNowIsRefusedAndChangesNothing(WebhookTampering tampering)
    {
        var shop = await store.ShopAsync("Tampered" + tampering);
        var reference = await PaidSessionAsync(shop);

        var delivery = await Stripe.SendEventAsync("checkout.session.completed", reference, tampering);

        Assert.Equal(HttpStatusCode.BadRequest, delivery.Status);
        var problem = JsonNode.Parse(delivery.Answer)!;
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Empty(store.Completions.For(shop.Name, reference));
        Assert.Equal(0, await ProcessedEventsAsync(shop));

        // The same event, as Stripe really sent it, goes through.
        Assert.Equal(HttpStatusCode.OK, (await Stripe.ResendEventAsync(delivery.EventId, 1))[0].Status);
        Assert.Single(store.Completions.For(shop.Name, reference));
    }

    [Fact]
    public async Task WhileASigningSecretIsRolledEventsSignedWithEitherAreAccepted()
    {
        var shop = await store.ShopAsync("Rolled");
        var old = Stripe.WebhookSecrets[0];
        var rolled = "whsec_rolled_" + Guid.NewGuid().ToString("N");
        await store.InShopAsync(shop, async sp =>
        {
            await sp.GetRequiredService<GigStore.Stripe.Settings.StripeSettingsStore>().AddWebhookSecretAsync(rolled, default);
            return true;
        });
        try
        {
            // Stripe signs with both during the overlap, then with the new one alone; the old one alone still passes until removed.
            Stripe.WebhookSecrets.Add(rolled);
            Assert.Equal(HttpStatusCode.OK, (await Stripe.SendEventAsync("checkout.session.completed", await PaidSessionAsync(shop))).Status);
            Stripe.WebhookSecrets.Remove(old);
            Assert.Equal(HttpStatusCode.OK, (await Stripe.SendEventAsync("checkout.session.completed", await PaidSessionAsync(shop))).Status);
            Stripe.WebhookSecrets.Clear();
            Stripe.WebhookSecrets.Add(old);
            Assert.Equal(HttpStatusCode.OK, (await Stripe.SendEventAsync("checkout.session.completed", await PaidSessionAsync(shop))).Status);
            Assert.Equal(3, store.Completions.Applied.Count(a => a.Tenant == shop.Name));
        }
        finally
        {
            Stripe.WebhookSecrets.Clear();
            Stripe.WebhookSecrets.Add(old);
        }
    }

    [Fact]
    public async Task AnEventDeliveredFiveTimesIsAppliedOnce()
    {
        var shop = await store.ShopAsync("Replayed");
        var reference = await PaidSessionAsync(shop);
        var first = await Stripe.SendEventAsync("checkout.session.completed", reference);

        var repeats = await Stripe.ResendEventAsync(first.EventId, 4);

        Assert.All(repeats.Prepend(first), d => Assert.Equal(HttpStatusCode.OK, d.Status));
        Assert.All(repeats, d => Assert.Contains("Already processed", d.Answer, StringComparison.Ordinal));
        Assert.Single(store.Completions.For(shop.Name, reference));
        Assert.Equal(1, await ProcessedEventsAsync(shop));
    }

    [Fact]
    public async Task EventsAppliedMoreThanThirtyDaysAgoAreForgottenAndNewerOnesKept()
    {
        var shop = await store.ShopAsync("Pruned");
        var now = DateTimeOffset.UtcNow;
        await store.InShopAsync(shop, async sp =>
        {
            var db = sp.GetRequiredService<StripeDb>();
            db.ProcessedEvents.AddRange(
                new StripeProcessedEvent { EventId = "evt_old", Type = "checkout.session.completed", ProcessedUtc = now - ProcessedEventsPruning.KeepFor - TimeSpan.FromHours(1) },
                new StripeProcessedEvent { EventId = "evt_recent", Type = "checkout.session.completed", ProcessedUtc = now - TimeSpan.FromDays(3) });
            return await db.SaveChangesAsync();
        });

        await store.InShopAsync(shop, async sp =>
        {
            await sp.GetServices<GigStore.Jobs.IBackgroundJob>().OfType<ProcessedEventsPruning>().Single().RunAsync(sp, default);
            return 0;
        });

        var kept = await store.InShopAsync(shop, sp => sp.GetRequiredService<StripeDb>().ProcessedEvents.Select(e => e.EventId).ToListAsync());
        Assert.Equal(["evt_recent"], kept);
    }

    [Fact]
    public async Task AnEventTheCheckoutCouldNotApplyIsAnswered500AndAppliedWhenDeliveredAgain()
    {
        var shop = await store.ShopAsync("Retried");
        var reference = await PaidSessionAsync(shop);
        store.Completions.FailNext();

        var failed = await Stripe.SendEventAsync("checkout.session.completed", reference);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal(0, await ProcessedEventsAsync(shop));

        var retried = await Stripe.ResendEventAsync(failed.EventId, 2);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], retried.Select(d => d.Status));
        Assert.Equal(PaymentState.Succeeded, Assert.Single(store.Completions.For(shop.Name, reference)).State);
    }

    [Fact]
    public async Task ExpiredSessionsAndFailedDelayedPaymentsCloseTheCheckout()
    {
        var shop = await store.ShopAsync("Closed");
        var expired = await store.StartAsync(shop, StripeStore.Checkout("closed"));
        await Stripe.ExpireSessionAsync(expired.Reference);
        Assert.Equal(PaymentState.Expired, Assert.Single(store.Completions.For(shop.Name, expired.Reference)).State);
        Assert.Equal(PaymentState.Expired, (await store.RetrieveAsync(shop, expired.Reference)).State);

        var bounced = await PaidSessionAsync(shop);
        Assert.Equal(HttpStatusCode.OK, (await Stripe.SendEventAsync("checkout.session.async_payment_failed", bounced)).Status);
        var failed = Assert.Single(store.Completions.For(shop.Name, bounced));
        Assert.Equal((PaymentState.Failed, "Your payment could not be completed."), (failed.State, failed.FailureMessage));

        var delayed = await PaidSessionAsync(shop);
        Assert.Equal(HttpStatusCode.OK, (await Stripe.SendEventAsync("checkout.session.async_payment_succeeded", delayed)).Status);
        Assert.Equal(PaymentState.Succeeded, Assert.Single(store.Completions.For(shop.Name, delayed)).State);
    }

    [Fact]
    public async Task EventsTheStoreDoesNotUseAreAcknowledgedAndIgnored()
    {
        var shop = await store.ShopAsync("Ignoring");
        var before = store.Completions.Applied.Count;

        var plan = await Stripe.SendEventAsync("plan.created", StripeFixtures.Resource("event")["data"]!["object"]!.AsObject());

        Assert.Equal(HttpStatusCode.OK, plan.Status);
        Assert.Contains("Ignored", plan.Answer, StringComparison.Ordinal);
        Assert.Equal(before, store.Completions.Applied.Count);
        Assert.Equal(0, await ProcessedEventsAsync(shop));
    }

    [Fact]
    public async Task ALostWebhookIsMadeUpForByAskingStripe()
    {
        var shop = await store.ShopAsync("Lost");
        var start = await store.StartAsync(shop, StripeStore.Checkout("lost"));
        var paid = await Stripe.CompleteSessionAsync(start.Reference, sendWebhook: false);
        Assert.Empty(store.Completions.For(shop.Name, start.Reference));

        // What the checkout's return page does: ask the provider, server to server, and apply the answer.
        var outcome = await store.InShopAsync(shop, sp => sp.GetRequiredService<ICheckoutCompletion>().ConfirmAsync("stripe", start.Reference, default));

        Assert.Equal(CompletionOutcome.Completed, outcome);
        Assert.Equal(new PaymentStatus(start.Reference, PaymentState.Succeeded, (string)paid["payment_intent"]!, new Money(4500, "USD")), Assert.Single(store.Completions.For(shop.Name, start.Reference)));
        Assert.Contains(Stripe.Requests, r => r.Method == "GET" && r.Path == "/v1/checkout/sessions/" + start.Reference && r.Query == "expand[]=payment_intent");
    }

    [Fact]
    public async Task TheWebhookAndSettingsAreNotFoundWhereStripeIsOff()
    {
        await store.App.CreateTenantAsync("NoStripe", prefix: "nostripe", adminEmail: "owner@nostripe.test");

        var response = await store.App.CreateClient().PostAsync("/t/nostripe/webhooks/stripe", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await store.App.Browser().GetAsync("/t/nostripe/admin/payments/stripe")).StatusCode);
    }

    [Fact]
    public async Task AStoreWithoutASigningSecretRefusesEveryEvent()
    {
        var shop = await store.ShopAsync("Unsigned", configure: false);

        var delivery = await Stripe.SendEventAsync("checkout.session.completed", StripeFixtures.Resource("checkout.session"));

        Assert.Equal(HttpStatusCode.BadRequest, delivery.Status);
        Assert.Equal(0, await ProcessedEventsAsync(shop));
    }

    [Fact]
    public Task EventsAreRecordedOnceOnPostgreSql() => MigrationTests.WithPostgresDatabaseAsync(async connection =>
    {
        var tenant = await store.App.CreateTenantAsync("PgStripe", prefix: "pgstripe", provider: DatabaseProvider.Postgres, connectionString: connection, adminEmail: "owner@pgstripe.test");
        await store.InShopAsync(tenant, async sp =>
        {
            Assert.True((await sp.GetRequiredService<GigStore.Shell.Features.FeatureManager>().EnableAsync(["GigStore.Stripe"])).Succeeded);
            var settings = sp.GetRequiredService<GigStore.Stripe.Settings.StripeSettingsStore>();
            await settings.SaveAccountAsync(Stripe.SecretKey, false, null, default);
            await settings.AddWebhookSecretAsync(Stripe.WebhookSecrets[0], default);
            return true;
        });
        Stripe.DeliverWebhooksTo(store.App.CreateClient(), "/t/pgstripe/webhooks/stripe");
        var reference = await PaidSessionAsync(tenant);

        var first = await Stripe.SendEventAsync("checkout.session.completed", reference);
        await Stripe.ResendEventAsync(first.EventId, 2);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Single(store.Completions.For(tenant.Name, reference));
        Assert.Equal(1, await ProcessedEventsAsync(tenant));
    });

    /// <summary>A session of the shop paid on the hosted page with its webhook lost, so a test sends the events itself.</summary>
    private async Task<string> PaidSessionAsync(Tenant shop)
    {
        var start = await store.StartAsync(shop, StripeStore.Checkout(shop.Settings.UrlPrefix!));
        await Stripe.CompleteSessionAsync(start.Reference, sendWebhook: false);
        return start.Reference;
    }

    private Task<int> ProcessedEventsAsync(Tenant shop) =>
        store.InShopAsync(shop, sp => sp.GetRequiredService<StripeDb>().ProcessedEvents.CountAsync());
}
