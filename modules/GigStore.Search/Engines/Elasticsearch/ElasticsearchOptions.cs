namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>Where one tenant's index lives in Elasticsearch.</summary>
public sealed record ElasticsearchOptions
{
    /// <summary>The server or serverless project endpoint, e.g. <c>https://my-project.es.eu-west-1.aws.elastic.cloud</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>The encoded API key, sent as <c>Authorization: ApiKey {key}</c>; none for a local server without security.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Put in front of every index name, so several installations can share one cluster.</summary>
    public string IndexPrefix { get; init; } = "gigstore-";

    /// <summary>The tenant whose gigs the index holds.</summary>
    public required string Tenant { get; init; }

    /// <summary>How long a search, refresh or alias call may take before the engine gives up and the caller answers from the database.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gigs per <c>_bulk</c> call: a rebuild reports progress after each.</summary>
    public int BulkBatchSize { get; init; } = 2000;

    /// <summary>How long one <c>_bulk</c> call may take.</summary>
    public TimeSpan BulkTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The alias searches and writes go through; a rebuild points it at a new versioned index.</summary>
    public string Alias => ElasticsearchIndexNames.Alias(IndexPrefix, Tenant);
}
