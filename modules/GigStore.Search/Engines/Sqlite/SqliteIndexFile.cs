using System.Globalization;
using System.Text.Json;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Search.Indexing;
using GigStore.Search.Query;
using Microsoft.Data.Sqlite;

namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// One SQLite search index: a file of its own in the tenant's folder (App_Data/Sites/{tenant}/search/),
/// holding
/// <list type="bullet">
/// <item><c>docs</c>, one row per visible gig with its text, the columns it is filtered and faceted by
/// (read into memory for searching) and its card, and the generation that last wrote it;</item>
/// <item><c>fts</c>, a contentless FTS5 table of docs' text without stop words (porter + unicode61; see
/// <see cref="IndexTextFunction"/>), kept in sync by triggers, ranked by bm25 with column weights;</item>
/// <item><c>terms</c>, the words of titles, tags and facet words with their document frequency, and
/// <c>terms_tri</c>, an FTS5 trigram index over them for typos and partial words;</item>
/// <item><c>deleted</c> (gigs removed, by generation) and <c>meta</c> (the current generation).</item>
/// </list>
/// Writes are batches in one transaction that bump the generation, so another process (or the engine's
/// in-memory columns) can catch up with <see cref="ChangesSince"/>.
/// </summary>
internal sealed class SqliteIndexFile
{
    /// <summary>
    /// The layout of <c>docs</c> this code reads and writes, kept in <c>meta</c>. An index of another version is
    /// never read (<see cref="ReadSchema"/>): the engine fails over to the database and reports the index missing,
    /// so the indexer rebuilds it. 2: the seller of each gig (for "online now"), and FTS5 holds the text
    /// without stop words (<see cref="IndexTextFunction"/>), contentless.
    /// </summary>
    public const int SchemaVersion = 2;

    /// <summary>Separates attribute values ("key:option") and languages in their text columns.</summary>
    public const char ListSeparator = '\u001F';

    private const string Columns = "id, slug, title, tags, facets, description, category, subcategory, attrs, price, currency, delivery, level, languages, country, rating, reviews, orders, published, seller, seller_name, seller_handle, cover, gen";

    public SqliteIndexFile(string path)
    {
        Path = path;
        Name = System.IO.Path.GetFileNameWithoutExtension(path);
        // Only Create makes the file: opening an index that is gone fails instead of making an empty file that looks like one.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    public SqliteConnection Open(bool create = false)
    {
        var connection = new SqliteConnection(create ? new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString() : ConnectionString);
        connection.Open();
        AddIndexTextFunction(connection);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>The documents table: text, the filter, facet and ranking columns (the seller's id among them), the card, and the generation that wrote it.</summary>
    private const string DocsTable = """
        CREATE TABLE IF NOT EXISTS docs(
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL, title TEXT NOT NULL, tags TEXT NOT NULL, facets TEXT NOT NULL, description TEXT NOT NULL,
            category INTEGER NOT NULL, subcategory INTEGER, attrs TEXT NOT NULL,
            price INTEGER NOT NULL, currency TEXT NOT NULL, delivery INTEGER NOT NULL, level INTEGER NOT NULL,
            languages TEXT NOT NULL, country TEXT NOT NULL,
            rating REAL NOT NULL, reviews INTEGER NOT NULL, orders INTEGER NOT NULL, published INTEGER NOT NULL,
            seller TEXT NOT NULL, seller_name TEXT NOT NULL, seller_handle TEXT NOT NULL, cover TEXT, gen INTEGER NOT NULL);
        """;

    /// <summary>
    /// The FTS5 table: the same statement makes it in the index and in a rebuild's scratch file, so its tables
    /// can be copied from one to the other. Contentless: it indexes the documents' text without stop words
    /// (<see cref="IndexTextFunction"/>), which is not what docs holds, so FTS5 must never read docs back;
    /// nothing asks it for column values (highlights are made from docs in memory), and a removal passes
    /// the words it indexed, as a contentless table needs.
    /// </summary>
    private const string FtsTable = $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({FtsColumns}, content='', tokenize='{FtsTokenizer}');
        """;

    /// <summary>
    /// The SQL function that gives the text FTS5 indexes for a document's column: the column without its stop
    /// words (<see cref="SearchText.WithoutStopWords"/>). The triggers call it, so every connection that writes
    /// documents has it (<see cref="Open"/>); one without it fails the write instead of indexing other words.
    /// </summary>
    public const string IndexTextFunction = "index_text";

    private static void AddIndexTextFunction(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?>(IndexTextFunction, text => text is null ? null : SearchText.WithoutStopWords(text), isDeterministic: true);

    /// <summary>The FTS table's columns and tokenizer: a table made with them finds what the index finds.</summary>
    public const string FtsColumns = "title, tags, facets, description";

    public const string FtsTokenizer = "porter unicode61 remove_diacritics 2";

    /// <summary>
    /// Makes an empty index, with the indexes readers catch up by (documents and removals by generation;
    /// filters and facets need no SQL index: they run over the in-memory columns). For a rebuild
    /// (<paramref name="bulk"/>) without the FTS triggers and without a journal — <see cref="LoadAsync"/> adds them and turns write-ahead logging on when it is
    /// loaded; a rebuild that fails deletes the file.
    /// </summary>
    public void Create(bool bulk)
    {
        using var connection = bulk ? OpenBulk(Path, create: true) : Open(create: true);
        Execute(connection, (bulk ? "" : "PRAGMA journal_mode = WAL;") + DocsTable + FtsTable + $"""
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS deleted(id INTEGER PRIMARY KEY, gen INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL);
            CREATE VIRTUAL TABLE IF NOT EXISTS terms_tri USING fts5(term, content='terms', content_rowid='id', tokenize='trigram');
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', {SchemaVersion}), ('gen', 0);
            CREATE INDEX IF NOT EXISTS docs_gen ON docs(gen);
            CREATE INDEX IF NOT EXISTS deleted_gen ON deleted(gen);
            """);
        if (!bulk)
        {
            CreateTriggers(connection);
        }
    }

    /// <summary>The triggers that keep the FTS tables in sync with the documents and the vocabulary.</summary>
    private static void CreateTriggers(SqliteConnection connection, SqliteTransaction? transaction = null) => Execute(connection, """
        CREATE TRIGGER IF NOT EXISTS docs_ai AFTER INSERT ON docs BEGIN
            INSERT INTO fts(rowid, title, tags, facets, description)
                VALUES (new.id, index_text(new.title), index_text(new.tags), index_text(new.facets), index_text(new.description));
        END;
        CREATE TRIGGER IF NOT EXISTS docs_ad AFTER DELETE ON docs BEGIN
            INSERT INTO fts(fts, rowid, title, tags, facets, description)
                VALUES ('delete', old.id, index_text(old.title), index_text(old.tags), index_text(old.facets), index_text(old.description));
        END;
        CREATE TRIGGER IF NOT EXISTS docs_au AFTER UPDATE OF title, tags, facets, description ON docs BEGIN
            INSERT INTO fts(fts, rowid, title, tags, facets, description)
                VALUES ('delete', old.id, index_text(old.title), index_text(old.tags), index_text(old.facets), index_text(old.description));
            INSERT INTO fts(rowid, title, tags, facets, description)
                VALUES (new.id, index_text(new.title), index_text(new.tags), index_text(new.facets), index_text(new.description));
        END;
        CREATE TRIGGER IF NOT EXISTS terms_ai AFTER INSERT ON terms BEGIN
            INSERT INTO terms_tri(rowid, term) VALUES (new.id, new.term);
        END;
        """, transaction);

    public static long Generation(SqliteConnection connection, SqliteTransaction? transaction = null) => Scalar(connection, "SELECT value FROM meta WHERE key = 'gen'", transaction);

    /// <summary>The index's <see cref="SchemaVersion"/> as it was made.</summary>
    public static long ReadSchema(SqliteConnection connection) => Scalar(connection, "SELECT value FROM meta WHERE key = 'schema'", null);

    /// <summary>
    /// Adds or replaces documents and removes gigs in one transaction with a new generation; new words
    /// go into the vocabulary. Returns the generation written.
    /// </summary>
    public long Write(IReadOnlyList<SearchDocument> upserts, IReadOnlyList<int> deletes)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var gen = Generation(connection, transaction) + 1;
        Execute(connection, $"UPDATE meta SET value = {gen} WHERE key = 'gen'", transaction);

        using (var delete = connection.CreateCommand())
        using (var tombstone = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            tombstone.Transaction = transaction;
            delete.CommandText = "DELETE FROM docs WHERE id = $id";
            var id = delete.Parameters.Add("$id", SqliteType.Integer);
            tombstone.CommandText = "INSERT INTO deleted(id, gen) VALUES ($id, $gen) ON CONFLICT(id) DO UPDATE SET gen = excluded.gen";
            var tombstoneId = tombstone.Parameters.Add("$id", SqliteType.Integer);
            tombstone.Parameters.AddWithValue("$gen", gen);
            foreach (var gigId in deletes)
            {
                id.Value = gigId;
                tombstoneId.Value = gigId;
                delete.ExecuteNonQuery();
                tombstone.ExecuteNonQuery();
            }
        }

        using (var upsert = new DocumentInsert(connection, upsert: true))
        {
            foreach (var document in upserts)
            {
                upsert.Run(document, gen);
            }
        }

        using (var undelete = connection.CreateCommand())
        {
            undelete.Transaction = transaction;
            undelete.CommandText = "DELETE FROM deleted WHERE id = $id";
            var id = undelete.Parameters.Add("$id", SqliteType.Integer);
            foreach (var document in upserts)
            {
                id.Value = document.GigId;
                undelete.ExecuteNonQuery();
            }
        }

        var vocabulary = new Vocabulary();
        foreach (var document in upserts)
        {
            vocabulary.Count(document);
        }

        AddTerms(connection, transaction, vocabulary.Counts);
        transaction.Commit();
        return gen;
    }

    /// <summary>
    /// Bulk-loads a new index (made with <c>Create(bulk: true)</c>). SQLite lets one connection write a file
    /// at a time, so the two big jobs go to two files on two threads: this thread writes the documents into
    /// the index file while another builds the FTS5 index in a scratch file (a contentless table indexes what
    /// it is given: the documents' text without stop words). Then FTS5's tables are copied in — the smaller
    /// half: 0.4 GB against 1.3 GB of documents at a million gigs, copied
    /// as records without decoding them — with the vocabulary, indexes and triggers, and the file turns to
    /// write-ahead logging.
    /// </summary>
    public async Task<long> LoadAsync(IAsyncEnumerable<SearchDocument> documents, IProgress<long>? progress, CancellationToken ct, int ftsBufferBytes = FtsBufferBytes)
    {
        const int batch = 1_000;
        const int commitEvery = 20_000;
        var scratchPath = Path + ".fts";
        DeleteScratch(scratchPath);
        var toIndex = System.Threading.Channels.Channel.CreateBounded<(int Id, string[] Text)[]>(8);
        var vocabulary = new Vocabulary();
        var indexing = Task.Run(() => BuildFts(scratchPath, toIndex.Reader, ftsBufferBytes, ct), ct);

        // If the FTS5 thread fails, nothing reads the channel any more: stop writing to it.
        using var indexingFailed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _ = indexing.ContinueWith(
            _ =>
            {
                try
                {
                    indexingFailed.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The load had already ended.
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        long written = 0;
        try
        {
            using var connection = OpenBulk(Path);
            var transaction = connection.BeginTransaction();
            var insert = new DocumentInsert(connection, upsert: false);
            try
            {
                var pending = new List<(int, string[])>(batch);
                await foreach (var document in documents.WithCancellation(ct))
                {
                    pending.Add((document.GigId, insert.Run(document, 1)));
                    vocabulary.Count(document);
                    if (pending.Count == batch)
                    {
                        await toIndex.Writer.WriteAsync([.. pending], indexingFailed.Token);
                        pending.Clear();
                        written += batch;
                        if (written % commitEvery == 0)
                        {
                            transaction.Commit();
                            transaction.Dispose();
                            transaction = connection.BeginTransaction();
                            progress?.Report(written);
                        }
                    }
                }

                await toIndex.Writer.WriteAsync([.. pending], indexingFailed.Token);
                written += pending.Count;
                transaction.Commit();
            }
            finally
            {
                insert.Dispose();
                transaction.Dispose();
            }

            toIndex.Writer.Complete();

            // The vocabulary while FTS5 finishes.
            using (var terms = connection.BeginTransaction())
            {
                AddTerms(connection, terms, vocabulary.Counts);
                Execute(connection, "INSERT INTO terms_tri(terms_tri) VALUES ('rebuild')", terms);
                terms.Commit();
            }

            await indexing;

            // This connection has not used the FTS table, so FTS5 holds nothing of it in memory that the copy
            // would make stale: its shadow tables are replaced by the scratch file's, made by the same statement.
            Execute(connection, $"ATTACH DATABASE {Quote(scratchPath)} AS scratch;");
            using (var final = connection.BeginTransaction())
            {
                foreach (var shadow in FtsShadowTables)
                {
                    Execute(connection, $"DELETE FROM main.{shadow}; INSERT INTO main.{shadow} SELECT * FROM scratch.{shadow};", final);
                }

                CreateTriggers(connection, final);
                Execute(connection, "UPDATE meta SET value = 1 WHERE key = 'gen'", final);
                final.Commit();
            }

            Execute(connection, "DETACH DATABASE scratch; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        }
        catch (Exception ex)
        {
            toIndex.Writer.TryComplete(ex);
            await Task.WhenAny(indexing);
            if (indexing.IsFaulted && ex is OperationCanceledException && !ct.IsCancellationRequested)
            {
                // The writing stopped because the FTS5 thread failed: its error is the one to report.
                await indexing;
            }

            throw;
        }
        finally
        {
            DeleteScratch(scratchPath);
        }

        progress?.Report(written);
        return written;
    }

    /// <summary>Where FTS5 keeps a contentless table: its segments, their terms, each document's length (for bm25) and its settings.</summary>
    private static readonly string[] FtsShadowTables = ["fts_data", "fts_idx", "fts_docsize", "fts_config"];

    /// <summary>
    /// How much FTS5 may hold in memory while a rebuild indexes, before it writes a segment: 1 GiB holds
    /// about two million gigs (a million took 0.5 GB), so a catalogue up to that size is indexed in one pass.
    /// </summary>
    public const int FtsBufferBytes = 1 << 30;

    /// <summary>
    /// The FTS5 index of the documents that arrive, built in a scratch file as the same table as the index's,
    /// in one transaction with FTS5 holding everything in memory (up to <paramref name="bufferBytes"/>) and
    /// writing it once as one segment when it commits; if the buffer filled up and FTS5 wrote several,
    /// <c>optimize</c> merges them (a rewrite of the whole index: 5–7 s at a million gigs). The segment is
    /// then moved, in the structure record, from the level FTS5 wrote it on to the one its size belongs on
    /// (<see cref="FtsStructure.WithLoneSegmentOnItsLevel"/>): on a low level, the whole index is merged with
    /// the first small segments later writes add, and that merge ends inside one write (16 s at a million
    /// gigs, 240 writes after the rebuild). The table's settings are then put back to FTS5's defaults.
    /// </summary>
    private static void BuildFts(string path, System.Threading.Channels.ChannelReader<(int Id, string[] Text)[]> batches, int bufferBytes, CancellationToken ct)
    {
        using var connection = OpenBulk(path, create: true);
        Execute(connection, FtsTable + $"""
            INSERT INTO fts(fts, rank) VALUES ('automerge', 0);
            INSERT INTO fts(fts, rank) VALUES ('hashsize', {bufferBytes});
            """);
        using (var transaction = connection.BeginTransaction())
        using (var insert = new PreparedInsert(connection, $"INSERT INTO fts(rowid, {FtsColumns}) VALUES (?, ?, ?, ?, ?)"))
        {
            while (batches.WaitToReadAsync(ct).AsTask().GetAwaiter().GetResult())
            {
                while (batches.TryRead(out var documents))
                {
                    foreach (var (id, text) in documents)
                    {
                        insert.Int(1, id)
                            .Text(2, SearchText.WithoutStopWords(text[0])).Text(3, SearchText.WithoutStopWords(text[1]))
                            .Text(4, SearchText.WithoutStopWords(text[2])).Text(5, SearchText.WithoutStopWords(text[3])).Run();
                    }
                }
            }

            transaction.Commit();
        }

        var built = FtsStructure.Read(ReadStructure(connection));
        if (built is { SegmentCount: > 1 } or null)
        {
            Execute(connection, "INSERT INTO fts(fts) VALUES ('optimize');");
        }

        // The settings change the structure record's cookie: they go first, and nothing of FTS5 runs on this
        // connection after the record is rewritten (it would write back the structure it holds in memory).
        Execute(connection, $"""
            INSERT INTO fts(fts, rank) VALUES ('automerge', {AutoMerge});
            INSERT INTO fts(fts, rank) VALUES ('hashsize', 1048576);
            """);
        if (FtsStructure.Read(ReadStructure(connection))?.WithLoneSegmentOnItsLevel(AutoMerge) is { } placed)
        {
            using var update = connection.CreateCommand();
            update.CommandText = $"UPDATE fts_data SET block = $block WHERE id = {FtsStructure.RowId}";
            update.Parameters.AddWithValue("$block", placed.ToRecord());
            update.ExecuteNonQuery();
        }
    }

    /// <summary>FTS5's default: it merges this many segments of a level into one on the next.</summary>
    private const int AutoMerge = 4;

    /// <summary>The FTS table's structure record (see <see cref="FtsStructure"/>).</summary>
    internal static byte[] ReadStructure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT block FROM fts_data WHERE id = {FtsStructure.RowId}";
        return command.ExecuteScalar() as byte[] ?? [];
    }

    /// <summary>
    /// A connection of its own (not pooled: its settings must not reach the searches' connections) for
    /// writing a file nobody reads yet, without a journal — a rebuild that fails deletes the file.
    /// </summary>
    private static SqliteConnection OpenBulk(string path, bool create = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;");
        return connection;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void DeleteScratch(string path)
    {
        File.Delete(path);
        File.Delete(path + "-journal");
    }

    /// <summary>Documents written and gigs removed after generation <paramref name="gen"/>, for readers catching up.</summary>
    public static (List<IndexedDoc> Changed, List<int> Deleted) ChangesSince(SqliteConnection connection, long gen)
    {
        var changed = ReadDocs(connection, "WHERE gen > $gen", ("$gen", gen));
        var deleted = new List<int>();
        ReadIds(connection, "SELECT id FROM deleted WHERE gen > $gen", "$gen", gen, deleted);
        return (changed, deleted);
    }

    /// <summary>The first column of every row a query with one parameter returns, as gig ids.</summary>
    public static void ReadIds(SqliteConnection connection, string sql, string parameter, object value, ICollection<int> into)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(parameter, value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            into.Add(reader.GetInt32(0));
        }
    }

    /// <summary>Every document's filter, facet and ranking columns (no text), for the in-memory columns.</summary>
    public static List<IndexedDoc> ReadDocs(SqliteConnection connection, string where, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, category, subcategory, attrs, price, delivery, level, languages, country, rating, reviews, orders, published, seller FROM docs {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var docs = new List<IndexedDoc>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            docs.Add(new IndexedDoc(
                reader.GetInt32(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetInt32(5),
                (SellerLevel)reader.GetInt32(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetDouble(9),
                reader.GetInt32(10),
                reader.GetInt32(11),
                reader.GetInt64(12),
                reader.GetString(13)));
        }

        return docs;
    }

    /// <summary>The cards of these gigs (a page of hits), by id.</summary>
    public static Dictionary<int, SearchHit> ReadCards(SqliteConnection connection, IReadOnlyCollection<int> ids)
    {
        var cards = new Dictionary<int, SearchHit>(ids.Count);
        if (ids.Count == 0)
        {
            return cards;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, slug, title, price, currency, delivery, rating, reviews, orders, seller_name, seller_handle, level, cover, seller FROM docs WHERE id IN ({string.Join(',', ids)})";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cards[reader.GetInt32(0)] = new SearchHit
            {
                GigId = reader.GetInt32(0),
                Slug = reader.GetString(1),
                Title = reader.GetString(2),
                StartingPriceMinor = reader.GetInt64(3),
                Currency = reader.GetString(4),
                MinDeliveryDays = reader.GetInt32(5),
                RatingAverage = reader.GetDouble(6),
                ReviewCount = reader.GetInt32(7),
                OrdersCompleted = reader.GetInt32(8),
                SellerName = reader.GetString(9),
                SellerHandle = reader.GetString(10),
                SellerLevel = (SellerLevel)reader.GetInt32(11),
                Cover = reader.IsDBNull(12) ? null : JsonSerializer.Deserialize<GalleryImage>(reader.GetString(12), JsonSerializerOptions.Web),
                SellerId = reader.GetString(13),
            };
        }

        return cards;
    }

    /// <summary>The vocabulary of documents: each distinct word of a document's title, tags and facet words counted once.</summary>
    private sealed class Vocabulary
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public void Count(SearchDocument document)
        {
            _seen.Clear();
            Count(document.Title);
            foreach (var tag in document.Tags)
            {
                Count(tag);
            }

            Count(document.Facets);
        }

        private void Count(string text)
        {
            foreach (var word in SearchText.Words(text, 64))
            {
                // The vocabulary names words to search for: a stop word is not in the index.
                if (word.Length >= 2 && !SearchText.IsStopWord(word) && _seen.Add(word))
                {
                    Counts[word] = Counts.GetValueOrDefault(word) + 1;
                }
            }
        }
    }

    private static void AddTerms(SqliteConnection connection, SqliteTransaction transaction, Dictionary<string, int> vocabulary)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO terms(term, df) VALUES ($term, $df) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df";
        var term = command.Parameters.Add("$term", SqliteType.Text);
        var df = command.Parameters.Add("$df", SqliteType.Integer);
        foreach (var (word, count) in vocabulary)
        {
            term.Value = word;
            df.Value = count;
            command.ExecuteNonQuery();
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A prepared insert (or upsert) of a document, reused for every row of a batch.</summary>
    private sealed class DocumentInsert : IDisposable
    {
        private readonly PreparedInsert _insert;

        public DocumentInsert(SqliteConnection connection, bool upsert)
        {
            var names = Columns.Split(", ");
            _insert = new PreparedInsert(connection, $"INSERT INTO docs({Columns}) VALUES ({string.Join(", ", names.Select(_ => "?"))})"
                + (upsert ? " ON CONFLICT(id) DO UPDATE SET " + string.Join(", ", names.Skip(1).Select(n => $"{n} = excluded.{n}")) : ""));
        }

        /// <summary>Writes the document; returns its indexed text (see <see cref="Text"/>).</summary>
        public string[] Run(SearchDocument d, long gen)
        {
            // In the order of Columns.
            var text = Text(d);
            _insert.Int(1, d.GigId).Text(2, d.Slug).Text(3, text[0]).Text(4, text[1]).Text(5, text[2]).Text(6, text[3])
                .Int(7, d.CategoryId).Int(8, d.SubcategoryId).Text(9, Attributes(d))
                .Int(10, d.StartingPriceMinor).Text(11, d.Currency).Int(12, d.MinDeliveryDays).Int(13, (int)d.SellerLevel)
                .Text(14, string.Join(ListSeparator, d.Languages)).Text(15, d.Country)
                .Real(16, d.RatingAverage).Int(17, d.ReviewCount).Int(18, d.OrdersCompleted).Int(19, d.PublishedUtc.ToUnixTimeSeconds())
                .Text(20, d.SellerId).Text(21, d.SellerName).Text(22, d.SellerHandle).Text(23, d.Cover is null ? null : JsonSerializer.Serialize(d.Cover, JsonSerializerOptions.Web)).Int(24, gen)
                .Run();
            return text;
        }

        public void Dispose() => _insert.Dispose();

        /// <summary>"key:option" for every chosen option, separated by <see cref="ListSeparator"/>.</summary>
        private static string Attributes(SearchDocument d)
        {
            var text = new System.Text.StringBuilder();
            foreach (var (key, options) in d.Attributes)
            {
                foreach (var option in options)
                {
                    if (text.Length > 0)
                    {
                        text.Append(ListSeparator);
                    }

                    text.Append(key).Append(':').Append(option);
                }
            }

            return text.ToString();
        }

        /// <summary>The indexed text columns in the FTS table's order: title, tags, facet words, description.</summary>
        private static string[] Text(SearchDocument d) => [Clean(d.Title), Clean(string.Join(' ', d.Tags)), Clean(d.Facets), Clean(d.Description)];

        /// <summary>Control characters never reach the index: highlights use two of them as marks.</summary>
        private static string Clean(string text) =>
            text.AsSpan().ContainsAnyInRange('\u0000', '\u0008') ? new string([.. text.Where(c => c >= '\u0009')]) : text;
    }
}

/// <summary>A document's filter, facet and ranking values as the index stores them.</summary>
internal sealed record IndexedDoc(
    int Id,
    int Category,
    int? Subcategory,
    string Attributes,
    long Price,
    int Delivery,
    SellerLevel Level,
    string Languages,
    string Country,
    double Rating,
    int Reviews,
    int Orders,
    long PublishedUnixSeconds,
    string Seller);
