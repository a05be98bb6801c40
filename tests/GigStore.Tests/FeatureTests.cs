using System.Collections.Frozen;
using System.Net;
using GigStore.Shell.Features;
using GigStore.Shell.Modules;
using GigStore.Shell.Navigation;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

public sealed class FeatureTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task DisabledFeaturePagesAnswerNotFoundForThatTenantOnly()
    {
        var shop = await app.CreateTenantAsync("Gated", prefix: "gated");
        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/t/gated/account/register")).StatusCode);

        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(shop))
        {
            var result = await scope.ServiceProvider.GetRequiredService<FeatureManager>().DisableAsync(["GigStore.Users.Registration"]);
            Assert.True(result.Succeeded, result.Error);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/t/gated/account/register")).StatusCode);
        Assert.DoesNotContain("/t/gated/account/register", await browser.GetStringAsync("/t/gated/account/login"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/register")).StatusCode);

        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(shop))
        {
            await scope.ServiceProvider.GetRequiredService<FeatureManager>().EnableAsync(["GigStore.Users.Registration"]);
        }

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/t/gated/account/register")).StatusCode);
    }

    [Fact]
    public async Task TenantAdminSwitchesFeaturesOnTheFeaturesPage()
    {
        await app.CreateTenantAsync("Switches", prefix: "switches", adminEmail: "boss@switches.test");
        var admin = app.Browser();
        await admin.SignInAsync("/t/switches", "boss@switches.test", "Owner-pass-123!");
        var page = await admin.GetStringAsync("/t/switches/admin/features");
        Assert.Contains("Registration", page);
        Assert.DoesNotContain("GigStore.Tenants", page);

        var off = await admin.PostFormAsync("/t/switches/admin/features", "/t/switches/admin/features/GigStore.Users.Registration/disable", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Contains("Disabled: Registration.", WebUtility.HtmlDecode(await admin.GetStringAsync("/t/switches/admin/features")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/t/switches/account/register")).StatusCode);

        await admin.PostFormAsync("/t/switches/admin/features", "/t/switches/admin/features/GigStore.Users/disable", new Dictionary<string, string>());
        Assert.Contains("Users is always enabled.", WebUtility.HtmlDecode(await admin.GetStringAsync("/t/switches/admin/features")));
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/t/switches/account/login")).StatusCode);
    }

    [Fact]
    public async Task FeatureStateSurvivesARestartBecauseItLivesInTheTenantDatabase()
    {
        var shop = await app.CreateTenantAsync("Durable", prefix: "durable");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(shop))
        {
            await scope.ServiceProvider.GetRequiredService<FeatureManager>().DisableAsync(["GigStore.Users.Registration"]);
        }

        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(shop))
        {
            var state = await scope.ServiceProvider.GetRequiredService<TenantStateStore>().LoadAsync();
            Assert.DoesNotContain("GigStore.Users.Registration", (IEnumerable<string>)state.EnabledFeatures);
            Assert.Contains("GigStore.Users", (IEnumerable<string>)state.EnabledFeatures);
        }
    }

    [Fact]
    public async Task OperatorOnlyFeatureIsOnForTheDefaultTenantAndRefusedElsewhere()
    {
        var shop = await app.CreateTenantAsync("Plain", prefix: "plain");
        Assert.True(app.Registry.Default.IsFeatureEnabled("GigStore.Tenants"));
        Assert.False(shop.IsFeatureEnabled("GigStore.Tenants"));

        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(shop);
        var result = await scope.ServiceProvider.GetRequiredService<FeatureManager>().EnableAsync(["GigStore.Tenants"]);
        Assert.False(result.Succeeded);
        Assert.Contains("only available on the default tenant", result.Error);

        var menu = scope.ServiceProvider.GetRequiredService<NavigationManager>().Build("admin", Principal("Administrator"));
        Assert.DoesNotContain(menu, i => i.Text == "Tenants");
        Assert.Contains(menu, i => i.Text == "Features");
    }

    [Fact]
    public void DisablingAFeatureOthersNeedIsRefusedWithTheirNames()
    {
        var catalog = ModuleCatalog.Build(
            [
                new ModuleDescriptor("Shop", "Shop", "", "Commerce", null,
                [
                    new FeatureDescriptor("Shop.Catalog", "Catalog", "", "Commerce", [], "Shop", false, false),
                    new FeatureDescriptor("Shop.Cart", "Cart", "", "Commerce", ["Shop.Catalog"], "Shop", false, false),
                    new FeatureDescriptor("Shop.Coupons", "Coupons", "", "Commerce", ["Shop.Cart"], "Shop", false, false),
                ]),
            ],
            []);
        var tenant = new Tenant(new TenantSettings { Name = "Unit" }, "/nowhere");
        var manager = new FeatureManager(catalog, null!, new FixedTenant(tenant));
        var enabled = catalog.WithDependencies(["Shop.Coupons"]).ToFrozenSet();

        var error = manager.CheckDisable(["Shop.Catalog"], enabled);

        Assert.Equal("Catalog cannot be disabled because Cart, Coupons depend on it. Disable them first.", error);
        Assert.Null(manager.CheckDisable(["Shop.Catalog", "Shop.Cart", "Shop.Coupons"], enabled));
    }

    [Fact]
    public async Task AlwaysEnabledFeatureCannotBeDisabled()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var result = await scope.ServiceProvider.GetRequiredService<FeatureManager>().DisableAsync(["GigStore.Users"]);

        Assert.False(result.Succeeded);
        Assert.Contains("always enabled", result.Error);
    }

    private static System.Security.Claims.ClaimsPrincipal Principal(string role) =>
        new(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, role)], "test"));

    private sealed class FixedTenant(Tenant tenant) : ITenantAccessor
    {
        public Tenant Tenant => tenant;
    }
}
