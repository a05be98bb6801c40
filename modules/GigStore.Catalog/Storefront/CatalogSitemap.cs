using System.Runtime.CompilerServices;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Seo;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Storefront;

/// <summary>Category pages, every visible gig and the profiles of their sellers for sitemap.xml.</summary>
internal sealed class CatalogSitemap(CatalogDb db) : ISitemapSource
{
    public async IAsyncEnumerable<SitemapEntry> EntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var slug in await db.Categories.AsNoTracking().OrderBy(c => c.ParentId ?? c.Id).ThenBy(c => c.Position).Select(c => c.Slug).ToListAsync(cancellationToken))
        {
            yield return new SitemapEntry($"/categories/{slug}");
        }

        var gigs = await GigQueries.Visible(db).OrderBy(g => g.Id).Select(g => new { g.Slug, g.UpdatedUtc }).ToListAsync(cancellationToken);
        foreach (var gig in gigs)
        {
            yield return new SitemapEntry($"/gigs/{gig.Slug}", gig.UpdatedUtc);
        }

        // Profiles of sellers with something to buy; a profile without visible gigs is left out.
        var sellers = await GigQueries.Visible(db).Select(g => g.SellerId).Distinct()
            .Join(db.Sellers, id => id, s => s.UserId, (id, s) => s.Handle).OrderBy(h => h).ToListAsync(cancellationToken);
        foreach (var handle in sellers)
        {
            yield return new SitemapEntry($"/sellers/{handle}");
        }
    }
}
