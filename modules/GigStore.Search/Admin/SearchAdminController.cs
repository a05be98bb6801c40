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
using Microsoft.AspNetCore.DataProtection;
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
    RankingForm Ranking,
    ElasticsearchForm? Elasticsearch);

/// <summary>The tenant's Elasticsearch connection as the form edits it; the stored API key is never shown back.</summary>
public sealed class ElasticsearchForm
{
    public string? Url { get; set; }

    public string? IndexPrefix { get; set; } = "gigstore-";

    /// <summary>A new key; empty keeps the stored one.</summary>
    public string? ApiKey { get; set; }

    public bool RemoveApiKey { get; set; }

    /// <summary>Whether a key is stored (shown as "a key is stored").</summary>
    public bool HasStoredKey { get; set; }

    /// <summary>Errors by field name.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public bool Validate()
    {
        if (!Uri.TryCreate(Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            Errors[nameof(Url)] = "Enter the server's address, such as https://search.example.com:9200.";
        }

        var prefix = IndexPrefix?.Trim() ?? "";
        if (prefix.Length > 40 || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_') || prefix.StartsWith('-') || prefix.StartsWith('_'))
        {
            Errors[nameof(IndexPrefix)] = "Use at most 40 lower-case letters, digits, - and _, not starting with - or _.";
        }

        if (ApiKey is { Length: > 500 })
        {
            Errors[nameof(ApiKey)] = "That is longer than any API key.";
        }

        return Errors.Count == 0;
    }
}

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

    /// <summary>Saves the Elasticsearch connection (with the Elasticsearch feature) and has the index built there.</summary>
    [HttpPost("elasticsearch")]
    public async Task<IActionResult> Elasticsearch(ElasticsearchForm form, CancellationToken ct)
    {
        if (!tenants.Tenant.IsFeatureEnabled(SearchFeatures.Elasticsearch))
        {
            return NotFound();
        }

        var current = await settings.GetAsync(ct);
        form.HasStoredKey = current.Elasticsearch?.ProtectedApiKey is not null;
        if (!form.Validate())
        {
            return View("Index", await PageAsync(RankingForm.From(current.Ranking), ct, form));
        }

        var key = form.RemoveApiKey ? null
            : string.IsNullOrWhiteSpace(form.ApiKey) ? current.Elasticsearch?.ProtectedApiKey
            : engines.Protector.Protect(form.ApiKey.Trim());
        await settings.SaveAsync(current with { Elasticsearch = new ElasticsearchConnection(form.Url!.Trim(), key, form.IndexPrefix!.Trim()) }, ct);
        await indexer.RequestRebuildAsync(ct);
        TempData["Status"] = "Elasticsearch connection saved; the index is being built there, and searches use it once it is.";
        return Redirect($"{Request.PathBase}/admin/search");
    }

    private async Task<SearchStatusPage> PageAsync(RankingForm ranking, CancellationToken ct, ElasticsearchForm? elasticsearch = null)
    {
        var current = await settings.GetAsync(ct);
        var engine = engines.For(tenants.Tenant, current);
        if (tenants.Tenant.IsFeatureEnabled(SearchFeatures.Elasticsearch))
        {
            var connection = engines.Connection(current);
            elasticsearch ??= new ElasticsearchForm
            {
                Url = connection?.Url,
                IndexPrefix = connection?.IndexPrefix ?? "gigstore-",
                HasStoredKey = connection?.ProtectedApiKey is not null,
            };
        }
        else
        {
            elasticsearch = null;
        }

        var health = await engine.HealthAsync(ct);
        IndexStats? stats = null;
        if (health.Healthy)
        {
            stats = await engine.StatsAsync(ct);
        }

        var (pending, lag) = await indexer.PendingAsync(ct);
        return new SearchStatusPage(engine.Name, stats, health, await indexer.StateAsync(ct), pending, lag, ranking, elasticsearch);
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
