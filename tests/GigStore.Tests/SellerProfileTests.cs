using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GigStore.Catalog.Data;
using GigStore.Catalog.Sellers;
using GigStore.Shell.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task DemoSellersHaveTheHandlesOfTheRecipeEverywhereTheyAreLinked()
    {
        var home = await app.Browser().GetStringAsync("/");
        Assert.All(SellerLink().Matches(home), m => Assert.Matches("^/sellers/[a-z]+-[a-z]+$", m.Groups[1].Value));

        var page = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/sellers/maya-logos"));
        Assert.Contains("<h1>Maya Lindqvist</h1>", page);
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/sellers/maya-logos\">", page);
        Assert.Equal("http://localhost/sellers/maya-logos", JsonLd(page)["url"]!.GetValue<string>());

        var gigUrl = GigLink().Match(page).Groups[1].Value;
        var gig = WebUtility.HtmlDecode(await app.Browser().GetStringAsync(gigUrl));
        Assert.Contains("class=\"gig-seller-line\">by <a href=\"/sellers/maya-logos\">", gig);
        Assert.Contains("<p><a href=\"/sellers/maya-logos\"><strong>Maya Lindqvist</strong></a></p>", gig);

        var listed = await app.Browser().GetFromJsonAsync<JsonObject>("/api/gigs?pageSize=100");
        var mayas = listed!["items"]!.AsArray().Select(i => i!["seller"]!).Where(s => s["displayName"]!.GetValue<string>() == "Maya Lindqvist").ToList();
        Assert.NotEmpty(mayas);
        Assert.All(mayas, s => Assert.Equal("maya-logos", s["handle"]!.GetValue<string>()));

        var sitemap = await app.Browser().GetStringAsync("/sitemap.xml");
        Assert.Contains("<loc>http://localhost/sellers/maya-logos</loc>", sitemap);
        Assert.Contains("<loc>http://localhost/sellers/hana-draws</loc>", sitemap);
    }

    [Fact]
    public async Task ANewSellerGetsAHandleFromTheirNameWithASuffixWhenItIsTaken()
    {
        var first = app.Browser();
        await first.RegisterAsync("Zoë Ærø", "zoe1@sellers.test", "Seller-pass-123!", seller: true);
        Assert.Equal("zoe-aero", await HandleOnFormAsync(first));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, ("DisplayName", "Zoë Ærø"))).StatusCode);

        var second = app.Browser();
        await second.RegisterAsync("Zoe Aero", "zoe2@sellers.test", "Seller-pass-123!", seller: true);
        Assert.Equal("zoe-aero_2", await HandleOnFormAsync(second));

        var shortName = app.Browser();
        await shortName.RegisterAsync("Al", "al@sellers.test", "Seller-pass-123!", seller: true);
        Assert.Equal("al_1", await HandleOnFormAsync(shortName));

        var reserved = app.Browser();
        await reserved.RegisterAsync("Admin", "not-admin@sellers.test", "Seller-pass-123!", seller: true);
        Assert.Equal("admin_1", await HandleOnFormAsync(reserved));
    }

    [Fact]
    public async Task SellerChangesTheHandleAndOldAddressesRedirectToTheNewOne()
    {
        var seller = app.Browser();
        await seller.RegisterAsync("Hugo Handle", "hugo@sellers.test", "Seller-pass-123!", seller: true);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, ("DisplayName", "Hugo Handle"))).StatusCode);
        Assert.Equal("hugo-handle", await HandleOnFormAsync(seller));
        var userId = await UserIdAsync("Hugo Handle");

        foreach (var (bad, message) in new[]
        {
            ("", "Choose a handle."),
            ("hu", "Use 3–30 lower-case letters"),
            ("-hugo", "Use 3–30 lower-case letters"),
            ("hugo handle", "Use 3–30 lower-case letters"),
            ("hugo/../admin", "Use 3–30 lower-case letters"),
            (new string('h', 31), "Use 3–30 lower-case letters"),
            ("admin", "\"admin\" is reserved"),
            ("maya-logos", "\"maya-logos\" is taken"),
        })
        {
            var refused = await PostAsync(seller, ("DisplayName", "Hugo Handle"), ("Handle", bad));
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.StartsWith(message, HandleError(await refused.Content.ReadAsStringAsync()));
            Assert.Equal("hugo-handle", await HandleOnFormAsync(seller));
        }

        // Upper case is taken as lower case.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, ("DisplayName", "Hugo Handle"), ("Handle", " Hugo_Makes "))).StatusCode);
        Assert.Equal("hugo_makes", await HandleOnFormAsync(seller));
        Assert.Contains("<h1>Hugo Handle</h1>", await app.Browser().GetStringAsync("/sellers/hugo_makes"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, ("DisplayName", "Hugo Handle"), ("Handle", "hugo-draws"))).StatusCode);

        foreach (var old in new[] { "hugo-handle", "hugo_makes", "Hugo-Draws", userId })
        {
            var moved = await app.Browser().GetAsync($"/sellers/{old}");
            Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
            Assert.Equal("/sellers/hugo-draws", moved.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/sellers/hugo-draws")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/sellers/hugo-paints")).StatusCode);

        // Old handles stay with their seller: nobody else gets them, and the seller can take one back.
        var other = app.Browser();
        await other.RegisterAsync("Hugo Handle", "hugo2@sellers.test", "Seller-pass-123!", seller: true);
        Assert.Equal("hugo-handle_2", await HandleOnFormAsync(other));
        var taken = await PostAsync(other, ("DisplayName", "Hugo Handle"), ("Handle", "hugo_makes"));
        Assert.StartsWith("\"hugo_makes\" is taken", HandleError(await taken.Content.ReadAsStringAsync()));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(seller, ("DisplayName", "Hugo Handle"), ("Handle", "hugo-handle"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/sellers/hugo-handle")).StatusCode);
        var back = await app.Browser().GetAsync("/sellers/hugo-draws");
        Assert.Equal("/sellers/hugo-handle", back.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("maya", null)]
    [InlineData("maya_2", null)]
    [InlineData("m-a_y-a", null)]
    [InlineData("007", null)]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234", null)]
    [InlineData("abcdefghijklmnopqrstuvwxyz12345", SellerHandles.Rule)]
    [InlineData("ma", SellerHandles.Rule)]
    [InlineData("", SellerHandles.Rule)]
    [InlineData(null, SellerHandles.Rule)]
    [InlineData("Maya", SellerHandles.Rule)]
    [InlineData("maya-", SellerHandles.Rule)]
    [InlineData("_maya", SellerHandles.Rule)]
    [InlineData("ma ya", SellerHandles.Rule)]
    [InlineData("mäya", SellerHandles.Rule)]
    [InlineData("maya.l", SellerHandles.Rule)]
    [InlineData("maya%2F", SellerHandles.Rule)]
    [InlineData("sellers", "\"sellers\" is reserved. Choose another handle.")]
    [InlineData("api", "\"api\" is reserved. Choose another handle.")]
    public void HandlesFollowTheRules(string? handle, string? problem) =>
        Assert.Equal(problem, SellerHandles.Problem(handle));

    [Theory]
    [InlineData("Maya Lindqvist", "maya-lindqvist")]
    [InlineData("Tomás Okafor", "tomas-okafor")]
    [InlineData("  Zoë   Ærø-Łukasz Straße!! ", "zoe-aero-lukasz-strasse")]
    [InlineData("Rene\u0301e O'Brien", "renee-o-brien")]
    [InlineData("Nguyễn Văn An", "nguyen-van-an")]
    [InlineData("李明", "")]
    [InlineData("Maximilian Alexander von Hohenzollern", "maximilian-alexander-von")]
    [InlineData("Studio 54 — Design_Lab", "studio-54-design-lab")]
    public void AHandleStemIsTheDisplayNameInLowerCaseAscii(string name, string stem) =>
        Assert.Equal(stem, SellerHandles.Stem(name));

    private static async Task<string> HandleOnFormAsync(HttpClient seller) =>
        WebUtility.HtmlDecode(HandleInput().Match(await seller.GetStringAsync("/seller/profile")).Groups[1].Value);

    private static string HandleError(string html) => WebUtility.HtmlDecode(HandleErrorSpan().Match(html).Groups[1].Value);

    private async Task<string> UserIdAsync(string displayName)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        return (await db.Sellers.SingleAsync(s => s.DisplayName == displayName)).UserId;
    }

    private static JsonNode JsonLd(string html) =>
        JsonNode.Parse(Regex.Match(html, "<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value)!;

    /// <summary>Posts the profile form; the handle stays what the form shows unless a field gives another.</summary>
    private async Task<HttpResponseMessage> PostAsync(HttpClient client, params (string Name, string Value)[] fields)
    {
        var token = await client.FormTokenAsync("/seller/profile");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (!fields.Any(f => f.Name == "Handle"))
        {
            form.Add(new StringContent(await HandleOnFormAsync(client)), "Handle");
        }

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

    [GeneratedRegex("class=\"gig-card-link\" href=\"(/gigs/[^\"]+)\"")]
    private static partial Regex GigLink();

    [GeneratedRegex("<input[^>]*\\sid=\"Handle\"[^>]*\\svalue=\"([^\"]*)\"")]
    private static partial Regex HandleInput();

    [GeneratedRegex("id=\"Handle-error\"[^>]*>([^<]*)<")]
    private static partial Regex HandleErrorSpan();
}
