namespace GigStore.Seo;

/// <summary>A page for sitemap.xml: a tenant-relative path and when it last changed, if known.</summary>
public sealed record SitemapEntry(string Path, DateTimeOffset? LastModified = null);

/// <summary>Contributes a module's public pages to the tenant's sitemap.xml.</summary>
public interface ISitemapSource
{
    IAsyncEnumerable<SitemapEntry> EntriesAsync(CancellationToken cancellationToken);
}
