using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Storefront;

public sealed record CatalogHome(IReadOnlyList<Category> Categories, IReadOnlyList<GigSummaryDto> NewGigs);

/// <summary>The catalogue's part of the storefront home page: categories to browse and the newest gigs.</summary>
public sealed class CatalogHomeViewComponent(CatalogDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var categories = await db.Categories.AsNoTracking().Where(c => c.ParentId == null).OrderBy(c => c.Position).ToListAsync(ct);
        var rows = await GigQueries.Visible(db).OrderByDescending(g => g.Id).Take(8).ToListAsync(ct);
        var sellers = await GigQueries.SellersAsync(db, rows.Select(g => g.SellerId), ct);
        return View("~/Areas/GigStore.Catalog/Views/Shared/Components/CatalogHome/Default.cshtml", new CatalogHome(categories, [.. rows.Select(g => GigQueries.Summary(g, sellers[g.SellerId]))]));
    }
}
