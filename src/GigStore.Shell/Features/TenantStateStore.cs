using System.Collections.Frozen;
using System.Text.Json;
using GigStore.Shell.Data;
using GigStore.Shell.Modules;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Shell.Features;

/// <summary>Reads and writes what a tenant keeps in its own database: enabled features and site settings.</summary>
public sealed class TenantStateStore(ShellDb db, ModuleCatalog catalog, ITenantAccessor tenants)
{
    private const string SiteKey = "site";

    public async Task<TenantRuntimeState> LoadAsync(CancellationToken cancellationToken = default)
    {
        var enabled = await db.Features.AsNoTracking().Select(f => f.Id).ToListAsync(cancellationToken);
        var always = catalog.AlwaysEnabled(tenants.Tenant.IsDefault);
        var known = enabled.Where(id => catalog.FindFeature(id) is { DefaultTenantOnly: false });
        var siteRow = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SiteKey, cancellationToken);
        var site = siteRow is null ? new SiteSettings() : JsonSerializer.Deserialize<SiteSettings>(siteRow.Value, JsonSerializerOptions.Web) ?? new SiteSettings();
        return new TenantRuntimeState(known.Concat(always).ToFrozenSet(StringComparer.Ordinal), site);
    }

    /// <summary>Reloads the cached state of the current tenant after a committed change.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default) =>
        tenants.Tenant.State = await LoadAsync(cancellationToken);

    public async Task SaveSiteAsync(SiteSettings site, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(site with { Version = tenants.Tenant.Site.Version + 1 }, JsonSerializerOptions.Web);
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == SiteKey, cancellationToken);
        if (row is null)
        {
            db.Settings.Add(new ShellSettingRow { Key = SiteKey, Value = json });
        }
        else
        {
            row.Value = json;
        }

        await SaveAndRefreshAsync(cancellationToken);
    }

    /// <summary>Writes the given set of enabled features (already checked by <see cref="FeatureManager"/>).</summary>
    internal async Task SaveFeaturesAsync(IReadOnlySet<string> enabled, CancellationToken cancellationToken)
    {
        var rows = await db.Features.ToListAsync(cancellationToken);
        db.Features.RemoveRange(rows.Where(r => !enabled.Contains(r.Id)));
        var existing = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        db.Features.AddRange(enabled.Where(id => !existing.Contains(id)).Select(id => new ShellFeatureRow { Id = id, EnabledUtc = DateTimeOffset.UtcNow }));
        await SaveAndRefreshAsync(cancellationToken);
    }

    private async Task SaveAndRefreshAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);

        // Also inside a recipe's transaction: later steps read the state earlier ones wrote. If the
        // recipe rolls back, it reloads the committed state.
        await RefreshAsync(cancellationToken);
    }
}
