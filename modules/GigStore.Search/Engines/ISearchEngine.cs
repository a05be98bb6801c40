using GigStore.Search.Indexing;
using GigStore.Search.Query;
using GigStore.Search.Ranking;

namespace GigStore.Search.Engines;

/// <summary>
/// One tenant's search index. Both engines (SQLite FTS5, Elasticsearch) implement the same behaviour and
/// pass the same test suite: text is matched word by word (stems, a prefix for the last word, close
/// spellings when the text as typed finds nothing), every filter of <see cref="SearchQuery"/> applies,
/// facet counts apply every filter but their own, and ranking follows <see cref="RankingSettings"/>.
/// </summary>
public interface ISearchEngine
{
    /// <summary>"sqlite" or "elasticsearch".</summary>
    string Name { get; }

    Task<SearchResults> SearchAsync(SearchQuery query, RankingSettings ranking, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> suggestions for what is being typed (from the 2nd character), typo-tolerant.</summary>
    Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken);

    /// <summary>Adds or replaces these documents and removes these gigs, visible to searches when the call returns.</summary>
    Task IndexAsync(IReadOnlyList<SearchDocument> upserts, IReadOnlyList<int> deletes, CancellationToken cancellationToken);

    /// <summary>
    /// Builds a new index from <paramref name="documents"/> while the current one keeps answering, then
    /// makes it current (SQLite: a new file; Elasticsearch: a new versioned index behind the alias) and
    /// drops the old one. Reports documents written so far.
    /// </summary>
    Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, IProgress<long>? progress, CancellationToken cancellationToken);

    /// <summary>Whether an index has been built (the indexer builds one on its first run when not).</summary>
    Task<bool> ExistsAsync(CancellationToken cancellationToken);

    /// <summary>Index name, document count and size.</summary>
    Task<IndexStats> StatsAsync(CancellationToken cancellationToken);

    /// <summary>Whether the engine answers; never throws.</summary>
    Task<EngineHealth> HealthAsync(CancellationToken cancellationToken);
}

public sealed record IndexStats(string IndexName, long Documents, long SizeBytes);

public sealed record EngineHealth(bool Healthy, string Detail);

/// <summary>The engine could not do what was asked (down, refused the request): the caller degrades or retries.</summary>
public sealed class SearchEngineException(string message, Exception? inner = null) : Exception(message, inner);
