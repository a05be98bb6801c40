using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Commerce.Checkout;
using GigStore.Commerce.Data;
using GigStore.Jobs;
using GigStore.Shell.Features;
using GigStore.Shell.Tenants;
using GigStore.Stripe.Contracts;
using GigStore.Stripe.Settings;
using GigStore.Tests.Stripe;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Commerce;

/// <summary>
/// The whole Stripe flow with the real checkout: a buyer pays on Stripe's hosted page (the test double), the signed
/// webhook creates the order once however often it comes, a lost webhook is made up for by the buyer's return or by
/// reconciliation, and refunds go back to Stripe.
/// </summary>
public sealed class StripeCheckoutTests : IAsyncLifetime
{
    private readonly GigStoreFactory app = new();
    private StripeTestDouble stripe = null!;

    public async Task InitializeAsync()
    {
        stripe = await StripeTestDouble.StartAsync();
        app.Settings["GigStore:Stripe:ApiBaseUrl"] = stripe.Url.AbsoluteUri;
        app.Settings["GigStore:Stripe:RetryBaseDelay"] = "00:00:00.010";
        app.Settings["GigStore:RunBackgroundJobs"] = "false";
        app.Clock = ManualClock.FromNow();
        await InTenantAsync(async services =>
        {
            Assert.True((await services.GetRequiredService<FeatureManager>().EnableAsync([StripeFeatures.Stripe])).Succeeded);
            var settings = services.GetRequiredService<StripeSettingsStore>();
            await settings.SaveAccountAsync(stripe.SecretKey, clearKey: false, apiBaseUrl: null, default);
            await settings.AddWebhookSecretAsync(stripe.WebhookSecrets[0], default);
            return 0;
        });
        stripe.DeliverWebhooksTo(app.CreateClient(), "/webhooks/stripe");
    }

    [Fact]
    public async Task ABuyerPaysOnStripesPageAndTheWebhookCreatesTheOrderOnceHoweverOftenItComes()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "stripe@buyers.test");
        var cart = await buyer.CartAsync();
        Assert.Contains(cart["providers"]!.AsArray(), p => p!["id"]!.GetValue<string>() == "stripe" && p["testMode"]!.GetValue<bool>());
        await buyer.AddAsync(CheckoutTests.Id((await buyer.GigsAsync(1))[0]));
        await buyer.SetCouponAsync("WELCOME10");
        var total = await buyer.TotalAsync();

        var started = await buyer.StartAsync(provider: "stripe");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        var hosted = body["redirectUrl"]!.GetValue<string>();
        Assert.StartsWith(stripe.Url.AbsoluteUri + "pay/cs_test_", hosted);
        var checkoutId = body["checkoutId"]!.GetValue<Guid>();

        // The browser's own return proves nothing: before paying, returning leaves the checkout pending.
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.Http.GetAsync($"/checkout/{checkoutId:N}/return")).StatusCode);
        Assert.Equal("Pending", (await buyer.CheckoutAsync(checkoutId))["state"]!.GetValue<string>());

        using var onStripe = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var declined = await onStripe.PostAsync(hosted, new FormUrlEncodedContent([KeyValuePair.Create("cardNumber", StripeTestDouble.DeclinedCard)]));
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        Assert.Empty(await buyer.OrdersAsync());

        var paid = await onStripe.PostAsync(hosted, new FormUrlEncodedContent([KeyValuePair.Create("cardNumber", StripeTestDouble.GoodCard)]));
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        var orders = await buyer.OrdersAsync();
        var order = Assert.Single(orders)!;
        Assert.Equal(total, order["price"]!["total"]!["minor"]!.GetValue<long>());
        Assert.Contains("Processed", Assert.Single(stripe.Deliveries, d => d.Type == "checkout.session.completed").Answer);

        // Stripe delivers the event five more times, and the buyer comes back: still one order, one payment.
        var eventId = stripe.Deliveries.Single(d => d.Type == "checkout.session.completed").EventId;
        var again = await stripe.ResendEventAsync(eventId, 5);
        Assert.All(again, d => Assert.Equal(HttpStatusCode.OK, d.Status));
        var back = await buyer.Http.GetAsync(new Uri(paid.Headers.Location!.AbsoluteUri).PathAndQuery);
        Assert.Equal($"/checkout/{checkoutId:N}", back.Headers.Location!.OriginalString);
        Assert.Contains("Thank you for your order", await buyer.Http.GetStringAsync(back.Headers.Location.OriginalString));
        Assert.Single(await buyer.OrdersAsync());
        Assert.Equal(1, await InTenantAsync(sp => sp.GetRequiredService<CommerceDb>().Payments.CountAsync(p => p.CheckoutId == checkoutId)));

        // A partial refund by the administrator reaches Stripe.
        var admin = app.Browser();
        await admin.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword);
        var refunded = await admin.PostAsJsonAsync($"/api/orders/{order["id"]}/refunds", new { amountMinor = 300, reason = "Late" });
        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        var paymentIntent = (string)stripe.Session(hosted.Split('/')[^1])["payment_intent"]!;
        Assert.Equal(300, (long)Assert.Single(stripe.RefundsOf(paymentIntent))["amount"]!);
    }

    [Fact]
    public async Task APaymentWhoseWebhookWasLostIsCompletedByTheBuyersReturnOrByReconciliation()
    {
        foreach (var (name, byReturn) in new[] { ("returns", true), ("never-returns", false) })
        {
            var buyer = await CommerceClient.BuyerAsync(app, $"{name}@buyers.test");
            await buyer.AddAsync(CheckoutTests.Id((await buyer.GigsAsync(1))[0]));
            var started = (await (await buyer.StartAsync(provider: "stripe")).Content.ReadFromJsonAsync<JsonObject>())!;
            var checkoutId = started["checkoutId"]!.GetValue<Guid>();
            var session = started["redirectUrl"]!.GetValue<string>().Split('/')[^1];

            await stripe.CompleteSessionAsync(session, sendWebhook: false);
            Assert.Empty(await buyer.OrdersAsync());

            if (byReturn)
            {
                await buyer.Http.GetAsync($"/checkout/{checkoutId:N}/return?session_id={session}");
            }
            else
            {
                ((ManualClock)app.Clock!).Advance(ReconciliationJob.Grace);
                await InTenantAsync(async sp =>
                {
                    await sp.GetServices<IBackgroundJob>().OfType<ReconciliationJob>().Single().RunAsync(sp, default);
                    return 0;
                });
            }

            Assert.Single(await buyer.OrdersAsync());
            Assert.Equal("Completed", (await buyer.CheckoutAsync(checkoutId))["state"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task WhenStripeIsDownTheBuyerIsToldToTryAgainAndNothingIsCharged()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "stripe-down@buyers.test");
        await buyer.AddAsync(CheckoutTests.Id((await buyer.GigsAsync(1))[0]));
        stripe.FailNext(HttpStatusCode.ServiceUnavailable, 10);

        var response = await buyer.StartAsync(provider: "stripe");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(problem["retryable"]!.GetValue<bool>());
        Assert.Contains("try again", problem["title"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var checkout = await InTenantAsync(sp => sp.GetRequiredService<CommerceDb>().Checkouts.SingleAsync(c => c.BuyerEmail == "stripe-down@buyers.test"));
        Assert.Equal(CheckoutState.Failed, checkout.State);
        Assert.Empty(await buyer.OrdersAsync());
    }

    private async Task<T> InTenantAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        return await work(scope.ServiceProvider);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await stripe.DisposeAsync();
    }
}
