using System.Linq.Expressions;
using GigStore.Catalog.Data;
using GigStore.Commerce;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Gigs;

/// <summary>A gig as a card in a listing: listing columns and the seller's name and handle, no document.</summary>
internal class GigCardRow
{
    public int Id { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public string SellerId { get; init; } = "";
    public string SellerHandle { get; init; } = "";
    public string SellerName { get; init; } = "";
    public int? CategoryId { get; init; }
    public int? SubcategoryId { get; init; }
    public long? StartingPriceMinor { get; init; }
    public string Currency { get; init; } = "";
    public int? MinDeliveryDays { get; init; }
    public GalleryImage? Cover { get; init; }

    /// <summary>A card's seller is never on vacation: such sellers' gigs are not listed.</summary>
    public GigSummaryDto ToSummary() => new(
        Id,
        Slug,
        Title,
        new SellerDto(SellerId, SellerHandle, SellerName, false),
        CategoryId,
        SubcategoryId,
        StartingPriceMinor is { } minor ? PriceDto.Of(minor, Currency) : null,
        MinDeliveryDays,
        Cover);
}

/// <summary>A visible gig with what its page and the API show: the live document and the seller.</summary>
public sealed record GigPageRow(int Id, string Slug, string Title, int? CategoryId, int? SubcategoryId, int Version, DateTimeOffset? PublishedUtc, string LiveJson, SellerDto Seller);

/// <summary>A gig page and more from its seller, as <see cref="GigQueries.GigPageAsync"/> reads them.</summary>
internal sealed record GigPageRead(GigPageRow Gig, IReadOnlyList<GigCardRow> MoreFromSeller);

/// <summary>The buyer-facing reads, shared by the JSON API and the storefront pages.</summary>
internal static class GigQueries
{
    /// <summary>How many of the seller's other gigs the gig page shows.</summary>
    public const int MoreFromSellerCount = 4;

    /// <summary>
    /// The gig page's one query: the seller's visible gigs, the one with <c>slug</c> first (with its
    /// live document) and then the newest others as cards. Compiled once, as the storefront's most
    /// requested read.
    /// </summary>
    private static readonly Func<CatalogDb, string, IAsyncEnumerable<PageQueryRow>> GigPageQuery = EF.CompileAsyncQuery(
        (CatalogDb db, string slug) =>
            (from g in db.Gigs
             join s in db.Sellers on g.SellerId equals s.UserId
             where g.State == GigState.Published && !s.VacationMode
                 && g.SellerId == db.Gigs.Where(x => x.Slug == slug).Select(x => x.SellerId).FirstOrDefault()
             orderby g.Slug == slug descending, g.Id descending
             select new PageQueryRow
             {
                 Id = g.Id,
                 Slug = g.Slug,
                 Title = g.Title!,
                 SellerId = g.SellerId,
                 SellerHandle = s.Handle,
                 SellerName = s.DisplayName,
                 CategoryId = g.CategoryId,
                 SubcategoryId = g.SubcategoryId,
                 StartingPriceMinor = g.StartingPriceMinor,
                 Currency = g.Currency,
                 MinDeliveryDays = g.MinDeliveryDays,
                 Cover = g.Cover,
                 Version = g.Version,
                 PublishedUtc = g.PublishedUtc,
                 LiveJson = g.Slug == slug ? g.LiveJson : null,
             }).Take(MoreFromSellerCount + 1));

    /// <summary>A visible gig by its slug and more from its seller, or null (see <see cref="MovedToAsync"/>).</summary>
    public static async Task<GigPageRead?> GigPageAsync(CatalogDb db, string slug, CancellationToken ct)
    {
        GigPageRow? gig = null;
        var more = new List<GigCardRow>(MoreFromSellerCount);
        await foreach (var row in GigPageQuery(db, slug).WithCancellation(ct))
        {
            if (row.Slug == slug)
            {
                gig = new GigPageRow(row.Id, row.Slug, row.Title, row.CategoryId, row.SubcategoryId, row.Version, row.PublishedUtc, row.LiveJson!, new SellerDto(row.SellerId, row.SellerHandle, row.SellerName, false));
            }
            else if (more.Count < MoreFromSellerCount)
            {
                more.Add(row);
            }
        }

        return gig is null ? null : new GigPageRead(gig, more);
    }

    /// <summary>For a slug a visible gig had before, its slug now.</summary>
    public static Task<string?> MovedToAsync(CatalogDb db, string slug, CancellationToken ct) =>
        db.GigSlugs.AsNoTracking().Where(s => s.Slug == slug).Join(Visible(db), s => s.GigId, g => g.Id, (s, g) => g.Slug).FirstOrDefaultAsync(ct);

    /// <summary>Published gigs whose seller is not on vacation (every gig's seller has a profile: it is made with the first gig).</summary>
    public static IQueryable<Gig> Visible(CatalogDb db) => VisibleGigs.Query(db).AsNoTracking().Select(v => v.Gig);

    /// <summary>A gig and its seller as a card.</summary>
    private static readonly Expression<Func<Gig, SellerProfile, GigCardRow>> Card = (g, s) => new GigCardRow
    {
        Id = g.Id,
        Slug = g.Slug,
        Title = g.Title!,
        SellerId = g.SellerId,
        SellerHandle = s.Handle,
        SellerName = s.DisplayName,
        CategoryId = g.CategoryId,
        SubcategoryId = g.SubcategoryId,
        StartingPriceMinor = g.StartingPriceMinor,
        Currency = g.Currency,
        MinDeliveryDays = g.MinDeliveryDays,
        Cover = g.Cover,
    };

    /// <summary>A page of a category's cards (the category page), newest first; compiled like the gig page's query.</summary>
    private static readonly Func<CatalogDb, int, int, int, IAsyncEnumerable<GigCardRow>> CategoryCardsQuery = EF.CompileAsyncQuery(
        (CatalogDb db, int categoryId, int skip, int take) => db.Gigs
            .Where(g => g.State == GigState.Published && (g.CategoryId == categoryId || g.SubcategoryId == categoryId))
            .Join(db.Sellers.Where(s => !s.VacationMode), g => g.SellerId, s => s.UserId, Card)
            .OrderByDescending(c => c.Id)
            .Skip(skip)
            .Take(take));

    private static readonly Func<CatalogDb, int, CancellationToken, Task<int>> CategoryCountQuery = EF.CompileAsyncQuery(
        (CatalogDb db, int categoryId, CancellationToken ct) => db.Gigs
            .Where(g => g.State == GigState.Published && (g.CategoryId == categoryId || g.SubcategoryId == categoryId))
            .Join(db.Sellers.Where(s => !s.VacationMode), g => g.SellerId, s => s.UserId, (g, s) => g.Id)
            .Count());

    /// <summary>Visible gigs as cards: one query with the seller joined, reading listing columns only.</summary>
    public static IQueryable<GigCardRow> Cards(CatalogDb db) =>
        db.Gigs.Where(g => g.State == GigState.Published).Join(db.Sellers.Where(s => !s.VacationMode), g => g.SellerId, s => s.UserId, Card);

    /// <summary>Visible gigs in a category or subcategory as cards, newest first.</summary>
    public static async Task<List<GigCardRow>> CategoryCardsAsync(CatalogDb db, int categoryId, int skip, int take, CancellationToken ct)
    {
        var cards = new List<GigCardRow>(take);
        await foreach (var card in CategoryCardsQuery(db, categoryId, skip, take).WithCancellation(ct))
        {
            cards.Add(card);
        }

        return cards;
    }

    public static Task<int> CategoryCountAsync(CatalogDb db, int categoryId, CancellationToken ct) => CategoryCountQuery(db, categoryId, ct);

    /// <summary>A visible gig by its slug, with its seller; or, for a slug it had before, the slug to redirect to.</summary>
    public static async Task<(GigPageRow? Gig, string? MovedTo)> FindBySlugAsync(CatalogDb db, string slug, CancellationToken ct)
    {
        var gig = await (
            from g in db.Gigs
            join s in db.Sellers on g.SellerId equals s.UserId
            where g.Slug == slug && g.State == GigState.Published && !s.VacationMode
            select new GigPageRow(g.Id, g.Slug, g.Title!, g.CategoryId, g.SubcategoryId, g.Version, g.PublishedUtc, g.LiveJson!, new SellerDto(s.UserId, s.Handle, s.DisplayName, false)))
            .FirstOrDefaultAsync(ct);
        return gig is not null ? (gig, null) : (null, await MovedToAsync(db, slug, ct));
    }

    private sealed class PageQueryRow : GigCardRow
    {
        public int Version { get; init; }
        public DateTimeOffset? PublishedUtc { get; init; }
        public string? LiveJson { get; init; }
    }
}
