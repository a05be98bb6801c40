using GigStore.Catalog.Gigs;
using Microsoft.Extensions.Caching.Memory;

namespace GigStore.Catalog.Storefront;

/// <summary>What the gig page shows of a live gig's document: parsed, and its description rendered.</summary>
public sealed record LiveGig(GigContent Content, string DescriptionHtml);

/// <summary>
/// Live gigs as their page shows them, parsed and rendered once per version rather than per request.
/// The page still reads the gig from the database every time, and a gig's version changes with every
/// save, so a cached entry is never shown for content that changed. Entries are shared between
/// requests (treat them as read-only), leave after an hour unused, and are bounded by the total size of
/// their documents.
/// </summary>
public sealed class LiveGigCache : IDisposable
{
    /// <summary>Characters of live documents held at most (a demo gig's is about 2,300).</summary>
    public const long SizeLimit = 8_000_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimit });

    public LiveGig Get(string tenant, GigPageRow gig) =>
        _cache.GetOrCreate((tenant, gig.Id, gig.Version, gig.PublishedUtc), entry =>
        {
            entry.SetSlidingExpiration(TimeSpan.FromHours(1)).SetSize(gig.LiveJson.Length);
            var content = GigContent.FromJson(gig.LiveJson);
            return new LiveGig(content, GigMarkdown.Render(content.Description));
        })!;

    public void Dispose() => _cache.Dispose();
}
