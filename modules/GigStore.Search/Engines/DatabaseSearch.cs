using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Search.Query;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Search.Engines;

/// <summary>
/// What search answers when its engine cannot: the catalogue queried directly — every word must be in
/// the title, filters on the listing columns and the online sellers, newest or cheapest or best selling first — without facet
/// counts, highlights, spelling help or attribute and language filters (those live in the gig document).
/// The results say <see cref="SearchResults.Degraded"/>.
/// </summary>
public static class DatabaseSearch
{
    public const string EngineName = "database";

    public static async Task<SearchResults> SearchAsync(CatalogDb db, SearchQuery query, CancellationToken ct)
    {
        var gigs = VisibleGigs.Query(db).AsNoTracking();
        foreach (var word in SearchText.MeaningfulWords(SearchText.Words(query.Text)))
        {
            gigs = gigs.Where(v => v.Gig.Title!.ToLower().Contains(word));
        }

        if (query.CategoryId is { } category)
        {
            gigs = gigs.Where(v => v.Gig.CategoryId == category);
        }

        if (query.SubcategoryId is { } subcategory)
        {
            gigs = gigs.Where(v => v.Gig.SubcategoryId == subcategory);
        }

        if (query.MinPriceMinor is { } min)
        {
            gigs = gigs.Where(v => v.Gig.StartingPriceMinor >= min);
        }

        if (query.MaxPriceMinor is { } max)
        {
            gigs = gigs.Where(v => v.Gig.StartingPriceMinor <= max);
        }

        if (query.MaxDeliveryDays is { } days)
        {
            gigs = gigs.Where(v => v.Gig.MinDeliveryDays <= days);
        }

        if (query.SellerLevels.Count > 0)
        {
            var levels = query.SellerLevels.ToList();
            gigs = gigs.Where(v => levels.Contains(v.Seller.Level));
        }

        if (query.MinRating is { } rating)
        {
            gigs = gigs.Where(v => v.Gig.ReviewCount > 0 && v.Gig.RatingAverage >= rating);
        }

        if (query.Countries.Count > 0)
        {
            var countries = query.Countries.ToList();
            gigs = gigs.Where(v => countries.Contains(v.Seller.Country!));
        }

        if (query.OnlineOnly)
        {
            var online = query.OnlineSellerIds.ToList();
            gigs = gigs.Where(v => online.Contains(v.Gig.SellerId));
        }

        var total = await gigs.CountAsync(ct);
        var ordered = query.Sort switch
        {
            SearchSort.PriceLowToHigh => gigs.OrderBy(v => v.Gig.StartingPriceMinor).ThenByDescending(v => v.Gig.Id),
            SearchSort.PriceHighToLow => gigs.OrderByDescending(v => v.Gig.StartingPriceMinor).ThenByDescending(v => v.Gig.Id),
            SearchSort.Newest => gigs.OrderByDescending(v => v.Gig.Id),
            SearchSort.Rating => gigs.OrderByDescending(v => v.Gig.RatingAverage).ThenByDescending(v => v.Gig.ReviewCount),
            _ => gigs.OrderByDescending(v => v.Gig.OrdersCompleted).ThenByDescending(v => v.Gig.Id),
        };
        var page = await ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(v => new SearchHit
            {
                GigId = v.Gig.Id,
                Slug = v.Gig.Slug,
                Title = v.Gig.Title!,
                StartingPriceMinor = v.Gig.StartingPriceMinor ?? 0,
                Currency = v.Gig.Currency,
                MinDeliveryDays = v.Gig.MinDeliveryDays ?? 0,
                RatingAverage = v.Gig.RatingAverage,
                ReviewCount = v.Gig.ReviewCount,
                OrdersCompleted = v.Gig.OrdersCompleted,
                SellerId = v.Gig.SellerId,
                SellerName = v.Seller.DisplayName,
                SellerHandle = v.Seller.Handle,
                SellerLevel = v.Seller.Level,
                Cover = v.Gig.Cover,
            })
            .ToListAsync(ct);
        return new SearchResults { Hits = page, Total = total, Degraded = true, Engine = EngineName };
    }
}
