using System.ComponentModel.DataAnnotations;
using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Search.Contracts;
using GigStore.Search.Data;
using GigStore.Search.Engines;
using GigStore.Search.Indexing;
using GigStore.Search.Ranking;
using GigStore.Tenants;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Search.Admin;

/// <summary>What the admin sees of the index: engine, size, lag, last error; and the ranking weights.</summary>
public sealed record SearchStatusPage(
    string Engine,
    IndexStats? Stats,
    EngineHealth Health,
    IndexState State,
    int Pending,
    TimeSpan Lag,
    RankingForm Ranking);

/// <summary>The ranking weights as the settings form edits them.</summary>
public sealed class RankingForm
{
    [Range(0, 100)] public double TitleWeight { get; set; }
    [Range(0, 100)] public double TagsWeight { get; set; }
    [Range(0, 100)] public double FacetsWeight { get; set; }
    [Range(0, 100)] public double DescriptionWeight { get; set; }
    [Range(0, 10)] public double RatingWeight { get; set; }
    [Range(0, 10)] public double OrdersWeight { get; set; }
    [Range(0, 10)] public double LevelWeight { get; set; }
    [Range(0, 10)] public double RecencyWeight { get; set; }
    [Range(1, 3650)] public double RecencyHalfLifeDays { get; set; }

    public static RankingForm From(RankingSettings r) => new()
    {
        TitleWeight = r.TitleWeight,
        TagsWeight = r.TagsWeight,
        FacetsWeight = r.FacetsWeight,
        DescriptionWeight = r.DescriptionWeight,
        RatingWeight = r.RatingWeight,
        OrdersWeight = r.OrdersWeight,
        LevelWeight = r.LevelWeight,
        RecencyWeight = r.RecencyWeight,
        RecencyHalfLifeDays = r.RecencyHalfLifeDays,
    };

    public RankingSettings ToSettings() => new()
    {
        TitleWeight = TitleWeight,
        TagsWeight = TagsWeight,
        FacetsWeight = FacetsWeight,
        DescriptionWeight = DescriptionWeight,
        RatingWeight = RatingWeight,
        OrdersWeight = OrdersWeight,
        LevelWeight = LevelWeight,
        RecencyWeight = RecencyWeight,
        RecencyHalfLifeDays = RecencyHalfLifeDays,
    };
}

[Admin]
[RequireFeatures(SearchFeatures.Search)]
[Route("admin/search")]
public sealed class SearchAdminController(SearchEngines engines, SearchIndexer indexer, SearchSettingsStore settings, ITenantAccessor tenants) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await PageAsync(RankingForm.From((await settings.GetAsync(ct)).Ranking), ct));

    [HttpPost("rebuild")]
    public async Task<IActionResult> Rebuild(CancellationToken ct)
    {
        await indexer.RequestRebuildAsync(ct);
        TempData["Status"] = "The index will be rebuilt in the background; searches use the current one until the new one is ready.";
        return Redirect($"{Request.PathBase}/admin/search");
    }

    [HttpPost("ranking")]
    public async Task<IActionResult> Ranking(RankingForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View("Index", await PageAsync(form, ct));
        }

        var current = await settings.GetAsync(ct);
        await settings.SaveAsync(current with { Ranking = form.ToSettings() }, ct);
        TempData["Status"] = "Ranking weights saved; searches use them from now on.";
        return Redirect($"{Request.PathBase}/admin/search");
    }

    private async Task<SearchStatusPage> PageAsync(RankingForm ranking, CancellationToken ct)
    {
        var engine = engines.For(tenants.Tenant, await settings.GetAsync(ct));
        var health = await engine.HealthAsync(ct);
        IndexStats? stats = null;
        if (health.Healthy)
        {
            stats = await engine.StatsAsync(ct);
        }

        var (pending, lag) = await indexer.PendingAsync(ct);
        return new SearchStatusPage(engine.Name, stats, health, await indexer.StateAsync(ct), pending, lag, ranking);
    }
}

internal sealed class SearchNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Admin)
        {
            builder.Add("Search", "/admin/search", 400, Roles.Administrator);
        }
    }
}
