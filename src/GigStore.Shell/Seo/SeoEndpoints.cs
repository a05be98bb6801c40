using System.Text;
using System.Xml;
using GigStore.Seo;
using GigStore.Shell.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GigStore.Shell.Seo;

/// <summary>robots.txt and sitemap.xml per tenant, with the pages the tenant's enabled modules list.</summary>
internal static class SeoEndpoints
{
    public const int MaxUrls = 50_000; // the sitemap protocol's limit for one file

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/robots.txt", (HttpRequest request) =>
        {
            var body = new StringBuilder()
                .AppendLine("User-agent: *")
                .AppendLine($"Disallow: {request.PathBase}/admin")
                .AppendLine($"Disallow: {request.PathBase}/account")
                .AppendLine($"Disallow: {request.PathBase}/api/")
                .AppendLine($"Sitemap: {Origin(request)}/sitemap.xml")
                .ToString();
            return Results.Text(body, "text/plain; charset=utf-8");
        }).WithName("Shell.Robots").AllowAnonymous();

        routes.MapGet("/sitemap.xml", async (HttpRequest request, EnabledServices<ISitemapSource> sources, CancellationToken ct) =>
        {
            var origin = Origin(request);
            var output = new MemoryStream();
            await using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true }))
            {
                await xml.WriteStartDocumentAsync();
                xml.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
                var count = 0;
                foreach (var entry in Home().Concat(await AllAsync(sources, ct)))
                {
                    if (++count > MaxUrls)
                    {
                        break;
                    }

                    xml.WriteStartElement("url");
                    xml.WriteElementString("loc", origin + (entry.Path == "/" ? "/" : entry.Path));
                    if (entry.LastModified is { } modified)
                    {
                        xml.WriteElementString("lastmod", modified.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                await xml.WriteEndDocumentAsync();
            }

            return Results.Bytes(output.ToArray(), "application/xml; charset=utf-8");
        }).WithName("Shell.Sitemap").AllowAnonymous();
    }

    private static IEnumerable<SitemapEntry> Home() => [new SitemapEntry("/")];

    private static async Task<List<SitemapEntry>> AllAsync(EnabledServices<ISitemapSource> sources, CancellationToken ct)
    {
        var entries = new List<SitemapEntry>();
        foreach (var source in sources.All)
        {
            await foreach (var entry in source.EntriesAsync(ct))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
