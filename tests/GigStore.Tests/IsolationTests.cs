using System.Net;

namespace GigStore.Tests;

public sealed class IsolationTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task UserOfOneTenantCannotSignInToAnother()
    {
        await app.CreateTenantAsync("Alpha", prefix: "alpha", adminEmail: "boss@alpha.test");
        await app.CreateTenantAsync("Beta", prefix: "beta", adminEmail: "boss@beta.test");

        var response = await app.Browser().SignInAsync("/t/beta", "boss@alpha.test", "Owner-pass-123!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not right.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SessionOfOneTenantCannotReadOrWriteAnother()
    {
        await app.CreateTenantAsync("Gamma", prefix: "gamma", adminEmail: "boss@gamma.test");
        await app.CreateTenantAsync("Delta", prefix: "delta", adminEmail: "boss@delta.test");
        var browser = app.Browser();
        var signedIn = await browser.SignInAsync("/t/gamma", "boss@gamma.test", "Owner-pass-123!");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/t/gamma/admin/settings")).StatusCode);

        // The same browser, with Gamma's session cookie, on Delta: not signed in there.
        var read = await browser.GetAsync("/t/delta/admin/settings");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.StartsWith("/t/delta/account/login", read.Headers.Location!.PathAndQuery);

        // Replaying Gamma's cookie under Delta's cookie name is not accepted either.
        var gammaCookie = signedIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".GigStore.Auth.Gamma=", StringComparison.Ordinal));
        var value = gammaCookie.Split(';')[0].Split('=', 2)[1];
        var forged = app.Browser();
        forged.DefaultRequestHeaders.Add("Cookie", $".GigStore.Auth.Delta={value}");
        Assert.Equal(HttpStatusCode.Redirect, (await forged.GetAsync("/t/delta/admin/settings")).StatusCode);

        var write = await browser.PostFormAsync("/t/delta/account/login", "/t/delta/admin/settings", new Dictionary<string, string>
        {
            ["Input.SiteName"] = "Hijacked",
            ["Input.AccentColor"] = "#000000",
            ["Input.Theme"] = "Bazaar",
        });
        Assert.NotEqual(HttpStatusCode.OK, write.StatusCode);
        Assert.NotEqual("Hijacked", app.Registry.Find("Delta")!.Site.SiteName);
    }
}
