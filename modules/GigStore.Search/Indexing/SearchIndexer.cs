using System.Diagnostics;
using GigStore.Catalog.Data;
using GigStore.Search.Data;
using GigStore.Search.Engines;
using GigStore.Search.Ranking;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GigStore.Search.Indexing;

/// <summary>
/// Keeps a tenant's index in step with the catalogue: reads the outbox (<see cref="CatalogDb.GigChanges"/>)
/// in order, writes the changed gigs' documents (or removes gigs buyers can no longer see), then deletes
/// the rows it applied. One indexer at a time holds the tenant's lease (several app nodes, the rebuild
/// command); a failure keeps the rows, records the error and retries later, waiting longer each time.
/// Without an index yet, the first run builds one from the whole catalogue.
/// </summary>
public sealed class SearchIndexer(
    CatalogDb catalog,
    SearchDb db,
    SearchDocumentSource source,
    SearchEngines engines,
    SearchSettingsStore settings,
    ITenantAccessor tenants,
    TimeProvider clock,
    ILogger<SearchIndexer> logger)
{
    public const int BatchSize = 500;

    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>This process's name for leases.</summary>
    private static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Applies pending changes (all of them, batch by batch). Returns how many gigs were written or removed; 0 when another indexer holds the lease or a retry is not due.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var state = await StateAsync(ct);
        if (state.NextAttemptUtc is { } next && next > clock.GetUtcNow())
        {
            return 0;
        }

        var engine = await EngineAsync(ct);
        var applied = 0;
        var leased = false;
        try
        {
            // The common case, several times a second: nothing to do, and no lease taken to find that out.
            var missing = !await ExistsAsync(engine, ct);
            if (!state.RebuildRequested && !missing && !await catalog.GigChanges.AnyAsync(ct))
            {
                return 0;
            }

            if (!(leased = await TryLeaseAsync(ct)))
            {
                return 0;
            }

            if (state.RebuildRequested || missing)
            {
                await RebuildLeasedAsync(null, ct);
                engines.Built(engine);
            }

            while (true)
            {
                var rows = await catalog.GigChanges.AsNoTracking().OrderBy(c => c.Id).Take(BatchSize).Select(c => new { c.Id, c.GigId }).ToListAsync(ct);
                if (rows.Count == 0)
                {
                    break;
                }

                var (upserts, deletes) = await source.LoadAsync([.. rows.Select(r => r.GigId)], ct);
                await engine.IndexAsync(upserts, deletes, ct);
                var last = rows[^1].Id;
                await catalog.GigChanges.Where(c => c.Id <= last).ExecuteDeleteAsync(ct);
                applied += upserts.Count + deletes.Count;
                await RenewAsync(ct);
            }

            await UpdateStateAsync(s =>
            {
                if (applied > 0)
                {
                    s.ChangesIndexed += applied;
                    s.LastIndexedUtc = clock.GetUtcNow();
                }

                s.FailedAttempts = 0;
                s.NextAttemptUtc = null;
            }, ct);
            return applied;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailedAsync(ex, ct);
            return applied;
        }
        finally
        {
            if (leased)
            {
                await ReleaseAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Whether the index exists; a yes is remembered (asking four times a second would be a request each time for Elasticsearch).</summary>
    private async Task<bool> ExistsAsync(ISearchEngine engine, CancellationToken ct)
    {
        if (engines.KnownToExist(engine))
        {
            return true;
        }

        var exists = await engine.ExistsAsync(ct);
        if (exists)
        {
            engines.Built(engine);
        }

        return exists;
    }

    /// <summary>
    /// Builds a new index from the whole catalogue and switches to it; searches use the old one until
    /// then. Waits for the lease (the indexer pauses meanwhile); changes made during the rebuild stay in
    /// the outbox and are applied after it.
    /// </summary>
    public async Task RebuildAsync(IProgress<long>? progress, CancellationToken ct)
    {
        while (!await TryLeaseAsync(ct))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, ct);
        }

        try
        {
            await RebuildLeasedAsync(progress, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailedAsync(ex, ct);
            throw;
        }
        finally
        {
            await ReleaseAsync(CancellationToken.None);
        }
    }

    private async Task RebuildLeasedAsync(IProgress<long>? progress, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();

        // Rows up to here are covered by the snapshot read after this point; later ones are applied after the switch.
        var covered = await catalog.GigChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0;
        long written = 0;
        var renewed = Stopwatch.StartNew();
        await (await EngineAsync(ct)).RebuildAsync(source.AllAsync(ct), new SyncProgress(n =>
        {
            written = n;
            progress?.Report(n);

            // Between batches the tenant's connection is free: keep the lease while the rebuild runs.
            if (renewed.Elapsed > LeaseTime / 4)
            {
                RenewAsync(ct).GetAwaiter().GetResult();
                renewed.Restart();
            }
        }), ct);

        await catalog.GigChanges.Where(c => c.Id <= covered).ExecuteDeleteAsync(ct);
        await UpdateStateAsync(s =>
        {
            s.RebuiltUtc = clock.GetUtcNow();
            s.RebuildDocuments = written;
            s.RebuildMilliseconds = watch.ElapsedMilliseconds;
            s.ChangesIndexed = 0;
            s.RebuildRequested = false;
            s.FailedAttempts = 0;
            s.NextAttemptUtc = null;
        }, ct);
        logger.LogInformation("Search index of {Tenant} rebuilt: {Documents} gigs in {Ms} ms", tenants.Tenant.Name, written, watch.ElapsedMilliseconds);
    }

    private async Task<ISearchEngine> EngineAsync(CancellationToken ct) => engines.For(tenants.Tenant, await settings.GetAsync(ct));

    /// <summary>Asks the indexer to rebuild on its next run (the admin's button: a big catalogue takes a while).</summary>
    public async Task RequestRebuildAsync(CancellationToken ct)
    {
        await StateAsync(ct);
        await UpdateStateAsync(s =>
        {
            s.RebuildRequested = true;
            s.NextAttemptUtc = null;
        }, ct);
    }

    /// <summary>Changes waiting in the outbox and how long the oldest has waited (the index's lag).</summary>
    public async Task<(int Pending, TimeSpan Lag)> PendingAsync(CancellationToken ct)
    {
        var pending = await catalog.GigChanges.CountAsync(ct);
        var oldest = pending == 0 ? (DateTimeOffset?)null : await catalog.GigChanges.OrderBy(c => c.Id).Select(c => c.ChangedUtc).FirstAsync(ct);
        return (pending, oldest is { } o ? clock.GetUtcNow() - o : TimeSpan.Zero);
    }

    public async Task<IndexState> StateAsync(CancellationToken ct)
    {
        var state = await db.IndexState.AsNoTracking().FirstOrDefaultAsync(ct);
        if (state is not null)
        {
            return state;
        }

        db.IndexState.Add(new IndexState());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another indexer made it first.
        }

        db.ChangeTracker.Clear();
        return await db.IndexState.AsNoTracking().FirstAsync(ct);
    }

    private async Task<bool> TryLeaseAsync(CancellationToken ct)
    {
        await StateAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)LeaseTime.TotalMilliseconds;
        var taken = await db.IndexState
            .Where(s => s.Id == IndexState.SingleId && (s.LeaseOwner == null || s.LeaseOwner == Owner || s.LeaseExpiresUnixMs < now))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, Owner).SetProperty(x => x.LeaseExpiresUnixMs, until), ct);
        return taken == 1;
    }

    private Task RenewAsync(CancellationToken ct)
    {
        var until = clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)LeaseTime.TotalMilliseconds;
        return db.IndexState.Where(s => s.Id == IndexState.SingleId && s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseExpiresUnixMs, until), ct);
    }

    private Task ReleaseAsync(CancellationToken ct) =>
        db.IndexState.Where(s => s.Id == IndexState.SingleId && s.LeaseOwner == Owner)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseExpiresUnixMs, 0L), ct);

    private async Task FailedAsync(Exception ex, CancellationToken ct)
    {
        var state = await StateAsync(ct);
        var attempts = state.FailedAttempts + 1;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, attempts)));
        logger.LogWarning(ex, "Search indexing failed for {Tenant} (attempt {Attempt}); retrying in {Delay}", tenants.Tenant.Name, attempts, delay);
        await UpdateStateAsync(s =>
        {
            s.FailedAttempts = attempts;
            s.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            s.LastErrorUtc = clock.GetUtcNow();
            s.NextAttemptUtc = clock.GetUtcNow() + delay;
        }, ct);
    }

    private async Task UpdateStateAsync(Action<IndexState> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var state = await db.IndexState.FirstAsync(ct);
        change(state);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
internal sealed class SyncProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
