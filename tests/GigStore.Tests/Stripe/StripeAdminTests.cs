using System.Net;
using System.Text.Json.Nodes;
using GigStore.Stripe.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Stripe;

/// <summary>The store's admin sets the Stripe key and signing secrets at /admin/payments/stripe; they go in and never come out.</summary>
[Collection(StripeCollection.Name)]
public sealed class StripeAdminTests(StripeStore store)
{
    private const string Key = "sk_test_51AdminTypedThisKey0123456789";
    private const string Secret = "whsec_AdminTypedThisSecret0123456789";

    [Fact]
    public async Task TheKeyAndSigningSecretsAreStoredEncryptedAndNeverShownBack()
    {
        var shop = await store.ShopAsync("Admin", configure: false);
        var admin = store.App.Browser();
        await admin.SignInAsync("/t/admin", "owner@admin.test", "Owner-pass-123!");
        var page = await admin.GetStringAsync("/t/admin/admin/payments/stripe");
        Assert.Contains("http://localhost/t/admin/webhooks/stripe", page);
        Assert.Contains("checkout.session.completed", page);
        Assert.Contains("Not set", page);
        Assert.Contains("/admin/payments/stripe", await admin.GetStringAsync("/t/admin/admin"));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/t/admin/admin/payments/stripe", "/t/admin/admin/payments/stripe/account", new Dictionary<string, string> { ["SecretKey"] = Key })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/t/admin/admin/payments/stripe", "/t/admin/admin/payments/stripe/webhook-secrets", new Dictionary<string, string> { ["WebhookSecret"] = Secret })).StatusCode);

        var (settings, secrets) = await store.InShopAsync(shop, async sp =>
        {
            var db = sp.GetRequiredService<StripeDb>();
            return (await db.Settings.AsNoTracking().SingleAsync(), await db.WebhookSecrets.AsNoTracking().ToListAsync());
        });
        Assert.DoesNotContain("sk_test", settings.SecretKey);
        Assert.DoesNotContain("whsec", Assert.Single(secrets).Secret);
        page = await admin.GetStringAsync("/t/admin/admin/payments/stripe");
        Assert.DoesNotContain(Key, page);
        Assert.DoesNotContain(Secret, page);
        Assert.DoesNotContain(settings.SecretKey!, page);
        Assert.Contains("Test mode", page);
        Assert.Contains("Signing secret added", page);

        // The stored values work: the store takes payments and events signed with the secret.
        var ready = await store.InShopAsync(shop, sp => StripeStore.Provider(sp).IsReadyAsync(default));
        Assert.True(ready);
        var stripeEvent = StripeFixtures.Resource("event");
        (stripeEvent["type"], stripeEvent["data"]) = ("checkout.session.expired", new JsonObject { ["object"] = StripeFixtures.Resource("checkout.session") });
        var body = stripeEvent.ToJsonString();
        var signed = new HttpRequestMessage(HttpMethod.Post, "/t/admin/webhooks/stripe") { Content = new StringContent(body) };
        signed.Headers.Add("Stripe-Signature", StripeTestDouble.Signature(body, DateTimeOffset.UtcNow, [Secret]));
        Assert.Equal(HttpStatusCode.OK, (await store.App.CreateClient().SendAsync(signed)).StatusCode);

        // Replaced and removed: the key can be cleared, a secret removed.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/t/admin/admin/payments/stripe", "/t/admin/admin/payments/stripe/account", new Dictionary<string, string> { ["ClearSecretKey"] = "true" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/t/admin/admin/payments/stripe", $"/t/admin/admin/payments/stripe/webhook-secrets/{secrets[0].Id}/remove", new Dictionary<string, string>())).StatusCode);
        page = await admin.GetStringAsync("/t/admin/admin/payments/stripe");
        Assert.Contains("events from Stripe are refused until a signing secret is added", page);
        Assert.False(await store.InShopAsync(shop, sp => StripeStore.Provider(sp).IsReadyAsync(default)));
    }

    [Fact]
    public async Task AKeyOrSecretThatIsNotStripesIsRefusedBesideItsField()
    {
        await store.ShopAsync("Typos", configure: false);
        var admin = store.App.Browser();
        await admin.SignInAsync("/t/typos", "owner@typos.test", "Owner-pass-123!");

        var key = await admin.PostFormAsync("/t/typos/admin/payments/stripe", "/t/typos/admin/payments/stripe/account", new Dictionary<string, string> { ["SecretKey"] = "pk_test_publishable" });
        var keyPage = WebUtility.HtmlDecode(await key.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        Assert.Contains("stripe-key-error", keyPage);
        Assert.DoesNotContain("pk_test_publishable", keyPage);

        var secret = await admin.PostFormAsync("/t/typos/admin/payments/stripe", "/t/typos/admin/payments/stripe/webhook-secrets", new Dictionary<string, string> { ["WebhookSecret"] = "not-a-secret" });
        Assert.Equal(HttpStatusCode.BadRequest, secret.StatusCode);
        Assert.Contains("it starts with whsec_", WebUtility.HtmlDecode(await secret.Content.ReadAsStringAsync()));
        Assert.Contains("Not set", await admin.GetStringAsync("/t/typos/admin/payments/stripe"));
    }

    [Fact]
    public async Task OnlyTheStoresAdministratorsReachTheStripeSettings()
    {
        await store.ShopAsync("Guarded", configure: false);
        var anonymous = store.App.Browser();
        Assert.StartsWith("/t/guarded/account/login", (await anonymous.GetAsync("/t/guarded/admin/payments/stripe")).Headers.Location!.PathAndQuery);

        var seller = store.App.Browser();
        var registered = await seller.RegisterAsync("Sam Seller", "sam@guarded.test", "Seller-pass-123!", seller: true, basePath: "/t/guarded");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var denied = await seller.GetAsync("/t/guarded/admin/payments/stripe");
        Assert.StartsWith("/t/guarded/account/access-denied", denied.Headers.Location!.PathAndQuery);
        var post = await seller.PostFormAsync("/t/guarded/account/password", "/t/guarded/admin/payments/stripe/account", new Dictionary<string, string> { ["ClearSecretKey"] = "true" });
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.DoesNotContain("Stripe payments", await seller.GetStringAsync("/t/guarded/"));
    }
}
