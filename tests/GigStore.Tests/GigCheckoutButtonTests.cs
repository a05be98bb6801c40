using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using GigStore.Commerce;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

/// <summary>The gig page's "Continue" button: shown only when a checkout is there to take the buyer's choice, and it carries that choice.</summary>
public sealed class GigCheckoutButtonTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    private sealed class CartCheckout : IGigCheckout
    {
        public string Action => "/cart/items";
    }

    [Fact]
    public async Task ContinuePostsTheChosenPackageAndExtrasToTheCheckout()
    {
        await using var withCheckout = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IGigCheckout, CartCheckout>()));
        var client = withCheckout.CreateClient();
        var gig = await GigWithExtraForStandardAsync(client);
        var slug = gig["slug"]!.GetValue<string>();
        var extra = Array.FindIndex(gig["content"]!["extras"]!.AsArray().ToArray(), e => e!["tiers"] is null or JsonArray { Count: 0 } || e["tiers"]!.AsArray().Any(t => t!.GetValue<string>() == "Standard"));

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/gigs/{slug}?package=Standard&extras={extra}"));

        var form = page.QuerySelector("form.package-continue")!;
        Assert.Equal("/cart/items", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(gig["id"]!.ToString(), form.QuerySelector("input[name=gigId]")!.GetAttribute("value"));
        Assert.Equal("Standard", form.QuerySelector("input[name=package]")!.GetAttribute("value"));
        Assert.Equal([extra.ToString()], form.QuerySelectorAll("input[name=extras]").Select(i => i.GetAttribute("value")));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Contains("Continue", form.QuerySelector("button")!.TextContent);
    }

    [Fact]
    public async Task WithoutACheckoutThereIsNoContinueButtonAndNoCart()
    {
        var client = app.Browser();
        var gig = await GigWithExtraForStandardAsync(client);
        Assert.Contains("package-continue", await client.GetStringAsync($"/gigs/{gig["slug"]}"));

        await SwitchCheckoutAsync(on: false);
        try
        {
            var html = await client.GetStringAsync($"/gigs/{gig["slug"]}");
            Assert.Contains("package-picker", html);
            Assert.DoesNotContain("package-continue", html);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/cart")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/cart")).StatusCode);
        }
        finally
        {
            await SwitchCheckoutAsync(on: true);
        }
    }

    private async Task SwitchCheckoutAsync(bool on)
    {
        await using var scope = app.Services.GetRequiredService<GigStore.Shell.Tenants.TenantScopeFactory>().CreateScope(app.Registry.Default);
        var features = scope.ServiceProvider.GetRequiredService<GigStore.Shell.Features.FeatureManager>();
        string[] ids = ["GigStore.Commerce.TestPayments", "GigStore.Stripe", "GigStore.Commerce"];
        var result = on ? await features.EnableAsync(ids[^1..]) : await features.DisableAsync(ids.Where(id => app.Registry.Default.IsFeatureEnabled(id)));
        Assert.True(result.Succeeded, result.Error);
        if (on)
        {
            Assert.True((await features.EnableAsync(ids[..1])).Succeeded);
        }
    }

    /// <summary>A demo gig with a Standard package and at least one extra.</summary>
    private static async Task<JsonObject> GigWithExtraForStandardAsync(HttpClient client)
    {
        var list = (await client.GetFromJsonAsync<JsonObject>("/api/gigs?pageSize=100"))!["items"]!.AsArray();
        foreach (var item in list)
        {
            var gig = (await client.GetFromJsonAsync<JsonObject>($"/api/gigs/{item!["slug"]}"))!;
            var content = gig["content"]!;
            if (content["packages"]!.AsArray().Count >= 2 && content["extras"]!.AsArray().Count > 0)
            {
                return gig;
            }
        }

        throw new InvalidOperationException("The demo catalogue has no gig with two packages and an extra.");
    }
}
