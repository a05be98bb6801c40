using GigStore.Recipes;
using GigStore.Shell.Recipes;
using GigStore.Shell.Tenants;
using GigStore.Users.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

public sealed class RecipeTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    private RecipeExecutor Executor => app.Services.GetRequiredService<RecipeExecutor>();

    private static RecipeDescriptor Recipe(string steps) =>
        RecipeLibrary.Parse($$"""{ "name": "test", "steps": [ {{steps}} ] }""");

    [Fact]
    public async Task UnknownStepFailsWithItsIndexAndName()
    {
        var errors = await Executor.RunAsync(app.Registry.Default, Recipe("""{ "name": "settings", "siteName": "Fine" }, { "name": "teleport" }"""));

        var error = Assert.Single(errors);
        Assert.Equal((1, "teleport", "name"), (error.StepIndex, error.StepName, error.Field));
        Assert.Contains("not a known step", error.Message);
    }

    [Theory]
    [InlineData("""{ "name": "settings", "accentColor": "green" }""", "accentColor", "colour")]
    [InlineData("""{ "name": "settings", "siteName": 42 }""", "siteName", "wrong type")]
    [InlineData("""{ "name": "settings", "colour": "#ffffff" }""", "colour", "not a known field")]
    [InlineData("""{ "name": "themes", "site": "Admin" }""", "site", "not a storefront theme")]
    [InlineData("""{ "name": "feature", "enable": ["GigStore.Nope"] }""", "enable[0]", "not a known feature")]
    [InlineData("""{ "name": "users", "users": [{ "password": "Long-enough-1" }] }""", "email", "required")]
    [InlineData("""{ "name": "users", "users": [{ "email": "x@y.test", "password": "short" }] }""", "users[0].password", "Passwords must")]
    [InlineData("""{ "name": "users", "users": [{ "email": "not-an-email", "password": "Long-enough-1" }] }""", "users[0].email", "not a valid email")]
    [InlineData("""{ "name": "users", "users": [{ "email": "x@y.test", "password": "Long-enough-1", "roles": ["Wizard"] }] }""", "users[0].roles", "does not exist")]
    [InlineData("""{ "name": "gigs", "gigs": [], "sellers": [{ "email": "maya.lindqvist@demo.gigstore.local", "handle": "Maya!" }] }""", "sellers[0].handle", "Use 3–30 lower-case letters")]
    [InlineData("""{ "name": "gigs", "gigs": [], "sellers": [{ "email": "maya.lindqvist@demo.gigstore.local", "handle": "support" }] }""", "sellers[0].handle", "is reserved")]
    [InlineData("""{ "name": "gigs", "gigs": [], "sellers": [{ "email": "maya.lindqvist@demo.gigstore.local", "handle": "tomas-builds" }] }""", "sellers[0].handle", "another seller's handle")]
    [InlineData("""{ "name": "gigs", "gigs": [], "sellers": [{ "email": "maya.lindqvist@demo.gigstore.local", "handle": "the-duo" }, { "email": "tomas.okafor@demo.gigstore.local", "handle": "the-duo" }] }""", "sellers[1].handle", "given to two sellers")]
    [InlineData("""{ "name": "gigs", "gigs": [], "sellers": [{ "email": "nobody@demo.gigstore.local", "handle": "nobody-here" }] }""", "sellers[0].email", "Seller role")]
    public async Task BadStepFailsNamingTheStepAndFieldAndChangesNothing(string step, string field, string message)
    {
        var tenant = app.Registry.Default;
        var before = tenant.Site;

        var errors = await Executor.RunAsync(tenant, Recipe("""{ "name": "settings", "siteName": "Changed by a bad recipe" }, """ + step));

        var error = Assert.Single(errors);
        Assert.Equal(1, error.StepIndex);
        Assert.Contains(field, error.Field);
        Assert.Contains(message, error.Message);
        Assert.Equal(before, tenant.Site);
    }

    [Fact]
    public async Task MissingParameterIsReportedWithTheField()
    {
        var errors = await Executor.RunAsync(app.Registry.Default, Recipe("""{ "name": "settings", "siteName": "{{ShopName}}" }"""));

        var error = Assert.Single(errors);
        Assert.Equal("siteName", error.Field);
        Assert.Contains("ShopName", error.Message);
    }

    [Fact]
    public void RecipeWithoutStepsIsRejected()
    {
        var error = Assert.Throws<RecipeException>(() => RecipeLibrary.Parse("""{ "name": "empty" }"""));
        Assert.Contains(error.Errors, e => e.Field == "steps");
    }

    [Fact]
    public async Task RerunningTheSetupRecipeDuplicatesNothing()
    {
        var tenant = app.Registry.Default;
        var recipe = app.Services.GetRequiredService<RecipeLibrary>().Find("marketplace")!;

        var errors = await Executor.RunAsync(tenant, recipe, TenantSetupService.Parameters(GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword));

        Assert.Empty(errors);
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GigUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        Assert.Single(users.Users.Where(u => u.NormalizedEmail == GigStoreFactory.AdminEmail.ToUpperInvariant()));
        Assert.Equal(3, roles.Roles.Count());
        Assert.Single(await users.GetUsersInRoleAsync("Administrator"));
    }

    [Fact]
    public async Task ShippedRecipesAreValid()
    {
        var recipes = app.Services.GetRequiredService<RecipeLibrary>().All();
        Assert.Contains(recipes, r => r.Name == "marketplace" && r.IsSetupRecipe);
        Assert.Contains(recipes, r => r.Name == "studio" && r.IsSetupRecipe);
        foreach (var recipe in recipes)
        {
            var tenant = await app.CreateTenantAsync("R" + recipe.Name, recipe: recipe.Name, prefix: "r-" + recipe.Name);
            Assert.False(app.Catalog.FindTheme(tenant.Site.Theme)!.IsAdminTheme);
            Assert.True(tenant.IsFeatureEnabled("GigStore.Users.Registration"));
        }
    }
}
