using System.Net;
using GigStore.Tenants;

namespace GigStore.Tests;

public sealed class TenantTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task RequestsAreRoutedByHostNameThenPrefixThenToTheDefaultTenant()
    {
        await app.CreateTenantAsync("ByPrefix", prefix: "by-prefix");
        await app.CreateTenantAsync("ByHost", hosts: ["shop.example.test"]);

        Assert.Contains("<title>Home · GigStore Marketplace</title>", WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/")));
        Assert.Contains("<title>Home · Studio</title>", WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/t/by-prefix/")));
        Assert.Contains("<title>Home · Studio</title>", WebUtility.HtmlDecode(await app.Browser("shop.example.test").GetStringAsync("/")));
        Assert.Contains("href=\"/t/by-prefix/account/login\"", await app.Browser().GetStringAsync("/t/by-prefix/"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/t/nobody-here/")).StatusCode);
    }

    [Fact]
    public async Task EachTenantHasItsOwnDatabaseAndFolder()
    {
        var tenant = await app.CreateTenantAsync("Folders", prefix: "folders");

        Assert.Equal(Path.Combine(app.AppData, "Sites", "Folders"), tenant.DataFolder);
        Assert.True(File.Exists(Path.Combine(tenant.DataFolder, "gigstore.db")));
        Assert.Contains("\"name\": \"Folders\"", await File.ReadAllTextAsync(Path.Combine(app.AppData, "tenants.json")));
    }

    [Fact]
    public async Task DisabledTenantAnswers503UntilReEnabled()
    {
        var tenant = await app.CreateTenantAsync("Sleepy", prefix: "sleepy");
        var settings = tenant.Settings.Clone();
        settings.State = TenantState.Disabled;
        await app.Registry.SaveAsync(settings);

        var response = await app.Browser().GetAsync("/t/sleepy/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("disabled", await response.Content.ReadAsStringAsync());

        settings.State = TenantState.Running;
        await app.Registry.SaveAsync(settings);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/t/sleepy/")).StatusCode);
    }

    [Fact]
    public async Task DuplicatePrefixOrBadNameIsRefusedAndNothingIsCreated()
    {
        await app.CreateTenantAsync("Taken", prefix: "taken");
        var setup = app.Services.GetService(typeof(GigStore.Shell.Tenants.TenantSetupService)) as GigStore.Shell.Tenants.TenantSetupService;

        var result = await setup!.CreateAsync(new(new TenantSettings { Name = "Other", UrlPrefix = "taken" }, "studio", "a@b.test", "Owner-pass-123!"));
        Assert.False(result.Succeeded);
        Assert.Contains("already used", result.FieldErrors["UrlPrefix"]);

        result = await setup.CreateAsync(new(new TenantSettings { Name = "../evil", UrlPrefix = "evil" }, "studio", "a@b.test", "Owner-pass-123!"));
        Assert.False(result.Succeeded);
        Assert.True(result.FieldErrors.ContainsKey("Name"));

        result = await setup.CreateAsync(new(new TenantSettings { Name = "WeakAdmin", UrlPrefix = "weak" }, "studio", "a@b.test", "weak"));
        Assert.False(result.Succeeded);
        Assert.Contains(result.RecipeErrors, e => e.Field == "users[0].password");
        Assert.Null(app.Registry.Find("WeakAdmin"));
        Assert.False(Directory.Exists(Path.Combine(app.AppData, "Sites", "WeakAdmin")));
    }

    [Fact]
    public async Task OperatorCreatesATenantThroughTheAdminForm()
    {
        var operatorBrowser = app.Browser();
        await operatorBrowser.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword);

        var response = await operatorBrowser.PostFormAsync("/admin/tenants/create", "/admin/tenants/create", new Dictionary<string, string>
        {
            ["Input.Name"] = "FromForm",
            ["Input.UrlPrefix"] = "from-form",
            ["Input.Recipe"] = "marketplace",
            ["Input.Theme"] = "Nordic",
            ["Input.SiteName"] = "Form Shop",
            ["Input.AdminEmail"] = "boss@form.test",
            ["Input.AdminPassword"] = "Boss-pass-123!",
            ["Input.DatabaseProvider"] = "Sqlite",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await app.Browser().GetStringAsync("/t/from-form/");
        Assert.Contains("theme-nordic", home);
        Assert.Contains("Form Shop", home);
        Assert.Contains("FromForm", await operatorBrowser.GetStringAsync("/admin/tenants"));

        var invalid = await operatorBrowser.PostFormAsync("/admin/tenants/create", "/admin/tenants/create", new Dictionary<string, string>
        {
            ["Input.Name"] = "FromForm",
            ["Input.UrlPrefix"] = "Bad Prefix",
            ["Input.Recipe"] = "marketplace",
            ["Input.AdminEmail"] = "boss@form.test",
            ["Input.AdminPassword"] = "Boss-pass-123!",
        });
        var html = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("A tenant named 'FromForm' already exists.", html);
        Assert.Contains("Use 2–40 lower-case letters, digits or hyphens.", html);
    }

    [Fact]
    public async Task TenantAdminCannotManageTenants()
    {
        await app.CreateTenantAsync("NoOps", prefix: "no-ops", adminEmail: "boss@noops.test");
        var browser = app.Browser();
        await browser.SignInAsync("/t/no-ops", "boss@noops.test", "Owner-pass-123!");

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/t/no-ops/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/t/no-ops/admin/tenants")).StatusCode);
    }
}
