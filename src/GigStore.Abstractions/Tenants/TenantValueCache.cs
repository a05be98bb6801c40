using System.Collections.Concurrent;

namespace GigStore.Tenants;

/// <summary>
/// One value per tenant (its settings, say) kept by this process for <paramref name="maxAge"/>: a node that
/// changes the value removes it here at once, other nodes read it again within <paramref name="maxAge"/>.
/// </summary>
public class TenantValueCache<T>(TimeSpan maxAge)
    where T : class
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Loaded)> _entries = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan MaxAge => maxAge;

    public bool TryGet(string tenant, DateTimeOffset now, out T value)
    {
        if (_entries.TryGetValue(tenant, out var entry) && now - entry.Loaded < maxAge)
        {
            value = entry.Value;
            return true;
        }

        value = null!;
        return false;
    }

    public void Set(string tenant, T value, DateTimeOffset now) => _entries[tenant] = (value, now);

    public void Remove(string tenant) => _entries.TryRemove(tenant, out _);
}
