using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GigStore.Search.Engines.Elasticsearch;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>A word of a query and how it may match a document's term (for scoring and highlighting).</summary>
public sealed record FakeQueryTerm(string Term, bool Prefix, bool Fuzzy)
{
    public bool Matches(string term) =>
        term == Term || (Prefix && term.StartsWith(Term, StringComparison.Ordinal)) || (Fuzzy && Spelling.IsClose(Term, term));
}

/// <summary>
/// Evaluates the query DSL subset the engine emits against the fake's documents: bool (must, filter,
/// should, must_not, minimum_should_match), match_all, term, terms, range, multi_match (best_fields,
/// most_fields, bool_prefix; operator, fuzziness, zero_terms_query, field boosts) scored with BM25, and
/// function_score (field_value_factor, exp decay, weights; score_mode and boost_mode). Anything else, or
/// a key a query does not take, is refused with a <c>parsing_exception</c> as Elasticsearch refuses it.
/// </summary>
public sealed class FakeQuery(IReadOnlyCollection<FakeDocument> documents, DateTimeOffset now)
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, (int Documents, double AverageLength)> _fieldStats = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Field, string Term), int> _documentFrequency = [];

    /// <summary>The document's score, or null when it does not match.</summary>
    public double? Score(JsonNode? query, FakeDocument document)
    {
        if (query is not JsonObject container || container.Count != 1)
        {
            throw Refuse("query malformed, must start with start_object and hold exactly one query");
        }

        var (kind, body) = container.First();
        return kind switch
        {
            "match_all" => Boost(Keys(kind, body, "boost"), 1),
            "bool" => Bool(Keys(kind, body, "must", "filter", "should", "must_not", "minimum_should_match", "boost"), document),
            "term" => FieldQuery(kind, body, document, (values, spec) => values.Any(v => Same(v, spec is JsonObject o ? o["value"] : spec))),
            "terms" => Terms(Keys(kind, body, ""), document),
            "range" => FieldQuery(kind, body, document, (values, spec) => values.Any(v => InRange(v, Keys("range", spec, "gte", "gt", "lte", "lt", "boost")))),
            "multi_match" => MultiMatch(Keys(kind, body, "query", "type", "fields", "operator", "fuzziness", "zero_terms_query", "boost", "tie_breaker"), document),
            "function_score" => FunctionScore(Keys(kind, body, "query", "functions", "score_mode", "boost_mode", "boost"), document),
            _ => throw Refuse($"unknown query [{kind}]"),
        };
    }

    public bool Matches(JsonNode? query, FakeDocument document) => Score(query, document) is not null;

    /// <summary>The words a query looks for in <paramref name="field"/> (every multi_match naming it), for highlighting.</summary>
    public static IEnumerable<FakeQueryTerm> TermsFor(JsonNode? query, string field, FakeIndex index)
    {
        if (query is JsonObject obj)
        {
            if (obj["multi_match"] is JsonObject match && Fields(match).Any(f => f.Name == field) && index.Field(field)?.Analyzer is { } analyzer)
            {
                var terms = analyzer.Terms(match["query"]!.GetValue<string>());
                var prefix = (match["type"]?.GetValue<string>() ?? "best_fields") == "bool_prefix";
                var fuzzy = match["fuzziness"] is not null;
                for (var i = 0; i < terms.Count; i++)
                {
                    yield return new FakeQueryTerm(terms[i], prefix && i == terms.Count - 1, fuzzy);
                }
            }

            foreach (var child in obj.Select(p => p.Value))
            {
                foreach (var term in TermsFor(child, field, index))
                {
                    yield return term;
                }
            }
        }
        else if (query is JsonArray array)
        {
            foreach (var term in array.SelectMany(item => TermsFor(item, field, index)))
            {
                yield return term;
            }
        }
    }

    private double? Bool(JsonObject body, FakeDocument document)
    {
        var score = 0.0;
        foreach (var clause in Clauses(body["must"]))
        {
            if (Score(clause, document) is not { } s)
            {
                return null;
            }

            score += s;
        }

        if (Clauses(body["filter"]).Any(clause => !Matches(clause, document)) || Clauses(body["must_not"]).Any(clause => Matches(clause, document)))
        {
            return null;
        }

        var should = Clauses(body["should"]).ToList();
        var matched = 0;
        foreach (var clause in should)
        {
            if (Score(clause, document) is { } s)
            {
                matched++;
                score += s;
            }
        }

        var minimum = body["minimum_should_match"] is { } m
            ? int.Parse(m.ToString(), CultureInfo.InvariantCulture)
            : body["must"] is null && body["filter"] is null && should.Count > 0 ? 1 : 0;
        return matched < minimum ? null : Boost(body, score);
    }

    private double? Terms(JsonObject body, FakeDocument document)
    {
        var field = body.Where(p => p.Key != "boost").ToList();
        if (field.Count != 1 || field[0].Value is not JsonArray wanted)
        {
            throw Refuse("[terms] query takes one field with an array of values");
        }

        return Values(document, field[0].Key).Any(v => wanted.Any(w => Same(v, w))) ? Boost(body, 1) : null;
    }

    private double? FieldQuery(string kind, JsonNode? body, FakeDocument document, Func<List<object>, JsonNode?, bool> test)
    {
        if (body is not JsonObject obj || obj.Count != 1)
        {
            throw Refuse($"[{kind}] query takes exactly one field");
        }

        var (field, spec) = obj.First();
        return test(Values(document, field), spec) ? Boost(spec as JsonObject, 1) : null;
    }

    private double? MultiMatch(JsonObject body, FakeDocument document)
    {
        var text = body["query"]?.GetValue<string>() ?? throw Refuse("[multi_match] requires query value");
        var type = body["type"]?.GetValue<string>() ?? "best_fields";
        if (type is not ("best_fields" or "most_fields" or "bool_prefix"))
        {
            throw Refuse($"the fake does not evaluate multi_match type [{type}]");
        }

        var and = (body["operator"]?.GetValue<string>() ?? "or").Equals("and", StringComparison.OrdinalIgnoreCase);
        var fuzzy = body["fuzziness"] switch
        {
            null => false,
            JsonValue f when f.ToString() == "AUTO" => true,
            _ => throw Refuse("the fake knows fuzziness AUTO only"),
        };
        var anyTerms = false;
        var fieldScores = new List<double>();
        foreach (var (name, boost) in Fields(body))
        {
            var field = document.Index.Field(name);
            if (field?.Analyzer is not { } analyzer)
            {
                continue;
            }

            var terms = analyzer.Terms(text);
            anyTerms |= terms.Count > 0;
            var tokens = document.Text.GetValueOrDefault(field.Name) ?? [];
            var matched = 0;
            var fieldScore = 0.0;
            for (var i = 0; i < terms.Count; i++)
            {
                var term = new FakeQueryTerm(terms[i], type == "bool_prefix" && i == terms.Count - 1, fuzzy);
                var hit = tokens.Any(t => t.Term == term.Term) ? term.Term : tokens.FirstOrDefault(t => term.Matches(t.Term)).Term;
                if (hit is not null)
                {
                    matched++;
                    fieldScore += term.Prefix && hit != term.Term ? 1 : Bm25(field.Name, hit, tokens);
                }
            }

            if (terms.Count > 0 && (and ? matched == terms.Count : matched > 0))
            {
                fieldScores.Add(fieldScore * boost);
            }
        }

        if (!anyTerms)
        {
            return body["zero_terms_query"]?.GetValue<string>() == "all" ? Boost(body, 1) : null;
        }

        if (fieldScores.Count == 0)
        {
            return null;
        }

        var tieBreaker = body["tie_breaker"]?.GetValue<double>() ?? 0;
        var score = type == "best_fields" ? fieldScores.Max() + tieBreaker * (fieldScores.Sum() - fieldScores.Max()) : fieldScores.Sum();
        return Boost(body, score);
    }

    private double? FunctionScore(JsonObject body, FakeDocument document)
    {
        if (Score(body["query"] ?? new JsonObject { ["match_all"] = new JsonObject() }, document) is not { } score)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var function in (body["functions"] as JsonArray ?? []).Select(f => Keys("function", f, "filter", "weight", "field_value_factor", "exp")))
        {
            if (function["filter"] is { } filter && !Matches(filter, document))
            {
                continue;
            }

            var kinds = function.Where(p => p.Key is "field_value_factor" or "exp").ToList();
            var value = kinds.Count switch
            {
                0 => 1,
                1 when kinds[0].Key == "field_value_factor" => FieldValueFactor(Keys("field_value_factor", kinds[0].Value, "field", "factor", "missing", "modifier"), document),
                1 => Decay(kinds[0].Value as JsonObject ?? throw Refuse("[exp] takes an object"), document),
                _ => throw Refuse("failed to parse [function_score]: more than one function in a function object"),
            };
            values.Add(value * (function["weight"]?.GetValue<double>() ?? 1));
        }

        var combined = values.Count == 0 ? 1 : (body["score_mode"]?.GetValue<string>() ?? "multiply") switch
        {
            "sum" => values.Sum(),
            "multiply" => values.Aggregate(1.0, (a, b) => a * b),
            "max" => values.Max(),
            "min" => values.Min(),
            "avg" => values.Average(),
            "first" => values[0],
            var mode => throw Refuse($"illegal score_mode [{mode}]"),
        };
        var result = (body["boost_mode"]?.GetValue<string>() ?? "multiply") switch
        {
            "multiply" => score * combined,
            "sum" => score + combined,
            "replace" => combined,
            "max" => Math.Max(score, combined),
            "min" => Math.Min(score, combined),
            "avg" => (score + combined) / 2,
            var mode => throw Refuse($"illegal boost_mode [{mode}]"),
        };
        return Boost(body, result);
    }

    private static double FieldValueFactor(JsonObject body, FakeDocument document)
    {
        if (body["modifier"] is { } modifier && modifier.GetValue<string>() != "none")
        {
            throw Refuse("the fake knows field_value_factor without a modifier only");
        }

        var field = body["field"]!.GetValue<string>();
        var value = Values(document, field).OfType<double>().Select(v => (double?)v).FirstOrDefault()
            ?? body["missing"]?.GetValue<double>()
            ?? throw new FakeElasticsearchError(System.Net.HttpStatusCode.BadRequest, "illegal_argument_exception", $"Missing value for field [{field}]");
        return value * (body["factor"]?.GetValue<double>() ?? 1);
    }

    private double Decay(JsonObject body, FakeDocument document)
    {
        var fields = body.Where(p => p.Key != "multi_value_mode").ToList();
        if (fields.Count != 1)
        {
            throw Refuse("[exp] takes exactly one field");
        }

        var (field, placementNode) = fields[0];
        var placement = Keys("exp", placementNode, "origin", "scale", "offset", "decay");
        var isDate = document.Index.Field(field)?.Type == "date";
        double Read(JsonNode? node, bool duration) => node switch
        {
            null => 0,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            JsonValue v when duration => FakeDates.Duration(v.GetValue<string>()),
            JsonValue v when v.GetValue<string>() == "now" => now.ToUnixTimeMilliseconds(),
            JsonValue v => FakeDates.Parse(v.GetValue<string>()),
            _ => throw Refuse("[exp] origin, scale and offset are values"),
        };

        var origin = placement["origin"] is { } o ? Read(o, duration: false) : now.ToUnixTimeMilliseconds();
        var scale = Read(placement["scale"], duration: isDate);
        var offset = Read(placement["offset"], duration: isDate);
        var decay = placement["decay"]?.GetValue<double>() ?? 0.5;
        var value = Values(document, field).OfType<double>().Select(v => (double?)v).FirstOrDefault();
        return value is null ? 1 : Math.Exp(Math.Log(decay) / scale * Math.Max(0, Math.Abs(value.Value - origin) - offset));
    }

    private double Bm25(string field, string term, List<FakeToken> tokens)
    {
        if (!_fieldStats.TryGetValue(field, out var stats))
        {
            var lengths = documents.Where(d => d.Text.ContainsKey(field)).Select(d => d.Text[field].Count).ToList();
            stats = _fieldStats[field] = (lengths.Count, lengths.Count == 0 ? 1 : lengths.Average());
        }

        if (!_documentFrequency.TryGetValue((field, term), out var frequency))
        {
            frequency = _documentFrequency[(field, term)] = documents.Count(d => d.Text.TryGetValue(field, out var t) && t.Any(x => x.Term == term));
        }

        var idf = Math.Log(1 + (stats.Documents - frequency + 0.5) / (frequency + 0.5));
        var tf = tokens.Count(t => t.Term == term);
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * tokens.Count / stats.AverageLength));
    }

    /// <summary>The fields of a multi_match with their boosts ("title^10").</summary>
    private static IEnumerable<(string Name, double Boost)> Fields(JsonObject match) =>
        (match["fields"] as JsonArray ?? throw Refuse("[multi_match] needs fields")).Select(f =>
        {
            var spec = f!.GetValue<string>();
            var caret = spec.IndexOf('^', StringComparison.Ordinal);
            return caret < 0 ? (spec, 1.0) : (spec[..caret], double.Parse(spec[(caret + 1)..], CultureInfo.InvariantCulture));
        });

    private static List<object> Values(FakeDocument document, string field) => document.Values.GetValueOrDefault(field) ?? [];

    private static bool Same(object value, JsonNode? wanted) => (value, wanted) switch
    {
        (string s, JsonValue w) => s == (w.GetValueKind() == JsonValueKind.String ? w.GetValue<string>() : w.ToJsonString()),
        (double d, JsonValue w) => w.GetValueKind() == JsonValueKind.Number ? d == w.GetValue<double>() : d.ToString(CultureInfo.InvariantCulture) == w.GetValue<string>(),
        (bool b, JsonValue w) => w.GetValueKind() == (b ? JsonValueKind.True : JsonValueKind.False),
        _ => false,
    };

    private static bool InRange(object value, JsonObject bounds)
    {
        if (value is not double v)
        {
            return false;
        }

        double Bound(string name) => bounds[name] is JsonValue b && b.GetValueKind() == JsonValueKind.String ? FakeDates.Parse(b.GetValue<string>()) : bounds[name]!.GetValue<double>();
        return (bounds["gte"] is null || v >= Bound("gte")) && (bounds["gt"] is null || v > Bound("gt"))
            && (bounds["lte"] is null || v <= Bound("lte")) && (bounds["lt"] is null || v < Bound("lt"));
    }

    private static IEnumerable<JsonNode?> Clauses(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array,
        _ => [node],
    };

    private static double Boost(JsonObject? body, double score) => score * (body?["boost"]?.GetValue<double>() ?? 1);

    /// <summary>The object of a query, refused when it has a key the query does not take ("" allows one field-named key).</summary>
    private static JsonObject Keys(string kind, JsonNode? body, params string[] allowed)
    {
        if (body is not JsonObject obj)
        {
            throw Refuse($"[{kind}] query malformed, no start_object after query name");
        }

        var fieldKeys = 0;
        foreach (var (key, _) in obj.Where(p => !allowed.Contains(p.Key)))
        {
            if (!allowed.Contains("") || ++fieldKeys > 1)
            {
                throw Refuse($"[{kind}] query does not support [{key}]");
            }
        }

        return obj;
    }

    private static FakeElasticsearchError Refuse(string reason) => FakeElasticsearchError.BadRequest("parsing_exception", reason);
}
