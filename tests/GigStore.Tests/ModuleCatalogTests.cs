using GigStore.Shell.Modules;

namespace GigStore.Tests;

public sealed class ModuleCatalogTests
{
    private static FeatureDescriptor Feature(string id, params string[] dependencies) =>
        new(id, id, "", "Test", dependencies, "Test.Module", IsAlwaysEnabled: false, DefaultTenantOnly: false);

    private static ModuleCatalog Catalog(params FeatureDescriptor[] features) =>
        ModuleCatalog.Build([new ModuleDescriptor("Test.Module", "Test", "", "Test", null, features)], []);

    [Fact]
    public void HostDiscoversShippedModulesAndThemesFromTheirAttributes()
    {
        var catalog = ModuleCatalog.FromAssemblies(
            typeof(Program).Assembly.GetCustomAttributes(typeof(ShippedExtensionAttribute), false)
                .Cast<ShippedExtensionAttribute>()
                .Select(a => System.Reflection.Assembly.Load(a.AssemblyName)));

        Assert.Equal(["GigStore.Admin", "GigStore.Catalog", "GigStore.Commerce", "GigStore.Media", "GigStore.Search", "GigStore.Stripe", "GigStore.Tenants", "GigStore.Users"], catalog.Modules.Select(m => m.Id).Order());
        Assert.Contains(catalog.Features, f => f.Id == "GigStore.Users.Registration" && f.Dependencies.Contains("GigStore.Users"));
        Assert.Equal(["Admin", "Bazaar", "Nordic"], catalog.Themes.Select(t => t.Id).Order());
        Assert.True(catalog.FindTheme("Admin")!.IsAdminTheme);

        var startups = StartupDiscovery.Discover(catalog);
        Assert.Contains(startups, s => s.Module.Id == "GigStore.Users" && s.Features.SequenceEqual(["GigStore.Users"]));
        Assert.Contains(catalog.Features, f => f.Id == "GigStore.Stripe" && f.Dependencies.SequenceEqual(["GigStore.Commerce"]));
        Assert.Contains(startups, s => s.Module.Id == "GigStore.Stripe" && s.Features.SequenceEqual(["GigStore.Stripe"]));
    }

    [Fact]
    public void MissingDependencyStopsStartUpNamingBothFeatures()
    {
        var error = Assert.Throws<ModuleCatalogException>(() => Catalog(Feature("Shop.Reviews", "Shop.Orders")));

        Assert.Contains("'Shop.Reviews'", error.Message);
        Assert.Contains("'Shop.Orders'", error.Message);
        Assert.Contains("no module provides", error.Message);
    }

    [Fact]
    public void DependencyCycleStopsStartUpNamingTheCycle()
    {
        var error = Assert.Throws<ModuleCatalogException>(() => Catalog(Feature("A", "B"), Feature("B", "C"), Feature("C", "A")));

        Assert.Contains("cycle", error.Message);
        Assert.Contains("A -> B -> C -> A", error.Message);
    }

    [Fact]
    public void FeaturesAreOrderedDependenciesFirstAndKnowTheirDependents()
    {
        var catalog = Catalog(Feature("Checkout", "Cart"), Feature("Cart", "Catalog"), Feature("Catalog"));

        Assert.Equal(["Catalog", "Cart", "Checkout"], catalog.Features.Select(f => f.Id));
        Assert.Equal(["Cart", "Catalog", "Checkout"], catalog.WithDependencies(["Checkout"]).Order());
        Assert.Equal(["Cart", "Checkout"], catalog.Dependents("Catalog").Order());
    }
}
