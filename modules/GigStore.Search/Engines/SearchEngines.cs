using System.Collections.Concurrent;
using GigStore.Search.Engines.Sqlite;
using GigStore.Tenants;
using Microsoft.Extensions.Logging;

namespace GigStore.Search.Engines;

/// <summary>
/// Each tenant's engine, made once per process and kept (the SQLite engine holds its columns in
/// memory): SQLite FTS5 in the tenant's folder unless the tenant enabled Elasticsearch.
/// </summary>
public sealed class SearchEngines(TimeProvider clock, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, SqliteSearchEngine> _sqlite = new(StringComparer.OrdinalIgnoreCase);

    public ISearchEngine For(Tenant tenant) => Sqlite(tenant);

    internal SqliteSearchEngine Sqlite(Tenant tenant) =>
        _sqlite.GetOrAdd(tenant.Name, _ => new SqliteSearchEngine(Path.Combine(tenant.DataFolder, "search"), clock, loggers.CreateLogger<SqliteSearchEngine>()));

    /// <summary>Whether the tenant's engine has an index yet (the indexer builds one on its first run).</summary>
    public bool HasIndex(Tenant tenant) => Sqlite(tenant).Exists;
}
