using System.Runtime.CompilerServices;
using System.Text;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Search.Indexing;

/// <summary>Builds <see cref="SearchDocument"/>s from the catalogue: for changed gigs, or all of them for a rebuild.</summary>
public sealed class SearchDocumentSource(CatalogDb db)
{
    /// <summary>Documents for those of <paramref name="gigIds"/> buyers can see; the others are to be removed from the index.</summary>
    public async Task<(List<SearchDocument> Upserts, List<int> Deletes)> LoadAsync(IReadOnlyCollection<int> gigIds, CancellationToken ct)
    {
        var tree = await CategoryTree.LoadAsync(db, ct);
        var ids = gigIds.Distinct().ToList();
        var rows = await VisibleGigs.Query(db).AsNoTracking().Where(v => ids.Contains(v.Gig.Id)).ToListAsync(ct);
        var upserts = rows.Select(r => Build(r.Gig, r.Seller, tree)).ToList();
        var found = upserts.Select(d => d.GigId).ToHashSet();
        return (upserts, ids.Where(id => !found.Contains(id)).ToList());
    }

    public Task<int> CountAsync(CancellationToken ct) => VisibleGigs.Query(db).CountAsync(ct);

    /// <summary>Every visible gig, in id order, read in batches so a million gigs never sit in memory at once.</summary>
    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        const int batch = 2000;
        var tree = await CategoryTree.LoadAsync(db, ct);
        var sellers = await db.Sellers.AsNoTracking().Where(s => !s.VacationMode).ToDictionaryAsync(s => s.UserId, ct);
        var after = 0;
        while (true)
        {
            var gigs = await db.Gigs.AsNoTracking()
                .Where(g => g.State == GigState.Published && g.Id > after)
                .OrderBy(g => g.Id)
                .Take(batch)
                .ToListAsync(ct);
            if (gigs.Count == 0)
            {
                yield break;
            }

            after = gigs[^1].Id;

            // Parsing the documents is most of the work: spread it over the cores, keep the order.
            var documents = new SearchDocument?[gigs.Count];
            Parallel.For(0, gigs.Count, new ParallelOptions { CancellationToken = ct }, i =>
                documents[i] = sellers.TryGetValue(gigs[i].SellerId, out var seller) ? Build(gigs[i], seller, tree) : null);
            foreach (var document in documents)
            {
                if (document is not null)
                {
                    yield return document;
                }
            }
        }
    }

    /// <summary>A live gig and its seller as an index document.</summary>
    public static SearchDocument Build(Gig gig, SellerProfile seller, CategoryTree tree)
    {
        var content = GigContent.FromJson(gig.LiveJson!);
        var category = tree.Find(content.CategoryId);
        var subcategory = tree.Find(content.SubcategoryId);
        var facetWords = new StringBuilder();
        foreach (var name in new[] { category?.Name, subcategory?.Name })
        {
            if (name is not null)
            {
                facetWords.Append(name).Append(' ');
            }
        }

        foreach (var options in content.Attributes.Values)
        {
            foreach (var option in options)
            {
                facetWords.Append(option).Append(' ');
            }
        }

        var description = new StringBuilder(PlainText.FromMarkdown(content.Description));
        foreach (var faq in content.Faq)
        {
            description.Append('\n').Append(faq.Question).Append(' ').Append(PlainText.FromMarkdown(faq.Answer));
        }

        return new SearchDocument
        {
            GigId = gig.Id,
            Slug = gig.Slug,
            Title = content.Title,
            Tags = content.Tags,
            Facets = facetWords.ToString().TrimEnd(),
            Description = description.ToString(),
            CategoryId = content.CategoryId,
            SubcategoryId = content.SubcategoryId,
            Attributes = content.Attributes.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value),
            StartingPriceMinor = content.StartingPriceMinor ?? 0,
            Currency = content.Currency,
            MinDeliveryDays = content.MinDeliveryDays ?? 0,
            SellerLevel = seller.Level,
            Languages = [.. seller.Languages.Select(l => l.Language)],
            Country = seller.Country ?? "",
            RatingAverage = gig.RatingAverage,
            ReviewCount = gig.ReviewCount,
            OrdersCompleted = gig.OrdersCompleted,
            PublishedUtc = gig.PublishedUtc ?? gig.CreatedUtc,
            SellerId = seller.UserId,
            SellerName = seller.DisplayName,
            SellerHandle = seller.Handle,
            Cover = gig.Cover,
        };
    }
}

/// <summary>Markdown reduced to its words for indexing and snippets: marks, link targets and code fences removed.</summary>
public static class PlainText
{
    public static string FromMarkdown(string markdown)
    {
        var text = new StringBuilder(markdown.Length);
        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            switch (c)
            {
                case '*' or '_' or '#' or '`' or '>' or '~' or '|':
                    // Emphasis, headings, code, quotes, strike-through, tables: keep a space where a word would otherwise join the next.
                    if (text.Length > 0 && text[^1] != ' ' && i + 1 < markdown.Length && char.IsLetterOrDigit(markdown[i + 1]) && !char.IsLetterOrDigit(text[^1]))
                    {
                        text.Append(' ');
                    }

                    break;
                case ']' when i + 1 < markdown.Length && markdown[i + 1] == '(':
                    // [text](target): keep the text, drop the target.
                    var close = markdown.IndexOf(')', i + 2);
                    i = close < 0 ? markdown.Length : close;
                    break;
                case '[' or ']':
                    break;
                case '\r' or '\n' or '\t':
                    if (text.Length > 0 && text[^1] != ' ')
                    {
                        text.Append(' ');
                    }

                    break;
                default:
                    if (c != ' ' || (text.Length > 0 && text[^1] != ' '))
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.ToString().Trim();
    }
}
