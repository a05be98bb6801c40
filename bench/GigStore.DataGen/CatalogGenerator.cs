using GigStore.Commands;
using System.Threading.Channels;
using GigStore.Catalog.Data;
using GigStore.DataGen.Gigs;
using GigStore.DataGen.Sellers;
using GigStore.DataGen.Taxonomy;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen;

/// <summary>What a run wrote.</summary>
internal sealed record GenerationReport(
    string DatabasePath,
    int Sellers,
    IReadOnlyDictionary<GigState, int> Gigs,
    TimeSpan SellersTime,
    TimeSpan GigsTime,
    TimeSpan Total,
    long DatabaseBytes);

/// <summary>
/// A run: lock the tenant database, add the taxonomy, then write the sellers and the gigs. Units of
/// gigs are made on the thread pool (several at once, each from its own random stream) while this
/// thread writes the finished ones in order, <see cref="BatchSize"/> rows per transaction.
/// </summary>
internal sealed class CatalogGenerator(DataGenOptions options, TextWriter log, bool inPlaceProgress)
{
    /// <summary>Rows per transaction.</summary>
    public const int BatchSize = 10_000;

    /// <summary>Gigs made at a time by one task: small, so that rows waiting to be written stay young for the garbage collector.</summary>
    public const int UnitSize = 1_000;

    /// <summary>One generated gig in this many is checked against the catalogue's rules (and the first of every run).</summary>
    public const int CheckEvery = 997;

    public async Task<GenerationReport> RunAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var target = TenantTarget.Locate(options.AppData, options.Tenant);
        log.WriteLine($"GigStore data generator: tenant {target.Name}, {target.DatabasePath}");
        log.WriteLine($"  {options.Gigs:N0} gigs, {options.Sellers:N0} sellers, seed {options.Seed}");

        using var connection = GeneratorConnection.Open(target);
        var sellerRole = GeneratorConnection.SellerRoleId(connection);

        var taxonomy = TaxonomyWriter.Ensure(connection, Catalogue.Top);
        log.WriteLine($"categories: {taxonomy.Added} added, {taxonomy.Reused} already there; gigs go into {taxonomy.GigCategories.Count} subcategories");
        foreach (var warning in taxonomy.Warnings)
        {
            log.WriteLine($"  warning: {warning}");
        }

        if (taxonomy.GigCategories.Count == 0)
        {
            throw new DataGenException("None of the generator's subcategories can take gigs in this tenant.");
        }

        var images = ImagePool.Load(connection);
        log.WriteLine(images.All.Count > 0
            ? $"images: {images.All.Count} of the tenant's gig images are reused for galleries"
            : "images: the tenant has no gig images (no gigs by sellers who uploaded some), so generated gigs have none");

        var plan = GigPlan.Make(options.Gigs, options.Sellers, options.Seed, GigPlan.DefaultNow());
        var sellers = new SellerFactory(taxonomy.GigCategories, plan, options.Seed, SellerIdentities.Load(connection)).Make(options.Sellers);
        var sellersTime = WriteSellers(connection, sellers, sellerRole, ct);

        var factory = new GigFactory(plan, sellers, taxonomy.GigCategories, images, options.Seed, new GigChecker(taxonomy.Categories, CheckEvery));
        var (counts, gigsTime) = await WriteGigsAsync(connection, factory, ct);

        GeneratorConnection.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        connection.Close();
        return new GenerationReport(target.DatabasePath, sellers.Count, counts, sellersTime, gigsTime, started.Elapsed, new FileInfo(target.DatabasePath).Length);
    }

    private TimeSpan WriteSellers(SqliteConnection connection, List<GeneratedSeller> sellers, string sellerRole, CancellationToken ct)
    {
        var progress = new ConsoleProgress("sellers", sellers.Count, log, inPlaceProgress);
        using var writer = new SellerWriter(connection, sellerRole);
        var written = 0;
        try
        {
            writer.Write(sellers, BatchSize, n => progress.Report(written = n), ct);
        }
        finally
        {
            progress.Complete(written);
        }

        return progress.Elapsed;
    }

    private async Task<(Dictionary<GigState, int> Counts, TimeSpan Time)> WriteGigsAsync(SqliteConnection connection, GigFactory factory, CancellationToken ct)
    {
        var units = (options.Gigs + UnitSize - 1) / UnitSize;
        var queue = Channel.CreateBounded<Task<GigRow[]>>(new BoundedChannelOptions(2 * Environment.ProcessorCount) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    for (var u = 0; u < units; u++)
                    {
                        var unit = u;
                        var from = unit * UnitSize;
                        var count = Math.Min(UnitSize, options.Gigs - from);
                        await queue.Writer.WriteAsync(Task.Run(() => factory.MakeUnit(unit, from, count), stop.Token), stop.Token);
                    }

                    queue.Writer.Complete();
                }
                catch (Exception ex)
                {
                    queue.Writer.Complete(ex);
                }
            },
            CancellationToken.None);

        var counts = Enum.GetValues<GigState>().ToDictionary(s => s, _ => 0);
        var progress = new ConsoleProgress("gigs", options.Gigs, log, inPlaceProgress);
        using var writer = new GigWriter(connection, SlugAllocator.Load(connection));
        try
        {
            await foreach (var next in queue.Reader.ReadAllAsync(stop.Token))
            {
                var rows = await next;
                ct.ThrowIfCancellationRequested();
                writer.Write(rows, BatchSize, progress.Report);
                foreach (var row in rows)
                {
                    counts[row.State]++;
                }
            }

            writer.Flush();
        }
        finally
        {
            stop.Cancel();
            progress.Complete(writer.Committed);
            await producer;
        }

        return (counts, progress.Elapsed);
    }
}
