using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Sellers;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

/// <summary>
/// "Online now": a signed-in seller's requests record when they were last active (at most once a minute),
/// and a seller seen in the last five minutes is online — a badge on their pages, and search's filter.
/// The host runs on a clock the tests move.
/// </summary>
public sealed class SellerPresenceTests : IClassFixture<GigStoreFactory>
{
    private const string Password = "Seller-pass-123!";

    private readonly GigStoreFactory app;

    public SellerPresenceTests(GigStoreFactory app)
    {
        Clock = app.OnManualClock();
        this.app = app;
    }

    private ManualClock Clock { get; }

    [Fact]
    public async Task ASellersRequestsAreRecordedAtMostOnceAMinuteAndNeverInTheOutbox()
    {
        var seller = app.Browser();
        await seller.RegisterAsync("Rosa Presence", "rosa@presence.test", Password, seller: true);
        var category = (await seller.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/categories"))![0]!;
        var created = await seller.PostAsJsonAsync("/api/seller/gigs", new
        {
            title = "I will paint a portrait of your team",
            categoryId = category["id"]!.GetValue<int>(),
            subcategoryId = category["subcategories"]![0]!["id"]!.GetValue<int>(),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = await WithCatalogAsync(db => db.Sellers.Where(s => s.Handle == "rosa-presence").Select(s => s.UserId).SingleAsync());
        var outbox = await WithCatalogAsync(db => db.GigChanges.CountAsync());

        // The requests that made the profile came before it existed; a minute on, the next one is recorded.
        Clock.Advance(SellerActivity.WriteEvery);
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync("/")).StatusCode);
        Assert.Equal(Clock.GetUtcNow(), await LastSeenAsync(id));

        // Within the minute the seller's requests leave the database alone: the column, emptied behind the
        // app's back, stays empty however many pages they open.
        await SetLastSeenAsync(id, null);
        Clock.Advance(TimeSpan.FromSeconds(30));
        await seller.GetAsync("/");
        await seller.GetAsync("/sellers/rosa-presence");
        await seller.GetAsync("/api/seller/gigs");
        Assert.Null(await LastSeenAsync(id));

        // A minute after the last write, the next request writes again: pages and the seller API alike.
        Clock.Advance(TimeSpan.FromSeconds(30));
        await seller.GetAsync("/api/seller/gigs");
        Assert.Equal(Clock.GetUtcNow(), await LastSeenAsync(id));

        // Presence is not a catalogue change: the search index hears nothing of it.
        Assert.Equal(outbox, await WithCatalogAsync(db => db.GigChanges.CountAsync()));
    }

    [Fact]
    public async Task AnOnlineSellerHasABadgeOnTheirGigAndProfileUntilFiveMinutesPass()
    {
        var gig = await WithCatalogAsync(db => GigStore.Catalog.Gigs.VisibleGigs.Query(db)
            .OrderByDescending(v => v.Gig.Id).Select(v => new { v.Seller.UserId, v.Seller.Handle, v.Gig.Slug }).FirstAsync());
        var (sellerId, handle, slug) = (gig.UserId, gig.Handle, gig.Slug);
        await SetLastSeenAsync(sellerId, null);
        Clock.Advance(OnlineSellers.ReadEvery);
        var visitor = app.Browser();
        Assert.Null(Badge(await visitor.GetStringAsync($"/gigs/{slug}"), ".seller-card"));

        await SetLastSeenAsync(sellerId, Clock.GetUtcNow());
        Clock.Advance(OnlineSellers.ReadEvery);
        Assert.Equal("Online", Badge(await visitor.GetStringAsync($"/gigs/{slug}"), ".seller-card"));
        Assert.Equal("Online", Badge(await visitor.GetStringAsync($"/sellers/{handle}"), ".seller-facts"));

        Clock.Advance(ISellerPresence.OnlineWindow - OnlineSellers.ReadEvery + TimeSpan.FromSeconds(1));
        Assert.Null(Badge(await visitor.GetStringAsync($"/gigs/{slug}"), ".seller-card"));
        Assert.Null(Badge(await visitor.GetStringAsync($"/sellers/{handle}"), ".seller-facts"));
    }

    [Fact]
    public Task PresenceIsWrittenOnceAMinuteAcrossNodesAndReadForFiveMinutesOnSqlite() =>
        WrittenOnceAMinuteAndReadForFiveMinutesAsync(app.Registry.Default);

    [Fact]
    public Task PresenceIsWrittenOnceAMinuteAcrossNodesAndReadForFiveMinutesOnPostgreSql() => MigrationTests.WithPostgresDatabaseAsync(async connection =>
        await WrittenOnceAMinuteAndReadForFiveMinutesAsync(await app.CreateTenantAsync("PgPresence", recipe: "marketplace", prefix: "pgpresence", provider: DatabaseProvider.Postgres, connectionString: connection, adminEmail: "owner@pgpresence.test")));

    /// <summary>
    /// The database's part on <paramref name="tenant"/>: the conditional write another node makes (it has no
    /// note of this one's writes), and the online sellers read back by time. Times are compared by the database.
    /// </summary>
    private async Task WrittenOnceAMinuteAndReadForFiveMinutesAsync(Tenant tenant)
    {
        var sellers = await WithCatalogAsync(db => db.Sellers.OrderBy(s => s.UserId).Select(s => s.UserId).Take(2).ToListAsync(), tenant);
        var (seller, other) = (sellers[0], sellers[1]);
        var seen = Clock.GetUtcNow();

        // The class's other tests share the default tenant and its clock, and may have recorded either seller
        // at this very time (a seller they registered can sort first): start from sellers never seen.
        await SetLastSeenAsync(seller, null, tenant);
        await SetLastSeenAsync(other, null, tenant);

        Assert.Equal(1, await WithCatalogAsync(db => SellerActivity.RecordAsync(db, seller, seen, default), tenant));
        Assert.Equal(0, await WithCatalogAsync(db => SellerActivity.RecordAsync(db, seller, seen + TimeSpan.FromSeconds(59), default), tenant));
        Assert.Equal(seen, await LastSeenAsync(seller, tenant));
        Assert.Equal(1, await WithCatalogAsync(db => SellerActivity.RecordAsync(db, seller, seen + SellerActivity.WriteEvery, default), tenant));
        Assert.Equal(seen + SellerActivity.WriteEvery, await LastSeenAsync(seller, tenant));
        Assert.Equal(0, await WithCatalogAsync(db => SellerActivity.RecordAsync(db, "no-such-seller", seen, default), tenant));

        // Online for five minutes after the last request.
        Clock.Advance(OnlineSellers.ReadEvery);
        await SetLastSeenAsync(seller, Clock.GetUtcNow() - ISellerPresence.OnlineWindow + TimeSpan.FromSeconds(1), tenant);
        await SetLastSeenAsync(other, Clock.GetUtcNow() - ISellerPresence.OnlineWindow - TimeSpan.FromSeconds(1), tenant);
        var online = await OnlineAsync(tenant);
        Assert.Contains(seller, online);
        Assert.DoesNotContain(other, online);

        Clock.Advance(OnlineSellers.ReadEvery);
        await SetLastSeenAsync(seller, Clock.GetUtcNow() - ISellerPresence.OnlineWindow - TimeSpan.FromSeconds(1), tenant);
        Assert.DoesNotContain(seller, await OnlineAsync(tenant));
    }

    /// <summary>The text of the online badge within <paramref name="container"/>, or null without one.</summary>
    private static string? Badge(string html, string container) =>
        new HtmlParser().ParseDocument(html).QuerySelector($"{container} .online-badge")?.TextContent.Trim();

    private Task<IReadOnlySet<string>> OnlineAsync(Tenant tenant) =>
        InTenantAsync(sp => sp.GetRequiredService<ISellerPresence>().OnlineSellersAsync(default), tenant);

    private Task<DateTimeOffset?> LastSeenAsync(string sellerId, Tenant? tenant = null) =>
        WithCatalogAsync(db => db.Sellers.Where(s => s.UserId == sellerId).Select(s => s.LastSeenUtc).SingleAsync(), tenant);

    private Task<int> SetLastSeenAsync(string sellerId, DateTimeOffset? seen, Tenant? tenant = null) =>
        WithCatalogAsync(db => db.Sellers.Where(s => s.UserId == sellerId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, seen?.ToUniversalTime())), tenant);

    private Task<T> WithCatalogAsync<T>(Func<CatalogDb, Task<T>> work, Tenant? tenant = null) =>
        InTenantAsync(sp => work(sp.GetRequiredService<CatalogDb>()), tenant);

    private async Task<T> InTenantAsync<T>(Func<IServiceProvider, Task<T>> work, Tenant? tenant = null)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant ?? app.Registry.Default);
        return await work(scope.ServiceProvider);
    }
}
