using System.Net;

namespace GigStore.Tests;

public sealed class RateLimitTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task RepeatedSignInAttemptsFromOneClientAreSlowedDownPerTenant()
    {
        await app.CreateTenantAsync("Quiet", prefix: "quiet");
        var browser = app.Browser();
        var token = await browser.FormTokenAsync("/account/login");
        var statuses = new List<HttpStatusCode>();
        var lastPage = "";
        for (var i = 0; i < 31; i++)
        {
            var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = $"guess{i}@nobody.test",
                ["Password"] = "Guess-pass-123!",
                ["__RequestVerificationToken"] = token,
            }));
            statuses.Add(response.StatusCode);
            lastPage = await response.Content.ReadAsStringAsync();
        }

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[30]);
        Assert.Contains("Please wait a minute", lastPage);

        // Another tenant's sign-in is counted on its own.
        Assert.Equal(HttpStatusCode.Redirect, (await app.Browser().SignInAsync("/t/quiet", "owner@tenant.test", "Owner-pass-123!")).StatusCode);
    }
}
