using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// An Elasticsearch in memory, on 127.0.0.1 at a free port, for the search engine's tests (there is no
/// network here, so no real cluster). It answers the calls the engine's client makes — <c>GET /</c>,
/// index create and delete (with strict mappings and the analyzers of <see cref="FakeAnalyzer"/>),
/// <c>_bulk</c>, <c>_refresh</c> (writes are searchable only after one, as in Elasticsearch),
/// <c>_search</c> (<see cref="FakeSearch"/>), <c>_count</c>, <c>_alias</c>, <c>_aliases</c> (atomic) and
/// <c>_cat/indices</c> — with Elasticsearch's answers and errors. A request it does not understand is
/// refused with a 400 and written to <see cref="Refused"/>, so a test can tell the engine only sent what
/// the fake really evaluated. It can play down (<see cref="Unavailable"/>), fail the next requests, be
/// slow, refuse bulk items, and demand an API key.
/// </summary>
public sealed class FakeElasticsearch : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeIndex> _indices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _aliases = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HttpStatusCode> _failNext = new();
    private readonly ConcurrentQueue<(string Type, string Reason)> _rejectBulkItems = new();

    private FakeElasticsearch()
    {
    }

    /// <summary>A request and, once answered, the answer.</summary>
    public sealed record Request(string Method, string PathAndQuery, string? ContentType, string Body)
    {
        public int Status { get; set; }

        public string? Answer { get; set; }
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Every request in order of arrival.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Why requests were refused as bad (400): what the fake does not implement, or what Elasticsearch would refuse too.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>When set, requests without <c>Authorization: ApiKey {key}</c> get a 401.</summary>
    public string? ApiKey { get; set; }

    /// <summary>While true, every request gets a 503.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Added before every answer (to make the client time out).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The clock of "now" in decay functions.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public static async Task<FakeElasticsearch> StartAsync()
    {
        var server = new FakeElasticsearch();
        (server._app, server.Url) = await LoopbackServer.StartAsync(nameof(FakeElasticsearch), server.HandleAsync);
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> with an Elasticsearch error body.</summary>
    public void FailNext(HttpStatusCode status, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _failNext.Enqueue(status);
        }
    }

    /// <summary>The next bulk item written fails with this error (as a mapping conflict would).</summary>
    public void RejectNextBulkItem(string type, string reason) => _rejectBulkItems.Enqueue((type, reason));

    /// <summary>The indices an alias points at.</summary>
    public IReadOnlyList<string> AliasTargets(string alias)
    {
        lock (_gate)
        {
            return _aliases.TryGetValue(alias, out var targets) ? [.. targets] : [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        var recorded = new Request(request.Method, target, request.ContentType, body);
        Requests.Enqueue(recorded);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, http.RequestAborted);
        }

        (HttpStatusCode Status, JsonNode? Body) answer;
        try
        {
            var failure = HttpStatusCode.ServiceUnavailable;
            if (Unavailable || _failNext.TryDequeue(out failure))
            {
                var status = Unavailable ? HttpStatusCode.ServiceUnavailable : failure;
                throw new FakeElasticsearchError(status, status == HttpStatusCode.TooManyRequests ? "es_rejected_execution_exception" : "unavailable_shards_exception", "the fake plays a cluster that cannot answer");
            }

            if (ApiKey is not null && request.Headers.Authorization.ToString() != "ApiKey " + ApiKey)
            {
                throw new FakeElasticsearchError(HttpStatusCode.Unauthorized, "security_exception", $"missing authentication credentials for REST request [{target}]");
            }

            answer = Route(request.Method, target, body, request.Headers.Accept.ToString());
        }
        catch (FakeElasticsearchError error)
        {
            if (error.Status is HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed)
            {
                Refused.Enqueue($"{request.Method} {target}: {error.Type}: {error.Message}");
            }

            answer = (error.Status, Error(error.Status, error.Type, error.Message));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException)
        {
            Refused.Enqueue($"{request.Method} {target}: {ex.GetType().Name}: {ex.Message}");
            answer = (HttpStatusCode.BadRequest, Error(HttpStatusCode.BadRequest, "parsing_exception", ex.Message));
        }

        recorded.Answer = answer.Body?.ToJsonString();
        recorded.Status = (int)answer.Status;
        http.Response.StatusCode = recorded.Status;
        http.Response.ContentType = "application/json";
        if (request.Method != "HEAD" && recorded.Answer is not null)
        {
            await http.Response.WriteAsync(recorded.Answer, http.RequestAborted);
        }
    }

    private (HttpStatusCode, JsonNode?) Route(string method, string target, string body, string accept)
    {
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(q < 0 ? target : target[..q]);
        var query = (q < 0 ? "" : target[(q + 1)..]).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);

        (HttpStatusCode, JsonNode?) Answer(string[] parameters, Func<JsonNode?> handle)
        {
            foreach (var name in query.Keys.Where(k => !parameters.Contains(k)))
            {
                throw FakeElasticsearchError.BadRequest("illegal_argument_exception", $"request [{path}] contains unrecognized parameter: [{name}]");
            }

            lock (_gate)
            {
                return (HttpStatusCode.OK, handle());
            }
        }

        return (method, segments) switch
        {
            ("GET" or "HEAD", []) => Answer([], Info),
            ("POST", ["_aliases"]) => Answer([], () => UpdateAliases(Parse(body))),
            ("GET", ["_alias", var name]) => GetAlias(name),
            ("GET", ["_cat", "indices", var pattern]) => Answer(["h"], () => CatIndices(pattern, query.GetValueOrDefault("h"), accept)),
            ("PUT", [var index]) when !index.StartsWith('_') => Answer([], () => CreateIndex(index, body.Length == 0 ? [] : Parse(body))),
            ("DELETE", [var index]) when !index.StartsWith('_') => Answer([], () => DeleteIndex(index)),
            ("POST" or "PUT", [var index, "_bulk"]) => Answer(["refresh"], () => Bulk(index, body, query.GetValueOrDefault("refresh"))),
            ("POST" or "GET", [var index, "_refresh"]) => Answer([], () => Refresh(index)),
            ("POST" or "GET", [var index, "_search"]) => Answer([], () => FakeSearch.Run(Searchable(index), body.Length == 0 ? [] : Parse(body), Clock.GetUtcNow())),
            ("POST" or "GET", [var index, "_count"]) => Answer([], () => Count(index, body.Length == 0 ? null : Parse(body))),
            _ => throw FakeElasticsearchError.BadRequest("no_handler_found", $"no handler found for uri [{path}] and method [{method}] in the fake"),
        };
    }

    private static JsonObject Info() => new()
    {
        ["name"] = "fake",
        ["cluster_name"] = "gigstore-fake",
        ["cluster_uuid"] = "fake0000000000000000aa",
        ["version"] = new JsonObject
        {
            ["number"] = "9.1.0",
            ["build_flavor"] = "serverless",
            ["build_type"] = "fake",
            ["build_hash"] = "0",
            ["build_date"] = "2026-01-01T00:00:00.000Z",
            ["build_snapshot"] = false,
            ["lucene_version"] = "10.2.2",
            ["minimum_wire_compatibility_version"] = "8.19.0",
            ["minimum_index_compatibility_version"] = "8.0.0",
        },
        ["tagline"] = "You Know, for Search",
    };

    private JsonObject CreateIndex(string name, JsonObject body)
    {
        if (name != name.ToLowerInvariant() || name.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']) >= 0 || name[0] is '-' or '_' or '+')
        {
            throw FakeElasticsearchError.BadRequest("invalid_index_name_exception", $"Invalid index name [{name}]");
        }

        if (_indices.ContainsKey(name) || _aliases.ContainsKey(name))
        {
            throw FakeElasticsearchError.BadRequest("resource_already_exists_exception", $"index [{name}] already exists");
        }

        _indices[name] = new FakeIndex(name, body);
        return new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = name };
    }

    private JsonObject DeleteIndex(string name)
    {
        if (_aliases.ContainsKey(name) || name.Contains('*', StringComparison.Ordinal))
        {
            throw FakeElasticsearchError.BadRequest("illegal_argument_exception", $"The provided expression [{name}] matches an alias or a pattern; specify the index by name");
        }

        if (!_indices.Remove(name))
        {
            throw NoSuchIndex(name);
        }

        foreach (var targets in _aliases.Values)
        {
            targets.Remove(name);
        }

        foreach (var empty in _aliases.Where(a => a.Value.Count == 0).Select(a => a.Key).ToList())
        {
            _aliases.Remove(empty);
        }

        return new JsonObject { ["acknowledged"] = true };
    }

    private (HttpStatusCode, JsonNode?) GetAlias(string name)
    {
        lock (_gate)
        {
            if (!_aliases.TryGetValue(name, out var targets))
            {
                // Elasticsearch answers a missing alias with the error as a plain string.
                return (HttpStatusCode.NotFound, new JsonObject { ["error"] = $"alias [{name}] missing", ["status"] = 404 });
            }

            var answer = new JsonObject();
            foreach (var index in targets)
            {
                answer[index] = new JsonObject { ["aliases"] = new JsonObject { [name] = new JsonObject() } };
            }

            return (HttpStatusCode.OK, answer);
        }
    }

    private JsonObject UpdateAliases(JsonObject body)
    {
        var actions = body["actions"] as JsonArray ?? throw FakeElasticsearchError.BadRequest("parsing_exception", "[aliases] needs actions");
        var planned = new List<(bool Add, string Index, string Alias)>();
        foreach (var action in actions)
        {
            var (kind, spec) = action is JsonObject { Count: 1 } one ? one.First() : default;
            if (kind is not ("add" or "remove") || spec is not JsonObject details)
            {
                throw FakeElasticsearchError.BadRequest("parsing_exception", "the fake knows add and remove alias actions with index and alias");
            }

            foreach (var key in details.Select(p => p.Key).Where(k => k is not ("index" or "alias")))
            {
                throw FakeElasticsearchError.BadRequest("parsing_exception", $"[{kind}] unknown field [{key}]");
            }

            var index = details["index"]!.GetValue<string>();
            var alias = details["alias"]!.GetValue<string>();
            if (!_indices.ContainsKey(index))
            {
                throw NoSuchIndex(index);
            }

            if (kind == "remove" && !(_aliases.TryGetValue(alias, out var targets) && targets.Contains(index)))
            {
                throw new FakeElasticsearchError(HttpStatusCode.NotFound, "aliases_not_found_exception", $"aliases [{alias}] missing");
            }

            if (kind == "add" && _indices.ContainsKey(alias))
            {
                throw FakeElasticsearchError.BadRequest("invalid_alias_name_exception", $"Invalid alias name [{alias}]: an index or data stream exists with the same name as the alias");
            }

            planned.Add((kind == "add", index, alias));
        }

        foreach (var (add, index, alias) in planned)
        {
            var targets = _aliases.TryGetValue(alias, out var existing) ? existing : _aliases[alias] = new SortedSet<string>(StringComparer.Ordinal);
            if (add)
            {
                targets.Add(index);
            }
            else
            {
                targets.Remove(index);
                if (targets.Count == 0)
                {
                    _aliases.Remove(alias);
                }
            }
        }

        return new JsonObject { ["acknowledged"] = true, ["errors"] = false };
    }

    private JsonObject Bulk(string target, string body, string? refresh)
    {
        var items = new JsonArray();
        var errors = false;
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var touched = new HashSet<FakeIndex>();
        for (var i = 0; i < lines.Length; i++)
        {
            var action = Parse(lines[i]);
            var (kind, metaNode) = action.Count == 1 ? action.First() : default;
            if (kind is not ("index" or "delete") || metaNode is not JsonObject meta)
            {
                throw FakeElasticsearchError.BadRequest("illegal_argument_exception", $"Malformed action/metadata line [{i + 1}]: the fake knows index and delete");
            }

            foreach (var key in meta.Select(p => p.Key).Where(k => k is not ("_id" or "_index" or "require_alias")))
            {
                throw FakeElasticsearchError.BadRequest("illegal_argument_exception", $"Action/metadata line [{i + 1}] contains an unknown parameter [{key}]");
            }

            var id = meta["_id"]?.GetValue<string>() ?? throw FakeElasticsearchError.BadRequest("action_request_validation_exception", "the fake needs an _id");
            var indexName = meta["_index"]?.GetValue<string>() ?? target;
            var source = kind == "index" ? Parse(lines[++i]) : null;
            var result = new JsonObject { ["_index"] = indexName, ["_id"] = id };
            try
            {
                if (meta["require_alias"]?.GetValue<bool>() == true && !_aliases.ContainsKey(indexName))
                {
                    throw new FakeElasticsearchError(HttpStatusCode.NotFound, "index_not_found_exception", $"no such index [{indexName}] and [require_alias] request flag is [true] and [{indexName}] is not an alias");
                }

                var index = WriteIndex(indexName);
                result["_index"] = index.Name;
                if (_rejectBulkItems.TryDequeue(out var rejection))
                {
                    throw FakeElasticsearchError.BadRequest(rejection.Type, rejection.Reason);
                }

                touched.Add(index);
                if (source is not null)
                {
                    var created = !index.Has(id);
                    index.Write(id, source);
                    result["result"] = created ? "created" : "updated";
                    result["status"] = created ? 201 : 200;
                }
                else
                {
                    var found = index.Delete(id);
                    result["result"] = found ? "deleted" : "not_found";
                    result["status"] = found ? 200 : 404;
                }

                result["_version"] = 1;
                result["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };
            }
            catch (FakeElasticsearchError error)
            {
                errors = true;
                result["status"] = (int)error.Status;
                result["error"] = new JsonObject { ["type"] = error.Type, ["reason"] = error.Message, ["index"] = indexName };
            }

            items.Add(new JsonObject { [kind] = result });
        }

        if (refresh is "true" or "wait_for" or "")
        {
            foreach (var index in touched)
            {
                index.Refresh();
            }
        }

        return new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items };
    }

    private JsonObject Refresh(string target)
    {
        var indices = Resolve(target);
        foreach (var index in indices)
        {
            index.Refresh();
        }

        return new JsonObject { ["_shards"] = new JsonObject { ["total"] = indices.Count, ["successful"] = indices.Count, ["failed"] = 0 } };
    }

    private JsonObject Count(string target, JsonObject? body)
    {
        var documents = Searchable(target);
        var query = body?["query"];
        var evaluator = new FakeQuery(documents, Clock.GetUtcNow());
        return new JsonObject
        {
            ["count"] = query is null ? documents.Count : documents.Count(d => evaluator.Matches(query, d)),
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
        };
    }

    private JsonArray CatIndices(string pattern, string? columns, string accept)
    {
        if (!accept.Contains("application/json", StringComparison.Ordinal))
        {
            throw FakeElasticsearchError.BadRequest("illegal_argument_exception", "the fake answers _cat as JSON only (Accept: application/json)");
        }

        var wanted = columns?.Split(',') ?? ["health", "status", "index", "docs.count", "store.size"];
        var rows = new JsonArray();
        foreach (var index in Resolve(pattern, allowMissing: true))
        {
            var row = new JsonObject();
            foreach (var column in wanted)
            {
                row[column] = column switch
                {
                    "index" => index.Name,
                    "docs.count" => index.Searchable.Count.ToString(CultureInfo.InvariantCulture),
                    "store.size" => HumanSize(index.SizeBytes),
                    "health" => "green",
                    "status" => "open",
                    _ => throw FakeElasticsearchError.BadRequest("illegal_argument_exception", $"the fake has no _cat column [{column}]"),
                };
            }

            rows.Add(row);
        }

        return rows;
    }

    private IReadOnlyCollection<FakeDocument> Searchable(string target) => [.. Resolve(target).SelectMany(i => i.Searchable.Values)];

    private FakeIndex WriteIndex(string target)
    {
        if (_aliases.TryGetValue(target, out var targets))
        {
            return targets.Count == 1
                ? _indices[targets.Single()]
                : throw FakeElasticsearchError.BadRequest("illegal_argument_exception", $"no write index is defined for alias [{target}]");
        }

        return _indices.TryGetValue(target, out var index)
            ? index
            : throw new FakeElasticsearchError(HttpStatusCode.NotFound, "index_not_found_exception", $"no such index [{target}] (the fake does not create indices on write)");
    }

    /// <summary>An index, an alias's indices, or the indices a wildcard pattern matches.</summary>
    private List<FakeIndex> Resolve(string target, bool allowMissing = false)
    {
        var found = new List<FakeIndex>();
        foreach (var name in target.Split(','))
        {
            if (name.Contains('*', StringComparison.Ordinal))
            {
                var prefix = name[..name.IndexOf('*', StringComparison.Ordinal)];
                found.AddRange(_indices.Values.Where(i => i.Name.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(i => i.Name, StringComparer.Ordinal));
            }
            else if (_aliases.TryGetValue(name, out var targets))
            {
                found.AddRange(targets.Select(t => _indices[t]));
            }
            else if (_indices.TryGetValue(name, out var index))
            {
                found.Add(index);
            }
            else if (!allowMissing)
            {
                throw NoSuchIndex(name);
            }
        }

        return found;
    }

    private static JsonObject Parse(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw FakeElasticsearchError.BadRequest("parsing_exception", "the body must be a JSON object");

    private static FakeElasticsearchError NoSuchIndex(string name) =>
        new(HttpStatusCode.NotFound, "index_not_found_exception", $"no such index [{name}]");

    private static JsonObject Error(HttpStatusCode status, string type, string reason) => new()
    {
        ["error"] = new JsonObject
        {
            ["root_cause"] = new JsonArray(new JsonObject { ["type"] = type, ["reason"] = reason }),
            ["type"] = type,
            ["reason"] = reason,
        },
        ["status"] = (int)status,
    };

    private static string HumanSize(long bytes) =>
        bytes < 1024 ? $"{bytes}b" : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + "kb";
}
