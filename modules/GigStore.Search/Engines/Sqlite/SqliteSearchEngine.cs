using System.Globalization;
using GigStore.Search.Indexing;
using GigStore.Search.Query;
using GigStore.Search.Ranking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// The embedded engine: SQLite FTS5 for text, in-memory columns for filters, facets and ranking
/// signals. A tenant's index is a file in <c>App_Data/Sites/{tenant}/search/</c>, named by when it was
/// built; the file <c>current</c> names the one in use, so a rebuild writes a new file and switches with
/// one atomic rename while searches go on (another process — the rebuild command — may do it: every
/// engine looks at <c>current</c> and the index's generation at most once a second).
/// </summary>
internal sealed class SqliteSearchEngine(string folder, TimeProvider clock, ILogger logger) : ISearchEngine
{
    public const string EngineName = "sqlite";

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>Fewer gigs than this with every word, and gigs with some of the words follow them.</summary>
    public const int FewMatches = 10;

    /// <summary>FTS5's in-memory buffer for a rebuild (<see cref="SqliteIndexFile.FtsBufferBytes"/>); tests make it small to see a build of several segments.</summary>
    internal int FtsBufferBytes { get; init; } = SqliteIndexFile.FtsBufferBytes;

    private readonly object _gate = new();
    private Handle? _current;
    private long _checkedTicks;

    public string Name => EngineName;

    public string Folder => folder;

    private string PointerPath => Path.Combine(folder, "current");

    public Task<SearchResults> SearchAsync(SearchQuery query, RankingSettings ranking, CancellationToken cancellationToken)
    {
        var handle = Current();
        using var connection = handle.File.Open();
        var words = SearchText.Words(query.Text);
        var text = words.Count == 0 ? null : TextMatches(handle, connection, words, ranking);

        FacetedSearch faceted;
        List<(int Id, double Score)> page;
        using (handle.Columns.Read())
        {
            var columns = handle.Columns;
            faceted = new FacetedSearch(columns, query, ranking, clock.GetUtcNow());
            // Slots are never reused, so matches from a moment ago still name the same gigs; gone ones are dead.
            faceted.AddAll(text?.Slots, text?.Scores);
            page = faceted.Page();
        }

        var ids = page.Select(p => p.Id).ToList();
        var cards = SqliteIndexFile.ReadCards(connection, ids);
        var highlights = text is not null ? Highlights(connection, text.Plan, ids) : [];
        var hits = new List<SearchHit>(page.Count);
        foreach (var (id, score) in page)
        {
            if (cards.TryGetValue(id, out var card))
            {
                var marked = highlights.GetValueOrDefault(id);
                hits.Add(card with { Score = score, TitleHtml = marked.Title, SnippetHtml = marked.Snippet });
            }
        }

        return Task.FromResult(new SearchResults
        {
            Hits = hits,
            Total = faceted.Total,
            Facets = faceted.Facets(),
            CorrectedText = text?.CorrectedText,
            Engine = EngineName,
        });
    }

    /// <summary>
    /// The gigs the words match, with their text scores: from the cache when the same words with the same
    /// weights were searched since the index last changed (most searches repeat, with other filters, sorts
    /// or pages), else from FTS5.
    /// </summary>
    private TextResult TextMatches(Handle handle, SqliteConnection connection, IReadOnlyList<string> words, RankingSettings ranking)
    {
        // The generation before reading FTS5: the columns may catch up meanwhile, and matches read from an
        // older file must not be kept as the newer generation's.
        var generation = handle.Columns.Generation;
        var key = string.Join(' ', words) + "|" + ranking.TitleWeight + "," + ranking.TagsWeight + "," + ranking.FacetsWeight + "," + ranking.DescriptionWeight;
        if (handle.TextCache.TryGet(key, out var cached, out var cachedGeneration)
            && (cached.KeptSince is not { } kept || clock.GetElapsedTime(kept) < MaxKeptScoreAge))
        {
            if (cachedGeneration == generation)
            {
                return cached;
            }

            if (Refresh(handle, connection, cached, cachedGeneration, ranking, clock.GetTimestamp()) is { } refreshed)
            {
                handle.TextCache.Set(key, generation, refreshed);
                return refreshed;
            }
        }

        var plan = TextMatcher.Build(connection, words, lastIsPrefix: true);
        var matches = Match(connection, plan.All, ranking);
        var someWords = false;
        if (matches.Count < FewMatches && plan.Groups.Count > 1)
        {
            // Few or no gigs have every word: add those with some of them ("fix my wordpress site"),
            // scaled to rank below the ones with every word unless their quality lifts them.
            var some = MatchSome(connection, plan, ranking);
            var all = matches.Select(m => m.Id).ToHashSet();
            var floor = matches.Count == 0 ? 1 : matches.Min(m => m.Score);
            var top = some.Count == 0 ? 1 : some.Max(m => m.Score);
            var scale = matches.Count == 0 ? 1 : Math.Min(1, 0.5 * floor / top);
            matches.AddRange(some.Where(m => !all.Contains(m.Id)).Select(m => (m.Id, m.Score * scale)));
            someWords = true;
        }

        var (slots, scores) = ToSlots(handle.Columns, matches);
        var result = new TextResult(plan, slots, scores, matches.Count > 0 ? plan.CorrectedText : null, someWords);
        handle.TextCache.Set(key, generation, result);
        return result;
    }

    /// <summary>Gigs changed since cached matches were made, at most this many, are matched again instead of the whole text.</summary>
    private const int MaxRefreshed = 2_000;

    /// <summary>How long cached matches may keep a written gig's old score (<see cref="Refresh"/>) before they are made again in full.</summary>
    private static readonly TimeSpan MaxKeptScoreAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Cached matches brought up to date after writes to the index, so a busy store's edits do not send
    /// every search back to FTS5: the gigs written since are matched against the text apart from the index
    /// (<see cref="MatchingAmong"/>; scoring them in the index costs about as much as an uncached search
    /// for each: bm25 counts every gig with each word before it scores one row, 8–16 ms for a common word at a
    /// million gigs, and an open prefix is read whole). A gig that no longer matches is dropped; one that still matches keeps its
    /// score (most writes change a price, a rating or an order count, not the words; the matches are made
    /// again in full, with every score from FTS5, at most <see cref="MaxKeptScoreAge"/> after the first
    /// score was kept);
    /// a gig that matches now and did not before is scored by bm25. Null when this is not possible — the
    /// change log no longer reaches back, too many gigs changed, or the matches had gigs with only some of
    /// the words (whose scaling depends on the whole set). The other gigs keep the bm25 they had; the
    /// statistics it depends on move by the few gigs written.
    /// </summary>
    private static TextResult? Refresh(Handle handle, SqliteConnection connection, TextResult cached, long cachedGeneration, RankingSettings ranking, long now)
    {
        if (cached.SomeWords)
        {
            return null;
        }

        HashSet<int> changed;
        var columns = handle.Columns;
        using (columns.Read())
        {
            if (!columns.TryChangedSince(cachedGeneration, out changed) || changed.Count > MaxRefreshed)
            {
                return null;
            }
        }

        // Slots are never reused, so a cached slot still names its gig; a removed gig's slot is dead and
        // skipped by the search, and an updated gig keeps its slot.
        var matching = MatchingAmong(connection, cached.Plan.All, changed);
        var drop = new HashSet<int>();
        var added = new List<int>();
        var keptSince = cached.KeptSince;
        using (columns.Read())
        {
            foreach (var id in changed)
            {
                var had = columns.TryGetSlot(id, out var slot) && Array.BinarySearch(cached.Slots, slot) >= 0;
                if (had && !matching.Contains(id))
                {
                    drop.Add(slot);
                }
                else if (!had && matching.Contains(id))
                {
                    added.Add(id);
                }
                else if (had)
                {
                    keptSince ??= now;
                }
            }
        }

        if (drop.Count == 0 && added.Count == 0)
        {
            return cached with { KeptSince = keptSince };
        }

        var (freshSlots, freshScores) = ToSlots(columns, MatchAmong(connection, cached.Plan.All, ranking, added));
        var slots = new List<int>(cached.Count + freshSlots.Length);
        var scores = new List<float>(cached.Count + freshSlots.Length);
        for (var i = 0; i < cached.Slots.Length; i++)
        {
            if (!drop.Contains(cached.Slots[i]))
            {
                slots.Add(cached.Slots[i]);
                scores.Add(cached.Scores[i]);
            }
        }

        slots.AddRange(freshSlots);
        scores.AddRange(freshScores);

        var (sortedSlots, sortedScores) = Sorted([.. slots], [.. scores]);
        return cached with { Slots = sortedSlots, Scores = sortedScores, CorrectedText = slots.Count > 0 ? cached.Plan.CorrectedText : null, KeptSince = keptSince };
    }

    /// <summary>Matches in slot order (binary-searchable, and the columns read in memory order).</summary>
    private static (int[] Slots, float[] Scores) Sorted(int[] slots, float[] scores)
    {
        for (var i = 1; i < slots.Length; i++)
        {
            if (slots[i] < slots[i - 1])
            {
                Array.Sort(slots, scores);
                break;
            }
        }

        return (slots, scores);
    }

    /// <summary>Matches as slots in the columns; a gig written to the file after the columns last caught up has no slot yet (the next search has it).</summary>
    private static (int[] Slots, float[] Scores) ToSlots(DocColumns columns, List<(int Id, double Score)> matches)
    {
        var slots = new int[matches.Count];
        var scores = new float[matches.Count];
        var n = 0;
        using (columns.Read())
        {
            foreach (var (id, score) in matches)
            {
                if (columns.TryGetSlot(id, out var slot))
                {
                    slots[n] = slot;
                    scores[n++] = (float)score;
                }
            }
        }

        return Sorted(slots[..n], scores[..n]);
    }

    /// <summary>
    /// Every gig matching an FTS5 expression with its bm25 (made positive, column-weighted), in rowid order:
    /// all of them, so totals and facet counts are exact (stopping early would drop the newest gigs).
    /// </summary>
    private static List<(int Id, double Score)> Match(SqliteConnection connection, string expression, RankingSettings weights)
    {
        using var command = MatchCommand(connection, expression, weights, "");
        var matches = new List<(int, double)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            matches.Add((reader.GetInt32(0), reader.GetDouble(1)));
        }

        return matches;
    }

    /// <summary>
    /// Those of <paramref name="gigIds"/> the expression matches, one seek each: FTS5 uses a rowid equality
    /// but reads every match to filter an IN list (0.04 ms against 5 ms for a common word at a million gigs).
    /// </summary>
    private static List<(int Id, double Score)> MatchAmong(SqliteConnection connection, string expression, RankingSettings weights, IEnumerable<int> gigIds)
    {
        using var command = MatchCommand(connection, expression, weights, " AND rowid = $id");
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var matches = new List<(int, double)>();
        foreach (var gigId in gigIds)
        {
            id.Value = gigId;
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                matches.Add((reader.GetInt32(0), reader.GetDouble(1)));
            }
        }

        return matches;
    }

    /// <summary>
    /// Which of <paramref name="gigIds"/> an FTS5 expression matches, found in a temporary FTS5 table of
    /// this connection holding just those gigs' text as the index holds it (without stop words, tokenized
    /// alike). Asked of the index with a rowid equality instead, FTS5 still reads the whole doclist of an
    /// open prefix ("design"*: 26 ms at a million gigs for one gig) and bm25 counts every gig with each word
    /// first.
    /// </summary>
    private static HashSet<int> MatchingAmong(SqliteConnection connection, string expression, IReadOnlyCollection<int> gigIds)
    {
        var matching = new HashSet<int>();
        if (gigIds.Count == 0)
        {
            return matching;
        }

        using (var fill = connection.CreateCommand())
        {
            fill.CommandText = $"""
                CREATE VIRTUAL TABLE IF NOT EXISTS temp.probe USING fts5({SqliteIndexFile.FtsColumns}, tokenize='{SqliteIndexFile.FtsTokenizer}');
                DELETE FROM temp.probe;
                INSERT INTO temp.probe(rowid, {SqliteIndexFile.FtsColumns})
                    SELECT id, index_text(title), index_text(tags), index_text(facets), index_text(description) FROM main.docs WHERE id IN (SELECT value FROM json_each($ids));
                """;
            fill.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(gigIds));
            fill.ExecuteNonQuery();
        }

        SqliteIndexFile.ReadIds(connection, "SELECT rowid FROM temp.probe WHERE probe MATCH $match", "$match", expression, matching);
        return matching;
    }

    private static SqliteCommand MatchCommand(SqliteConnection connection, string expression, RankingSettings weights, string andWhere)
    {
        var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"SELECT rowid, -bm25(fts, {weights.TitleWeight}, {weights.TagsWeight}, {weights.FacetsWeight}, {weights.DescriptionWeight}) FROM fts WHERE fts MATCH $match{andWhere}");
        command.Parameters.AddWithValue("$match", expression);
        return command;
    }

    /// <summary>
    /// Gigs with any of the plan's words: each word's bm25 summed, times the share of the words a gig has
    /// (a gig with two of three words before one with one).
    /// </summary>
    private static List<(int Id, double Score)> MatchSome(SqliteConnection connection, TextMatcher.Plan plan, RankingSettings weights)
    {
        var scores = new Dictionary<int, (double Sum, int Words)>();
        foreach (var group in plan.Groups)
        {
            foreach (var (id, score) in Match(connection, TextMatcher.Plan.Expression(group), weights))
            {
                var (sum, words) = scores.GetValueOrDefault(id);
                scores[id] = (sum + score, words + 1);
            }
        }

        return [.. scores.Select(s => (s.Key, s.Value.Sum * s.Value.Words / plan.Groups.Count))];
    }

    /// <summary>The page's titles and description excerpts with the matched words marked (see <see cref="Highlighter"/>).</summary>
    private static Dictionary<int, (string? Title, string? Snippet)> Highlights(SqliteConnection connection, TextMatcher.Plan plan, IReadOnlyList<int> ids)
    {
        var marked = new Dictionary<int, (string?, string?)>();
        if (ids.Count == 0)
        {
            return marked;
        }

        var highlighter = new Highlighter(plan);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, title, description FROM docs WHERE id IN ({string.Join(',', ids)})";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            marked[reader.GetInt32(0)] = (highlighter.Mark(reader.GetString(1)), highlighter.Snippet(reader.GetString(2)));
        }

        return marked;
    }

    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var words = SearchText.Words(prefix);
        if (words.Count == 0 || words.Sum(w => w.Length) < 2)
        {
            return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        }

        var handle = Current();
        using var connection = handle.File.Open();
        var suggestions = new List<Suggestion>();

        // Words: the typed words with the last one completed (or, misspelt, corrected).
        var head = string.Join(' ', words.Take(words.Count - 1));
        var last = words[^1];
        var completions = TextMatcher.Completions(connection, last, limit);
        if (completions.Count == 0 && last.Length >= 4)
        {
            completions = TextMatcher.CloseSpellings(connection, last);
        }

        foreach (var completion in completions.Take(Math.Max(1, limit / 2)))
        {
            suggestions.Add(new Suggestion(SuggestionKind.Query, (head + " " + completion).Trim()));
        }

        // Gigs whose titles have these words: the best by quality among the first matches.
        var plan = TextMatcher.Build(connection, words, lastIsPrefix: true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT d.id, d.title, d.slug, d.rating, d.reviews, d.orders FROM (SELECT rowid FROM fts WHERE fts MATCH $match LIMIT 500) m JOIN docs d ON d.id = m.rowid";
        command.Parameters.AddWithValue("$match", "{title tags} : (" + plan.AllListed + ")");
        var gigs = new List<(string Title, string Slug, double Quality)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                gigs.Add((reader.GetString(1), reader.GetString(2), Signals.Rating(reader.GetDouble(3), reader.GetInt32(4)) + Signals.Orders(reader.GetInt32(5))));
            }
        }

        foreach (var gig in gigs.OrderByDescending(g => g.Quality).Take(limit - suggestions.Count))
        {
            suggestions.Add(new Suggestion(SuggestionKind.Gig, gig.Title, gig.Slug));
        }

        return Task.FromResult<IReadOnlyList<Suggestion>>(suggestions);
    }

    public Task IndexAsync(IReadOnlyList<SearchDocument> upserts, IReadOnlyList<int> deletes, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return Task.CompletedTask;
        }

        var handle = Current();
        var gen = handle.File.Write(upserts, deletes);

        // Catch the columns up to what was just written (and anything another writer wrote before).
        CatchUp(handle, gen);
        return Task.CompletedTask;
    }

    public async Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var name = "gigs-" + clock.GetUtcNow().ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var file = new SqliteIndexFile(Path.Combine(folder, name + ".db"));
        try
        {
            file.Create(bulk: true);
            await file.LoadAsync(documents, progress, cancellationToken, FtsBufferBytes);
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            DeleteFiles(file.Path);
            throw;
        }

        // Switch: write the pointer next to it and rename over the old one (atomic on the same file system).
        var temporary = PointerPath + ".tmp";
        await File.WriteAllTextAsync(temporary, name, cancellationToken);
        File.Move(temporary, PointerPath, overwrite: true);
        lock (_gate)
        {
            // The next search loads the new index's columns (a rebuild command's process never searches).
            _current = null;
        }

        logger.LogInformation("Search index {Index} built and in use", name);
        DeleteOthers(name);
    }

    public Task<IndexStats> StatsAsync(CancellationToken cancellationToken)
    {
        var handle = Current();
        var size = new[] { "", "-wal", "-shm" }.Select(s => new FileInfo(handle.File.Path + s)).Where(f => f.Exists).Sum(f => f.Length);
        return Task.FromResult(new IndexStats(handle.File.Name, handle.Columns.AliveCount, size));
    }

    public Task<EngineHealth> HealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var handle = Current();
            using var connection = handle.File.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM fts WHERE fts MATCH '\"health\"'";
            command.ExecuteScalar();
            return Task.FromResult(new EngineHealth(true, $"{handle.File.Name}: {handle.Columns.AliveCount} gigs"));
        }
        catch (Exception ex)
        {
            return Task.FromResult(new EngineHealth(false, ex.Message));
        }
    }

    /// <summary>Whether the index in use is there and of this code's schema: one of an older schema is rebuilt by the indexer as a missing one is.</summary>
    public Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        var file = File.Exists(PointerPath) ? new SqliteIndexFile(Path.Combine(folder, File.ReadAllText(PointerPath).Trim() + ".db")) : null;
        if (file is null || !File.Exists(file.Path))
        {
            return Task.FromResult(false);
        }

        using var connection = file.Open();
        return Task.FromResult(SqliteIndexFile.ReadSchema(connection) == SqliteIndexFile.SchemaVersion);
    }

    /// <summary>The index in use, switching to a newer one or catching up with changes at most once a second.</summary>
    private Handle Current()
    {
        var now = clock.GetTimestamp();
        var handle = _current;
        if (handle is not null && clock.GetElapsedTime(Interlocked.Read(ref _checkedTicks), now) < CheckEvery)
        {
            return handle;
        }

        lock (_gate)
        {
            if (_current is not null && clock.GetElapsedTime(_checkedTicks, now) < CheckEvery)
            {
                return _current;
            }

            var name = File.Exists(PointerPath) ? File.ReadAllText(PointerPath).Trim() : null;
            if (name is null)
            {
                // No index yet: an empty one, until the indexer builds the real one.
                Directory.CreateDirectory(folder);
                name = "gigs-empty";
                var empty = new SqliteIndexFile(Path.Combine(folder, name + ".db"));
                empty.Create(bulk: false);
                File.WriteAllText(PointerPath + ".tmp", name);
                File.Move(PointerPath + ".tmp", PointerPath, overwrite: true);
            }

            if (_current is null || _current.File.Name != name)
            {
                _current = Load(new SqliteIndexFile(Path.Combine(folder, name + ".db")));
            }
            else
            {
                using var connection = _current.File.Open();
                CatchUp(_current, SqliteIndexFile.Generation(connection));
            }

            Interlocked.Exchange(ref _checkedTicks, now);
            return _current;
        }
    }

    private static Handle Load(SqliteIndexFile file)
    {
        var columns = new DocColumns();
        using var connection = file.Open();

        // An index written by older code lacks columns this code reads (or holds them otherwise): never read it.
        if (SqliteIndexFile.ReadSchema(connection) is var schema && schema != SqliteIndexFile.SchemaVersion)
        {
            throw new SearchEngineException($"The search index {file.Name} has schema {schema}, not {SqliteIndexFile.SchemaVersion}: it is rebuilt, and until then search answers from the database.");
        }

        var gen = SqliteIndexFile.Generation(connection);
        columns.Apply(SqliteIndexFile.ReadDocs(connection, ""), [], gen);
        return new Handle(file, columns);
    }

    private static void CatchUp(Handle handle, long generation)
    {
        if (generation <= handle.Columns.Generation)
        {
            return;
        }

        using var connection = handle.File.Open();
        var (changed, deleted) = SqliteIndexFile.ChangesSince(connection, handle.Columns.Generation);
        handle.Columns.Apply(changed, deleted, generation);
    }

    /// <summary>Removes index files other than <paramref name="keep"/>; one still open elsewhere goes on the next rebuild.</summary>
    private void DeleteOthers(string keep)
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in Directory.EnumerateFiles(folder, "gigs-*.db"))
        {
            if (Path.GetFileNameWithoutExtension(path) != keep)
            {
                DeleteFiles(path);
            }
        }
    }

    private void DeleteFiles(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(path + suffix);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Could not delete old search index file {Path}", path + suffix);
            }
        }
    }

    private sealed record Handle(SqliteIndexFile File, DocColumns Columns)
    {
        public TextMatchCache TextCache { get; } = new();
    }
}
