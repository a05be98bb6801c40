using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>One line pair of a <c>_bulk</c> request: index <see cref="Document"/> under <see cref="Id"/>, or delete it when there is none.</summary>
internal sealed record BulkOperation(string Id, JsonObject? Document)
{
    public static BulkOperation Index(string id, JsonObject document) => new(id, document);

    public static BulkOperation Delete(string id) => new(id, null);
}

/// <summary>
/// The Elasticsearch REST calls the engine makes, over the <see cref="HttpClient"/> it is given, with the
/// operations of Elastic's serverless API description only (that is what the contract tests hold it to).
/// A transport failure, a timeout or any answer but success (5xx, 429, a refused request) is a
/// <see cref="SearchEngineException"/> naming the call and Elasticsearch's reason; cancellation by the
/// caller stays an <see cref="OperationCanceledException"/>. "Not found" is an answer where a call expects it.
/// </summary>
internal sealed class ElasticsearchClient(HttpClient http, ElasticsearchOptions options)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");

    /// <summary><c>GET /</c>: cluster name and version (the serverless API has no cluster health call).</summary>
    public async Task<InfoResponse> InfoAsync(CancellationToken ct) =>
        await ReadAsync<InfoResponse>(HttpMethod.Get, "/", null, options.RequestTimeout, ct);

    /// <summary><c>PUT /{index}</c> with its mappings and settings.</summary>
    public async Task CreateIndexAsync(string index, JsonObject body, CancellationToken ct) =>
        await ReadAsync<JsonElement>(HttpMethod.Put, "/" + index, JsonContent(body), options.RequestTimeout, ct);

    /// <summary><c>DELETE /{index}</c>; an index that is already gone is fine.</summary>
    public async Task DeleteIndexAsync(string index, CancellationToken ct) =>
        await ReadAsync<JsonElement>(HttpMethod.Delete, "/" + index, null, options.RequestTimeout, ct, whenNotFound: () => default);

    /// <summary><c>GET /_alias/{alias}</c>: the indices behind the alias, none when it does not exist.</summary>
    public async Task<IReadOnlyList<string>> GetAliasAsync(string alias, CancellationToken ct)
    {
        var indices = await ReadAsync<Dictionary<string, JsonElement>?>(HttpMethod.Get, "/_alias/" + alias, null, options.RequestTimeout, ct, whenNotFound: () => null);
        return indices is null ? [] : [.. indices.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// <c>POST /_aliases</c>: points <paramref name="alias"/> at <paramref name="index"/> and away from
    /// <paramref name="previous"/> in one atomic call, so searches see the old index or the new one, never neither.
    /// </summary>
    public async Task SwapAliasAsync(string alias, string index, IReadOnlyList<string> previous, CancellationToken ct)
    {
        var actions = new JsonArray();
        foreach (var old in previous.Where(p => p != index))
        {
            actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = old, ["alias"] = alias } });
        }

        actions.Add(new JsonObject { ["add"] = new JsonObject { ["index"] = index, ["alias"] = alias } });
        await ReadAsync<JsonElement>(HttpMethod.Post, "/_aliases", JsonContent(new JsonObject { ["actions"] = actions }), options.RequestTimeout, ct);
    }

    /// <summary>
    /// <c>POST /{target}/_bulk</c>. With <paramref name="requireAlias"/> a write fails instead of creating
    /// an index with guessed mappings when the alias is missing. Elasticsearch answers 200 even when items
    /// fail: the first failure is thrown.
    /// </summary>
    public async Task BulkAsync(string target, IReadOnlyList<BulkOperation> operations, bool requireAlias, CancellationToken ct)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var body = new StringBuilder();
        foreach (var operation in operations)
        {
            var meta = new JsonObject { ["_id"] = operation.Id };
            if (operation.Document is not null && requireAlias)
            {
                meta["require_alias"] = true;
            }

            body.Append(new JsonObject { [operation.Document is null ? "delete" : "index"] = meta }.ToJsonString()).Append('\n');
            if (operation.Document is not null)
            {
                body.Append(operation.Document.ToJsonString()).Append('\n');
            }
        }

        var content = new StringContent(body.ToString(), Encoding.UTF8);
        content.Headers.ContentType = NdJson;
        var response = await ReadAsync<BulkResponse>(HttpMethod.Post, $"/{target}/_bulk", content, options.BulkTimeout, ct);
        if (!response.Errors)
        {
            return;
        }

        var failed = response.Items.SelectMany(i => i).FirstOrDefault(i => i.Value.Error is not null);
        throw new SearchEngineException(failed.Value is { } item
            ? $"Elasticsearch refused to {failed.Key} gig {item.Id} in {target} ({item.Status}): {item.Error}"
            : $"Elasticsearch reported errors for the bulk request to {target} without naming one.");
    }

    /// <summary><c>POST /{index}/_refresh</c>: what was written becomes visible to searches.</summary>
    public async Task RefreshAsync(string index, CancellationToken ct) =>
        await ReadAsync<JsonElement>(HttpMethod.Post, $"/{index}/_refresh", null, options.RequestTimeout, ct);

    /// <summary><c>POST /{index}/_search</c>; null when the index does not exist.</summary>
    public async Task<SearchResponse?> SearchAsync(string index, JsonObject body, CancellationToken ct) =>
        await ReadAsync<SearchResponse?>(HttpMethod.Post, $"/{index}/_search", JsonContent(body), options.RequestTimeout, ct, whenNotFound: () => null);

    /// <summary><c>GET /{index}/_count</c>: the documents searches see.</summary>
    public async Task<long> CountAsync(string index, CancellationToken ct) =>
        (await ReadAsync<CountResponse>(HttpMethod.Get, $"/{index}/_count", null, options.RequestTimeout, ct)).Count;

    /// <summary><c>GET /_cat/indices/{pattern}</c> as JSON (asked for by the Accept header): name, documents and store size.</summary>
    public async Task<IReadOnlyList<CatIndex>> CatIndicesAsync(string pattern, CancellationToken ct) =>
        await ReadAsync<List<CatIndex>?>(HttpMethod.Get, $"/_cat/indices/{pattern}?h=index,docs.count,store.size", null, options.RequestTimeout, ct, whenNotFound: () => null) ?? [];

    private static StringContent JsonContent(JsonObject body)
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>Sends a request and reads the answer as <typeparamref name="T"/>; a 404 is <paramref name="whenNotFound"/>'s value where the call expects one.</summary>
    private async Task<T> ReadAsync<T>(HttpMethod method, string pathAndQuery, HttpContent? content, TimeSpan timeout, CancellationToken ct, Func<T>? whenNotFound = null)
    {
        var call = $"{method} {pathAndQuery}";
        using var request = new HttpRequestMessage(method, options.Url.AbsoluteUri.TrimEnd('/') + pathAndQuery) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", options.ApiKey);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            if (response.StatusCode == HttpStatusCode.NotFound && whenNotFound is not null)
            {
                return whenNotFound();
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SearchEngineException($"Elasticsearch answered {(int)response.StatusCode} {response.ReasonPhrase} to {call}: {ErrorReason(body)}");
            }

            return JsonSerializer.Deserialize<T>(body) ?? throw new SearchEngineException($"Elasticsearch answered {call} with an empty body.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SearchEngineException($"Elasticsearch did not answer {call} within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            throw new SearchEngineException($"Elasticsearch could not be reached for {call}: {ex.Message}", ex);
        }
        catch (JsonException ex)
        {
            throw new SearchEngineException($"Elasticsearch answered {call} with JSON the engine cannot read: {ex.Message}", ex);
        }
    }

    /// <summary>The reason in an error body: <c>{"error": {"type", "reason", "root_cause"}, "status"}</c>, or <c>{"error": "text"}</c> as some 404s have it.</summary>
    private static string ErrorReason(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString()!;
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    var cause = error.Deserialize<ErrorCause>()!;
                    var root = error.TryGetProperty("root_cause", out var roots) && roots.ValueKind == JsonValueKind.Array && roots.GetArrayLength() > 0
                        ? roots[0].Deserialize<ErrorCause>()
                        : null;
                    return root is not null && root.Reason != cause.Reason ? $"{cause} ({root})" : cause.ToString();
                }
            }
        }
        catch (JsonException)
        {
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        return text.Length == 0 ? "no details" : text.Length > 300 ? text[..300] + "…" : text;
    }
}
