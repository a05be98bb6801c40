using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Commerce;
using GigStore.Modules;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Storefront;

/// <summary>The buyer's pages: categories and gigs.</summary>
[RequireFeatures(CatalogFeatures.Gigs)]
public sealed class StorefrontController(CatalogDb db, GigMarkdown markdown, ITenantAccessor tenants) : Controller
{
    private const int PageSize = 24;

    [HttpGet("categories/{slug}")]
    public async Task<IActionResult> Category(string slug, int page = 1, CancellationToken ct = default)
    {
        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
        if (category is null)
        {
            return NotFound();
        }

        var parent = category.ParentId is { } parentId ? await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == parentId, ct) : null;
        var subcategories = await db.Categories.AsNoTracking().Where(c => c.ParentId == category.Id).OrderBy(c => c.Position).ToListAsync(ct);
        var query = GigQueries.Visible(db).Where(g => g.CategoryId == category.Id || g.SubcategoryId == category.Id);
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (int)Math.Ceiling(total / (double)PageSize));
        page = Math.Clamp(page, 1, pageCount);
        var rows = await query.OrderByDescending(g => g.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var sellers = await GigQueries.SellersAsync(db, rows.Select(g => g.SellerId), ct);
        return View(new CategoryPage(category, parent, subcategories, [.. rows.Select(g => GigQueries.Summary(g, sellers[g.SellerId]))], page, pageCount, total));
    }

    /// <summary>
    /// The gig page. <paramref name="package"/> and <paramref name="extras"/> pick what the buyer is
    /// looking at; the total is computed here, so the page works without JavaScript.
    /// </summary>
    [HttpGet("gigs/{slug}")]
    public async Task<IActionResult> Gig(string slug, PackageTier? package, [FromQuery] int[]? extras, CancellationToken ct)
    {
        var (gig, moved) = await GigQueries.FindBySlugAsync(db, slug, ct);
        if (gig is null)
        {
            return moved is null ? NotFound() : RedirectPermanent($"{Request.PathBase}/gigs/{moved}{Request.QueryString}");
        }

        var content = GigContent.FromJson(gig.LiveJson!);
        var selected = content.Packages.FirstOrDefault(p => p.Tier == package) ?? content.Packages[0];
        var chosen = (extras ?? []).Where(i => i >= 0 && i < content.Extras.Length && (content.Extras[i].Tiers is null || content.Extras[i].Tiers!.Contains(selected.Tier))).ToHashSet();
        var total = chosen.Aggregate(new Money(selected.PriceMinor, content.Currency), (sum, i) => sum + new Money(content.Extras[i].PriceMinor, content.Currency));
        var days = selected.DeliveryDays + chosen.Sum(i => content.Extras[i].ExtraDays);

        var sellers = await GigQueries.SellersAsync(db, [gig.SellerId], ct);
        var categories = await db.Categories.AsNoTracking().Where(c => c.Id == gig.CategoryId || c.Id == gig.SubcategoryId).ToListAsync(ct);
        var more = await GigQueries.Visible(db).Where(g => g.SellerId == gig.SellerId && g.Id != gig.Id).OrderByDescending(g => g.Id).Take(4).ToListAsync(ct);
        return View(new GigPage(
            gig,
            content,
            sellers[gig.SellerId],
            markdown.ToHtml($"{tenants.Tenant.Name}:{gig.Id}:{gig.Version}", content.Description),
            categories.FirstOrDefault(c => c.Id == gig.CategoryId),
            categories.FirstOrDefault(c => c.Id == gig.SubcategoryId),
            selected,
            chosen,
            total,
            Math.Max(1, days),
            [.. more.Select(g => GigQueries.Summary(g, sellers[gig.SellerId]))]));
    }
}
