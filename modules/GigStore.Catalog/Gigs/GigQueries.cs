using GigStore.Catalog.Data;
using GigStore.Commerce;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Gigs;

/// <summary>The buyer-facing reads, shared by the JSON API and the storefront pages.</summary>
internal static class GigQueries
{
    /// <summary>Published gigs whose seller is not on vacation (every gig's seller has a profile: it is made with the first gig).</summary>
    public static IQueryable<Gig> Visible(CatalogDb db) =>
        from g in db.Gigs.AsNoTracking()
        join s in db.Sellers on g.SellerId equals s.UserId
        where g.State == GigState.Published && !s.VacationMode
        select g;

    public static async Task<Dictionary<string, SellerDto>> SellersAsync(CatalogDb db, IEnumerable<string> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var rows = await db.Sellers.AsNoTracking().Where(s => wanted.Contains(s.UserId)).ToListAsync(ct);
        return wanted.ToDictionary(id => id, id => rows.FirstOrDefault(r => r.UserId == id) is { } s ? new SellerDto(s.UserId, s.Handle, s.DisplayName, s.VacationMode) : new SellerDto(id, "", "Seller", false));
    }

    public static GigSummaryDto Summary(Gig gig, SellerDto seller)
    {
        var content = GigContent.FromJson(gig.LiveJson!);
        var price = gig.StartingPriceMinor is { } minor ? new PriceDto(minor, gig.Currency, new Money(minor, gig.Currency).Format()) : null;
        return new GigSummaryDto(gig.Id, gig.Slug, gig.Title!, seller, gig.CategoryId, gig.SubcategoryId, price, gig.MinDeliveryDays, content.Gallery.FirstOrDefault());
    }


    /// <summary>A visible gig by its slug; or, for a slug it had before, the slug to redirect to.</summary>
    public static async Task<(Gig? Gig, string? MovedTo)> FindBySlugAsync(CatalogDb db, string slug, CancellationToken ct)
    {
        var gig = await Visible(db).FirstOrDefaultAsync(g => g.Slug == slug, ct);
        if (gig is not null)
        {
            return (gig, null);
        }

        var moved = await db.GigSlugs.AsNoTracking().Where(s => s.Slug == slug)
            .Join(Visible(db), s => s.GigId, g => g.Id, (s, g) => g.Slug).FirstOrDefaultAsync(ct);
        return (null, moved);
    }
}
