using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Claims;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Tenants;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigStore.Catalog.Sellers;

/// <summary>
/// Records that a signed-in seller is active (<see cref="SellerProfile.LastSeenUtc"/>) on their requests,
/// at most once every <see cref="WriteEvery"/> per seller and tenant: a note in memory of the last write
/// lets most requests pass without touching the database, and the write itself is an UPDATE that changes
/// nothing when the column is already that recent, so several app nodes write no more often between them.
/// It never fails a request (a failed write is logged), and it is no catalogue change: it goes around
/// <see cref="CatalogDb.SaveChangesAsync(bool, CancellationToken)"/>, so nothing reaches the outbox.
/// </summary>
internal sealed partial class SellerActivity(TimeProvider clock, ILogger<SellerActivity> logger)
{
    public static readonly TimeSpan WriteEvery = TimeSpan.FromMinutes(1);

    /// <summary>Notes kept before the old ones are swept out (a note older than <see cref="WriteEvery"/> stops nothing).</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<(string Tenant, string UserId), DateTimeOffset> _written = new();

    /// <summary>For a signed-in seller of a tenant with gigs, records the request's time unless it was recorded less than a minute ago.</summary>
    public async Task SeenAsync(HttpContext http)
    {
        var user = http.User;
        if (!user.IsInRole(Roles.Seller) || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return;
        }

        var tenant = http.RequestServices.GetRequiredService<ITenantAccessor>().Tenant;
        if (!tenant.IsFeatureEnabled(CatalogFeatures.Gigs))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var key = (tenant.Name, userId);
        if (_written.TryGetValue(key, out var last) && now - last < WriteEvery)
        {
            return;
        }

        // Noted before the write: a write that fails is not tried again for a minute either.
        _written[key] = now;
        if (_written.Count > SweepAbove)
        {
            Sweep(now);
        }

        try
        {
            await RecordAsync(http.RequestServices.GetRequiredService<CatalogDb>(), userId, now, http.RequestAborted);
        }
        catch (Exception ex)
        {
            // A request that was given up on needs no note.
            if (!http.RequestAborted.IsCancellationRequested)
            {
                LogFailed(logger, ex, tenant.Name);
            }
        }
    }

    /// <summary>
    /// Sets the seller's last-seen time to <paramref name="now"/> unless it is less than <see cref="WriteEvery"/>
    /// old (another node wrote it); the number of rows written, 0 or 1 (0 too for a user without a seller
    /// profile). SQL of its own because EF refuses to compare DateTimeOffset columns on SQLite, which stores
    /// them as text; the times are always UTC, whose text sorts as the times do.
    /// </summary>
    public static Task<int> RecordAsync(CatalogDb db, string userId, DateTimeOffset now, CancellationToken ct)
    {
        now = now.ToUniversalTime();
        var due = now - WriteEvery;
        return db.Database.ExecuteSqlAsync(
            $"""UPDATE "Catalog_Sellers" SET "LastSeenUtc" = {now} WHERE "UserId" = {userId} AND ("LastSeenUtc" IS NULL OR "LastSeenUtc" <= {due})""", ct);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, written) in _written)
        {
            if (now - written >= WriteEvery)
            {
                _written.TryRemove(KeyValuePair.Create(key, written));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a seller's activity for tenant {Tenant}; the request goes on")]
    private static partial void LogFailed(ILogger logger, Exception exception, string tenant);
}

/// <summary>
/// <see cref="SellerActivity"/> on every MVC request (the pages sellers use). The shell gives modules no
/// middleware of their own, and a global filter runs after the tenant and the signed-in user are known.
/// </summary>
internal sealed class SellerActivityFilter(SellerActivity activity) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        await activity.SeenAsync(context.HttpContext);
        await next();
    }
}

/// <summary>The online sellers of the request's tenant, through the process-wide <see cref="OnlineSellers"/>.</summary>
internal sealed class SellerPresence(CatalogDb db, ITenantAccessor tenants, OnlineSellers online) : ISellerPresence
{
    public Task<IReadOnlySet<string>> OnlineSellersAsync(CancellationToken cancellationToken) =>
        online.GetAsync(tenants.Tenant.Name, db, cancellationToken);
}

/// <summary>
/// Each tenant's online sellers, read at most once every <see cref="ReadEvery"/> (the search page and the gig
/// page ask on every request; the answer may be that many seconds old) from the index on
/// <see cref="SellerProfile.LastSeenUtc"/>.
/// </summary>
internal sealed class OnlineSellers(TimeProvider clock)
{
    public static readonly TimeSpan ReadEvery = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadUtc, IReadOnlySet<string> Sellers)> _tenants = new(StringComparer.Ordinal);

    public async Task<IReadOnlySet<string>> GetAsync(string tenant, CatalogDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_tenants.TryGetValue(tenant, out var read) && now - read.ReadUtc < ReadEvery && now >= read.ReadUtc)
        {
            return read.Sellers;
        }

        // Requests that find the answer stale at the same moment each read it: one small range of an index.
        var sellers = await SeenSinceAsync(db, now - ISellerPresence.OnlineWindow, ct);
        _tenants[tenant] = (now, sellers);
        return sellers;
    }

    /// <summary>Sellers seen at or after <paramref name="since"/>; SQL of its own for the reason given at <see cref="SellerActivity.RecordAsync"/>.</summary>
    private static async Task<IReadOnlySet<string>> SeenSinceAsync(CatalogDb db, DateTimeOffset since, CancellationToken ct)
    {
        since = since.ToUniversalTime();
        var ids = await db.Database.SqlQuery<string>($"""SELECT "UserId" AS "Value" FROM "Catalog_Sellers" WHERE "LastSeenUtc" >= {since}""").ToListAsync(ct);
        return ids.ToFrozenSet(StringComparer.Ordinal);
    }
}
