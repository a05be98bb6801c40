using System.Net.Http.Json;
using GigStore.Shell.Features;
using GigStore.Shell.Tenants;
using GigStore.Stripe.Contracts;
using GigStore.Stripe.Settings;
using GigStore.Tests.Stripe;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GigStore.BrowserTests;

/// <summary>
/// A buyer buys in a real browser: a package with an extra from the gig page, the WELCOME10 coupon at checkout,
/// a declined test card and then one that pays, and the order on their orders page.
/// </summary>
public sealed class CheckoutBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BuyerBuysAGigWithAnExtraAndACouponThroughTheTestProvider()
    {
        await using var server = new GigStoreServer();
        server.Start();
        var (slug, title, extra) = await GigWithBasicExtraAsync(server.BaseUrl);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var accessibility = new Accessibility(output);

        // 1. An account.
        await RegisterAsync(page, "browser@buyers.test");

        // 2. The gig page: the Basic package with an extra, then Continue.
        await Browser.GoAsync(page, $"/gigs/{slug}");
        await page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Basic") }).CheckAsync();
        await page.Locator($"input[name=extras][value='{extra}']").CheckAsync();
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Continue") }), url => url.EndsWith("/cart", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added to your cart.");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Gigs in your cart" })).ToContainTextAsync(title);
        await Expect(page.GetByText("Extras:")).ToBeVisibleAsync();
        await accessibility.CheckAsync(page, "cart (/cart)");

        // 3. Checkout: coupon and country; the breakdown follows.
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Check out" }), url => url.EndsWith("/checkout", StringComparison.Ordinal));
        await page.GetByLabel("Coupon code").FillAsync("welcome10");
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Apply" }), url => url.Contains("/checkout", StringComparison.Ordinal));
        await Expect(page.GetByText("Coupon WELCOME10 applied")).ToBeVisibleAsync();
        await page.GetByLabel("Country you are buying from").SelectOptionAsync("DE");
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Update total" }), url => url.Contains("country=DE", StringComparison.Ordinal));
        var breakdown = page.GetByRole(AriaRole.Table, new() { Name = "Price breakdown" }).First;
        await Expect(breakdown).ToContainTextAsync("Coupon WELCOME10");
        await Expect(breakdown).ToContainTextAsync("Service fee");
        await Expect(breakdown).ToContainTextAsync("Tax (19%)");
        await Expect(page.GetByText("Test mode")).ToBeVisibleAsync();
        await accessibility.CheckAsync(page, "checkout (/checkout)");
        await Browser.ScreenshotAsync(page, "checkout.png");
        var pay = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay ") });
        var total = (await pay.TextContentAsync())!.Replace("Pay ", "", StringComparison.Ordinal).Trim();

        // 4. The test provider's page: a declined card, then one that pays.
        await Browser.ClickAndWaitForUrlAsync(page, pay, url => url.Contains("/checkout/test-pay/", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("Test mode");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Pay {total}");
        await accessibility.CheckAsync(page, "test payment page");
        await FillCardAsync(page, "4000 0000 0000 0002");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Pay {total}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your card was declined.");
        await FillCardAsync(page, "4242 4242 4242 4242");
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = $"Pay {total}" }), url => Regex.IsMatch(url, "/checkout/[0-9a-f]{32}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you for your order");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Your payment of {total} is confirmed");

        // 5. The order, with its extra and its timeline.
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Order #\\d+: {Regex.Escape(title)}") }), url => Regex.IsMatch(url, @"/orders/\d+$"));
        await Expect(page.GetByText("Waiting for requirements")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Timeline" })).ToContainTextAsync("Order placed");
        await Expect(page.Locator(".breakdown-total")).ToHaveTextAsync(total);
        await accessibility.CheckAsync(page, "order page");
        await Browser.ScreenshotAsync(page, "order.png");
        await Browser.GoAsync(page, "/orders");
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync(title);
        await Browser.GoAsync(page, "/cart");
        await Expect(page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task BuyerPaysOnStripesHostedPageThroughTheTestDouble()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        await using var server = new GigStoreServer();
        server.Settings["GigStore:Stripe:ApiBaseUrl"] = stripe.Url.AbsoluteUri;
        server.Start();
        await using (var scope = server.Services.GetRequiredService<TenantScopeFactory>().CreateScope(server.Services.GetRequiredService<TenantRegistry>().Default))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<FeatureManager>().EnableAsync([StripeFeatures.Stripe])).Succeeded);
            var settings = scope.ServiceProvider.GetRequiredService<StripeSettingsStore>();
            await settings.SaveAccountAsync(stripe.SecretKey, clearKey: false, apiBaseUrl: null, default);
            await settings.AddWebhookSecretAsync(stripe.WebhookSecrets[0], default);
        }

        using var webhooks = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        stripe.DeliverWebhooksTo(webhooks, "/webhooks/stripe");
        var (slug, title, _) = await GigWithBasicExtraAsync(server.BaseUrl);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { BaseURL = server.BaseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await RegisterAsync(page, "stripe-browser@buyers.test");
        await Browser.GoAsync(page, $"/gigs/{slug}");
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Continue") }), url => url.EndsWith("/cart", StringComparison.Ordinal));
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Check out" }), url => url.EndsWith("/checkout", StringComparison.Ordinal));
        await page.GetByLabel("Country you are buying from").SelectOptionAsync("US");
        await page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("Card \\(Stripe\\)") }).CheckAsync();
        var pay = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay ") });
        var total = (await pay.TextContentAsync())!.Replace("Pay ", "", StringComparison.Ordinal).Trim();

        // Stripe's hosted page (the double, on its own address): a declined card, then one that pays.
        await Browser.ClickAndWaitForUrlAsync(page, pay, url => url.StartsWith(stripe.Url.AbsoluteUri + "pay/", StringComparison.Ordinal));
        await page.GetByLabel("Card number").FillAsync(StripeTestDouble.DeclinedCard);
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your card was declined.");
        await page.GetByLabel("Card number").FillAsync(StripeTestDouble.GoodCard);
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }), url => Regex.IsMatch(url, "/checkout/[0-9a-f]{32}$"));

        // Back on the store: the signed webhook had created the order by then.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you for your order");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Your payment of {total} is confirmed");
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(title)) })).ToBeVisibleAsync();
        Assert.Contains(stripe.Deliveries, d => d.Type == "checkout.session.completed" && d.Status == System.Net.HttpStatusCode.OK);
        await Browser.ScreenshotAsync(page, "stripe-paid.png");
    }

    private static async Task RegisterAsync(IPage page, string email)
    {
        await Browser.GoAsync(page, "/account/register");
        await page.GetByLabel("Your name").FillAsync(email.Split('@')[0]);
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Buyer-pass-123!");
        await page.GetByLabel("Repeat password").FillAsync("Buyer-pass-123!");
        await Browser.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Create account" }), url => !url.Contains("/account/register", StringComparison.Ordinal));
    }

    private static async Task FillCardAsync(IPage page, string number)
    {
        await page.GetByLabel("Card number").FillAsync(number);
        await page.GetByLabel("Expiry (MM/YY)").FillAsync("12/40");
        await page.GetByLabel("Security code").FillAsync("123");
    }

    /// <summary>A demo gig whose Basic package has an extra: its slug, title and the extra's index.</summary>
    private static async Task<(string Slug, string Title, int Extra)> GigWithBasicExtraAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var list = (await http.GetFromJsonAsync<JsonObject>("/api/gigs?pageSize=100"))!["items"]!.AsArray();
        foreach (var item in list)
        {
            var gig = (await http.GetFromJsonAsync<JsonObject>($"/api/gigs/{item!["slug"]}"))!;
            var extras = gig["content"]!["extras"]!.AsArray();
            for (var i = 0; i < extras.Count; i++)
            {
                if (extras[i]!["tiers"] is null or JsonArray { Count: 0 } || extras[i]!["tiers"]!.AsArray().Any(t => t!.GetValue<string>() == "Basic"))
                {
                    return (gig["slug"]!.GetValue<string>(), gig["title"]!.GetValue<string>(), i);
                }
            }
        }

        throw new InvalidOperationException("No demo gig has an extra for its Basic package.");
    }
}
