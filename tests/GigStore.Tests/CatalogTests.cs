using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Media.Contracts;
using GigStore.Shell.Features;
using GigStore.Shell.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

public sealed class CatalogTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-gps-rotated.jpg"));

    private static readonly string Description = string.Join(' ', Enumerable.Repeat("A clean, memorable logo designed from scratch for your brand, with revisions until you love it.", 3));

    [Fact]
    public async Task MarketplaceRecipeDefinesCategoriesWithAttributes()
    {
        var categories = await app.Browser().GetFromJsonAsync<JsonArray>("/api/categories");

        var design = categories!.First(c => c!["slug"]!.GetValue<string>() == "graphics-design")!;
        var logo = design["subcategories"]!.AsArray().First(c => c!["slug"]!.GetValue<string>() == "logo-design")!;
        var style = logo["attributes"]!.AsArray().First(a => a!["key"]!.GetValue<string>() == "logo-style")!;
        Assert.True(style["required"]!.GetValue<bool>());
        Assert.Contains("Minimalist", style["options"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.True(categories!.Count >= 5);
    }

    [Fact]
    public async Task InvalidGigIsRefusedWithEveryFieldError()
    {
        var seller = await SellerAsync("val");
        var gig = await GigAsync();
        gig["title"] = "Short";
        gig["packages"]![1]!["priceMinor"] = 2000;
        gig["packages"]![2]!["tier"] = "Basic";
        gig["extras"]![0]!["extraDays"] = -5;
        gig["tags"] = new JsonArray("logo", "logo", "<script>");
        gig["attributes"] = new JsonObject { ["logo-style"] = new JsonArray("Cubist") };

        var response = await seller.PostAsJsonAsync("/api/seller/gigs", gig);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Contains("title", errors.Select(e => e.Key));
        Assert.Equal("Standard cannot cost less than Basic.", errors["packages[1].priceMinor"]![0]!.GetValue<string>());
        Assert.Contains("packages[2].tier", errors.Select(e => e.Key));
        Assert.Contains("delivery takes at least 1 day", errors["extras[0].extraDays"]![0]!.GetValue<string>());
        Assert.Contains("tags", errors.Select(e => e.Key));
        Assert.Contains("tags[2]", errors.Select(e => e.Key));
        Assert.Contains("not one of", errors["attributes.logo-style"]![0]!.GetValue<string>());
        Assert.Empty((await seller.GetFromJsonAsync<JsonArray>("/api/seller/gigs"))!);
    }

    [Fact]
    public async Task BadJsonIsAProblemThatSaysWhere()
    {
        var seller = await SellerAsync("json");
        var response = await seller.PostAsync("/api/seller/gigs", new StringContent("""{ "title": "x", "packages": [ { "priceMinor": "ten" } ] }""", MediaTypeHeaderValue.Parse("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("packages[0].priceMinor", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SellerPublishesAGigAndEditsGoLiveOnlyOnPublish()
    {
        var seller = await SellerAsync("life");
        var draft = await GigAsync(title: "I will sketch a minimalist logo for your startup");
        var created = await seller.PostAsJsonAsync("/api/seller/gigs", draft);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var gig = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = gig["id"]!.GetValue<int>();
        var slug = gig["slug"]!.GetValue<string>();
        Assert.Equal("i-will-sketch-a-minimalist-logo-for-your-startup", slug);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync($"/api/gigs/{slug}")).StatusCode);

        // Publishing needs at least one image.
        var refused = await seller.PostAsync($"/api/seller/gigs/{id}/publish", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("gallery", await refused.Content.ReadAsStringAsync());

        draft["gallery"] = new JsonArray(await UploadAsync(seller));
        Assert.Equal(HttpStatusCode.OK, (await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", draft)).StatusCode);
        var published = await seller.PostAsync($"/api/seller/gigs/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("Published", (await published.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());

        var live = (await app.Browser().GetFromJsonAsync<JsonObject>($"/api/gigs/{slug}"))!;
        Assert.Equal(3, live["content"]!["packages"]!.AsArray().Count);
        var listed = (await app.Browser().GetFromJsonAsync<JsonObject>("/api/gigs?category=logo-design"))!;
        var card = listed["items"]!.AsArray().Single(i => i!["id"]!.GetValue<int>() == id)!;
        Assert.Equal("$25", card["startingPrice"]!["formatted"]!.GetValue<string>());

        // An edit waits in the draft; buyers keep seeing the live gig until it is published.
        draft["title"] = "I will design a vintage logo for your coffee shop";
        Assert.Equal(HttpStatusCode.OK, (await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", draft)).StatusCode);
        Assert.Equal("I will sketch a minimalist logo for your startup", (await app.Browser().GetFromJsonAsync<JsonObject>($"/api/gigs/{slug}"))!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);

        var moved = await app.Browser().GetAsync($"/api/gigs/{slug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("/api/gigs/i-will-design-a-vintage-logo-for-your-coffee-shop", moved.Headers.Location!.OriginalString);

        // Pause hides it; archive is final.
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/api/gigs/i-will-design-a-vintage-logo-for-your-coffee-shop")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await seller.PostAsync($"/api/seller/gigs/{id}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", draft)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/api/gigs/i-will-design-a-vintage-logo-for-your-coffee-shop")).StatusCode);
    }

    [Fact]
    public async Task SellerCannotSeeOrChangeAnotherSellersGigAndBuyersCannotUseTheSellerApi()
    {
        var owner = await SellerAsync("owner");
        var created = await owner.PostAsJsonAsync("/api/seller/gigs", await GigAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();

        var other = await SellerAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/seller/gigs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/seller/gigs/{id}", await GigAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/seller/gigs/{id}/archive", null)).StatusCode);
        Assert.DoesNotContain(id, (await other.GetFromJsonAsync<JsonArray>("/api/seller/gigs"))!.Select(g => g!["id"]!.GetValue<int>()));

        var buyer = app.Browser();
        await buyer.RegisterAsync("Buyer", "buyer-catalog@test.test", "Buyer-pass-123!");
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/api/seller/gigs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Browser().GetAsync("/api/seller/gigs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsync($"/api/admin/gigs/{id}/approve", null)).StatusCode);
    }

    [Fact]
    public async Task WithModerationNewGigsWaitForAnAdministrator()
    {
        var tenant = await app.CreateTenantAsync("Moderated", recipe: "marketplace", prefix: "moderated", adminEmail: "boss@moderated.test");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<FeatureManager>().EnableAsync([CatalogFeatures.Moderation])).Succeeded);
        }

        var seller = app.Browser();
        await seller.PostFormAsync("/t/moderated/account/register", "/t/moderated/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "Mo Seller",
            ["Email"] = "mo@seller.test",
            ["Password"] = "Seller-pass-123!",
            ["ConfirmPassword"] = "Seller-pass-123!",
            ["WantsToSell"] = "true",
        });
        var draft = await GigAsync("/t/moderated");
        draft["gallery"] = new JsonArray(await UploadAsync(seller, "/t/moderated"));
        var id = (await (await seller.PostAsJsonAsync("/t/moderated/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();

        var demoGigs = (await app.Browser().GetFromJsonAsync<JsonObject>("/t/moderated/api/gigs"))!["total"]!.GetValue<int>();
        var submitted = await seller.PostAsync($"/t/moderated/api/seller/gigs/{id}/publish", null);
        Assert.Equal("PendingReview", (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        Assert.Equal(demoGigs, (await app.Browser().GetFromJsonAsync<JsonObject>("/t/moderated/api/gigs"))!["total"]!.GetValue<int>());

        var admin = app.Browser();
        await admin.SignInAsync("/t/moderated", "boss@moderated.test", "Owner-pass-123!");
        var noReason = await admin.PostAsJsonAsync($"/t/moderated/api/admin/gigs/{id}/reject", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var tooLong = await admin.PostAsJsonAsync($"/t/moderated/api/admin/gigs/{id}/reject", new { reason = new string('x', 1001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("PendingReview", (await seller.GetFromJsonAsync<JsonObject>($"/t/moderated/api/seller/gigs/{id}"))!["state"]!.GetValue<string>());
        await admin.PostAsJsonAsync($"/t/moderated/api/admin/gigs/{id}/reject", new { reason = "The cover image is blurry." });
        var rejected = (await seller.GetFromJsonAsync<JsonObject>($"/t/moderated/api/seller/gigs/{id}"))!;
        Assert.Equal("Rejected", rejected["state"]!.GetValue<string>());
        Assert.Equal("The cover image is blurry.", rejected["rejectionReason"]!.GetValue<string>());

        await seller.PostAsync($"/t/moderated/api/seller/gigs/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/t/moderated/api/admin/gigs/{id}/approve", null)).StatusCode);
        Assert.Equal(demoGigs + 1, (await app.Browser().GetFromJsonAsync<JsonObject>("/t/moderated/api/gigs"))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task WithModerationEditsToALiveGigWaitForReviewWhileTheLiveVersionStays()
    {
        var tenant = await app.CreateTenantAsync("ModeratedEdits", recipe: "marketplace", prefix: "modedits", adminEmail: "boss@modedits.test");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<FeatureManager>().EnableAsync([CatalogFeatures.Moderation])).Succeeded);
        }

        const string basePath = "/t/modedits";
        var seller = app.Browser();
        await seller.PostFormAsync($"{basePath}/account/register", $"{basePath}/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "Edit Seller",
            ["Email"] = "edit@seller.test",
            ["Password"] = "Seller-pass-123!",
            ["ConfirmPassword"] = "Seller-pass-123!",
            ["WantsToSell"] = "true",
        });
        var admin = app.Browser();
        await admin.SignInAsync(basePath, "boss@modedits.test", "Owner-pass-123!");
        var draft = await GigAsync(basePath, "I will paint a watercolour logo for your cafe");
        draft["gallery"] = new JsonArray(await UploadAsync(seller, basePath));
        var id = (await (await seller.PostAsJsonAsync($"{basePath}/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        await seller.PostAsync($"{basePath}/api/seller/gigs/{id}/publish", null);

        // Editing a gig that waits for review withdraws it, so what is approved is what was reviewed.
        var edited = await seller.PutAsJsonAsync($"{basePath}/api/seller/gigs/{id}", draft);
        Assert.Equal("Draft", (await edited.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"{basePath}/api/admin/gigs/{id}/approve", null)).StatusCode);
        await seller.PostAsync($"{basePath}/api/seller/gigs/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{basePath}/api/admin/gigs/{id}/approve", null)).StatusCode);

        // An edit of the live gig is submitted for review; buyers keep seeing the approved title.
        draft["title"] = "I will paint a watercolour logo for your bakery";
        await seller.PutAsJsonAsync($"{basePath}/api/seller/gigs/{id}", draft);
        var submitted = (await (await seller.PostAsync($"{basePath}/api/seller/gigs/{id}/publish", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Published", submitted["state"]!.GetValue<string>());
        Assert.NotNull(submitted["draftSubmittedUtc"]);
        Assert.DoesNotContain("publish", submitted["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("I will paint a watercolour logo for your cafe", (await app.Browser().GetFromJsonAsync<JsonObject>($"{basePath}/api/gigs/i-will-paint-a-watercolour-logo-for-your-cafe"))!["title"]!.GetValue<string>());

        // Rejected: the live gig stays as it was, the seller keeps the draft and sees why.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{basePath}/api/admin/gigs/{id}/reject", new { reason = "Bakery gigs belong in Food." })).StatusCode);
        var declined = (await seller.GetFromJsonAsync<JsonObject>($"{basePath}/api/seller/gigs/{id}"))!;
        Assert.Equal("Published", declined["state"]!.GetValue<string>());
        Assert.Equal("Bakery gigs belong in Food.", declined["rejectionReason"]!.GetValue<string>());
        Assert.Equal("I will paint a watercolour logo for your bakery", declined["draft"]!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync($"{basePath}/api/gigs/i-will-paint-a-watercolour-logo-for-your-cafe")).StatusCode);

        // Submitted again and approved: the new version replaces the live one, the old URL redirects.
        await seller.PostAsync($"{basePath}/api/seller/gigs/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{basePath}/api/admin/gigs/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync($"{basePath}/api/gigs/i-will-paint-a-watercolour-logo-for-your-bakery")).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await app.Browser().GetAsync($"{basePath}/api/gigs/i-will-paint-a-watercolour-logo-for-your-cafe")).StatusCode);
        var approved = (await seller.GetFromJsonAsync<JsonObject>($"{basePath}/api/seller/gigs/{id}"))!;
        Assert.Null(approved["draft"]);
        Assert.Null(approved["draftSubmittedUtc"]);
        Assert.Null(approved["rejectionReason"]);
    }

    [Fact]
    public async Task AdministratorReviewsWaitingGigsOnTheReviewPages()
    {
        // Without the Moderation feature there is no review queue.
        var operatorAdmin = app.Browser();
        await operatorAdmin.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorAdmin.GetAsync("/admin/gigs/review")).StatusCode);
        Assert.DoesNotContain("Gig reviews", await operatorAdmin.GetStringAsync("/admin"));

        var tenant = await app.CreateTenantAsync("ReviewQueue", recipe: "marketplace", prefix: "reviewq", adminEmail: "boss@reviewq.test");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<FeatureManager>().EnableAsync([CatalogFeatures.Moderation])).Succeeded);
        }

        const string basePath = "/t/reviewq";
        var seller = app.Browser();
        await seller.PostFormAsync($"{basePath}/account/register", $"{basePath}/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "Queue Seller",
            ["Email"] = "queue@seller.test",
            ["Password"] = "Seller-pass-123!",
            ["ConfirmPassword"] = "Seller-pass-123!",
            ["WantsToSell"] = "true",
        });
        var draft = await GigAsync(basePath, "I will design a bold mascot logo for your team");
        draft["gallery"] = new JsonArray(await UploadAsync(seller, basePath));
        var id = (await (await seller.PostAsJsonAsync($"{basePath}/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        await seller.PostAsync($"{basePath}/api/seller/gigs/{id}/publish", null);

        var admin = app.Browser();
        await admin.SignInAsync(basePath, "boss@reviewq.test", "Owner-pass-123!");
        var queue = await admin.GetStringAsync($"{basePath}/admin/gigs/review");
        Assert.Contains("I will design a bold mascot logo for your team", queue);
        Assert.Contains("Queue Seller", queue);
        Assert.Contains("New gig", queue);
        Assert.Contains("Gig reviews", queue);
        Assert.Contains("Three concepts, vector and source files.", await admin.GetStringAsync($"{basePath}/admin/gigs/review/{id}"));
        Assert.NotEqual(HttpStatusCode.OK, (await seller.GetAsync($"{basePath}/admin/gigs/review")).StatusCode);

        var noReason = await admin.PostFormAsync($"{basePath}/admin/gigs/review/{id}", $"{basePath}/admin/gigs/review/{id}/reject", new Dictionary<string, string> { ["reason"] = " " });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("id=\"reason-error\"", await noReason.Content.ReadAsStringAsync());
        Assert.Equal("PendingReview", (await seller.GetFromJsonAsync<JsonObject>($"{basePath}/api/seller/gigs/{id}"))!["state"]!.GetValue<string>());

        var rejected = await admin.PostFormAsync($"{basePath}/admin/gigs/review/{id}", $"{basePath}/admin/gigs/review/{id}/reject", new Dictionary<string, string> { ["reason"] = "Show your own mascot work in the gallery." });
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var gig = (await seller.GetFromJsonAsync<JsonObject>($"{basePath}/api/seller/gigs/{id}"))!;
        Assert.Equal("Rejected", gig["state"]!.GetValue<string>());
        Assert.Equal("Show your own mascot work in the gallery.", gig["rejectionReason"]!.GetValue<string>());
        Assert.Contains("Nothing is waiting for review.", await admin.GetStringAsync($"{basePath}/admin/gigs/review"));

        await seller.PostAsync($"{basePath}/api/seller/gigs/{id}/publish", null);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{basePath}/admin/gigs/review/{id}", $"{basePath}/admin/gigs/review/{id}/approve", new Dictionary<string, string>())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync($"{basePath}/gigs/i-will-design-a-bold-mascot-logo-for-your-team")).StatusCode);
    }

    [Fact]
    public async Task GigsOfASellerOnVacationAreHidden()
    {
        var seller = await SellerAsync("away");
        var draft = await GigAsync(title: "I will translate your website into Spanish carefully");
        draft["gallery"] = new JsonArray(await UploadAsync(seller));
        var id = (await (await seller.PostAsJsonAsync("/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        await seller.PostAsync($"/api/seller/gigs/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/api/gigs/i-will-translate-your-website-into-spanish-carefully")).StatusCode);

        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default))
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var profile = await db.Sellers.SingleAsync(s => s.DisplayName == "Seller away");
            profile.VacationMode = true;
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/api/gigs/i-will-translate-your-website-into-spanish-carefully")).StatusCode);
    }

    [Fact]
    public async Task BuyerSeesTheGigPageWithPackagesExtrasAndSearchEngineData()
    {
        var seller = await SellerAsync("page");
        var draft = await GigAsync(title: "I will design a playful mascot logo for your team");
        draft["description"] = "## What you get\n\nA **mascot** logo. <script>alert('x')</script> [Portfolio](https://example.com/work) and [bad](javascript:alert(1)).\n\n" + Description;
        draft["gallery"] = new JsonArray(await UploadAsync(seller));
        var id = (await (await seller.PostAsJsonAsync("/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);
        const string slug = "i-will-design-a-playful-mascot-logo-for-your-team";

        var raw = await app.Browser().GetStringAsync($"/gigs/{slug}");
        Assert.Contains("&lt;script&gt;alert", raw);
        Assert.DoesNotContain("<script>alert", raw);
        Assert.DoesNotContain("href=\"javascript:", raw);
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("<h1 class=\"gig-title\">I will design a playful mascot logo for your team</h1>", html);
        Assert.Contains("<strong>mascot</strong>", html);
        Assert.Contains("rel=\"nofollow ugc noopener\"", html);
        Assert.Contains($"<link rel=\"canonical\" href=\"http://localhost/gigs/{slug}\">", html);
        Assert.Contains("<meta property=\"og:image\"", html);
        Assert.Contains("srcset=", html);
        var ld = JsonNode.Parse(System.Text.RegularExpressions.Regex.Match(html, "<script type=\"application/ld\\+json\">(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value)!;
        Assert.Equal("Product", ld["@type"]!.GetValue<string>());
        Assert.Equal(["25.00", "60.00", "120.00"], ld["offers"]!.AsArray().Select(o => o!["price"]!.GetValue<string>()));
        Assert.Equal("Person", ld["offers"]![0]!["seller"]!["@type"]!.GetValue<string>());
        Assert.Contains("Total <strong class=\"package-total-price\">$25</strong>, delivered in <span class=\"package-total-days\">3 days</span>", html);

        // Premium with both extras: 120 + 20 + 15, and 5 − 2 + 1 days.
        var premium = WebUtility.HtmlDecode(await app.Browser().GetStringAsync($"/gigs/{slug}?package=Premium&extras=0&extras=1"));
        Assert.Contains("Total <strong class=\"package-total-price\">$155</strong>, delivered in <span class=\"package-total-days\">4 days</span>", premium);

        // The extra-fast delivery is not offered with Basic, so asking for it changes nothing.
        var basic = WebUtility.HtmlDecode(await app.Browser().GetStringAsync($"/gigs/{slug}?package=Basic&extras=0"));
        Assert.Contains("<strong class=\"package-total-price\">$25</strong>", basic);

        var category = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/categories/logo-design"));
        Assert.Contains($"href=\"/gigs/{slug}\"", category);
        Assert.Contains("From <strong>$25</strong>", category);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/categories/no-such-category")).StatusCode);

        var home = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/"));
        Assert.Contains("Browse by category", home);
        Assert.Contains("href=\"/categories/graphics-design\"", home);
        Assert.Contains($"href=\"/gigs/{slug}\"", home);

        var sitemap = await app.Browser().GetStringAsync("/sitemap.xml");
        Assert.Contains($"<loc>http://localhost/gigs/{slug}</loc>", sitemap);
        Assert.Contains("<loc>http://localhost/categories/logo-design</loc>", sitemap);
        var robots = await app.Browser().GetStringAsync("/robots.txt");
        Assert.Contains("Disallow: /admin", robots);
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/gigs/no-such-gig")).StatusCode);
    }

    [Fact]
    public async Task GigPageShowsTheNewestOtherVisibleGigsOfItsSeller()
    {
        var listed = (await app.Browser().GetFromJsonAsync<JsonObject>("/api/gigs?pageSize=100"))!["items"]!.AsArray();
        var sofias = listed.Where(g => g!["seller"]!["handle"]!.GetValue<string>() == "sofia-seo").Select(g => g!["slug"]!.GetValue<string>()).ToList();
        Assert.True(sofias.Count > 4);
        var oldest = sofias[^1];

        var page = WebUtility.HtmlDecode(await app.Browser().GetStringAsync($"/gigs/{oldest}"));
        var more = page[page.IndexOf("<h2 id=\"more-title\">More from Sofia Alves</h2>", StringComparison.Ordinal)..];
        Assert.Equal(sofias.Take(4).Select(slug => $"/gigs/{slug}"), CardLinks(more));
        Assert.Contains("gig-card-seller\">by <a href=\"/sellers/sofia-seo\">Sofia Alves</a>", more);

        // Paused gigs are on no page: not their own, not in their seller's other gigs.
        var seller = await SellerAsync("more");
        var first = await PublishAsync(seller, "I will write the first of two related articles");
        var second = await PublishAsync(seller, "I will write the second of two related articles");
        Assert.Equal(["/gigs/i-will-write-the-second-of-two-related-articles"], CardLinks(await app.Browser().GetStringAsync("/gigs/i-will-write-the-first-of-two-related-articles")));
        Assert.Equal(["/gigs/i-will-write-the-first-of-two-related-articles"], CardLinks(await app.Browser().GetStringAsync("/gigs/i-will-write-the-second-of-two-related-articles")));

        await seller.PostAsync($"/api/seller/gigs/{second}/pause", null);
        var alone = await app.Browser().GetStringAsync("/gigs/i-will-write-the-first-of-two-related-articles");
        Assert.DoesNotContain("More from", alone);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Browser().GetAsync("/gigs/i-will-write-the-second-of-two-related-articles")).StatusCode);

        // A renamed gig's old address still redirects, with the buyer's choice of package, and its page shows what was published.
        var draft = (await seller.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{first}"))!["live"]!.AsObject();
        draft["title"] = "I will write the first of two connected articles";
        draft["description"] = "Connected **articles** now. " + Description;
        await seller.PutAsJsonAsync($"/api/seller/gigs/{first}", draft);
        Assert.DoesNotContain("Connected", await app.Browser().GetStringAsync("/gigs/i-will-write-the-first-of-two-related-articles"));
        await seller.PostAsync($"/api/seller/gigs/{first}/publish", null);
        var republished = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/gigs/i-will-write-the-first-of-two-connected-articles"));
        Assert.Contains("<h1 class=\"gig-title\">I will write the first of two connected articles</h1>", republished);
        Assert.Contains("<p>Connected <strong>articles</strong> now.", republished);
        var moved = await app.Browser().GetAsync("/gigs/i-will-write-the-first-of-two-related-articles?package=Premium");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("/gigs/i-will-write-the-first-of-two-connected-articles?package=Premium", moved.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task CardsShowTheCoverOfTheLiveGallery()
    {
        var seller = await SellerAsync("cover");
        var id = await PublishAsync(seller, "I will paint a watercolour cover for your novel");
        var card = CardOf(await app.Browser().GetStringAsync("/categories/logo-design"), "i-will-paint-a-watercolour-cover-for-your-novel");
        var photo = (await seller.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{id}"))!["live"]!["gallery"]![0]!["id"]!.GetValue<string>();
        Assert.Contains($"/media/img/{photo}-", card);

        // A new first image shows on cards once it is published, not while it waits in the draft.
        var other = await UploadAsync(seller, photo: await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "media", "logo-1.jpg")));
        var draft = (await seller.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{id}"))!["live"]!.AsObject();
        draft["gallery"] = new JsonArray(other, draft["gallery"]![0]!.DeepClone());
        await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", draft);
        Assert.Contains($"/media/img/{photo}-", CardOf(await app.Browser().GetStringAsync("/categories/logo-design"), "i-will-paint-a-watercolour-cover-for-your-novel"));

        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);
        card = CardOf(await app.Browser().GetStringAsync("/categories/logo-design"), "i-will-paint-a-watercolour-cover-for-your-novel");
        Assert.Contains($"/media/img/{other["id"]!.GetValue<string>()}-", card);
        Assert.DoesNotContain($"/media/img/{photo}-", card);
        Assert.Equal(other["id"]!.GetValue<string>(), (await app.Browser().GetFromJsonAsync<JsonObject>($"/api/gigs?category=logo-design&pageSize=100"))!["items"]!.AsArray()
            .Single(g => g!["id"]!.GetValue<int>() == id)!["cover"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CategoryPagesPageThroughTheGigsNewestFirst()
    {
        await app.CreateTenantAsync("Paged", recipe: "marketplace", prefix: "paged", adminEmail: "boss@paged.test");
        var seller = app.Browser();
        await seller.PostFormAsync("/t/paged/account/register", "/t/paged/account/register", new Dictionary<string, string>
        {
            ["DisplayName"] = "Pat Pages",
            ["Email"] = "pat@paged.test",
            ["Password"] = "Seller-pass-123!",
            ["ConfirmPassword"] = "Seller-pass-123!",
            ["WantsToSell"] = "true",
        });
        var image = await UploadAsync(seller, "/t/paged");
        for (var i = 1; i <= 25; i++)
        {
            var draft = await GigAsync("/t/paged", $"I will design logo number {i:00} for your brand");
            draft["gallery"] = new JsonArray(image.DeepClone());
            var id = (await (await seller.PostAsJsonAsync("/t/paged/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
            Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/t/paged/api/seller/gigs/{id}/publish", null)).StatusCode);
        }

        var all = (await app.Browser().GetFromJsonAsync<JsonObject>("/t/paged/api/gigs?category=logo-design&pageSize=100"))!;
        var expected = all["items"]!.AsArray().Select(g => $"/t/paged/gigs/{g!["slug"]!.GetValue<string>()}").ToList();
        var total = all["total"]!.GetValue<int>();
        Assert.True(total is > 25 and <= 48);

        var first = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/t/paged/categories/logo-design"));
        Assert.Equal(expected.Take(24), CardLinks(first));
        Assert.Contains($"{total} services available", first);
        Assert.Contains("<span>Page 1 of 2</span>", first);
        Assert.Contains("rel=\"next\" href=\"/t/paged/categories/logo-design?page=2\"", first);

        var second = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/t/paged/categories/logo-design?page=2"));
        Assert.Equal(expected.Skip(24), CardLinks(second));
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/t/paged/categories/logo-design?page=2\">", second);

        // Past the last page is the last page; before the first, the first.
        Assert.Equal(expected.Skip(24), CardLinks(await app.Browser().GetStringAsync("/t/paged/categories/logo-design?page=9")));
        Assert.Equal(expected.Take(24), CardLinks(await app.Browser().GetStringAsync("/t/paged/categories/logo-design?page=0")));
    }

    [Fact]
    public async Task CategoryChangesShowOnThePagesAtOnce()
    {
        var tenant = await app.CreateTenantAsync("Renamed", recipe: "marketplace", prefix: "renamed", adminEmail: "boss@renamed.test");
        var before = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/t/renamed/categories/logo-design"));
        Assert.Contains("<h1>Logo Design</h1>", before);
        var gig = CardLinks(before).First();
        Assert.Contains(">Logo Design</a>", WebUtility.HtmlDecode(await app.Browser().GetStringAsync(gig)));

        var errors = await app.Services.GetRequiredService<GigStore.Shell.Recipes.RecipeExecutor>().RunAsync(tenant, GigStore.Shell.Recipes.RecipeLibrary.Parse("""
            { "name": "rename", "steps": [ { "name": "categories", "categories": [
              { "slug": "graphics-design", "name": "Graphics & Design", "subcategories": [
                { "slug": "logo-design", "name": "Logos and Brand Marks", "description": "Marks people remember." } ] } ] } ] }
            """));
        Assert.Empty(errors);

        var after = WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/t/renamed/categories/logo-design"));
        Assert.Contains("<h1>Logos and Brand Marks</h1>", after);
        Assert.Contains("<p>Marks people remember.</p>", after);
        Assert.Contains(">Logos and Brand Marks</a>", WebUtility.HtmlDecode(await app.Browser().GetStringAsync(gig)));
        var api = (await app.Browser().GetFromJsonAsync<JsonArray>("/t/renamed/api/categories"))!;
        Assert.Contains("Logos and Brand Marks", api.SelectMany(c => c!["subcategories"]!.AsArray()).Select(c => c!["name"]!.GetValue<string>()));

        // The default tenant's categories are its own.
        Assert.Contains("<h1>Logo Design</h1>", WebUtility.HtmlDecode(await app.Browser().GetStringAsync("/categories/logo-design")));
    }

    [Fact]
    public async Task SellerManagesGigsFromTheirListWithTheActionsTheStateAllows()
    {
        var seller = await SellerAsync("list");
        var draft = await GigAsync(title: "I will letter a hand-drawn logo for your bakery shop");
        var id = (await (await seller.PostAsJsonAsync("/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();

        var list = WebUtility.HtmlDecode(await seller.GetStringAsync("/seller/gigs"));
        Assert.Contains("I will letter a hand-drawn logo for your bakery shop", list);
        Assert.Contains($"/seller/gigs/{id}/publish", list);
        Assert.DoesNotContain($"/seller/gigs/{id}/pause", list);

        // Publishing without an image is refused with the reason shown on the list.
        await seller.PostFormAsync("/seller/gigs", $"/seller/gigs/{id}/publish", new Dictionary<string, string>());
        Assert.Contains("Add at least one image", WebUtility.HtmlDecode(await seller.GetStringAsync("/seller/gigs")));

        draft["gallery"] = new JsonArray(await UploadAsync(seller));
        await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", draft);
        Assert.Equal(HttpStatusCode.Redirect, (await seller.PostFormAsync("/seller/gigs", $"/seller/gigs/{id}/publish", new Dictionary<string, string>())).StatusCode);
        list = WebUtility.HtmlDecode(await seller.GetStringAsync("/seller/gigs"));
        Assert.Contains("is now live", list);
        Assert.Contains($"/seller/gigs/{id}/pause", list);

        var other = await SellerAsync("list-other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/seller/gigs", $"/seller/gigs/{id}/archive", new Dictionary<string, string>())).StatusCode);
    }

    [Fact]
    public async Task SellerCannotPutAnotherSellersImageInTheirGallery()
    {
        var alice = await SellerAsync("gallery-alice");
        var bob = await SellerAsync("gallery-bob");
        var photo = PhotoOnlyFor("alice");
        var alicesImage = await UploadAsync(alice, photo: photo);
        var gig = await GigAsync(title: "I will paint a watercolour logo for your tea room");
        gig["gallery"] = new JsonArray(alicesImage.DeepClone());

        var refused = await bob.PostAsJsonAsync("/api/seller/gigs", gig);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal("Only images the gig's seller uploaded can be used: upload this image first.", Assert.Single(errors)!.Value![0]!.GetValue<string>());
        Assert.Equal("gallery[0]", Assert.Single(errors).Key);
        Assert.Empty((await bob.GetFromJsonAsync<JsonArray>("/api/seller/gigs"))!);

        // Nor into a gig Bob already has: the draft stays as it was.
        var bobsGig = await GigAsync(title: "I will paint a watercolour logo for your bakery");
        var id = (await (await bob.PostAsJsonAsync("/api/seller/gigs", bobsGig)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        bobsGig["gallery"] = new JsonArray(alicesImage.DeepClone(), await UploadAsync(bob));
        var update = await bob.PutAsJsonAsync($"/api/seller/gigs/{id}", bobsGig);
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Equal(["gallery[0]"], (await update.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty((await bob.GetFromJsonAsync<JsonObject>($"/api/seller/gigs/{id}"))!["draft"]!["gallery"]!.AsArray());

        // Alice can use her own image.
        var created = await alice.PostAsJsonAsync("/api/seller/gigs", gig);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var alicesGig = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/seller/gigs/{alicesGig}/publish", null)).StatusCode);
    }

    [Fact]
    public async Task SellersWhoUploadTheSameFileBothOwnIt()
    {
        var first = await SellerAsync("same-file-1");
        var second = await SellerAsync("same-file-2");
        var photo = PhotoOnlyFor("same-file");
        var image = await UploadAsync(first, photo: photo);
        var gig = await GigAsync(title: "I will draw a line-art logo for your yoga studio");
        gig["gallery"] = new JsonArray(image.DeepClone());
        Assert.Equal(HttpStatusCode.BadRequest, (await second.PostAsJsonAsync("/api/seller/gigs", gig)).StatusCode);

        Assert.Equal(image["id"]!.GetValue<string>(), (await UploadAsync(second, photo: photo))["id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Created, (await second.PostAsJsonAsync("/api/seller/gigs", gig)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first.PostAsJsonAsync("/api/seller/gigs", gig)).StatusCode);
    }

    [Fact]
    public async Task DemoSellersOwnTheImagesOfTheirRecipeGigs()
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var images = scope.ServiceProvider.GetRequiredService<IImageStore>();
        var demo = await db.Gigs.AsNoTracking().Where(g => g.LiveJson != null).ToListAsync();
        Assert.True(demo.Count >= 40);

        foreach (var gig in demo)
        {
            var gallery = GigStore.Catalog.Gigs.GigContent.FromJson(gig.LiveJson!).Gallery.Select(g => g.Id).ToList();
            Assert.NotEmpty(gallery);
            Assert.Equal(gallery.Order(), (await images.OwnedByAsync(gig.SellerId, gallery, default)).Order());
        }

        // Owners are per seller: a demo seller does not own the images only other sellers use.
        var bySeller = demo.GroupBy(g => g.SellerId).ToDictionary(g => g.Key, g => g.SelectMany(x => GigStore.Catalog.Gigs.GigContent.FromJson(x.LiveJson!).Gallery.Select(i => i.Id)).ToHashSet());
        var checkedPairs = 0;
        foreach (var (seller, own) in bySeller)
        {
            var othersOnly = bySeller.Where(s => s.Key != seller).SelectMany(s => s.Value).Except(own).ToList();
            Assert.Empty(await images.OwnedByAsync(seller, othersOnly, default));
            checkedPairs += othersOnly.Count;
        }

        Assert.True(checkedPairs > 0);
    }

    [Fact]
    public async Task ImagesAlreadyInAGigBeforeOwnersWereRecordedCanStay()
    {
        var seller = await SellerAsync("legacy");
        var photo = PhotoOnlyFor("legacy");
        var draft = await GigAsync(title: "I will sketch a retro logo for your record shop");
        draft["gallery"] = new JsonArray(await UploadAsync(seller, photo: photo));
        var id = (await (await seller.PostAsJsonAsync("/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();

        // As in a store upgraded from before owners were recorded: the image has none.
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default))
        {
            var media = scope.ServiceProvider.GetRequiredService<GigStore.Media.Data.MediaDb>();
            var imageId = draft["gallery"]![0]!["id"]!.GetValue<string>();
            Assert.Equal(1, await media.ImageOwners.Where(o => o.ImageId == imageId).ExecuteDeleteAsync());
        }

        draft["title"] = "I will sketch a retro logo for your vinyl record shop";
        Assert.Equal(HttpStatusCode.OK, (await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", draft)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);

        // But it cannot be put into another gig until it is uploaded again.
        var another = await GigAsync(title: "I will sketch a retro logo for your comic shop");
        another["gallery"] = draft["gallery"]!.DeepClone();
        Assert.Equal(HttpStatusCode.BadRequest, (await seller.PostAsJsonAsync("/api/seller/gigs", another)).StatusCode);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("[click](javascript:alert(1))", "<p>click</p>")]
    [InlineData("![pic](https://example.com/x.png)", "<p>pic</p>")]
    [InlineData("![pic](https://example.com/x.png\" onerror=\"alert(1))", "onerror=&quot;alert(1)")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    [InlineData("# Big heading", "<h3>Big heading</h3>")]
    [InlineData("[mail me](mailto:me@example.com)", "<a href=\"mailto:me@example.com\" rel=\"nofollow ugc noopener\">mail me</a>")]
    public void MarkdownComesOutInert(string markdown, string expected)
    {
        var html = GigStore.Catalog.Gigs.GigMarkdown.Render(markdown);

        Assert.Contains(expected, html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("href=\"javascript", html);
        Assert.DoesNotMatch("<[^>]*\\sonerror=", html);
    }

    private async Task<HttpClient> SellerAsync(string name)
    {
        var client = app.Browser();
        await client.RegisterAsync($"Seller {name}", $"{name}@sellers.test", "Seller-pass-123!", seller: true);
        return client;
    }

    /// <summary>Creates and publishes a complete gig in Logo Design with one image; returns its id.</summary>
    private async Task<int> PublishAsync(HttpClient seller, string title)
    {
        var draft = await GigAsync(title: title);
        draft["gallery"] = new JsonArray(await UploadAsync(seller));
        var id = (await (await seller.PostAsJsonAsync("/api/seller/gigs", draft)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);
        return id;
    }

    /// <summary>Where the gig cards on a page link to, in order.</summary>
    private static List<string> CardLinks(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "class=\"gig-card-link\" href=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    private static string CardOf(string html, string slug)
    {
        var start = html.LastIndexOf("<article class=\"gig-card\">", html.IndexOf($"href=\"/gigs/{slug}\"", StringComparison.Ordinal), StringComparison.Ordinal);
        return html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    /// <summary>The test photo with bytes after its end marker: the same picture, but an image id no other test uploads.</summary>
    private static byte[] PhotoOnlyFor(string test) => [.. Photo, .. System.Text.Encoding.ASCII.GetBytes(test)];

    private static async Task<JsonNode> UploadAsync(HttpClient seller, string basePath = "", byte[]? photo = null)
    {
        var body = new ByteArrayContent(photo ?? Photo);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var image = (await (await seller.PostAsync($"{basePath}/api/media/images", body)).Content.ReadFromJsonAsync<JsonObject>())!;
        return new JsonObject { ["id"] = image["id"]!.GetValue<string>(), ["width"] = image["width"]!.GetValue<int>(), ["height"] = image["height"]!.GetValue<int>(), ["widths"] = image["widths"]!.DeepClone() };
    }

    /// <summary>A complete gig in Logo Design with three packages and two extras (no gallery yet).</summary>
    private async Task<JsonObject> GigAsync(string basePath = "", string title = "I will design a minimalist logo for your brand")
    {
        var categories = (await app.Browser().GetFromJsonAsync<JsonArray>($"{basePath}/api/categories"))!;
        var design = categories.First(c => c!["slug"]!.GetValue<string>() == "graphics-design")!;
        var logo = design["subcategories"]!.AsArray().First(c => c!["slug"]!.GetValue<string>() == "logo-design")!;
        return JsonNode.Parse($$"""
        {
          "title": "{{title}}",
          "categoryId": {{design["id"]}},
          "subcategoryId": {{logo["id"]}},
          "attributes": { "logo-style": ["Minimalist"], "file-format": ["AI", "PNG", "SVG"] },
          "tags": ["logo", "minimalist logo", "brand identity"],
          "description": "{{Description}}",
          "faq": [ { "question": "Do I get the source files?", "answer": "Yes, in the Standard and Premium packages." } ],
          "requirements": [
            { "question": "What is your brand name?", "kind": "Text", "required": true },
            { "question": "Which style do you prefer?", "kind": "SingleChoice", "required": false, "options": ["Modern", "Classic"] }
          ],
          "gallery": [],
          "packageFeatures": ["Logo concepts", "Source file", "Vector file"],
          "packages": [
            { "tier": "Basic", "name": "Starter", "description": "One logo concept in PNG.", "priceMinor": 2500, "deliveryDays": 3, "revisions": 1, "features": [true, false, false] },
            { "tier": "Standard", "name": "Standard", "description": "Two concepts with source files.", "priceMinor": 6000, "deliveryDays": 4, "revisions": 3, "features": [true, true, false] },
            { "tier": "Premium", "name": "Complete", "description": "Three concepts, vector and source files.", "priceMinor": 12000, "deliveryDays": 5, "revisions": null, "features": [true, true, true] }
          ],
          "extras": [
            { "title": "Extra-fast delivery", "description": "Get it sooner.", "priceMinor": 2000, "extraDays": -2, "tiers": ["Standard", "Premium"] },
            { "title": "Social media kit", "priceMinor": 1500, "extraDays": 1 }
          ],
          "currency": "USD"
        }
        """)!.AsObject();
    }
}
