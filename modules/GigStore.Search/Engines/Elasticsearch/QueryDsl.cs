using System.Globalization;
using System.Text.Json.Nodes;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// The query DSL shapes the engine builds, always in the long forms Elastic's API description defines
/// (<c>{"term": {"field": {"value": …}}}</c>, not the <c>{"term": {"field": …}}</c> shorthand).
/// </summary>
internal static class QueryDsl
{
    public static JsonObject MatchAll() => new() { ["match_all"] = new JsonObject() };

    public static JsonObject Term(string field, string value) =>
        new() { ["term"] = new JsonObject { [field] = new JsonObject { ["value"] = value } } };

    public static JsonObject Terms(string field, IEnumerable<string> values) =>
        new() { ["terms"] = new JsonObject { [field] = new JsonArray([.. values.Select(v => (JsonNode?)v)]) } };

    /// <summary>Inclusive bounds; a missing one is open.</summary>
    public static JsonObject Range(string field, double? gte = null, double? lte = null)
    {
        var bounds = new JsonObject();
        if (gte is { } low)
        {
            bounds["gte"] = low;
        }

        if (lte is { } high)
        {
            bounds["lte"] = high;
        }

        return new JsonObject { ["range"] = new JsonObject { [field] = bounds } };
    }

    /// <summary>Documents matching every clause (scores untouched): match_all for none, the clause itself for one.</summary>
    public static JsonObject AllOf(IEnumerable<JsonObject> clauses)
    {
        var list = clauses.ToList();
        return list.Count switch
        {
            0 => MatchAll(),
            1 => list[0],
            _ => new JsonObject { ["bool"] = new JsonObject { ["filter"] = new JsonArray([.. list]) } },
        };
    }

    /// <summary>"field^weight" as multi_match takes it; a negative weight counts as 0.</summary>
    public static string Boosted(string field, double weight) =>
        field + "^" + Math.Max(0, weight).ToString("0.####", CultureInfo.InvariantCulture);
}
