using System.Collections.Concurrent;
using GigStore.Search.Contracts;
using GigStore.Search.Engines.Elasticsearch;
using GigStore.Search.Engines.Sqlite;
using GigStore.Search.Ranking;
using GigStore.Tenants;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace GigStore.Search.Engines;

/// <summary>
/// Each tenant's engine, made once per process and kept (the SQLite engine holds its columns in memory,
/// the Elasticsearch engine its HTTP connections): Elasticsearch when the tenant has the Elasticsearch
/// feature and a connection (its own search settings, else the installation's
/// <c>GigStore:Search:Elasticsearch:Url</c>, <c>:ApiKey</c>, <c>:IndexPrefix</c>); SQLite FTS5 in the
/// tenant's folder otherwise.
/// </summary>
public sealed class SearchEngines(TimeProvider clock, ILoggerFactory loggers, IConfiguration configuration, IDataProtectionProvider protection)
{
    /// <summary>Data Protection purpose of stored Elasticsearch API keys.</summary>
    public const string ApiKeyPurpose = "GigStore.Search.Elasticsearch.ApiKey";

    private readonly ConcurrentDictionary<string, SqliteSearchEngine> _sqlite = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>One Elasticsearch engine per tenant, replaced when the tenant's connection changes (not kept for each connection it ever had).</summary>
    private readonly ConcurrentDictionary<string, (ElasticsearchConnection Connection, ElasticsearchEngine Engine)> _elastic = new(StringComparer.OrdinalIgnoreCase);

    public ISearchEngine For(Tenant tenant, SearchSettings settings)
    {
        if (!tenant.IsFeatureEnabled(SearchFeatures.Elasticsearch) || Connection(settings) is not { } connection)
        {
            return Sqlite(tenant);
        }

        return _elastic.AddOrUpdate(
            tenant.Name,
            _ => (connection, CreateElasticsearch(tenant.Name, connection)),
            (_, current) => current.Connection == connection ? current : (connection, CreateElasticsearch(tenant.Name, connection))).Engine;
    }

    /// <summary>The Elasticsearch connection a tenant uses: its own, else the installation's; null when neither has a URL.</summary>
    public ElasticsearchConnection? Connection(SearchSettings settings)
    {
        if (settings.Elasticsearch is { Url.Length: > 0 } own)
        {
            return own;
        }

        return _installation.Value;
    }

    /// <summary>
    /// The installation's connection, read (and its key protected) once: protecting gives a new ciphertext
    /// each time, so a connection built per search would never equal the one the engine was made for.
    /// </summary>
    private readonly Lazy<ElasticsearchConnection?> _installation = new(() =>
    {
        var url = configuration["GigStore:Search:Elasticsearch:Url"];
        return string.IsNullOrWhiteSpace(url)
            ? null
            : new ElasticsearchConnection(url, configuration["GigStore:Search:Elasticsearch:ApiKey"] is { Length: > 0 } key ? protection.CreateProtector(ApiKeyPurpose).Protect(key) : null, configuration["GigStore:Search:Elasticsearch:IndexPrefix"] ?? "gigstore-");
    });

    private readonly ConcurrentDictionary<ISearchEngine, bool> _built = new();

    /// <summary>Whether this engine's index was seen to exist in this process.</summary>
    public bool KnownToExist(ISearchEngine engine) => _built.ContainsKey(engine);

    public void Built(ISearchEngine engine) => _built.TryAdd(engine, true);

    public IDataProtector Protector => protection.CreateProtector(ApiKeyPurpose);

    internal SqliteSearchEngine Sqlite(Tenant tenant) =>
        _sqlite.GetOrAdd(tenant.Name, _ => new SqliteSearchEngine(Path.Combine(tenant.DataFolder, "search"), clock, loggers.CreateLogger<SqliteSearchEngine>()));

    private ElasticsearchEngine CreateElasticsearch(string tenant, ElasticsearchConnection connection)
    {
        var options = new ElasticsearchOptions
        {
            Url = new Uri(connection.Url),
            ApiKey = connection.ProtectedApiKey is { } key ? Protector.Unprotect(key) : null,
            IndexPrefix = connection.IndexPrefix,
            Tenant = tenant,
        };
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        return new ElasticsearchEngine(new ElasticsearchClient(http, options), options, clock, loggers.CreateLogger<ElasticsearchEngine>());
    }
}
