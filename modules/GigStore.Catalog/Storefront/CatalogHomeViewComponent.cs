using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Storefront;

public sealed record CatalogHome(IReadOnlyList<CategoryNode> Categories, IReadOnlyList<GigSummaryDto> NewGigs);

/// <summary>The catalogue's part of the storefront home page: categories to browse and the newest gigs.</summary>
public sealed class CatalogHomeViewComponent(CatalogDb db, CategoryCache categories, ITenantAccessor tenants) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var tree = await categories.GetAsync(tenants.Tenant, db, ct);
        var rows = await GigQueries.Cards(db).OrderByDescending(g => g.Id).Take(8).ToListAsync(ct);
        return View("~/Areas/GigStore.Catalog/Views/Shared/Components/CatalogHome/Default.cshtml", new CatalogHome(tree.Top, [.. rows.Select(g => g.ToSummary())]));
    }
}
