using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// Runs a <c>_search</c> body over documents: query, <c>post_filter</c> (narrows hits, not aggregations),
/// aggregations (filter with sub-aggregations, terms with size and include, range with keyed buckets),
/// sort (fields and _score, missing values last), from/size, <c>_source</c> includes and highlighting
/// (matched words in the tags, the rest HTML-encoded, whole field or one fragment, no_match_size).
/// Answers in Elasticsearch's shape.
/// </summary>
public static class FakeSearch
{
    private static readonly HashSet<string> BodyKeys =
        ["query", "post_filter", "aggregations", "sort", "from", "size", "track_total_hits", "_source", "highlight"];

    public static JsonObject Run(IReadOnlyCollection<FakeDocument> documents, JsonObject body, DateTimeOffset now)
    {
        foreach (var key in body.Select(p => p.Key).Where(k => !BodyKeys.Contains(k)))
        {
            throw Refuse($"Unknown key for a START_OBJECT in [{key}].");
        }

        var evaluator = new FakeQuery(documents, now);
        var query = body["query"] ?? new JsonObject { ["match_all"] = new JsonObject() };
        var matched = documents
            .Select(d => (Document: d, Score: evaluator.Score(query, d)))
            .Where(m => m.Score is not null)
            .Select(m => (m.Document, Score: m.Score!.Value))
            .ToList();

        var aggregations = body["aggregations"] is JsonObject aggs
            ? Aggregate(aggs, [.. matched.Select(m => m.Document)], evaluator)
            : null;

        var hits = body["post_filter"] is { } postFilter ? matched.Where(m => evaluator.Matches(postFilter, m.Document)).ToList() : matched;
        var sort = SortKeys(body["sort"]);
        hits.Sort((a, b) => Compare(sort, a, b));
        var scored = sort.Any(s => s.Field == "_score");
        var from = body["from"]?.GetValue<int>() ?? 0;
        var size = body["size"]?.GetValue<int>() ?? 10;
        if (from + size > 10_000)
        {
            throw Refuse("Result window is too large, from + size must be less than or equal to: [10000]");
        }

        var page = new JsonArray();
        foreach (var (document, score) in hits.Skip(from).Take(size))
        {
            var hit = new JsonObject
            {
                ["_index"] = document.Index.Name,
                ["_id"] = document.Id,
                ["_score"] = scored ? score : null,
                ["_source"] = Source(document.Source, body["_source"]),
            };
            if (body["highlight"] is JsonObject highlight && Highlight(highlight, query, document) is { Count: > 0 } marked)
            {
                hit["highlight"] = marked;
            }

            if (body["sort"] is not null)
            {
                hit["sort"] = new JsonArray([.. sort.Select(s => SortValue(s, document, score) switch
                {
                    double number => JsonValue.Create(number),
                    var other => (JsonNode?)JsonValue.Create(other?.ToString()),
                })]);
            }

            page.Add(hit);
        }

        var response = new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject
            {
                ["total"] = new JsonObject { ["value"] = hits.Count, ["relation"] = "eq" },
                ["max_score"] = scored && hits.Count > 0 ? hits.Max(h => h.Score) : null,
                ["hits"] = page,
            },
        };
        if (aggregations is not null)
        {
            response["aggregations"] = aggregations;
        }

        return response;
    }

    private static JsonObject Aggregate(JsonObject aggregations, List<FakeDocument> documents, FakeQuery evaluator)
    {
        var result = new JsonObject();
        foreach (var (name, node) in aggregations)
        {
            if (node is not JsonObject aggregation)
            {
                throw Refuse($"Expected [START_OBJECT] under aggregation [{name}]");
            }

            var kinds = aggregation.Where(p => p.Key != "aggregations").ToList();
            if (kinds.Count != 1)
            {
                throw Refuse($"Expected exactly one aggregation type in [{name}], found {string.Join(", ", kinds.Select(k => k.Key))}");
            }

            var sub = aggregation["aggregations"] as JsonObject;
            var (kind, spec) = kinds[0];
            result[name] = kind switch
            {
                "filter" => Bucket(new JsonObject(), documents.Where(d => evaluator.Matches(spec, d)).ToList(), sub, evaluator),
                "terms" => TermsAggregation(Keys(kind, spec, "field", "size", "include"), documents, sub, evaluator),
                "range" => RangeAggregation(Keys(kind, spec, "field", "ranges"), documents, sub, evaluator),
                _ => throw Refuse($"the fake does not run [{kind}] aggregations"),
            };
        }

        return result;
    }

    private static JsonObject Bucket(JsonObject bucket, List<FakeDocument> documents, JsonObject? sub, FakeQuery evaluator)
    {
        bucket["doc_count"] = documents.Count;
        foreach (var (name, value) in sub is null ? [] : Aggregate(sub, documents, evaluator).ToList())
        {
            bucket[name] = value!.DeepClone();
        }

        return bucket;
    }

    private static JsonObject TermsAggregation(JsonObject spec, List<FakeDocument> documents, JsonObject? sub, FakeQuery evaluator)
    {
        var field = spec["field"]!.GetValue<string>();
        var size = spec["size"]?.GetValue<int>() ?? 10;
        Func<string, bool> include = spec["include"] switch
        {
            null => _ => true,
            JsonArray values => values.Select(v => v!.GetValue<string>()).ToHashSet().Contains,
            var pattern => LuceneRegex(pattern.GetValue<string>()).IsMatch,
        };
        var groups = documents
            .SelectMany(d => (d.Values.GetValueOrDefault(field) ?? []).Select(v => (Key: Convert.ToString(v, CultureInfo.InvariantCulture)!, Value: v, Document: d)))
            .Where(v => include(v.Key))
            .GroupBy(v => v.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.First().Value, Documents: g.Select(v => v.Document).Distinct().ToList()))
            .OrderByDescending(g => g.Documents.Count)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var buckets = new JsonArray();
        foreach (var group in groups.Take(size))
        {
            buckets.Add(Bucket(new JsonObject { ["key"] = group.Value is double d ? JsonValue.Create(d) : JsonValue.Create(group.Key) }, group.Documents, sub, evaluator));
        }

        return new JsonObject
        {
            ["doc_count_error_upper_bound"] = 0,
            ["sum_other_doc_count"] = groups.Skip(size).Sum(g => g.Documents.Count),
            ["buckets"] = buckets,
        };
    }

    private static JsonObject RangeAggregation(JsonObject spec, List<FakeDocument> documents, JsonObject? sub, FakeQuery evaluator)
    {
        var field = spec["field"]!.GetValue<string>();
        var buckets = new JsonArray();
        foreach (var range in (spec["ranges"] as JsonArray ?? throw Refuse("[range] needs ranges")).Select(r => Keys("ranges", r, "key", "from", "to")))
        {
            var from = range["from"]?.GetValue<double>();
            var to = range["to"]?.GetValue<double>();
            var bucket = new JsonObject { ["key"] = range["key"]?.GetValue<string>() ?? $"{from?.ToString(CultureInfo.InvariantCulture) ?? "*"}-{to?.ToString(CultureInfo.InvariantCulture) ?? "*"}" };
            if (from is not null)
            {
                bucket["from"] = from;
            }

            if (to is not null)
            {
                bucket["to"] = to;
            }

            var inside = documents.Where(d => (d.Values.GetValueOrDefault(field) ?? []).OfType<double>().Any(v => (from is null || v >= from) && (to is null || v < to))).ToList();
            buckets.Add(Bucket(bucket, inside, sub, evaluator));
        }

        return new JsonObject { ["buckets"] = buckets };
    }

    private static JsonObject Highlight(JsonObject highlight, JsonNode query, FakeDocument document)
    {
        Keys("highlight", highlight, "encoder", "pre_tags", "post_tags", "fields");
        var html = highlight["encoder"]?.GetValue<string>() == "html";
        var pre = (highlight["pre_tags"] as JsonArray)?[0]?.GetValue<string>() ?? "<em>";
        var post = (highlight["post_tags"] as JsonArray)?[0]?.GetValue<string>() ?? "</em>";
        var fields = highlight["fields"] switch
        {
            JsonArray list => list.Select(f => f as JsonObject ?? throw Refuse("[highlight] fields are objects")).SelectMany(f => f).ToList(),
            JsonObject single => [.. single],
            _ => throw Refuse("[highlight] needs fields"),
        };

        var result = new JsonObject();
        foreach (var (field, optionsNode) in fields)
        {
            var options = Keys("highlight field", optionsNode, "number_of_fragments", "fragment_size", "no_match_size");
            var text = document.Source[field] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray values => string.Join(" ", values.Select(v => v!.GetValue<string>())),
                _ => null,
            };
            if (text is null || document.Index.Field(field)?.Analyzer is not { } analyzer)
            {
                continue;
            }

            var terms = FakeQuery.TermsFor(query, field, document.Index).ToList();
            var marked = analyzer.Tokens(text).Where(t => terms.Any(q => q.Matches(t.Term))).ToList();
            var fragments = options["number_of_fragments"]?.GetValue<int>() ?? 5;
            var fragmentSize = options["fragment_size"]?.GetValue<int>() ?? 100;
            var noMatch = options["no_match_size"]?.GetValue<int>() ?? 0;
            string? fragment;
            if (marked.Count == 0)
            {
                fragment = noMatch > 0 ? Mark(text, 0, WordEnd(text, Math.Min(text.Length, noMatch)), marked, pre, post, html) : null;
            }
            else if (fragments == 0)
            {
                fragment = Mark(text, 0, text.Length, marked, pre, post, html);
            }
            else
            {
                var start = WordStart(text, Math.Max(0, marked[0].Start - fragmentSize / 3));
                fragment = Mark(text, start, WordEnd(text, Math.Min(text.Length, start + fragmentSize)), marked, pre, post, html);
            }

            if (fragment is not null)
            {
                result[field] = new JsonArray(fragment);
            }
        }

        return result;
    }

    private static string Mark(string text, int start, int end, List<FakeToken> marked, string pre, string post, bool html)
    {
        string Encode(string s) => html ? WebUtility.HtmlEncode(s) : s;
        var result = new StringBuilder();
        var at = start;
        foreach (var token in marked.Where(t => t.Start >= start && t.End <= end))
        {
            result.Append(Encode(text[at..token.Start])).Append(pre).Append(Encode(text[token.Start..token.End])).Append(post);
            at = token.End;
        }

        return result.Append(Encode(text[at..end])).ToString().Trim();
    }

    private static int WordStart(string text, int i)
    {
        while (i > 0 && char.IsLetterOrDigit(text[i - 1]))
        {
            i--;
        }

        return i;
    }

    private static int WordEnd(string text, int i)
    {
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        return i;
    }

    private static JsonNode? Source(JsonObject source, JsonNode? filter)
    {
        if (filter is null)
        {
            return source.DeepClone();
        }

        var includes = (Keys("_source", filter, "includes")["includes"] as JsonArray ?? throw Refuse("[_source] includes is a list")).Select(i => i!.GetValue<string>()).ToHashSet();
        var result = new JsonObject();
        foreach (var (key, value) in source.Where(p => includes.Contains(p.Key)))
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private sealed record SortKey(string Field, bool Descending);

    private static List<SortKey> SortKeys(JsonNode? sort)
    {
        var keys = new List<SortKey>();
        foreach (var entry in sort switch { null => [], JsonArray a => a.ToList(), _ => [sort] })
        {
            switch (entry)
            {
                case JsonValue name:
                    var field = name.GetValue<string>();
                    keys.Add(new SortKey(field, field == "_score"));
                    break;
                case JsonObject { Count: 1 } spec:
                    var (key, order) = spec.First();
                    var direction = order is JsonObject o ? Keys("sort", o, "order")["order"]?.GetValue<string>() : order?.GetValue<string>();
                    keys.Add(new SortKey(key, (direction ?? (key == "_score" ? "desc" : "asc")) == "desc"));
                    break;
                default:
                    throw Refuse("[sort] entries are a field name or one field with its options");
            }
        }

        return keys.Count == 0 ? [new SortKey("_score", true)] : keys;
    }

    private static IComparable? SortValue(SortKey key, FakeDocument document, double score) =>
        key.Field == "_score" ? score : (document.Values.GetValueOrDefault(key.Field) ?? []).Cast<IComparable>().FirstOrDefault();

    private static int Compare(List<SortKey> keys, (FakeDocument Document, double Score) a, (FakeDocument Document, double Score) b)
    {
        foreach (var key in keys)
        {
            var x = SortValue(key, a.Document, a.Score);
            var y = SortValue(key, b.Document, b.Score);
            var order = (x, y) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => (key.Descending ? -1 : 1) * (x is string s ? string.CompareOrdinal(s, (string)y) : x.CompareTo(y)),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return string.CompareOrdinal(a.Document.Id, b.Document.Id);
    }

    /// <summary>The Lucene regular expressions the engine sends: literal characters, backslash escapes and ".*".</summary>
    private static Regex LuceneRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (pattern[i] == '.' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (char.IsLetterOrDigit(pattern[i]))
            {
                regex.Append(pattern[i]);
            }
            else
            {
                throw Refuse($"the fake reads literal regular expressions with .* only, not [{pattern}]");
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static JsonObject Keys(string kind, JsonNode? node, params string[] allowed)
    {
        if (node is not JsonObject obj)
        {
            throw Refuse($"[{kind}] expects an object");
        }

        foreach (var key in obj.Select(p => p.Key).Where(k => !allowed.Contains(k)))
        {
            throw Refuse($"[{kind}] unknown field [{key}]");
        }

        return obj;
    }

    private static FakeElasticsearchError Refuse(string reason) => FakeElasticsearchError.BadRequest("parsing_exception", reason);
}
