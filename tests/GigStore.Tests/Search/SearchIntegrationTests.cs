using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using GigStore.Catalog.Data;
using GigStore.Search.Data;
using GigStore.Search.Indexing;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Search;

/// <summary>Search through the app: the indexer following the catalogue, the results page, the API, degraded mode.</summary>
public sealed class SearchIntegrationTests : IClassFixture<GigStoreFactory>
{
    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-gps-rotated.jpg"));

    private readonly GigStoreFactory app;

    public SearchIntegrationTests(GigStoreFactory app)
    {
        // These tests run the indexer themselves, so they know when it ran.
        app.Settings["GigStore:RunBackgroundJobs"] = "false";
        this.app = app;
    }

    private async Task<int> IndexAsync(Tenant? tenant = null)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant ?? app.Registry.Default);
        return await scope.ServiceProvider.GetRequiredService<SearchIndexer>().RunOnceAsync(default);
    }

    private async Task<T> InTenantAsync<T>(Func<IServiceProvider, Task<T>> work, Tenant? tenant = null)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant ?? app.Registry.Default);
        return await work(scope.ServiceProvider);
    }

    private static async Task<JsonObject> SearchAsync(HttpClient client, string query, string prefix = "")
    {
        var response = await client.GetAsync($"{prefix}/api/search?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static List<string> Titles(JsonObject results) => [.. results["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>())];

    [Fact]
    public async Task TheDemoCatalogueIsIndexedOnTheFirstRunAndTheOutboxIsEmptiedAfterwards()
    {
        await IndexAsync();
        var visible = await InTenantAsync(sp => GigStore.Catalog.Gigs.VisibleGigs.Query(sp.GetRequiredService<CatalogDb>()).CountAsync());
        var results = await SearchAsync(app.Browser(), "size=1");
        Assert.Equal(visible, results["total"]!.GetValue<int>());
        Assert.Equal(0, await InTenantAsync(sp => sp.GetRequiredService<CatalogDb>().GigChanges.CountAsync()));

        var state = await InTenantAsync(sp => sp.GetRequiredService<SearchIndexer>().StateAsync(default));
        Assert.NotNull(state.RebuiltUtc);
        Assert.Null(state.LeaseOwner);
    }

    [Fact]
    public async Task APublishedGigIsFoundAfterTheIndexerRunsAndGoesWhenPausedOrItsSellerIsAway()
    {
        await IndexAsync();
        var seller = app.Browser();
        await seller.RegisterAsync("Search Seller", "search@sellers.test", "Seller-pass-123!", seller: true);
        var gig = await GigAsync(seller, "I will draw a zeppelin watercolour for your hangar");
        var id = (await (await seller.PostAsJsonAsync("/api/seller/gigs", gig)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);

        var buyer = app.Browser();
        Assert.Equal(0, (await SearchAsync(buyer, "q=zeppelin"))["total"]!.GetValue<int>());
        Assert.True(await IndexAsync() >= 1);
        var found = await SearchAsync(buyer, "q=zeppelin");
        Assert.Equal(["I will draw a zeppelin watercolour for your hangar"], Titles(found));
        Assert.Contains("<mark>zeppelin</mark>", found["items"]![0]!["titleHtml"]!.GetValue<string>());

        // A typo still finds it, and says what it searched for instead.
        var typo = await SearchAsync(buyer, "q=zepelin");
        Assert.Equal("zeppelin", typo["correctedText"]!.GetValue<string>());

        await seller.PostAsync($"/api/seller/gigs/{id}/pause", null);
        await IndexAsync();
        Assert.Equal(0, (await SearchAsync(buyer, "q=zeppelin"))["total"]!.GetValue<int>());

        await seller.PostAsync($"/api/seller/gigs/{id}/resume", null);
        await IndexAsync();
        Assert.Equal(1, (await SearchAsync(buyer, "q=zeppelin"))["total"]!.GetValue<int>());

        await InTenantAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDb>();
            var profile = await db.Sellers.Join(db.Gigs.Where(g => g.Id == id), s => s.UserId, g => g.SellerId, (s, g) => s).SingleAsync();
            profile.VacationMode = true;
            return await db.SaveChangesAsync();
        });
        await IndexAsync();
        Assert.Equal(0, (await SearchAsync(buyer, "q=zeppelin"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task BadParametersAreA400NamingEachOne()
    {
        await IndexAsync();
        var response = await app.Browser().GetAsync("/api/search?size=100&page=0&sort=cheapest&rating=3&delivery=2&min=abc&category=no-such&level=guru&a.logo-style=Minimalist&online=yes");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var errors = problem["errors"]!.AsObject();
        foreach (var key in new[] { "size", "page", "sort", "rating", "delivery", "min", "category", "level", "a.logo-style", "online" })
        {
            Assert.True(errors.ContainsKey(key), $"no error for {key}: {problem}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await app.Browser().GetAsync("/api/search?q=" + new string('a', 201))).StatusCode);
    }

    [Fact]
    public async Task HostileTextIsNeverAnError()
    {
        await IndexAsync();
        var client = app.Browser();
        foreach (var text in SearchEngineContract.HostileTexts.Where(t => t.Length <= 200))
        {
            var encoded = Uri.EscapeDataString(text);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/search?q={encoded}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/search?q={encoded}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/search/suggest?q={encoded}")).StatusCode);
        }
    }

    [Fact]
    public async Task TheResultsPageShowsFacetsChipsAndSortAndWorksAsPlainForms()
    {
        await IndexAsync();
        var client = app.Browser();
        var html = await client.GetStringAsync("/search?q=logo&category=logo-design&a.logo-style=Vintage&a.logo-style=Mascot&sort=price-asc");
        var document = new HtmlParser().ParseDocument(html);

        Assert.Equal("Results for “logo”", document.QuerySelector("h1")!.TextContent.Trim());
        var chips = document.QuerySelectorAll(".search-chips .chip-active").Select(c => c.TextContent.Trim().TrimEnd('×').Trim()).ToList();
        Assert.Contains("Logo Design", chips);
        Assert.Contains("Logo style: Vintage", chips);
        Assert.Contains("Logo style: Mascot", chips);

        // Removing a chip keeps every other part of the search.
        var removeVintage = document.QuerySelectorAll(".search-chips a").First(a => a.TextContent.Contains("Vintage")).GetAttribute("href")!;
        Assert.Contains("a.logo-style=Mascot", removeVintage);
        Assert.DoesNotContain("Vintage", removeVintage);
        Assert.Contains("sort=price-asc", removeVintage);

        // The facet form is a plain GET form with the chosen options checked and counts beside every option.
        var form = document.QuerySelector("form.facet-form")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input[name='a.logo-style'][value='Vintage'][checked]"));
        Assert.NotNull(form.QuerySelector("input[name='a.logo-style'][value='Minimalist']:not([checked])"));
        Assert.All(form.QuerySelectorAll(".facet-option .facet-count"), c => Assert.Matches("^[0-9,]+$", c.TextContent.Trim()));
        Assert.Equal("price-asc", document.QuerySelector("select#sort option[selected]")!.GetAttribute("value"));

        // Prices ascend in the list, and every card links to its gig.
        var prices = document.QuerySelectorAll(".search-hit .gig-card-price strong").Select(p => decimal.Parse(p.TextContent.Trim('$').Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(prices);
        Assert.Equal(prices.Order(), prices);

        // htmx asks for the results region only.
        var partial = new HttpRequestMessage(HttpMethod.Get, "/search?q=logo");
        partial.Headers.Add("HX-Request", "true");
        var fragment = await (await client.SendAsync(partial)).Content.ReadAsStringAsync();
        Assert.StartsWith("<div id=\"search\"", fragment.Trim());
        Assert.DoesNotContain("<html", fragment);
    }

    [Fact]
    public async Task ABadFilterOnThePageIsShownBesideItAndTheRestStillSearches()
    {
        await IndexAsync();
        var html = await app.Browser().GetStringAsync("/search?q=logo&min=abc");
        var document = new HtmlParser().ParseDocument(html);
        Assert.Equal("Enter an amount such as 25 or 25.50.", document.QuerySelector("#min-error")!.TextContent.Trim());
        Assert.Equal("min-error", document.QuerySelector("input[name=min]")!.GetAttribute("aria-describedby"));
        Assert.NotEmpty(document.QuerySelectorAll(".search-hit"));
    }

    [Fact]
    public async Task TheSearchBoxIsOnEveryStorefrontPageAndSuggests()
    {
        await IndexAsync();
        var client = app.Browser();
        var home = new HtmlParser().ParseDocument(await client.GetStringAsync("/"));
        var box = home.QuerySelector("form[role=search] input[name=q]")!;
        Assert.Equal("combobox", box.GetAttribute("role"));
        Assert.NotNull(home.QuerySelector("label[for=site-search-input]"));

        var suggestions = (await client.GetFromJsonAsync<JsonArray>("/api/search/suggest?q=log"))!;
        Assert.Contains(suggestions, s => s!["kind"]!.GetValue<string>() == "Category" && s["text"]!.GetValue<string>() == "Logo Design");
        Assert.Contains(suggestions, s => s!["kind"]!.GetValue<string>() == "Gig");

        var html = await client.GetStringAsync("/search/suggest?q=wordpres");
        Assert.Contains("role=\"listbox\"", html);
        Assert.Contains("WordPress", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WhenTheEngineFailsSearchAnswersFromTheDatabaseAndTheIndexerRecordsTheError()
    {
        var tenant = await app.CreateTenantAsync("Broken", recipe: "marketplace", prefix: "broken", adminEmail: "owner@broken.test");
        await IndexAsync(tenant);
        Assert.True((await SearchAsync(app.Browser(), "q=logo", "/t/broken"))["total"]!.GetValue<int>() > 0);

        // The index file is replaced by something that is not an index.
        var folder = Path.Combine(tenant.DataFolder, "search");
        await File.WriteAllTextAsync(Path.Combine(folder, "current"), "gigs-broken");
        await File.WriteAllTextAsync(Path.Combine(folder, "gigs-broken.db"), "this is not a database");
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        var degraded = await SearchAsync(app.Browser(), "q=logo&category=logo-design", "/t/broken");
        Assert.True(degraded["degraded"]!.GetValue<bool>());
        Assert.True(degraded["total"]!.GetValue<int>() > 0);
        Assert.All(Titles(degraded), t => Assert.Contains("logo", t, StringComparison.OrdinalIgnoreCase));

        var page = await app.Browser().GetAsync("/t/broken/search?q=logo");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("simpler mode", await page.Content.ReadAsStringAsync());

        // A change to index fails too: the outbox keeps it and the error is recorded for the admin.
        await InTenantAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDb>();
            var gig = await db.Gigs.FirstAsync(g => g.State == GigState.Published);
            gig.OrdersCompleted += 1;
            return await db.SaveChangesAsync();
        }, tenant);
        await IndexAsync(tenant);
        var state = await InTenantAsync(sp => sp.GetRequiredService<SearchDb>().IndexState.AsNoTracking().SingleAsync(), tenant);
        Assert.Equal(1, state.FailedAttempts);
        Assert.NotNull(state.LastError);
        Assert.NotNull(state.NextAttemptUtc);
        Assert.Equal(1, await InTenantAsync(sp => sp.GetRequiredService<CatalogDb>().GigChanges.CountAsync(), tenant));

        // A rebuild mends it.
        await InTenantAsync(async sp =>
        {
            await sp.GetRequiredService<SearchIndexer>().RebuildAsync(null, default);
            return 0;
        }, tenant);
        var mended = await SearchAsync(app.Browser(), "q=logo", "/t/broken");
        Assert.False(mended["degraded"]!.GetValue<bool>());
        Assert.Equal(0, await InTenantAsync(sp => sp.GetRequiredService<CatalogDb>().GigChanges.CountAsync(), tenant));
    }

    [Fact]
    public Task ATenantOnPostgreSqlSearchesWithTheEmbeddedEngine() => MigrationTests.WithPostgresDatabaseAsync(async connection =>
    {
        var tenant = await app.CreateTenantAsync("PgSearch", recipe: "marketplace", prefix: "pgsearch", provider: DatabaseProvider.Postgres, connectionString: connection, adminEmail: "owner@pgsearch.test");
        await IndexAsync(tenant);
        var results = await SearchAsync(app.Browser(), "q=wordpress", "/t/pgsearch");
        Assert.Contains(Titles(results), t => t.Contains("WordPress", StringComparison.Ordinal));
        Assert.Equal(0, await InTenantAsync(sp => sp.GetRequiredService<CatalogDb>().GigChanges.CountAsync(), tenant));

        // The database fallback's queries run on PostgreSQL too.
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant);
        var fallback = await GigStore.Search.Engines.DatabaseSearch.SearchAsync(scope.ServiceProvider.GetRequiredService<CatalogDb>(), new() { Text = "WordPress site", MaxPriceMinor = 1_000_000, SellerLevels = [SellerLevel.New], Countries = ["DE", "US"], Sort = GigStore.Search.Query.SearchSort.PriceLowToHigh }, default);
        Assert.True(fallback.Degraded);
    });

    [Fact]
    public async Task OnlineSellersOnlyShowsTheGigsOfSellersOnlineNowWithTheirCountInTheSidebar() =>
        await OnlineSellersOnlyAsync(await app.CreateTenantAsync("Online", recipe: "marketplace", prefix: "online", adminEmail: "owner@online.test"), "/t/online");

    [Fact]
    public Task OnlineSellersOnlyWorksOnPostgreSql() => MigrationTests.WithPostgresDatabaseAsync(async connection =>
        await OnlineSellersOnlyAsync(await app.CreateTenantAsync("PgOnline", recipe: "marketplace", prefix: "pgonline", provider: DatabaseProvider.Postgres, connectionString: connection, adminEmail: "owner@pgonline.test"), "/t/pgonline"));

    /// <summary>
    /// On a tenant of its own (its online sellers are read afresh): one demo seller was active a minute ago,
    /// nobody else ever. The page, the API and the database fallback show that seller's gigs alone.
    /// </summary>
    private async Task OnlineSellersOnlyAsync(Tenant tenant, string prefix)
    {
        await IndexAsync(tenant);
        var seller = await InTenantAsync(async sp =>
        {
            var db = sp.GetRequiredService<CatalogDb>();
            var busiest = await GigStore.Catalog.Gigs.VisibleGigs.Query(db).GroupBy(v => v.Gig.SellerId)
                .Select(g => new { Id = g.Key, Gigs = g.Count() }).OrderByDescending(g => g.Gigs).ThenBy(g => g.Id).FirstAsync();
            var name = await db.Sellers.Where(s => s.UserId == busiest.Id).Select(s => s.DisplayName).SingleAsync();
            await db.Sellers.Where(s => s.UserId == busiest.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, DateTimeOffset.UtcNow.AddMinutes(-1)));
            return (busiest.Id, Name: name, busiest.Gigs);
        }, tenant);
        var visible = await InTenantAsync(sp => GigStore.Catalog.Gigs.VisibleGigs.Query(sp.GetRequiredService<CatalogDb>()).CountAsync(), tenant);
        Assert.True(visible > seller.Gigs);

        // The page: only their gigs, the box checked with their count beside it, and a chip that takes the filter off.
        var page = new HtmlParser().ParseDocument(await app.Browser().GetStringAsync($"{prefix}/search?online=1&size=60"));
        var sellers = page.QuerySelectorAll(".search-hit .gig-card-seller a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(seller.Gigs, sellers.Count);
        Assert.All(sellers, name => Assert.Equal(seller.Name, name));
        var box = page.QuerySelector("form.facet-form input[name=online][value='1']")!;
        Assert.True(box.HasAttribute("checked"));
        Assert.Equal(seller.Gigs.ToString(), box.ParentElement!.QuerySelector(".facet-count")!.TextContent.Trim());
        var chip = page.QuerySelectorAll(".search-chips a.chip-active").Single(a => a.TextContent.Contains("Online sellers", StringComparison.Ordinal));
        Assert.DoesNotContain("online=", chip.GetAttribute("href"));
        Assert.Contains("size=60", chip.GetAttribute("href"));

        // Without the filter: every gig, and the same count beside the unchecked box.
        var all = new HtmlParser().ParseDocument(await app.Browser().GetStringAsync($"{prefix}/search"));
        var offBox = all.QuerySelector("form.facet-form input[name=online][value='1']")!;
        Assert.False(offBox.HasAttribute("checked"));
        Assert.Equal(seller.Gigs.ToString(), offBox.ParentElement!.QuerySelector(".facet-count")!.TextContent.Trim());
        Assert.Equal($"{visible:N0} services", all.QuerySelector(".result-count")!.TextContent.Trim());

        // Their cards, and only theirs, say they are online.
        var cards = new HtmlParser().ParseDocument(await app.Browser().GetStringAsync($"{prefix}/search?size=60")).QuerySelectorAll(".search-hit .gig-card-seller");
        var badged = cards.Where(c => c.QuerySelector(".online-badge") is not null).Select(c => c.QuerySelector("a")!.TextContent.Trim()).ToList();
        Assert.NotEmpty(badged);
        Assert.All(badged, name => Assert.Equal(seller.Name, name));
        Assert.Equal(cards.Count(c => c.QuerySelector("a")!.TextContent.Trim() == seller.Name), badged.Count);

        // The API takes the same parameter and answers the facet.
        var api = await SearchAsync(app.Browser(), "online=1", prefix);
        Assert.Equal(seller.Gigs, api["total"]!.GetValue<int>());
        Assert.All(api["items"]!.AsArray(), hit => Assert.True(hit!["seller"]!["online"]!.GetValue<bool>()));
        var facet = Assert.Single(api["facets"]!["online"]!.AsArray());
        Assert.Equal(("1", seller.Gigs), (facet!["value"]!.GetValue<string>(), facet["count"]!.GetValue<int>()));

        // The database fallback filters by the same sellers: theirs alone, and nothing when nobody is online.
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant);
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var fallback = await GigStore.Search.Engines.DatabaseSearch.SearchAsync(catalog, new() { OnlineOnly = true, OnlineSellerIds = new HashSet<string> { seller.Id }, PageSize = 60 }, default);
        Assert.Equal(seller.Gigs, fallback.Total);
        Assert.All(fallback.Hits, h => Assert.Equal(seller.Name, h.SellerName));
        Assert.Equal(0, (await GigStore.Search.Engines.DatabaseSearch.SearchAsync(catalog, new() { OnlineOnly = true }, default)).Total);
    }

    [Fact]
    public async Task ATenantWithElasticsearchIndexesAndSearchesThereAndDegradesWhenItIsDown()
    {
        await using var elastic = await Elasticsearch.FakeElasticsearch.StartAsync();
        var tenant = await app.CreateTenantAsync("Elastic", recipe: "marketplace", prefix: "elastic", adminEmail: "owner@elastic.test");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant))
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<GigStore.Shell.Features.FeatureManager>().EnableAsync([GigStore.Search.Contracts.SearchFeatures.Elasticsearch])).Succeeded);
        }

        // The store's admin connects it, with an API key that is stored encrypted and never shown back.
        var admin = app.Browser();
        await admin.SignInAsync("/t/elastic", "owner@elastic.test", "Owner-pass-123!");
        elastic.ApiKey = "c2VjcmV0LWtleQ==";
        var fields = new Dictionary<string, string> { ["Url"] = "not a url", ["IndexPrefix"] = "Bad Prefix!", ["ApiKey"] = "" };
        var refused = await admin.PostFormAsync("/t/elastic/admin/search", "/t/elastic/admin/search/elasticsearch", fields);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Enter the server&#x27;s address", refusedPage);
        Assert.Contains("es-prefix-error", refusedPage);

        fields = new Dictionary<string, string> { ["Url"] = elastic.Url.ToString(), ["IndexPrefix"] = "test-", ["ApiKey"] = "c2VjcmV0LWtleQ==" };
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/t/elastic/admin/search", "/t/elastic/admin/search/elasticsearch", fields)).StatusCode);
        var stored = await InTenantAsync(sp => sp.GetRequiredService<SearchDb>().Settings.AsNoTracking().SingleAsync(), tenant);
        Assert.DoesNotContain("c2VjcmV0LWtleQ==", stored.Json);
        Assert.DoesNotContain("c2VjcmV0LWtleQ==", await admin.GetStringAsync("/t/elastic/admin/search"));

        await IndexAsync(tenant);
        Assert.Single(elastic.AliasTargets("test-elastic-gigs"));
        var searched = elastic.Requests.Count;
        var results = await SearchAsync(app.Browser(), "q=wordpress", "/t/elastic");
        Assert.False(results["degraded"]!.GetValue<bool>());
        Assert.Contains(Titles(results), t => t.Contains("WordPress", StringComparison.Ordinal));
        Assert.Contains(elastic.Requests.Skip(searched), r => r.PathAndQuery.StartsWith("/test-elastic-gigs/_search", StringComparison.Ordinal));
        Assert.Contains("Answering", await admin.GetStringAsync("/t/elastic/admin/search"));

        // Elasticsearch down: the store answers from its database, and says so.
        elastic.Unavailable = true;
        var degraded = await SearchAsync(app.Browser(), "q=wordpress", "/t/elastic");
        Assert.True(degraded["degraded"]!.GetValue<bool>());
        Assert.Contains(Titles(degraded), t => t.Contains("WordPress", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/t/elastic/search?q=wordpress")).StatusCode);
        Assert.Contains("Not answering", await admin.GetStringAsync("/t/elastic/admin/search"));
    }

    /// <summary>A complete gig with one uploaded image, ready to publish.</summary>
    private static async Task<JsonObject> GigAsync(HttpClient seller, string title)
    {
        var body = new ByteArrayContent([.. Photo, .. System.Text.Encoding.UTF8.GetBytes(title)]);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var image = (await (await seller.PostAsync("/api/media/images", body)).Content.ReadFromJsonAsync<JsonObject>())!;
        var categories = (await seller.GetFromJsonAsync<JsonArray>("/api/categories"))!;
        var design = categories.First(c => c!["slug"]!.GetValue<string>() == "graphics-design")!;
        var logo = design["subcategories"]!.AsArray().First(c => c!["slug"]!.GetValue<string>() == "logo-design")!;
        return new JsonObject
        {
            ["title"] = title,
            ["categoryId"] = design["id"]!.GetValue<int>(),
            ["subcategoryId"] = logo["id"]!.GetValue<int>(),
            ["attributes"] = new JsonObject { ["logo-style"] = new JsonArray("Vintage") },
            ["description"] = string.Concat(Enumerable.Repeat("Watercolour airships and hangars painted by hand and scanned at high resolution. ", 3)),
            ["gallery"] = new JsonArray(new JsonObject { ["id"] = image["id"]!.GetValue<string>(), ["width"] = image["width"]!.GetValue<int>(), ["height"] = image["height"]!.GetValue<int>(), ["widths"] = image["widths"]!.DeepClone() }),
            ["packages"] = new JsonArray(new JsonObject { ["tier"] = "Basic", ["name"] = "Sketch", ["description"] = "One painting.", ["priceMinor"] = 3000, ["deliveryDays"] = 3, ["revisions"] = 1, ["features"] = new JsonArray() }),
        };
    }
}
