using System.Text.Json;
using System.Text.Json.Serialization;

namespace GigStore.Search.Engines.Elasticsearch;

// The parts of Elasticsearch's answers the engine reads; anything else in them is ignored.

internal sealed record SearchResponse(
    [property: JsonPropertyName("hits")] SearchHits Hits,
    [property: JsonPropertyName("aggregations")] JsonElement? Aggregations)
{
    public long Total => Hits.Total?.Value ?? Hits.Hits.Count;
}

internal sealed record SearchHits(
    [property: JsonPropertyName("total")] TotalHits? Total,
    [property: JsonPropertyName("hits")] IReadOnlyList<SearchHitDocument> Hits);

internal sealed record TotalHits(
    [property: JsonPropertyName("value")] long Value,
    [property: JsonPropertyName("relation")] string? Relation);

internal sealed record SearchHitDocument(
    [property: JsonPropertyName("_id")] string Id,
    [property: JsonPropertyName("_score")] double? Score,
    [property: JsonPropertyName("_source")] JsonElement Source,
    [property: JsonPropertyName("highlight")] IReadOnlyDictionary<string, string[]>? Highlight);

internal sealed record BulkResponse(
    [property: JsonPropertyName("errors")] bool Errors,
    [property: JsonPropertyName("items")] IReadOnlyList<IReadOnlyDictionary<string, BulkItem>> Items);

internal sealed record BulkItem(
    [property: JsonPropertyName("_id")] string? Id,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("error")] ErrorCause? Error);

internal sealed record ErrorCause(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("reason")] string? Reason)
{
    public override string ToString() => Type is null ? Reason ?? "unknown error" : $"{Type}: {Reason}";
}

internal sealed record CountResponse([property: JsonPropertyName("count")] long Count);

internal sealed record InfoResponse(
    [property: JsonPropertyName("cluster_name")] string? ClusterName,
    [property: JsonPropertyName("version")] InfoVersion? Version);

internal sealed record InfoVersion(
    [property: JsonPropertyName("number")] string? Number,
    [property: JsonPropertyName("build_flavor")] string? BuildFlavor);

/// <summary>A row of <c>_cat/indices</c>; sizes come human-readable ("88.1kb"), see <see cref="ByteSize"/>.</summary>
internal sealed record CatIndex(
    [property: JsonPropertyName("index")] string Index,
    [property: JsonPropertyName("docs.count")] string? DocsCount,
    [property: JsonPropertyName("store.size")] string? StoreSize);
