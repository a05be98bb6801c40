using GigStore.Catalog.Categories;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Commerce;
using GigStore.Modules;
using GigStore.Shell.Modules;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Catalog.Storefront;

/// <summary>The buyer's pages: categories and gigs.</summary>
[RequireFeatures(CatalogFeatures.Gigs)]
public sealed class StorefrontController(CatalogDb db, LiveGigCache liveGigs, CategoryCache categories, ITenantAccessor tenants, EnabledServices<IGigCheckout> checkouts, ISellerPresence presence) : Controller
{
    private const int PageSize = 24;

    [HttpGet("categories/{slug}")]
    public async Task<IActionResult> Category(string slug, int page = 1, CancellationToken ct = default)
    {
        var tree = await categories.GetAsync(tenants.Tenant, db, ct);
        if (tree.Find(slug) is not { } category)
        {
            return NotFound();
        }

        page = Math.Max(page, 1);
        var rows = await GigQueries.CategoryCardsAsync(db, category.Id, (page - 1) * PageSize, PageSize, ct);

        // A first page with room to spare holds all of the category's gigs, so there is nothing to count.
        var total = page == 1 && rows.Count < PageSize ? rows.Count : await GigQueries.CategoryCountAsync(db, category.Id, ct);
        var pageCount = Math.Max(1, (int)Math.Ceiling(total / (double)PageSize));
        if (page > pageCount)
        {
            page = pageCount;
            rows = await GigQueries.CategoryCardsAsync(db, category.Id, (page - 1) * PageSize, PageSize, ct);
        }

        return View(new CategoryPage(category, tree.Find(category.ParentId), tree.Children(category.Id), [.. rows.Select(g => g.ToSummary())], page, pageCount, total));
    }

    /// <summary>
    /// The gig page. <paramref name="package"/> and <paramref name="extras"/> pick what the buyer is
    /// looking at; the total is computed here, so the page works without JavaScript.
    /// </summary>
    [HttpGet("gigs/{slug}")]
    public async Task<IActionResult> Gig(string slug, PackageTier? package, [FromQuery] int[]? extras, int? quantity, CancellationToken ct)
    {
        var page = await GigQueries.GigPageAsync(db, slug, ct);
        if (page is null)
        {
            return await GigQueries.MovedToAsync(db, slug, ct) is { } moved
                ? RedirectPermanent($"{Request.PathBase}/gigs/{moved}{Request.QueryString}")
                : NotFound();
        }

        var (gig, more) = page;

        var live = liveGigs.Get(tenants.Tenant.Name, gig);
        var tree = await categories.GetAsync(tenants.Tenant, db, ct);
        return View(GigPage.For(gig, live.Content, live.DescriptionHtml, tree, package, extras, [.. more.Select(g => g.ToSummary())], quantity) with
        {
            CheckoutAction = checkouts.All.FirstOrDefault()?.Action,
            SellerOnline = (await presence.OnlineSellersAsync(ct)).Contains(gig.Seller.Id),
        });
    }
}
