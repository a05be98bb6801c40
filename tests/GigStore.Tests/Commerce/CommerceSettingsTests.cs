using System.Net;
using AngleSharp.Html.Parser;
using GigStore.Commerce.Data;
using GigStore.Commerce.Pricing;
using GigStore.Shell.Recipes;
using GigStore.Shell.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Commerce;

/// <summary>The admin's fees, taxes and coupons, and the commerce recipe step: bad input is named beside its field and changes nothing.</summary>
public sealed class CommerceSettingsTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task TheAdminSetsFeesAndTaxesAndCheckoutsUseThem()
    {
        var admin = await AdminAsync();
        var saved = await admin.PostFormAsync("/admin/commerce", "/admin/commerce/settings", new Dictionary<string, string>
        {
            ["Currency"] = "USD", ["ServiceFeePercent"] = "7.5", ["SmallOrderFee"] = "1.99", ["SmallOrderThreshold"] = "25",
            ["DefaultTaxPercent"] = "0", ["TaxRates"] = "de 19\nFR 20", ["PricesIncludeTax"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var settings = await SettingsAsync();
        Assert.Equal(750, settings.ServiceFeeBasisPoints);
        Assert.Equal(199, settings.SmallOrderFeeMinor);
        Assert.Equal(2500, settings.SmallOrderThresholdMinor);
        Assert.Equal(1900, settings.TaxRateFor("DE"));

        var page = new HtmlParser().ParseDocument(await admin.GetStringAsync("/admin/commerce"));
        Assert.Equal("7.5", page.QuerySelector("#settings-ServiceFeePercent")!.GetAttribute("value"));
        Assert.Contains("DE 19", page.QuerySelector("#settings-TaxRates")!.TextContent);

        var buyer = await CommerceClient.BuyerAsync(app, "fees@buyers.test");
        var gig = (await buyer.GigsAsync(1))[0];
        await buyer.AddAsync(CheckoutTests.Id(gig));
        var price = CheckoutTests.Price(gig, "Basic");
        var expectedFee = (long)Math.Round(price * 0.075, MidpointRounding.AwayFromZero) + (price < 2500 ? 199 : 0);
        Assert.Equal(expectedFee, (await buyer.CartAsync())["price"]!["serviceFee"]!["minor"]!.GetValue<long>());
    }

    [Fact]
    public async Task BadSettingsAreNamedBesideTheirFieldsAndNothingIsSaved()
    {
        var admin = await AdminAsync();
        var before = await SettingsAsync();
        var response = await admin.PostFormAsync("/admin/commerce", "/admin/commerce/settings", new Dictionary<string, string>
        {
            ["Currency"] = "dollars", ["ServiceFeePercent"] = "150", ["SmallOrderFee"] = "two", ["SmallOrderThreshold"] = "-5",
            ["DefaultTaxPercent"] = "x", ["TaxRates"] = "Germany nineteen",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        foreach (var field in new[] { "ServiceFeePercent", "SmallOrderFee", "SmallOrderThreshold", "DefaultTaxPercent", "TaxRates" })
        {
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector($"#settings-{field}-error")?.TextContent), $"no message beside {field}");
            Assert.Contains($"settings-{field}-error", page.QuerySelector($"#settings-{field}")!.GetAttribute("aria-describedby"));
        }

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(await SettingsAsync()));
    }

    [Fact]
    public async Task TheAdminCreatesACouponAndBadOnesAreRefusedBesideTheField()
    {
        var admin = await AdminAsync();
        var bad = await admin.PostFormAsync("/admin/commerce", "/admin/commerce/coupons", new Dictionary<string, string>
        {
            ["Code"] = "no spaces!", ["Kind"] = "Percent", ["Amount"] = "120", ["MaxUses"] = "0", ["MaxUsesPerBuyer"] = "twice", ["Sellers"] = "nobody-by-that-name",
            ["Starts"] = "2027-01-02T00:00", ["Ends"] = "2027-01-01T00:00",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = new HtmlParser().ParseDocument(await bad.Content.ReadAsStringAsync());
        foreach (var field in new[] { "Code", "Amount", "MaxUses", "MaxUsesPerBuyer", "Sellers", "Ends" })
        {
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector($"#coupon-{field}-error")?.TextContent), $"no message beside {field}");
        }

        var good = await admin.PostFormAsync("/admin/commerce", "/admin/commerce/coupons", new Dictionary<string, string>
        {
            ["Code"] = "spring-5", ["Kind"] = "Fixed", ["Amount"] = "5", ["MaxUses"] = "100", ["MaxUsesPerBuyer"] = "2", ["MinOrder"] = "20",
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var coupon = await scope.ServiceProvider.GetRequiredService<CommerceDb>().Coupons.SingleAsync(c => c.Code == "SPRING-5");
        Assert.Equal((CouponKind.Fixed, 500L, 100, 2, 2000L), (coupon.Kind, coupon.Amount, coupon.MaxUses!.Value, coupon.MaxUsesPerBuyer!.Value, coupon.MinOrderMinor));
        Assert.False(await scope.ServiceProvider.GetRequiredService<CommerceDb>().Coupons.AnyAsync(c => c.Code == "NO SPACES!"));

        var duplicate = await admin.PostFormAsync("/admin/commerce", "/admin/commerce/coupons", new Dictionary<string, string> { ["Code"] = "SPRING-5", ["Kind"] = "Percent", ["Amount"] = "5" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("exists already", await duplicate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OnlyAdministratorsReachTheCommerceAdmin()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "not-admin@buyers.test");
        Assert.NotEqual(HttpStatusCode.OK, (await buyer.Http.GetAsync("/admin/commerce")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await buyer.Http.GetAsync("/admin/commerce/orders")).StatusCode);
        var post = await buyer.Http.PostFormAsync("/cart", "/admin/commerce/settings", new Dictionary<string, string> { ["Currency"] = "EUR", ["ServiceFeePercent"] = "0" });
        Assert.False(post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location!.OriginalString.EndsWith("/admin/commerce", StringComparison.Ordinal), "a buyer saved the settings");
        Assert.Equal("USD", (await SettingsAsync()).Currency);
    }

    [Fact]
    public async Task ABadCommerceStepNamesTheStepAndFieldAndChangesNothing()
    {
        var before = await SettingsAsync();
        var recipe = RecipeLibrary.Parse("""
            { "name": "test", "steps": [
                { "name": "settings", "siteName": "Changed by a bad recipe" },
                { "name": "commerce", "settings": { "currency": "dollars", "serviceFeeBasisPoints": -1 },
                  "coupons": [ { "code": "A", "kind": "Percent", "amount": 20000 }, { "code": "OK1", "kind": "Fixed", "amount": 0 } ] }
            ] }
            """);
        var errors = await app.Services.GetRequiredService<RecipeExecutor>().RunAsync(app.Registry.Default, recipe);
        Assert.All(errors, e => Assert.Equal((1, "commerce"), (e.StepIndex, e.StepName)));
        Assert.Equal(["coupons[0].amount", "coupons[0].code", "coupons[1].amount", "settings.currency", "settings.serviceFeeBasisPoints"], errors.Select(e => e.Field).Order());
        Assert.NotEqual("Changed by a bad recipe", app.Registry.Default.Site.SiteName);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(await SettingsAsync()));
    }

    private async Task<HttpClient> AdminAsync()
    {
        var admin = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword)).StatusCode);
        return admin;
    }

    private async Task<CommerceSettings> SettingsAsync()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        return await scope.ServiceProvider.GetRequiredService<CommerceSettingsStore>().GetAsync(default);
    }
}
