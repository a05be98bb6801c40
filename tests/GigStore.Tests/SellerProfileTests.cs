using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace GigStore.Tests;

public sealed partial class SellerProfileTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-gps-rotated.jpg"));

    [Fact]
    public async Task SellerFillsInTheProfileAndBuyersSeeIt()
    {
        var seller = app.Browser();
        await seller.RegisterAsync("Rita Seller", "rita@sellers.test", "Seller-pass-123!", seller: true);

        var bad = await PostAsync(seller, ("DisplayName", "Rita"), ("Languages", "English - fluent"), ("Country", "XX"));
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Write each language as \"Language: Level\"", badHtml);
        Assert.Contains("Choose a country from the list.", badHtml);

        var text = await PostAsync(seller, ("DisplayName", "Rita"), ("Avatar", "not-an-image"));
        Assert.Contains("not a JPEG, PNG, WebP or GIF", WebUtility.HtmlDecode(await text.Content.ReadAsStringAsync()));

        var saved = await PostAsync(seller, ("DisplayName", "Rita Rivera"), ("Tagline", "Illustrator for children's books"), ("Bio", "I draw.\n\nI also paint."),
            ("Skills", "illustration, watercolour, Illustration"), ("Languages", "English: Native\nSpanish: fluent"), ("Country", "ES"), ("Avatar", "photo"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var profileUrl = ProfileLink().Match(await seller.GetStringAsync("/seller/profile")).Groups[1].Value;
        var page = WebUtility.HtmlDecode(await app.Browser().GetStringAsync(profileUrl));
        Assert.Contains("<h1>Rita Rivera</h1>", page);
        Assert.Contains("From Spain", page);
        Assert.Contains("Spanish — Fluent", page);
        Assert.Contains("<li class=\"chip\">watercolour</li>", page);
        Assert.Single(Regex.Matches(page, "<li class=\"chip\">illustration</li>", RegexOptions.IgnoreCase));
        Assert.Contains("\"@type\":\"Person\"", page);
        Assert.Contains("alt=\"Photo of Rita Rivera\"", page);

        await PostAsync(seller, ("DisplayName", "Rita Rivera"), ("VacationMode", "true"));
        Assert.Contains("is away and not taking orders", WebUtility.HtmlDecode(await app.Browser().GetStringAsync(profileUrl)));
    }

    [Fact]
    public async Task BuyersHaveNoSellerProfileForm()
    {
        var buyer = app.Browser();
        await buyer.RegisterAsync("Bob Buyer", "bob@buyers.test", "Buyer-pass-123!");
        Assert.StartsWith("/account/access-denied", (await buyer.GetAsync("/seller/profile")).Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/sellers/nobody")).StatusCode);
    }

    [Fact]
    public async Task DemoSellersHaveProfilesWithTheirGigs()
    {
        var home = await app.Browser().GetStringAsync("/");
        var profile = SellerLink().Match(home).Groups[1].Value;
        var page = await app.Browser().GetStringAsync(profile);
        Assert.Contains("Gigs by", page);
        Assert.Contains("class=\"gig-card\"", page);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, params (string Name, string Value)[] fields)
    {
        var token = await client.FormTokenAsync("/seller/profile");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            if (name == "Avatar")
            {
                var file = new ByteArrayContent(value == "photo" ? Photo : System.Text.Encoding.UTF8.GetBytes(value));
                file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                form.Add(file, name, "avatar.jpg");
            }
            else
            {
                form.Add(new StringContent(value), name);
            }
        }

        return await client.PostAsync("/seller/profile", form);
    }

    [GeneratedRegex("href=\"(/sellers/[^\"]+)\">profile page")]
    private static partial Regex ProfileLink();

    [GeneratedRegex("gig-card-seller\">by <a href=\"(/sellers/[^\"]+)\"")]
    private static partial Regex SellerLink();
}
