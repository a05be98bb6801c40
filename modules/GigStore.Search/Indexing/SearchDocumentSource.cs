using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

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

    /// <summary>
    /// About how many documents a rebuild writes, for its progress bar: the published gigs, read from the
    /// state index alone. The gigs of sellers on vacation are left out of the index but counted here:
    /// counting them exactly reads every gig's row (SQLite plans the join gig by gig), seconds at a million.
    /// </summary>
    public Task<int> EstimateAllAsync(CancellationToken ct) => db.Gigs.CountAsync(g => g.State == GigState.Published, ct);

    /// <summary>
    /// Every visible gig, in id order, read in batches so a million gigs never sit in memory at once. The
    /// next batch is read and parsed (on every core) while the caller writes the previous one.
    /// </summary>
    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var tree = await CategoryTree.LoadAsync(db, ct);
        var sellers = await db.Sellers.AsNoTracking().Where(s => !s.VacationMode).ToDictionaryAsync(s => s.UserId, ct);
        var batches = System.Threading.Channels.Channel.CreateBounded<SearchDocument[]>(2);
        var reading = Task.Run(() => ReadAllAsync(tree, sellers, batches.Writer, ct), ct);
        await foreach (var batch in batches.Reader.ReadAllAsync(ct))
        {
            foreach (var document in batch)
            {
                yield return document;
            }
        }

        await reading;
    }

    private async Task ReadAllAsync(CategoryTree tree, Dictionary<string, SellerProfile> sellers, System.Threading.Channels.ChannelWriter<SearchDocument[]> batches, CancellationToken ct)
    {
        const int batch = 2000;
        try
        {
            // Plain ADO.NET over the tenant's connection (SQLite or PostgreSQL), names from the EF model:
            // materializing a million entities through EF costs more than the rest of the read.
            await db.Database.OpenConnectionAsync(ct);
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = AllGigsSql(db, batch);
            var afterParameter = command.CreateParameter();
            afterParameter.ParameterName = "@after";
            command.Parameters.Add(afterParameter);
            // The catalogue's own conversions of the stored state and cover.
            var gigType = db.Model.FindEntityType(typeof(Gig))!;
            var state = gigType.FindProperty(nameof(Gig.State))!.GetTypeMapping().Converter!;
            var cover = gigType.FindProperty(nameof(Gig.Cover))!.GetTypeMapping().Converter!;
            var published = state.ConvertToProvider(GigState.Published);
            var after = 0;
            while (true)
            {
                afterParameter.Value = after;
                var rows = new List<(Gig Gig, byte[]? Live, string? Cover)>(batch);
                var read = 0;
                await using (var reader = await command.ExecuteReaderAsync(ct))
                {
                    // SQLite hands its text over as UTF-8, which the JSON reader reads as it is (a string would be
                    // decoded to UTF-16 and the parser would encode it back).
                    var sqlite = reader is Microsoft.Data.Sqlite.SqliteDataReader;
                    while (await reader.ReadAsync(ct))
                    {
                        read++;
                        after = reader.GetInt32(0);
                        if (!Equals(reader.GetValue(1), published) || reader.IsDBNull(4))
                        {
                            continue;
                        }

                        rows.Add((
                            new Gig
                            {
                                Id = after,
                                State = GigState.Published,
                                Slug = reader.GetString(2),
                                SellerId = reader.GetString(3),
                                LiveJson = sqlite ? null : reader.GetString(4),
                                PublishedUtc = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                                CreatedUtc = reader.GetFieldValue<DateTimeOffset>(7),
                                RatingAverage = reader.GetDouble(8),
                                ReviewCount = reader.GetInt32(9),
                                OrdersCompleted = reader.GetInt32(10),
                                StartingPriceMinor = reader.IsDBNull(11) ? null : reader.GetInt64(11),
                                MinDeliveryDays = reader.IsDBNull(12) ? null : reader.GetInt32(12),
                                Currency = reader.GetString(13),
                            },
                            sqlite ? reader.GetFieldValue<byte[]>(4) : null,
                            reader.IsDBNull(5) ? null : reader.GetString(5)));
                    }
                }

                if (read == 0)
                {
                    break;
                }

                // Converting and parsing the documents is most of the work: spread it over the cores, keep the order.
                var documents = new SearchDocument?[rows.Count];
                Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = ct }, i =>
                {
                    var (gig, live, coverJson) = rows[i];
                    if (sellers.TryGetValue(gig.SellerId, out var seller))
                    {
                        gig.Cover = coverJson is null ? null : (GalleryImage?)cover.ConvertFromProvider(coverJson);
                        documents[i] = Build(gig, seller, tree, live);
                    }
                });
                await batches.WriteAsync([.. documents.OfType<SearchDocument>()], ct);
            }

            batches.Complete();
        }
        catch (Exception ex)
        {
            batches.Complete(ex);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The next <paramref name="batch"/> gigs after <c>@after</c> by primary key, with what a document needs:
    /// a range of the key, the state checked by the caller (filtering on the state in SQL makes SQLite walk
    /// the (State, CategoryId) index and sort every published gig for each batch).
    /// </summary>
    private static string AllGigsSql(CatalogDb db, int batch)
    {
        var sql = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
        var gig = db.Model.FindEntityType(typeof(Gig))!;
        var table = StoreObjectIdentifier.Table(gig.GetTableName()!, gig.GetSchema());
        string Column(string property) => sql.DelimitIdentifier(gig.FindProperty(property)!.GetColumnName(table)!);
        var columns = new[]
        {
            nameof(Gig.Id), nameof(Gig.State), nameof(Gig.Slug), nameof(Gig.SellerId), nameof(Gig.LiveJson), nameof(Gig.Cover),
            nameof(Gig.PublishedUtc), nameof(Gig.CreatedUtc), nameof(Gig.RatingAverage), nameof(Gig.ReviewCount), nameof(Gig.OrdersCompleted),
            nameof(Gig.StartingPriceMinor), nameof(Gig.MinDeliveryDays), nameof(Gig.Currency),
        }.Select(Column);
        return $"SELECT {string.Join(", ", columns)} FROM {sql.DelimitIdentifier(table.Name, table.Schema)} WHERE {Column(nameof(Gig.Id))} > @after ORDER BY {Column(nameof(Gig.Id))} LIMIT {batch}";
    }

    [ThreadStatic]
    private static StringBuilder? descriptionBuilder;

    /// <summary>
    /// A live gig and its seller as an index document; its live document is read from <paramref name="liveUtf8"/>
    /// when given. The starting price, fastest delivery and currency come from the gig's listing columns, which
    /// the catalogue copies from the live document when it goes live (as cards show them).
    /// </summary>
    public static SearchDocument Build(Gig gig, SellerProfile seller, CategoryTree tree, byte[]? liveUtf8 = null)
    {
        var content = IndexedContent.Read(liveUtf8 ?? Encoding.UTF8.GetBytes(gig.LiveJson!));
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

        // One builder per thread for every document's description: a rebuild makes a million of them.
        var description = descriptionBuilder ??= new StringBuilder(4096);
        description.Clear();
        PlainText.AppendFromMarkdown(description, content.Description);
        foreach (var faq in content.Faq)
        {
            description.Append('\n').Append(faq.Question).Append(' ');
            PlainText.AppendFromMarkdown(description, faq.Answer);
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
            StartingPriceMinor = gig.StartingPriceMinor ?? 0,
            Currency = gig.Currency,
            MinDeliveryDays = gig.MinDeliveryDays ?? 0,
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

/// <summary>
/// What the index reads of a live gig's document (<see cref="GigContent"/>): its text and category. The rest
/// (requirements, gallery, packages, extras) is skipped unread, and reading stops as soon as all of these
/// have been read — in the catalogue's documents they come first, before more than half of the document.
/// </summary>
internal sealed record IndexedContent
{
    public string Title { get; private set; } = "";
    public int CategoryId { get; private set; }
    public int? SubcategoryId { get; private set; }
    public Dictionary<string, string[]> Attributes { get; private set; } = [];
    public string[] Tags { get; private set; } = [];
    public string Description { get; private set; } = "";
    public FaqItem[] Faq { get; private set; } = [];

    /// <summary>Reads the properties above wherever they are in the document (names as the catalogue writes them, camelCase).</summary>
    public static IndexedContent Read(ReadOnlySpan<byte> utf8)
    {
        const int all = (1 << ((int)Field.Faq + 1)) - 1;
        var content = new IndexedContent();
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A gig's document is not a JSON object.");
        }

        var read = 0;
        while (read != all && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Named before the value is read (the reader's span moves on to it).
            var field = FieldOf(reader.ValueSpan);
            reader.Read();
            if (field == Field.Other)
            {
                reader.Skip();
                continue;
            }

            read |= 1 << (int)field;
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (field)
            {
                case Field.Title:
                    content.Title = Text(ref reader);
                    break;
                case Field.CategoryId:
                    content.CategoryId = reader.GetInt32();
                    break;
                case Field.SubcategoryId:
                    content.SubcategoryId = reader.GetInt32();
                    break;
                case Field.Attributes:
                    content.Attributes = JsonSerializer.Deserialize(ref reader, IndexedContentJson.Default.DictionaryStringStringArray)!;
                    break;
                case Field.Tags:
                    content.Tags = JsonSerializer.Deserialize(ref reader, IndexedContentJson.Default.StringArray)!;
                    break;
                case Field.Description:
                    content.Description = Text(ref reader);
                    break;
                case Field.Faq:
                    content.Faq = JsonSerializer.Deserialize(ref reader, IndexedContentJson.Default.FaqItemArray)!;
                    break;
            }
        }

        return content;

        static string Text(ref Utf8JsonReader reader) =>
            reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"A gig's document has {reader.TokenType} where text belongs.");
    }

    /// <summary>The properties read, by their names in the document; each one's bit in what has been read is 1 &lt;&lt; its value.</summary>
    private enum Field
    {
        Other = -1,
        Title,
        CategoryId,
        SubcategoryId,
        Attributes,
        Tags,
        Description,
        Faq,
    }

    private static Field FieldOf(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("title"u8) => Field.Title,
        _ when name.SequenceEqual("categoryId"u8) => Field.CategoryId,
        _ when name.SequenceEqual("subcategoryId"u8) => Field.SubcategoryId,
        _ when name.SequenceEqual("attributes"u8) => Field.Attributes,
        _ when name.SequenceEqual("tags"u8) => Field.Tags,
        _ when name.SequenceEqual("description"u8) => Field.Description,
        _ when name.SequenceEqual("faq"u8) => Field.Faq,
        _ => Field.Other,
    };
}

/// <summary>Readers of the document's lists, generated at build time (a rebuild reads a million documents).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(FaqItem[]))]
internal sealed partial class IndexedContentJson : JsonSerializerContext;

/// <summary>Markdown reduced to its words for indexing and snippets: marks, link targets and code fences removed.</summary>
public static class PlainText
{
    /// <summary>Appends <paramref name="markdown"/>'s words to <paramref name="text"/>, without leading or trailing spaces.</summary>
    public static StringBuilder AppendFromMarkdown(StringBuilder text, string markdown)
    {
        // The last character appended (a space before the first), kept here: a StringBuilder's indexer walks its chunks.
        var start = text.Length;
        var last = ' ';

        for (var i = 0; i < markdown.Length; i++)
        {
            var c = markdown[i];
            switch (c)
            {
                case '*' or '_' or '#' or '`' or '>' or '~' or '|':
                    // Emphasis, headings, code, quotes, strike-through, tables: keep a space where a word would otherwise join the next.
                    if (last != ' ' && i + 1 < markdown.Length && char.IsLetterOrDigit(markdown[i + 1]) && !char.IsLetterOrDigit(last))
                    {
                        text.Append(last = ' ');
                    }

                    break;
                case ']' when i + 1 < markdown.Length && markdown[i + 1] == '(':
                    // [text](target): keep the text, drop the target.
                    var close = markdown.IndexOf(')', i + 2);
                    i = close < 0 ? markdown.Length : close;
                    break;
                case '[' or ']':
                    break;
                case '\r' or '\n' or '\t' or ' ':
                    // One space between words, none at either end.
                    if (last != ' ')
                    {
                        text.Append(last = ' ');
                    }

                    break;
                default:
                    text.Append(last = c);
                    break;
            }
        }

        if (text.Length > start && last == ' ')
        {
            text.Length--;
        }

        return text;
    }
}
