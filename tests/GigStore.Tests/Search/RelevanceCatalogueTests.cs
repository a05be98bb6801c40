using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Search.Contracts;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Search;

/// <summary>A host with the relevance catalogue set up once, on SQLite, at /t/relevance/.</summary>
public sealed class RelevanceCatalogueFixture : IAsyncLifetime
{
    public GigStoreFactory App { get; } = new();

    public Tenant Tenant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The relevance suite indexes when it is ready; no background indexer in between.
        App.Settings["GigStore:RunBackgroundJobs"] = "false";
        Tenant = await RelevanceCatalogue.CreateTenantAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The fixture files themselves: no host needed.</summary>
public sealed class RelevanceCatalogueLabelTests
{
    private static readonly IReadOnlyList<string> Titles = RelevanceCatalogue.Titles();

    [Fact]
    public void TheCatalogueHasAboutOneHundredAndFiftyGigsWithDistinctTitles()
    {
        Assert.InRange(Titles.Count, 140, 170);
        Assert.Equal(Titles.Count, Titles.Select(GigService.Slugify).Distinct().Count());
    }

    [Fact]
    public void EveryQueryIsLabelledWithGigsOfTheCatalogue()
    {
        var queries = RelevanceCatalogue.Queries();

        Assert.True(queries.Count >= 36, $"{queries.Count} queries; the suite needs at least 36");
        Assert.Equal(queries.Count, queries.Select(q => q.Query.Trim().ToLowerInvariant()).Distinct().Count());
        Assert.All(RelevanceCatalogue.Kinds, kind => Assert.True(queries.Count(q => q.Kind == kind) >= 5, $"fewer than 5 '{kind}' queries"));
        Assert.All(queries, query =>
        {
            Assert.Contains(query.Kind, RelevanceCatalogue.Kinds);
            Assert.InRange(query.MustBeInTop5.Length, 1, RelevanceCatalogue.TopK);
            Assert.Equal(query.MustBeInTop5.Length, query.MustBeInTop5.Distinct().Count());
            Assert.All(query.MustBeInTop5, label => Assert.Contains(label, Titles));
        });
    }

    [Fact]
    public void PrecisionAtFiveCountsLabelledGigsAmongTheFirstFive()
    {
        var query = new RelevanceQuery("logo", "exact", ["I will design a logo", "I will draw a logo"]);
        string[] ranked = ["i-will-draw-a-logo", "a", "b", "c", "d", "I will design a logo"];

        Assert.Equal(0.5, RelevanceCatalogue.PrecisionAt5(query, ranked));
        Assert.Equal(1.0, RelevanceCatalogue.PrecisionAt5(query, ["I will design a logo", "i-will-draw-a-logo"]));
        Assert.Equal(0.0, RelevanceCatalogue.PrecisionAt5(query, []));
        Assert.Equal(0.75, RelevanceCatalogue.MeanPrecisionAt5([(query, ranked), (query, ["I will draw a logo", "I will design a logo"])]));
    }
}

/// <summary>The catalogue loads: a tenant set up from the recipe lists every gig as the recipe describes it.</summary>
public sealed class RelevanceCatalogueTests(RelevanceCatalogueFixture fixture) : IClassFixture<RelevanceCatalogueFixture>
{
    private static readonly IReadOnlyList<string> Titles = RelevanceCatalogue.Titles();

    [Fact]
    public async Task EveryGigIsPublishedAndListed()
    {
        var browser = fixture.App.Browser();
        var listed = new List<string>();
        for (var page = 1; ; page++)
        {
            var result = (await browser.GetFromJsonAsync<JsonObject>($"/t/{RelevanceCatalogue.Prefix}/api/gigs?pageSize=100&page={page}"))!;
            var items = result["items"]!.AsArray();
            listed.AddRange(items.Select(i => i!["title"]!.GetValue<string>()));
            Assert.Equal(Titles.Count, result["total"]!.GetValue<int>());
            if (items.Count < 100)
            {
                break;
            }
        }

        Assert.Equal(Titles.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GigsKeepTheirSlugsImagesStatsAndSellers()
    {
        var stats = Recipe("gigs")["gigs"]!.AsArray().ToDictionary(g => g!["title"]!.GetValue<string>(), g => g!["stats"]!);
        await using var scope = fixture.App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(fixture.Tenant);
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var gigs = await db.Gigs.AsNoTracking().ToListAsync();
        var sellers = await db.Sellers.AsNoTracking().ToListAsync();

        Assert.Equal(Titles.Count, gigs.Count);
        Assert.All(gigs, gig =>
        {
            Assert.Equal(GigState.Published, gig.State);
            Assert.Equal(GigService.Slugify(gig.Title!), gig.Slug);
            Assert.NotNull(gig.Cover);
            var expected = stats[gig.Title!];
            Assert.Equal(expected["rating"]!.GetValue<double>(), gig.RatingAverage);
            Assert.Equal(expected["reviews"]!.GetValue<int>(), gig.ReviewCount);
            Assert.Equal(expected["orders"]!.GetValue<int>(), gig.OrdersCompleted);
        });
        Assert.True(gigs.Select(g => g.ReviewCount).Distinct().Count() > 50, "the track records vary, so quality ranking matters");
        Assert.All(sellers, s =>
        {
            Assert.NotNull(s.Country);
            Assert.NotEmpty(s.Languages);
        });
        Assert.Equal(Enum.GetValues<SellerLevel>().Order(), sellers.Select(s => s.Level).Distinct().Order());
    }

    [Fact]
    public void TheTenantHasSearchOn() => Assert.True(fixture.Tenant.IsFeatureEnabled(SearchFeatures.Search));

    private static JsonObject Recipe(string step) =>
        RelevanceCatalogue.Recipe().Content["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == step)!.AsObject();
}
