using GigStore.Catalog.Gigs;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Commerce;
using GigStore.Search.Query;
using GigStore.Search.Storefront;
using GigStore.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GigStore.Search.Api;

public sealed record SearchHitDto(
    int Id,
    string Slug,
    string Title,
    string? TitleHtml,
    string? SnippetHtml,
    PriceDto StartingPrice,
    int MinDeliveryDays,
    double Rating,
    int Reviews,
    int OrdersCompleted,
    SearchSellerDto Seller,
    Catalog.Gigs.GalleryImage? Cover);

/// <summary>The gig's seller; <c>Online</c> when they were active in the last few minutes.</summary>
public sealed record SearchSellerDto(string Handle, string DisplayName, string Level, bool Online);


/// <summary>One page of results with the total, facet counts (facet name → value → count) and spelling help.</summary>
public sealed record SearchResponseDto(
    IReadOnlyList<SearchHitDto> Items,
    long Total,
    int Page,
    int PageSize,
    string Sort,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    string? CorrectedText,
    bool Degraded);

public sealed record SuggestionDto(string Kind, string Text, string? Slug);

/// <summary>The search as JSON: the same query parameters as the results page (see <see cref="SearchQueryBinder"/>).</summary>
internal static class SearchEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var search = routes.MapGroup("/api/search").WithTags("Search").AllowAnonymous();
        search.MapGet("/", Search).WithName("Search.Search")
            .WithSummary("Searches published gigs")
            .WithDescription("Parameters: q, category (slug), a.{attribute} (repeatable), min, max (major units), delivery (1|3|7|any), level (new|level1|level2|top, repeatable), rating (4|4.5), lang, country (repeatable), online (1: only sellers online now, seen in the last 5 minutes; 0), sort (relevance|best-selling|rating|price-asc|price-desc|newest), page, size (1–60). Facet counts apply every filter but their own; the online facet's one value, 1, counts the gigs of online sellers, whether or not online=1 is given.");
        search.MapGet("/suggest", Suggest).WithName("Search.Suggest").WithSummary("Suggestions for what is being typed (from 2 characters)");
    }

    private static async Task<Results<Ok<SearchResponseDto>, ValidationProblem>> Search(HttpRequest request, GigSearch search, CatalogDb catalog, CategoryCache categories, ITenantAccessor tenants, CancellationToken ct)
    {
        var tree = await categories.GetAsync(tenants.Tenant, catalog, ct);
        var (query, errors) = SearchQueryBinder.Bind(request.Query, tree, SearchController.Currency);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search could not be read.");
        }

        var results = await search.SearchAsync(query, ct);
        return TypedResults.Ok(new SearchResponseDto(
            [.. results.Hits.Select(h => new SearchHitDto(
                h.GigId,
                h.Slug,
                h.Title,
                h.TitleHtml,
                h.SnippetHtml,
                PriceDto.Of(h.StartingPriceMinor, h.Currency),
                h.MinDeliveryDays,
                h.RatingAverage,
                h.ReviewCount,
                h.OrdersCompleted,
                new SearchSellerDto(h.SellerHandle, h.SellerName, h.SellerLevel.ToString(), h.SellerOnline),
                h.Cover))],
            results.Total,
            query.Page,
            query.PageSize,
            SearchQueryBinder.SortValue(query.Sort),
            results.Facets,
            results.CorrectedText,
            results.Degraded));
    }

    private static async Task<Results<Ok<IReadOnlyList<SuggestionDto>>, ValidationProblem>> Suggest(string? q, GigSearch search, CatalogDb catalog, CategoryCache categories, ITenantAccessor tenants, CancellationToken ct)
    {
        if (q is { Length: > SearchQuery.MaxTextLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = [$"At most {SearchQuery.MaxTextLength} characters."] });
        }

        var tree = await categories.GetAsync(tenants.Tenant, catalog, ct);
        var suggestions = await search.SuggestAsync(q ?? "", tree, ct);
        return TypedResults.Ok<IReadOnlyList<SuggestionDto>>([.. suggestions.Select(s => new SuggestionDto(s.Kind.ToString(), s.Text, s.Slug))]);
    }
}
