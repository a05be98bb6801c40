using GigStore.Commerce;
using GigStore.Commerce.Contracts;
using GigStore.Stripe.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Stripe;

/// <summary>Stripe as the checkout sees it: an <see cref="IPaymentProvider"/> of the shops that switch it on.</summary>
[Collection(StripeCollection.Name)]
public sealed class StripeProviderTests(StripeStore store)
{
    private StripeTestDouble Stripe => store.Stripe;

    [Fact]
    public async Task TheProviderIsReadyOnceAKeyIsSetAndInTestModeWithATestKey()
    {
        var shop = await store.ShopAsync("Modes", configure: false);
        var (id, name, ready, test) = await store.InShopAsync(shop, async sp =>
        {
            var provider = StripeStore.Provider(sp);
            return (provider.Id, provider.DisplayName, await provider.IsReadyAsync(default), await provider.IsTestModeAsync(default));
        });
        Assert.Equal(("stripe", "Card (Stripe)", false, false), (id, name, ready, test));
        var refused = await Assert.ThrowsAsync<PaymentProviderException>(() => store.StartAsync(shop, StripeStore.Checkout("modes")));
        Assert.Equal(("Card payments are not available in this store right now.", false), (refused.Message, refused.Retryable));

        async Task<(bool Ready, bool Test)> WithKeyAsync(string key) => await store.InShopAsync(shop, async sp =>
        {
            await sp.GetRequiredService<StripeSettingsStore>().SaveAccountAsync(key, false, null, default);
            return (await StripeStore.Provider(sp).IsReadyAsync(default), await StripeStore.Provider(sp).IsTestModeAsync(default));
        });

        Assert.Equal((true, true), await WithKeyAsync("sk_test_123"));
        Assert.Equal((true, false), await WithKeyAsync("sk_live_123"));
    }

    [Fact]
    public async Task AShopWithoutTheStripeFeatureHasNoStripeProvider()
    {
        var tenant = await store.App.CreateTenantAsync("NoProvider", prefix: "noprovider", adminEmail: "owner@noprovider.test");

        var enabled = await store.InShopAsync(tenant, sp => Task.FromResult(sp.GetRequiredService<GigStore.Shell.Modules.EnabledServices<IPaymentProvider>>().All.ToList()));

        Assert.DoesNotContain(enabled, p => p.Id == "stripe");
    }

    [Fact]
    public async Task StartingTwiceWithTheSameKeyAnswersTheSamePaymentPage()
    {
        var shop = await store.ShopAsync("Twice");
        var checkout = StripeStore.Checkout("twice");

        var first = await store.StartAsync(shop, checkout);
        var second = await store.StartAsync(shop, checkout);

        Assert.Equal(first, second);
        var changed = await Assert.ThrowsAsync<PaymentProviderException>(() => store.StartAsync(shop, checkout with { BuyerEmail = "other@example.com" }));
        Assert.False(changed.Retryable);
    }

    [Fact]
    public async Task LinesThatStripeCannotShowArePaidAsOneLineOfTheTotal()
    {
        var shop = await store.ShopAsync("Coupon");
        var checkout = StripeStore.Checkout("coupon") with
        {
            Amount = new Money(3500, "USD"),
            Lines = [new PaymentLine("Logo design — Standard", new Money(4000, "USD")), new PaymentLine("Coupon WELCOME10", new Money(-500, "USD"))],
        };

        var start = await store.StartAsync(shop, checkout);

        var request = Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal("Logo design — Standard", request.Form.Single(f => f.Key == "line_items[0][price_data][product_data][name]").Value);
        Assert.Equal("3500", request.Form.Single(f => f.Key == "line_items[0][price_data][unit_amount]").Value);
        Assert.DoesNotContain(request.Form, f => f.Key.StartsWith("line_items[1]", StringComparison.Ordinal));
        Assert.Equal(3500, (long)Stripe.Session(start.Reference)["amount_total"]!);
        Assert.Equal($"{checkout.ReturnUrl}?session_id={{CHECKOUT_SESSION_ID}}", request.Form.Single(f => f.Key == "success_url").Value);
    }

    [Fact]
    public async Task APaymentIsRefundedInPartsAndThenInFullButNeverBeyond()
    {
        var shop = await store.ShopAsync("Refunds");
        var start = await store.StartAsync(shop, StripeStore.Checkout("refunds"));
        await Stripe.CompleteSessionAsync(start.Reference, sendWebhook: false);
        var paid = await store.RetrieveAsync(shop, start.Reference);
        Assert.Equal(PaymentState.Succeeded, paid.State);
        var payment = paid.PaymentId!;
        Task<RefundResult> RefundAsync(long amount, string key) =>
            store.InShopAsync(shop, sp => StripeStore.Provider(sp).RefundAsync(new RefundRequest(payment, new Money(amount, "USD"), key, "Revision not delivered"), default));

        var part = await RefundAsync(1500, "refund-1");
        Assert.StartsWith("re_", part.RefundId);
        Assert.Equal(new Money(1500, "USD"), part.Amount);
        Assert.Equal(part, await RefundAsync(1500, "refund-1"));

        var rest = await RefundAsync(3000, "refund-2");
        Assert.Equal(new Money(3000, "USD"), rest.Amount);
        Assert.Equal([1500L, 3000L], Stripe.RefundsOf(payment).Select(r => (long)r["amount"]!));
        Assert.Equal("Revision not delivered", (string?)Stripe.RefundsOf(payment)[0]["metadata"]!["reason"]);

        var beyond = await Assert.ThrowsAsync<PaymentProviderException>(() => RefundAsync(100, "refund-3"));
        Assert.Equal(("This payment has already been refunded in full.", false), (beyond.Message, beyond.Retryable));
    }

    [Fact]
    public async Task ARefundLargerThanWhatIsLeftOrRefusedByStripeSaysWhy()
    {
        var shop = await store.ShopAsync("RefundFails");
        var start = await store.StartAsync(shop, StripeStore.Checkout("refundfails"));
        var payment = (string)(await Stripe.CompleteSessionAsync(start.Reference, sendWebhook: false))["payment_intent"]!;
        Task<RefundResult> RefundAsync(long amount, string key) =>
            store.InShopAsync(shop, sp => StripeStore.Provider(sp).RefundAsync(new RefundRequest(payment, new Money(amount, "USD"), key), default));

        var tooLarge = await Assert.ThrowsAsync<PaymentProviderException>(() => RefundAsync(4501, "too-large"));
        Assert.Equal("The refund is larger than what is left of the payment.", tooLarge.Message);

        Stripe.FailNextRefund();
        var disputed = await Assert.ThrowsAsync<PaymentProviderException>(() => RefundAsync(4500, "disputed"));
        Assert.Equal(("This payment is disputed and cannot be refunded.", false), (disputed.Message, disputed.Retryable));
        Assert.Empty(Stripe.RefundsOf(payment));
    }

    [Fact]
    public async Task ARetrievalWhileStripeIsDownSaysTryAgainLater()
    {
        var shop = await store.ShopAsync("Down");
        var start = await store.StartAsync(shop, StripeStore.Checkout("down"));
        Stripe.FailNext(System.Net.HttpStatusCode.BadGateway, count: 4);

        var down = await Assert.ThrowsAsync<PaymentProviderException>(() => store.RetrieveAsync(shop, start.Reference));

        Assert.Equal(("The payment service is unavailable, please try again in a minute.", true), (down.Message, down.Retryable));
    }
}
