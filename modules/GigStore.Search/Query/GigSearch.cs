using GigStore.Catalog.Categories;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Search.Engines;
using GigStore.Search.Ranking;
using GigStore.Tenants;
using Microsoft.Extensions.Logging;

namespace GigStore.Search.Query;

/// <summary>
/// Search as the storefront and the API use it: the tenant's engine with the tenant's ranking, and when
/// the engine fails, the database (<see cref="DatabaseSearch"/>) with a logged warning — never an error page.
/// The query gets the sellers online now here, so the engines filter and count by them without asking.
/// </summary>
public sealed class GigSearch(
    SearchEngines engines,
    SearchSettingsStore settings,
    CatalogDb catalog,
    ISellerPresence presence,
    ITenantAccessor tenants,
    ILogger<GigSearch> logger)
{
    public const int SuggestionLimit = 8;

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        var online = await presence.OnlineSellersAsync(ct);
        query = query with { OnlineSellerIds = online };
        SearchResults results;
        try
        {
            results = await engines.For(tenants.Tenant, current).SearchAsync(query, current.Ranking, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Search engine failed for tenant {Tenant}; answering from the database (degraded)", tenants.Tenant.Name);
            results = await DatabaseSearch.SearchAsync(catalog, query, ct);
        }

        // Cards say who is online now: presence changes by the minute, so it is never in an index.
        return online.Count == 0 ? results : results with { Hits = [.. results.Hits.Select(h => h with { SellerOnline = online.Contains(h.SellerId) })] };
    }

    /// <summary>Categories whose names start with (or nearly spell) what is typed, then the engine's words and gigs.</summary>
    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string text, CategoryTree categories, CancellationToken ct)
    {
        var words = SearchText.Words(text);
        if (words.Sum(w => w.Length) < 2)
        {
            return [];
        }

        var suggestions = new List<Suggestion>();
        var typed = string.Join(' ', words);
        foreach (var category in categories.Top.Concat(categories.Top.SelectMany(c => categories.Children(c.Id))))
        {
            var name = string.Join(' ', SearchText.Words(category.Name));
            var nameWords = name.Split(' ');
            var matches = name.StartsWith(typed, StringComparison.Ordinal)
                || nameWords.Any(w => w.StartsWith(words[^1], StringComparison.Ordinal) && words.Count == 1)
                || (typed.Length >= 4 && SearchText.Distance(typed, name[..Math.Min(name.Length, typed.Length)], SearchText.AllowedEdits(typed.Length)) <= SearchText.AllowedEdits(typed.Length));
            if (matches)
            {
                suggestions.Add(new Suggestion(SuggestionKind.Category, category.Name, category.Slug));
            }
        }

        suggestions = [.. suggestions.Take(3)];
        try
        {
            var found = await engines.For(tenants.Tenant, await settings.GetAsync(ct)).SuggestAsync(text, SuggestionLimit - suggestions.Count, ct);
            suggestions.AddRange(found.Where(f => f.Kind != SuggestionKind.Category));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Search engine failed to suggest for tenant {Tenant}", tenants.Tenant.Name);
        }

        return suggestions;
    }
}
