using System.Globalization;
using GigStore.Search.Indexing;
using GigStore.Search.Query;
using GigStore.Search.Ranking;
using Microsoft.Extensions.Logging;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// A tenant's index in Elasticsearch. Searches and writes go through the tenant's alias
/// (<see cref="ElasticsearchOptions.Alias"/>); a rebuild fills a new versioned index while the alias still
/// points at the old one, then moves the alias in one atomic call and deletes the old index. Until the
/// first build there is no index: searches find nothing, and the first write creates an empty one. An index
/// of an older mapping (<see cref="GigIndex.MappingVersion"/>) is not searched: the engine fails over to the
/// database and reports the index missing, so the indexer rebuilds it. Everything Elasticsearch cannot do is a <see cref="SearchEngineException"/> (see <see cref="ElasticsearchClient"/>),
/// for the caller to answer from the database instead.
/// </summary>
internal sealed class ElasticsearchEngine(ElasticsearchClient client, ElasticsearchOptions options, TimeProvider clock, ILogger<ElasticsearchEngine> logger) : ISearchEngine
{
    public const string EngineName = "elasticsearch";

    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _indexExists;

    /// <summary>Set once the alias was seen on an index of this code's mapping (a later build never has an older one).</summary>
    private volatile bool _mappingCurrent;

    public string Name => EngineName;

    public string Alias => options.Alias;

    public async Task<SearchResults> SearchAsync(SearchQuery query, RankingSettings ranking, CancellationToken cancellationToken)
    {
        await EnsureCurrentMappingAsync(cancellationToken);
        var request = new GigSearchRequest(query, ranking, clock.GetUtcNow());
        var response = await client.SearchAsync(Alias, request.Body(fuzzy: false), cancellationToken);
        if (response is null)
        {
            return new SearchResults { Engine = EngineName };
        }

        string? corrected = null;
        if (response.Total == 0 && request.Words.Count > 0
            && await client.SearchAsync(Alias, request.Body(fuzzy: true), cancellationToken) is { Total: > 0 } fuzzy)
        {
            response = fuzzy;
            corrected = request.Correction(fuzzy);
        }

        // Few gigs have every word: those with some of them follow (as the SQLite engine does).
        if (response.Total < Sqlite.SqliteSearchEngine.FewMatches && request.Words.Count > 1
            && await client.SearchAsync(Alias, request.Body(fuzzy: corrected is not null, anyWord: true), cancellationToken) is { } some
            && some.Total > response.Total)
        {
            response = some;
        }

        return request.Read(response, corrected);
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var request = new GigSuggestRequest(prefix, limit, clock.GetUtcNow());
        if (request.IsEmpty)
        {
            return [];
        }

        var response = await client.SearchAsync(Alias, request.Body(), cancellationToken);
        return response is null ? [] : request.Read(response);
    }

    public async Task IndexAsync(IReadOnlyList<SearchDocument> upserts, IReadOnlyList<int> deletes, CancellationToken cancellationToken)
    {
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return;
        }

        await EnsureIndexAsync(cancellationToken);
        var operations = upserts.Select(Upsert).Concat(deletes.Select(id => BulkOperation.Delete(Id(id))));
        foreach (var batch in operations.Chunk(options.BulkBatchSize))
        {
            await client.BulkAsync(Alias, batch, requireAlias: true, cancellationToken);
        }

        await client.RefreshAsync(Alias, cancellationToken);
    }

    public async Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var index = ElasticsearchIndexNames.Versioned(Alias, clock.GetUtcNow());
        await client.CreateIndexAsync(index, GigIndex.CreateIndexBody(), cancellationToken);
        try
        {
            var written = 0L;
            await foreach (var batch in documents.Chunk(options.BulkBatchSize).WithCancellation(cancellationToken))
            {
                await client.BulkAsync(index, [.. batch.Select(Upsert)], requireAlias: false, cancellationToken);
                written += batch.Length;
                progress?.Report(written);
            }

            await client.RefreshAsync(index, cancellationToken);
        }
        catch
        {
            await DeleteQuietlyAsync(index);
            throw;
        }

        await PublishAsync(index, cancellationToken);
    }

    /// <summary>Whether the alias points at an index of this code's mapping; one of an older mapping is rebuilt by the indexer as a missing one is.</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken) =>
        (await client.GetAliasAsync(Alias, cancellationToken)) is { Count: > 0 } indices && indices.All(HasCurrentMapping);

    private static bool HasCurrentMapping(string index) => ElasticsearchIndexNames.MappingVersionOf(index) == GigIndex.MappingVersion;

    /// <summary>
    /// Refuses to search an index made with an older mapping: it lacks fields the query names, and a filter on
    /// a field Elasticsearch does not know matches nothing rather than failing. Asks for the alias until it has
    /// seen it on a current index (so before the first build, on every search: they find nothing anyway).
    /// </summary>
    private async Task EnsureCurrentMappingAsync(CancellationToken ct)
    {
        if (_mappingCurrent)
        {
            return;
        }

        var indices = await client.GetAliasAsync(Alias, ct);
        if (indices.FirstOrDefault(i => !HasCurrentMapping(i)) is { } outdated)
        {
            throw new SearchEngineException(
                $"The search index {outdated} has mapping version {ElasticsearchIndexNames.MappingVersionOf(outdated)}, not {GigIndex.MappingVersion}: it is rebuilt, and until then search answers from the database.");
        }

        _mappingCurrent = indices.Count > 0;
    }

    public async Task<IndexStats> StatsAsync(CancellationToken cancellationToken)
    {
        var indices = await client.GetAliasAsync(Alias, cancellationToken);
        if (indices.Count == 0)
        {
            return new IndexStats("", 0, 0);
        }

        var count = await client.CountAsync(Alias, cancellationToken);
        var rows = await client.CatIndicesAsync(indices[0], cancellationToken);
        return new IndexStats(indices[0], count, rows.Where(r => r.Index == indices[0]).Sum(r => ByteSize.Parse(r.StoreSize)));
    }

    public async Task<EngineHealth> HealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await client.InfoAsync(cancellationToken);
            var indices = await client.GetAliasAsync(Alias, cancellationToken);
            var server = $"Elasticsearch {info.Version?.Number ?? "?"} ({info.Version?.BuildFlavor ?? "default"}) at {options.Url.Host}";
            return new EngineHealth(true, indices.Count == 0 ? $"{server}; index {Alias} not built yet" : $"{server}; {Alias} → {indices[0]}");
        }
        catch (Exception ex)
        {
            return new EngineHealth(false, ex.Message);
        }
    }

    /// <summary>Points the alias at <paramref name="index"/> and drops the indices it pointed at, and older builds left by failed rebuilds.</summary>
    private async Task PublishAsync(string index, CancellationToken ct)
    {
        var previous = await client.GetAliasAsync(Alias, ct);
        await client.SwapAliasAsync(Alias, index, previous, ct);
        _indexExists = true;
        _mappingCurrent = HasCurrentMapping(index);
        logger.LogInformation("Search alias {Alias} now points at {Index}", Alias, index);

        var leftovers = (await client.CatIndicesAsync(ElasticsearchIndexNames.VersionPattern(Alias), ct))
            .Select(row => row.Index)
            .Where(name => string.CompareOrdinal(name, index) < 0);
        foreach (var old in previous.Concat(leftovers).Where(name => name != index).Distinct())
        {
            await DeleteQuietlyAsync(old);
        }
    }

    /// <summary>Creates an empty index behind the alias when there is none, so writes never create one with guessed mappings.</summary>
    private async Task EnsureIndexAsync(CancellationToken ct)
    {
        if (_indexExists)
        {
            return;
        }

        await _creating.WaitAsync(ct);
        try
        {
            if (!_indexExists && (await client.GetAliasAsync(Alias, ct)).Count == 0)
            {
                await RebuildAsync(AsyncEnumerable.Empty<SearchDocument>(), null, ct);
            }

            _indexExists = true;
        }
        finally
        {
            _creating.Release();
        }
    }

    private async Task DeleteQuietlyAsync(string index)
    {
        try
        {
            await client.DeleteIndexAsync(index, CancellationToken.None);
        }
        catch (SearchEngineException ex)
        {
            logger.LogWarning(ex, "Could not delete search index {Index}; it is deleted with the next rebuild", index);
        }
    }

    private static BulkOperation Upsert(SearchDocument gig) => BulkOperation.Index(Id(gig.GigId), GigIndex.Document(gig));

    private static string Id(int gigId) => gigId.ToString(CultureInfo.InvariantCulture);
}
