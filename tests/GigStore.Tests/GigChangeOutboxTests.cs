using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Data;
using GigStore.Shell.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

/// <summary>The catalogue's outbox: every buyer-visible gig change leaves a row, in the same transaction as the change.</summary>
public sealed class GigChangeOutboxTests : IClassFixture<GigStoreFactory>
{
    private readonly GigStoreFactory app;

    public GigChangeOutboxTests(GigStoreFactory app)
    {
        // The search indexer drains the outbox; these tests read it as written.
        app.Settings["GigStore:RunBackgroundJobs"] = "false";
        this.app = app;
    }

    private static readonly byte[] Photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "photo-gps-rotated.jpg"));

    [Fact]
    public async Task TheDemoCatalogueIsInTheOutbox()
    {
        var (gigs, changed) = await WithCatalogAsync(async db => (await db.Gigs.CountAsync(), await db.GigChanges.Select(c => c.GigId).Distinct().CountAsync()));
        Assert.True(gigs >= 40);
        Assert.Equal(gigs, changed);
    }

    [Fact]
    public async Task PublishPauseAndLiveEditsAreRecordedButDraftSavesAndRefusalsAreNot()
    {
        var seller = app.Browser();
        await seller.RegisterAsync("Outbox Seller", "outbox@sellers.test", "Seller-pass-123!", seller: true);
        var gig = await GigAsync(seller);
        var id = (await (await seller.PostAsJsonAsync("/api/seller/gigs", gig)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
        var afterCreate = await ChangesAsync(id);

        gig["title"] = "I will draw a logo for your outbox bakery shop";
        await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", gig);
        Assert.Equal(afterCreate, await ChangesAsync(id));

        var incomplete = JsonNode.Parse(gig.ToJsonString())!.AsObject();
        await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", new JsonObject { ["title"] = "I will draw a logo with no packages at all", ["categoryId"] = gig["categoryId"]!.DeepClone(), ["subcategoryId"] = gig["subcategoryId"]!.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);
        Assert.Equal(afterCreate, await ChangesAsync(id));

        await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", incomplete);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/seller/gigs/{id}/publish", null)).StatusCode);
        Assert.Equal(afterCreate + 1, await ChangesAsync(id));

        // A draft over the live gig changes nothing buyers see until it is published.
        incomplete["description"] = incomplete["description"]!.GetValue<string>() + " Now with a second round of sketches.";
        await seller.PutAsJsonAsync($"/api/seller/gigs/{id}", incomplete);
        Assert.Equal(afterCreate + 1, await ChangesAsync(id));
        await seller.PostAsync($"/api/seller/gigs/{id}/publish", null);
        Assert.Equal(afterCreate + 2, await ChangesAsync(id));

        await seller.PostAsync($"/api/seller/gigs/{id}/pause", null);
        Assert.Equal(afterCreate + 3, await ChangesAsync(id));
    }

    [Fact]
    public async Task ASellerGoingOnVacationRecordsEachOfTheirGigs()
    {
        var ids = await WithCatalogAsync(async db =>
        {
            var seller = await db.Sellers.OrderBy(s => s.UserId).FirstAsync(s => db.Gigs.Count(g => g.SellerId == s.UserId) >= 2);
            var gigs = await db.Gigs.Where(g => g.SellerId == seller.UserId).Select(g => g.Id).ToListAsync();
            var before = await db.GigChanges.CountAsync(c => gigs.Contains(c.GigId));
            seller.VacationMode = true;
            await db.SaveChangesAsync();
            Assert.Equal(before + gigs.Count, await db.GigChanges.CountAsync(c => gigs.Contains(c.GigId)));
            seller.Bio = "Back soon.";
            await db.SaveChangesAsync();
            Assert.Equal(before + gigs.Count, await db.GigChanges.CountAsync(c => gigs.Contains(c.GigId)));
            seller.VacationMode = false;
            await db.SaveChangesAsync();
            return gigs;
        });
        Assert.NotEmpty(ids);
    }

    [Fact]
    public async Task AChangeThatFailsLeavesNoOutboxRow()
    {
        var (id, before) = await WithCatalogAsync(async db =>
        {
            var gig = await db.Gigs.OrderBy(g => g.Id).FirstAsync(g => g.State == GigState.Published);
            return (gig.Id, await db.GigChanges.CountAsync(c => c.GigId == gig.Id));
        });

        await using var first = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var stale = first.ServiceProvider.GetRequiredService<CatalogDb>();
        var gig = await stale.Gigs.SingleAsync(g => g.Id == id);

        // Someone else saves the gig meanwhile: the stale copy's save is refused, and with it its outbox row.
        await WithCatalogAsync(async db =>
        {
            var other = await db.Gigs.SingleAsync(g => g.Id == id);
            other.Version++;
            await db.SaveChangesAsync();
            return 0;
        });
        gig.State = GigState.Paused;
        gig.Version++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());

        Assert.Equal(before, await WithCatalogAsync(db => db.GigChanges.CountAsync(c => c.GigId == id)));
        Assert.Equal(GigState.Published, await WithCatalogAsync(async db => (await db.Gigs.SingleAsync(g => g.Id == id)).State));
    }

    private Task<int> ChangesAsync(int id) => WithCatalogAsync(db => db.GigChanges.CountAsync(c => c.GigId == id));

    private async Task<T> WithCatalogAsync<T>(Func<CatalogDb, Task<T>> work)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        return await work(scope.ServiceProvider.GetRequiredService<CatalogDb>());
    }

    /// <summary>A complete gig with one uploaded image, ready to publish.</summary>
    private async Task<JsonObject> GigAsync(HttpClient seller)
    {
        var body = new ByteArrayContent([.. Photo, .. "outbox"u8.ToArray()]);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var image = (await (await seller.PostAsync("/api/media/images", body)).Content.ReadFromJsonAsync<JsonObject>())!;
        var categories = (await seller.GetFromJsonAsync<JsonArray>("/api/categories"))!;
        var design = categories.First(c => c!["slug"]!.GetValue<string>() == "graphics-design")!;
        var logo = design["subcategories"]!.AsArray().First(c => c!["slug"]!.GetValue<string>() == "logo-design")!;
        return new JsonObject
        {
            ["title"] = "I will draw a logo for your outbox bakery",
            ["categoryId"] = design["id"]!.GetValue<int>(),
            ["subcategoryId"] = logo["id"]!.GetValue<int>(),
            ["attributes"] = new JsonObject { ["logo-style"] = new JsonArray("Vintage") },
            ["description"] = string.Concat(Enumerable.Repeat("Hand-drawn lettering for bakeries, cafes and small shops, delivered as vector files. ", 3)),
            ["gallery"] = new JsonArray(new JsonObject { ["id"] = image["id"]!.GetValue<string>(), ["width"] = image["width"]!.GetValue<int>(), ["height"] = image["height"]!.GetValue<int>(), ["widths"] = image["widths"]!.DeepClone() }),
            ["packages"] = new JsonArray(new JsonObject { ["tier"] = "Basic", ["name"] = "Sketch", ["description"] = "One hand-drawn concept.", ["priceMinor"] = 3000, ["deliveryDays"] = 3, ["revisions"] = 1, ["features"] = new JsonArray() }),
        };
    }
}
