using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>An answer the fake Elasticsearch gives as an error body: <c>{"error": {"type", "reason", "root_cause"}, "status"}</c>.</summary>
public sealed class FakeElasticsearchError(HttpStatusCode status, string type, string reason) : Exception(reason)
{
    public HttpStatusCode Status { get; } = status;

    public string Type { get; } = type;

    public static FakeElasticsearchError BadRequest(string type, string reason) => new(HttpStatusCode.BadRequest, type, reason);
}

/// <summary>A mapped field: its type, how its text is analysed and where its values are copied.</summary>
public sealed record FakeField(string Name, string Type, FakeAnalyzer? Analyzer, IReadOnlyList<string> CopyTo, bool Indexed)
{
    public bool IsText => Type is "text" or "search_as_you_type";
}

/// <summary>A document as the fake indexed it: its source, its text fields' tokens and its other fields' values.</summary>
public sealed class FakeDocument(FakeIndex index, string id, JsonObject source)
{
    public FakeIndex Index { get; } = index;

    public string Id { get; } = id;

    public JsonObject Source { get; } = source;

    /// <summary>Text field (copy_to targets included) → its tokens, values one after another.</summary>
    public Dictionary<string, List<FakeToken>> Text { get; } = new(StringComparer.Ordinal);

    /// <summary>Keyword, number and date field → its values (numbers and dates as doubles, dates in epoch milliseconds).</summary>
    public Dictionary<string, List<object>> Values { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One index of the fake: the mapping it was created with (strict: a document with an unmapped field is
/// refused as Elasticsearch refuses it with <c>dynamic: strict</c>), its analyzers, and its documents —
/// written ones and, as in Elasticsearch, the ones searches see, which catch up on refresh.
/// </summary>
public sealed class FakeIndex
{
    private static readonly HashSet<string> MappingParameters =
        ["type", "analyzer", "search_analyzer", "copy_to", "index", "doc_values", "enabled", "fields", "properties", "max_shingle_size", "format", "null_value"];

    private static readonly HashSet<string> FieldTypes =
        ["text", "search_as_you_type", "keyword", "integer", "long", "double", "float", "date", "boolean", "object"];

    private readonly Dictionary<string, FakeField> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeAnalyzer> _analyzers = new(StringComparer.Ordinal) { ["english"] = FakeAnalyzer.English, ["standard"] = FakeAnalyzer.Standard };
    private readonly Dictionary<string, FakeDocument> _written = new(StringComparer.Ordinal);
    private readonly bool _strict;

    public FakeIndex(string name, JsonObject body)
    {
        Name = name;
        foreach (var (key, _) in body)
        {
            if (key is not ("mappings" or "settings" or "aliases"))
            {
                throw FakeElasticsearchError.BadRequest("parsing_exception", $"unknown key [{key}] for create index");
            }
        }

        ReadSettings(body["settings"] as JsonObject);
        var mappings = body["mappings"] as JsonObject ?? [];
        _strict = mappings["dynamic"]?.GetValue<string>() == "strict";
        foreach (var (name2, definition) in mappings["properties"] as JsonObject ?? [])
        {
            AddField(name2, definition as JsonObject ?? throw FakeElasticsearchError.BadRequest("mapper_parsing_exception", $"Expected map for property [{name2}]"));
        }

        foreach (var field in _fields.Values)
        {
            foreach (var target in field.CopyTo.Where(t => !_fields.ContainsKey(t)))
            {
                throw FakeElasticsearchError.BadRequest("mapper_parsing_exception", $"[copy_to] target [{target}] of [{field.Name}] is not mapped");
            }
        }
    }

    public string Name { get; }

    /// <summary>What searches see: the documents as of the last refresh.</summary>
    public IReadOnlyDictionary<string, FakeDocument> Searchable { get; private set; } = new Dictionary<string, FakeDocument>();

    /// <summary>Bytes of the written documents' sources, as a stand-in for the store size.</summary>
    public long SizeBytes => _written.Values.Sum(d => (long)d.Source.ToJsonString().Length);

    /// <summary>A mapped field; the <c>search_as_you_type</c> subfields (<c>._2gram</c>, <c>._3gram</c>, <c>._index_prefix</c>) are their field.</summary>
    public FakeField? Field(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot > 0 && name[(dot + 1)..] is "_2gram" or "_3gram" or "_4gram" or "_index_prefix")
        {
            name = name[..dot];
        }

        return _fields.GetValueOrDefault(name);
    }

    public FakeDocument Write(string id, JsonObject source)
    {
        var document = new FakeDocument(this, id, source);
        foreach (var (name, value) in source)
        {
            if (!_fields.TryGetValue(name, out var field))
            {
                if (_strict)
                {
                    throw FakeElasticsearchError.BadRequest("strict_dynamic_mapping_exception", $"[1:2] mapping set to strict, dynamic introduction of [{name}] within [_doc] is not allowed");
                }

                continue;
            }

            Add(document, field, value);
            foreach (var target in field.CopyTo)
            {
                Add(document, _fields[target], value);
            }
        }

        _written[id] = document;
        return document;
    }

    public bool Has(string id) => _written.ContainsKey(id);

    public bool Delete(string id) => _written.Remove(id);

    public void Refresh() => Searchable = new Dictionary<string, FakeDocument>(_written, StringComparer.Ordinal);

    private void Add(FakeDocument document, FakeField field, JsonNode? value)
    {
        if (field.Type == "object" || value is null)
        {
            return;
        }

        var values = value is JsonArray array ? array.ToList() : [value];
        foreach (var item in values.OfType<JsonValue>())
        {
            if (field.IsText)
            {
                var text = item.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : item.ToJsonString();
                var tokens = document.Text.TryGetValue(field.Name, out var list) ? list : document.Text[field.Name] = [];
                var offset = tokens.Count == 0 ? 0 : tokens[^1].End + 100;
                tokens.AddRange(field.Analyzer!.Tokens(text).Select(t => t with { Start = t.Start + offset, End = t.End + offset }));
            }
            else if (field.Indexed)
            {
                var parsed = Parse(field, item);
                (document.Values.TryGetValue(field.Name, out var list) ? list : document.Values[field.Name] = []).Add(parsed);
            }
        }
    }

    private static object Parse(FakeField field, JsonValue value)
    {
        var kind = value.GetValueKind();
        try
        {
            return field.Type switch
            {
                "keyword" => kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(),
                "boolean" => kind == JsonValueKind.True,
                "date" => kind == JsonValueKind.Number ? value.GetValue<double>() : FakeDates.Parse(value.GetValue<string>()),
                _ => kind == JsonValueKind.Number ? value.GetValue<double>() : double.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw FakeElasticsearchError.BadRequest("document_parsing_exception", $"failed to parse field [{field.Name}] of type [{field.Type}]");
        }
    }

    private void ReadSettings(JsonObject? settings)
    {
        var analysis = (settings?["analysis"] ?? settings?["index"]?["analysis"]) as JsonObject;
        foreach (var (name, definition) in analysis?["analyzer"] as JsonObject ?? [])
        {
            var type = definition?["type"]?.GetValue<string>();
            var tokenizer = definition?["tokenizer"]?.GetValue<string>();
            var filters = (definition?["filter"] as JsonArray)?.Select(f => f!.GetValue<string>()).ToList() ?? [];
            if (type != "custom" || tokenizer != "standard" || filters.Except(["lowercase", "asciifolding"]).Any())
            {
                throw FakeElasticsearchError.BadRequest("illegal_argument_exception", $"the fake knows custom analyzers of the standard tokenizer with lowercase and asciifolding only, not [{name}]");
            }

            _analyzers[name] = FakeAnalyzer.Folding(name);
        }
    }

    private void AddField(string name, JsonObject definition)
    {
        foreach (var (parameter, _) in definition.Where(p => !MappingParameters.Contains(p.Key)))
        {
            throw FakeElasticsearchError.BadRequest("mapper_parsing_exception", $"unknown parameter [{parameter}] on mapper [{name}]");
        }

        var type = definition["type"]?.GetValue<string>() ?? "object";
        if (!FieldTypes.Contains(type))
        {
            throw FakeElasticsearchError.BadRequest("mapper_parsing_exception", $"No handler for type [{type}] declared on field [{name}]");
        }

        FakeAnalyzer? analyzer = null;
        if (type is "text" or "search_as_you_type")
        {
            var analyzerName = definition["analyzer"]?.GetValue<string>() ?? "standard";
            analyzer = _analyzers.GetValueOrDefault(analyzerName)
                ?? throw FakeElasticsearchError.BadRequest("mapper_parsing_exception", $"analyzer [{analyzerName}] has not been configured in mappings");
        }

        var copyTo = definition["copy_to"] switch
        {
            JsonArray targets => targets.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue target => [target.GetValue<string>()],
            _ => new List<string>(),
        };
        var indexed = definition["index"]?.GetValue<bool>() ?? true;
        _fields[name] = new FakeField(name, type, analyzer, copyTo, indexed && definition["enabled"]?.GetValue<bool>() != false);
    }
}

/// <summary>Dates as the fake compares them: epoch milliseconds.</summary>
public static class FakeDates
{
    public static double Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal).ToUnixTimeMilliseconds();

    /// <summary>"90d", "12h", "30m", "10s", "1500ms" in milliseconds.</summary>
    public static double Duration(string text)
    {
        foreach (var (unit, ms) in new[] { ("ms", 1.0), ("d", 86_400_000.0), ("h", 3_600_000.0), ("m", 60_000.0), ("s", 1000.0) })
        {
            if (text.EndsWith(unit, StringComparison.Ordinal) && double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value * ms;
            }
        }

        throw FakeElasticsearchError.BadRequest("parse_exception", $"failed to parse [{text}] as a time value");
    }
}
