using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Modules;
using GigStore.Search.Contracts;
using GigStore.Search.Query;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Search.Storefront;

/// <summary>The results page (/search) and the search box's suggestions (/search/suggest).</summary>
[RequireFeatures(SearchFeatures.Search)]
public sealed class SearchController(GigSearch search, CatalogDb catalog, CategoryCache categories, ITenantAccessor tenants) : Controller
{
    /// <summary>The store's currency for price filters (one per store; gigs are priced in it).</summary>
    public const string Currency = "USD";

    [HttpGet("search")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var tree = await categories.GetAsync(tenants.Tenant, catalog, ct);
        var (query, errors) = SearchQueryBinder.Bind(Request.Query, tree, Currency);
        var results = await search.SearchAsync(query, ct);
        var model = new SearchPage(query, results, errors, tree, new SearchLinks($"{Request.PathBase}/search", Request.Query), Currency);

        // htmx asks for the results region only; everything else gets the whole page (no JavaScript needed).
        return Request.Headers.ContainsKey("HX-Request") && !Request.Headers.ContainsKey("HX-History-Restore-Request")
            ? PartialView("_Results", model)
            : View(model);
    }

    /// <summary>Suggestions for the search box as an HTML list (the box's script shows it as a listbox).</summary>
    [HttpGet("search/suggest")]
    public async Task<IActionResult> Suggest(string? q, CancellationToken ct)
    {
        var tree = await categories.GetAsync(tenants.Tenant, catalog, ct);
        var suggestions = q is { Length: <= SearchQuery.MaxTextLength } ? await search.SuggestAsync(q, tree, ct) : [];
        Response.Headers.CacheControl = "private, max-age=60";
        return PartialView("_Suggestions", suggestions);
    }
}
