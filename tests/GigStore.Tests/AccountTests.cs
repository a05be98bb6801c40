using System.Net;

namespace GigStore.Tests;

public sealed class AccountTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task AdminSignsInAndReachesTheAdminArea()
    {
        var browser = app.Browser();
        var response = await browser.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var dashboard = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("Dashboard", html);
        Assert.Contains("href=\"/admin/tenants\"", html);
    }

    [Fact]
    public async Task AdminAreaSendsAnonymousVisitorsToSignInAndForbidsBuyers()
    {
        Assert.StartsWith("/account/login", (await app.Browser().GetAsync("/admin")).Headers.Location!.PathAndQuery);

        var buyer = app.Browser();
        var registered = await buyer.RegisterAsync("Bea Buyer", "bea@buyer.test", "Buyer-pass-123!");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("Buyer", await buyer.GetStringAsync("/account"));
        Assert.StartsWith("/account/access-denied", (await buyer.GetAsync("/admin")).Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task RegistrationErrorsAreShownBesideTheFields()
    {
        var response = await app.Browser().PostFormAsync("/account/register", "/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "",
            ["Email"] = "nope",
            ["Password"] = "short",
            ["ConfirmPassword"] = "different",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter your name.", html);
        Assert.Contains("Enter a valid email address.", html);
        Assert.Contains("The passwords do not match.", html);
    }

    [Fact]
    public async Task AccountIsLockedOutAfterFiveFailedSignIns()
    {
        var browser = app.Browser();
        await browser.RegisterAsync("Lou", "lou@lock.test", "Right-pass-123!");

        for (var i = 0; i < 5; i++)
        {
            var failed = await app.Browser().SignInAsync("", "lou@lock.test", "Wrong-pass-123!");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var locked = await app.Browser().SignInAsync("", "lou@lock.test", "Right-pass-123!");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UserChangesPasswordAndSignsOut()
    {
        var browser = app.Browser();
        await browser.RegisterAsync("Cam", "cam@change.test", "First-pass-123!");

        var wrong = await browser.PostFormAsync("/account/password", "/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "Not-it-123!",
            ["NewPassword"] = "Second-pass-123!",
            ["ConfirmPassword"] = "Second-pass-123!",
        });
        Assert.Contains("The current password is not right.", await wrong.Content.ReadAsStringAsync());

        var changed = await browser.PostFormAsync("/account/password", "/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "First-pass-123!",
            ["NewPassword"] = "Second-pass-123!",
            ["ConfirmPassword"] = "Second-pass-123!",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var signedOut = await browser.PostFormAsync("/account", "/account/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Browser().SignInAsync("", "cam@change.test", "Second-pass-123!")).StatusCode);
    }

    [Fact]
    public async Task FormPostWithoutAntiforgeryTokenIsRejected()
    {
        var response = await app.Browser().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = GigStoreFactory.AdminEmail,
            ["Password"] = GigStoreFactory.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task HealthReportsTheTenantDatabaseAndApiErrorsAreProblemDetails()
    {
        var health = await app.Browser().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"database\":\"Healthy\"", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/health/live")).StatusCode);

        var missing = await app.Browser().GetAsync("/api/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var openApi = await app.Browser().GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/gigs/{slug}\"", openApi);
        Assert.Contains("\"/api/seller/gigs\"", openApi);
        Assert.Contains("\"/api/media/images\"", openApi);
        Assert.DoesNotContain("/account/login", openApi);

        var page = await app.Browser().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("couldn't find that page", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
    }
}
