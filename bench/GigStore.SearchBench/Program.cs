using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Data;
using GigStore.Search.Engines.Sqlite;
using GigStore.Search.Query;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

// Search benchmark helpers (bench/search.sh runs them):
//   queries --app-data DIR [--tenant Default] [--count 500] [--seed 1]   prints search paths: text + 2 filters, each with results
//   fts     --app-data DIR [--tenant Default] --paths FILE               raw FTS5 time of each path's text (same MATCH expression as the engine)
//   lag     --app-data DIR [--tenant Default] --url BASE [--samples 40]  publish → searchable, p50/p95
var command = args.FirstOrDefault();
var options = Options.Parse(args.Skip(1).ToArray());
var tenantFolder = Path.Combine(options.Get("--app-data") ?? throw new ArgumentException("--app-data is required"), "Sites", options.Get("--tenant") ?? "Default");
var searchFolder = Path.Combine(tenantFolder, "search");
var indexPath = Path.Combine(searchFolder, File.ReadAllText(Path.Combine(searchFolder, "current")).Trim() + ".db");

switch (command)
{
    case "queries":
        Queries(indexPath, tenantFolder, int.Parse(options.Get("--count") ?? "500", CultureInfo.InvariantCulture), int.Parse(options.Get("--seed") ?? "1", CultureInfo.InvariantCulture));
        return 0;
    case "fts":
        Fts(indexPath, File.ReadAllLines(options.Get("--paths") ?? throw new ArgumentException("--paths is required")));
        return 0;
    case "rebuild":
        await RebuildAsync(tenantFolder);
        return 0;
    case "engine":
        await EngineAsync(tenantFolder, File.ReadAllLines(options.Get("--paths") ?? throw new ArgumentException("--paths is required")));
        return 0;
    case "lag":
        await LagAsync(tenantFolder, options.Get("--url") ?? throw new ArgumentException("--url is required"), int.Parse(options.Get("--samples") ?? "40", CultureInfo.InvariantCulture));
        return 0;
    default:
        Console.Error.WriteLine("usage: queries|fts|lag --app-data DIR [--tenant NAME] ...");
        return 2;
}

// Paths like /search?q=minimalist+logo&category=logo-design&delivery=7 built from random indexed gigs, so each has results.
static void Queries(string indexPath, string tenantFolder, int count, int seed)
{
    var random = new Random(seed);
    using var index = new SqliteConnection($"Data Source={indexPath};Mode=ReadOnly");
    index.Open();
    using var tenant = new SqliteConnection($"Data Source={Path.Combine(tenantFolder, "gigstore.db")};Mode=ReadOnly");
    tenant.Open();
    var slugs = new Dictionary<long, string>();
    using (var c = tenant.CreateCommand())
    {
        c.CommandText = "SELECT Id, Slug FROM Catalog_Categories";
        using var r = c.ExecuteReader();
        while (r.Read())
        {
            slugs[r.GetInt64(0)] = r.GetString(1);
        }
    }

    var max = Scalar(index, "SELECT max(id) FROM docs");
    var made = 0;
    while (made < count)
    {
        using var c = index.CreateCommand();
        c.CommandText = "SELECT title, category, subcategory, price, delivery FROM docs WHERE id >= $id ORDER BY id LIMIT 1";
        c.Parameters.AddWithValue("$id", random.NextInt64(1, max + 1));
        using var r = c.ExecuteReader();
        if (!r.Read())
        {
            continue;
        }

        var words = SearchText.MeaningfulWords(SearchText.Words(r.GetString(0))).Where(w => w.Length > 2 && w != "will").ToList();
        if (words.Count == 0)
        {
            continue;
        }

        var take = Math.Min(words.Count, random.Next(1, 3));
        var start = random.Next(0, words.Count - take + 1);
        var text = string.Join('+', words.Skip(start).Take(take));
        var category = r.IsDBNull(2) ? r.GetInt64(1) : r.GetInt64(2);
        var second = random.Next(3) switch
        {
            0 => "delivery=" + (r.GetInt32(4) <= 1 ? 1 : r.GetInt32(4) <= 3 ? 3 : 7).ToString(CultureInfo.InvariantCulture),
            1 => "max=" + ((r.GetInt64(3) / 100) + 50).ToString(CultureInfo.InvariantCulture),
            _ => "sort=best-selling&delivery=7",
        };
        if (second.Contains("delivery=7", StringComparison.Ordinal) && r.GetInt32(4) > 7)
        {
            second = "max=" + ((r.GetInt64(3) / 100) + 50).ToString(CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"/search?q={text}&category={slugs[category]}&{second}");
        made++;
    }
}

static void Fts(string indexPath, string[] paths)
{
    using var connection = new SqliteConnection($"Data Source={indexPath};Mode=ReadOnly");
    connection.Open();
    var times = new List<double>();
    var matches = new List<int>();
    foreach (var path in paths.Where(p => p.Length > 0))
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + path).Query);
        var words = SearchText.Words(query["q"]);
        var watch = Stopwatch.StartNew();
        var plan = TextMatcher.Build(connection, words, lastIsPrefix: true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, -bm25(fts, 10, 5, 3, 1) FROM fts WHERE fts MATCH $match";
        command.Parameters.AddWithValue("$match", plan.All);
        var n = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                reader.GetDouble(1);
                n++;
            }
        }

        times.Add(watch.Elapsed.TotalMilliseconds);
        matches.Add(n);
    }

    times.Sort();
    Console.WriteLine($"raw FTS5 (plan + MATCH with bm25, every match read) over {times.Count} queries: p50 {P(times, 50):0.00} ms, p95 {P(times, 95):0.00} ms, max {times[^1]:0.00} ms; matches per query p50 {P([.. matches.Select(m => (double)m).Order()], 50):0}, p95 {P([.. matches.Select(m => (double)m).Order()], 95):0}");
}

// Publishes a paused copy of a gig with a unique word in its title through the catalogue (outbox in the same
// transaction, as the editor does) and polls the search API until it is found.
static async Task LagAsync(string tenantFolder, string baseUrl, int samples)
{
    var options = new DbContextOptionsBuilder<CatalogDb>().UseSqlite($"Data Source={Path.Combine(tenantFolder, "gigstore.db")};Default Timeout=30").Options;
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var lags = new List<double>();

    // The gigs to edit, in primary-key order with the state checked here: filtering on the state in SQL
    // makes SQLite sort every published gig (1.1 s of CPU at a million, on the cores the store is measured on).
    List<int> edited;
    await using (var db = new CatalogDb(options))
    {
        var first = await db.Gigs.OrderBy(g => g.Id).Take(samples * 4).Select(g => new { g.Id, g.State }).ToListAsync();
        edited = [.. first.Where(g => g.State == GigState.Published).Select(g => g.Id).Take(samples)];
    }

    for (var i = 0; i < edited.Count; i++)
    {
        var word = "lagprobe" + Guid.NewGuid().ToString("N")[..10];
        await using (var db = new CatalogDb(options))
        {
            var id = edited[i];
            var gig = await db.Gigs.FirstAsync(g => g.Id == id);
            gig.Title = $"I will test {word}";
            gig.LiveJson = GigStore.Catalog.Gigs.GigContent.FromJson(gig.LiveJson!) is { } content ? (content with { Title = gig.Title }).ToJson() : gig.LiveJson;
            gig.Version++;
            await db.SaveChangesAsync();
        }

        var watch = Stopwatch.StartNew();
        while (true)
        {
            var found = await http.GetFromJsonAsync<JsonObject>($"/api/search?q={word}&size=1");
            if (found!["total"]!.GetValue<long>() > 0)
            {
                break;
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{word} was not searchable after 30 s");
            }

            await Task.Delay(20);
        }

        lags.Add(watch.Elapsed.TotalMilliseconds);
        await Task.Delay(Random.Shared.Next(100, 700));
    }

    lags.Sort();
    Console.WriteLine($"index lag over {lags.Count} live edits: p50 {P(lags, 50):0} ms, p95 {P(lags, 95):0} ms, max {lags[^1]:0} ms");
}

// The engine alone (no HTTP, no page): each path's search once cold, then three rounds of all of them with the text matches cached (the last measured).
static async Task EngineAsync(string tenantFolder, string[] paths)
{
    var engine = new SqliteSearchEngine(Path.Combine(tenantFolder, "search"), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    await engine.SearchAsync(new SearchQuery(), GigStore.Search.Ranking.RankingSettings.Default, default);
    var cold = new List<double>();
    var warm = new List<double>();
    var categories = new Dictionary<string, (int Id, int? Parent)>();
    using (var tenant = new SqliteConnection($"Data Source={Path.Combine(tenantFolder, "gigstore.db")};Mode=ReadOnly"))
    {
        tenant.Open();
        using var c = tenant.CreateCommand();
        c.CommandText = "SELECT Slug, Id, ParentId FROM Catalog_Categories";
        using var r = c.ExecuteReader();
        while (r.Read())
        {
            categories[r.GetString(0)] = (r.GetInt32(1), r.IsDBNull(2) ? null : r.GetInt32(2));
        }
    }

    var queries = new List<SearchQuery>();
    foreach (var path in paths.Where(p => p.Length > 0))
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + path).Query);
        var category = query["category"] is { } slug ? categories[slug] : default((int Id, int? Parent)?);
        var q = new SearchQuery
        {
            Text = query["q"] ?? "",
            CategoryId = category is { } c1 ? c1.Parent ?? c1.Id : null,
            SubcategoryId = category is { Parent: not null } c2 ? c2.Id : null,
            MaxDeliveryDays = query["delivery"] is { } d ? int.Parse(d, CultureInfo.InvariantCulture) : null,
            MaxPriceMinor = query["max"] is { } m ? long.Parse(m, CultureInfo.InvariantCulture) * 100 : null,
            PriceBucketBoundsMinor = [2500, 5000, 10000, 25000, 50000],
        };
        var watch = Stopwatch.StartNew();
        await engine.SearchAsync(q, GigStore.Search.Ranking.RankingSettings.Default, default);
        cold.Add(watch.Elapsed.TotalMilliseconds);
        queries.Add(q);
    }

    // The text matches are cached now: three rounds of all the searches, the last one measured (the first ones let the JIT settle).
    var total = Stopwatch.StartNew();
    for (var round = 0; round < 3; round++)
    {
        warm.Clear();
        total.Restart();
        foreach (var q in queries)
        {
            var watch = Stopwatch.StartNew();
            await engine.SearchAsync(q, GigStore.Search.Ranking.RankingSettings.Default, default);
            warm.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    cold.Sort();
    warm.Sort();
    Console.WriteLine($"engine, {cold.Count} searches: cold p50 {P(cold, 50):0.00} ms p95 {P(cold, 95):0.00} ms; text cached (third round) p50 {P(warm, 50):0.00} ms p95 {P(warm, 95):0.00} ms, mean {total.Elapsed.TotalMilliseconds / queries.Count:0.00} ms");
}

// Where a rebuild's time goes: reading and parsing the catalogue alone, then the whole load into a scratch index file.
static async Task RebuildAsync(string tenantFolder)
{
    var options = new DbContextOptionsBuilder<CatalogDb>().UseSqlite($"Data Source={Path.Combine(tenantFolder, "gigstore.db")};Mode=ReadOnly").Options;
    var watch = Stopwatch.StartNew();
    long n = 0;
    for (var round = 1; round <= 2; round++)
    {
        watch.Restart();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        n = 0;
        await using var db = new CatalogDb(options);
        await foreach (var _ in new GigStore.Search.Indexing.SearchDocumentSource(db).AllAsync(default))
        {
            n++;
        }

        Console.WriteLine($"read + build documents, round {round}: {n:N0} in {watch.Elapsed.TotalSeconds:0.0} s ({n / watch.Elapsed.TotalSeconds:N0}/s), CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:0.0} s, GCs so far (gen 0/1/2) {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused so far {GC.GetTotalPauseDuration().TotalSeconds:0.0} s, allocated so far {GC.GetTotalAllocatedBytes() / 1e9:0.0} GB");
    }
    watch.Restart();
    long bytes = 0;
    await using (var db = new CatalogDb(options))
    {
        await foreach (var json in db.Gigs.AsNoTracking().Where(g => g.State == GigState.Published).Select(g => g.LiveJson).AsAsyncEnumerable())
        {
            bytes += json!.Length;
        }
    }

    Console.WriteLine($"read live documents only: {watch.Elapsed.TotalSeconds:0.0} s ({bytes / 1048576.0:N0} M characters)");
    await using (var db = new CatalogDb(options))
    {
        var sample = await db.Gigs.AsNoTracking().Where(g => g.State == GigState.Published).Take(5000).ToListAsync();
        var tree = await GigStore.Catalog.Categories.CategoryTree.LoadAsync(db, default);
        var seller = await db.Sellers.AsNoTracking().FirstAsync();
        foreach (var round in new[] { "warm-up", "measured" })
        {
            watch.Restart();
            foreach (var gig in sample)
            {
                GigStore.Search.Indexing.IndexedContent.Read(System.Text.Encoding.UTF8.GetBytes(gig.LiveJson!));
            }

            var parse = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            foreach (var gig in sample)
            {
                GigStore.Search.Indexing.SearchDocumentSource.Build(gig, seller, tree);
            }

            Console.WriteLine($"{round}: parse {parse * 1000 / sample.Count:0.0} µs, whole build {watch.Elapsed.TotalMilliseconds * 1000 / sample.Count:0.0} µs per gig (one core)");
        }
    }
    var scratch = Path.Combine(Path.GetTempPath(), $"gigstore-rebuild-{Guid.NewGuid():N}.db");
    try
    {
        watch.Restart();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using var db = new CatalogDb(options);
        var file = new SqliteIndexFile(scratch);
        file.Create(bulk: true);
        var stages = await file.LoadAsync(new GigStore.Search.Indexing.SearchDocumentSource(db).AllAsync(default), null, default);
        Console.WriteLine($"whole load: {stages:N0} in {watch.Elapsed.TotalSeconds:0.0} s ({stages / watch.Elapsed.TotalSeconds:N0}/s), CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s");
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        File.Delete(scratch);
    }
}

static double P(List<double> sorted, int percentile) => sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static long Scalar(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
}

internal sealed class Options(Dictionary<string, string> values)
{
    public string? Get(string name) => values.GetValueOrDefault(name);

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        return new Options(values);
    }
}
