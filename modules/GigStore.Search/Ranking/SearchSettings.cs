using System.Text.Json;
using GigStore.Search.Data;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Search.Ranking;

/// <summary>A tenant's search settings: ranking weights and, with the Elasticsearch feature, its connection.</summary>
public sealed record SearchSettings
{
    public RankingSettings Ranking { get; init; } = RankingSettings.Default;

    public ElasticsearchConnection? Elasticsearch { get; init; }
}

/// <summary>Where the tenant's Elasticsearch is; the API key is stored encrypted with Data Protection and never shown back.</summary>
public sealed record ElasticsearchConnection(string Url, string? ProtectedApiKey, string IndexPrefix = "gigstore-");

/// <summary>Reads and writes <see cref="SearchSettings"/>, cached per tenant for a few seconds (every search reads them).</summary>
public sealed class SearchSettingsStore(SearchDb db, ITenantAccessor tenants, SearchSettingsCache cache, TimeProvider clock)
{
    public async Task<SearchSettings> GetAsync(CancellationToken ct)
    {
        var tenant = tenants.Tenant.Name;
        if (cache.TryGet(tenant, clock.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(ct);
        var settings = row is null ? new SearchSettings() : JsonSerializer.Deserialize<SearchSettings>(row.Json, JsonSerializerOptions.Web) ?? new SearchSettings();
        cache.Set(tenant, settings, clock.GetUtcNow());
        return settings;
    }

    public async Task SaveAsync(SearchSettings settings, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(settings, JsonSerializerOptions.Web);
        var row = await db.Settings.FirstOrDefaultAsync(ct);
        if (row is null)
        {
            db.Settings.Add(new SearchSettingsRow { Json = json });
        }
        else
        {
            row.Json = json;
        }

        await db.SaveChangesAsync(ct);
        cache.Remove(tenants.Tenant.Name);
    }
}

/// <summary>Search settings per tenant for this process; other nodes see a change within ten seconds.</summary>
public sealed class SearchSettingsCache() : TenantValueCache<SearchSettings>(TimeSpan.FromSeconds(10));
