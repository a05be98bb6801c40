using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace GigStore.Catalog.Gigs;

/// <summary>
/// Sellers' Markdown made safe: raw HTML is shown as text, only http, https and mailto links survive
/// (as nofollow), images become their alt text. The storefront renders a gig's description once per
/// version (<see cref="Storefront.LiveGigCache"/>).
/// </summary>
public static class GigMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    public static string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);

        // The page already has its h1 and the description sits under an h2: sellers' headings start at h3.
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + 2);
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage || !IsAllowed(link.Url))
            {
                // No remote images, and no links but http, https and mailto: keep the words only.
                var words = new ContainerInline();
                foreach (var child in link.ToList())
                {
                    child.Remove();
                    words.AppendChild(child);
                }

                link.ReplaceBy(words);
                continue;
            }

            link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow ugc noopener");
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsAllowed(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
            else
            {
                autolink.GetAttributes().AddPropertyIfNotExist("rel", "nofollow ugc noopener");
            }
        }

        return document.ToHtml(Pipeline);
    }

    private static bool IsAllowed(string? url) =>
        url is not null
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);
}
