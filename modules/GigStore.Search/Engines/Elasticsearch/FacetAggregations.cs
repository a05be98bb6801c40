using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GigStore.Search.Query;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// Facet counts that reflect the other active filters: the search's own filters go in <c>post_filter</c>
/// (they narrow the hits, not the aggregations), and each facet is a <c>filter</c> aggregation holding
/// every filter but its own, around a <c>terms</c> or <c>range</c> aggregation named "values"; the online
/// facet is such a filter alone, with the online sellers added, and its count is its <c>doc_count</c>. Attribute
/// facets come only with a chosen category: one aggregation over all "key:option" values for the keys
/// not filtered on, and one per filtered key (its own filter left out) limited to that key's values.
/// </summary>
internal sealed class FacetAggregations(SearchQuery query, SearchFilters filters)
{
    private const string Values = "values";
    private const string AllAttributes = "attributes";
    private const string AttributePrefix = "attr_";

    // Terms aggregations return at most this many values per facet.
    private const int CategoryValues = 200;
    private const int AttributeValues = 1000;
    private const int LanguageValues = 100;
    private const int CountryValues = 250;

    public JsonObject Body()
    {
        var aggregations = new JsonObject
        {
            // Choosing a subcategory narrows its category, so the category facet ignores both.
            [FacetNames.Category] = Facet(filters.Except(FacetNames.Category, FacetNames.Subcategory), Terms(GigIndex.CategoryId, CategoryValues)),
            [FacetNames.Subcategory] = Facet(filters.Except(FacetNames.Subcategory), Terms(GigIndex.SubcategoryId, CategoryValues)),
            [FacetNames.Delivery] = Facet(filters.Except(FacetNames.Delivery), Range(GigIndex.MinDeliveryDays,
                FacetNames.DeliveryBuckets.Select(days => Bucket(Format(days), to: days + 1)))),
            [FacetNames.Price] = Facet(filters.Except(FacetNames.Price), Range(GigIndex.StartingPrice, PriceBuckets())),
            [FacetNames.SellerLevel] = Facet(filters.Except(FacetNames.SellerLevel), Terms(GigIndex.SellerLevel, Enum.GetValues<Catalog.Data.SellerLevel>().Length)),
            [FacetNames.Rating] = Facet(QueryDsl.AllOf([filters.Except(FacetNames.Rating), SearchFilters.HasReviews()]), Range(GigIndex.RatingAverage,
                FacetNames.RatingBuckets.Select(rating => Bucket(Format(rating), from: rating)))),
            [FacetNames.Language] = Facet(filters.Except(FacetNames.Language), Terms(GigIndex.Languages, LanguageValues)),
            [FacetNames.Country] = Facet(filters.Except(FacetNames.Country), Terms(GigIndex.Country, CountryValues)),
            [FacetNames.Online] = new JsonObject { ["filter"] = QueryDsl.AllOf([filters.Except(FacetNames.Online), SearchFilters.OnlineSellers(query)]) },
        };

        if (filters.HasCategory)
        {
            aggregations[AllAttributes] = Facet(filters.All(), Terms(GigIndex.Attributes, AttributeValues));
            for (var i = 0; i < filters.AttributeKeys.Count; i++)
            {
                var key = filters.AttributeKeys[i];
                var terms = Terms(GigIndex.Attributes, AttributeValues);
                terms["terms"]!["include"] = LiteralPrefixRegex(key + ":");
                aggregations[AttributePrefix + i.ToString(CultureInfo.InvariantCulture)] = Facet(filters.Except(FacetNames.AttributePrefix + key), terms);
            }
        }

        return aggregations;
    }

    /// <summary>Facet name → counts, terms by count (then value), buckets in their own order.</summary>
    public Dictionary<string, IReadOnlyList<FacetCount>> Read(JsonElement? aggregations)
    {
        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>();
        if (aggregations is not { ValueKind: JsonValueKind.Object } all)
        {
            return facets;
        }

        foreach (var name in new[] { FacetNames.Category, FacetNames.Subcategory, FacetNames.SellerLevel, FacetNames.Language, FacetNames.Country })
        {
            facets[name] = ByCount(Buckets(all, name));
        }

        foreach (var name in new[] { FacetNames.Delivery, FacetNames.Price, FacetNames.Rating })
        {
            facets[name] = [.. Buckets(all, name)];
        }

        if (all.TryGetProperty(FacetNames.Online, out var online) && online.TryGetProperty("doc_count", out var count))
        {
            facets[FacetNames.Online] = [new FacetCount(FacetNames.OnlineValue, count.GetInt64())];
        }

        var filtered = filters.AttributeKeys.ToHashSet(StringComparer.Ordinal);
        var attributes = Buckets(all, AllAttributes).Select(b => (Key: KeyOf(b.Value), b.Value, b.Count)).Where(b => !filtered.Contains(b.Key)).ToList();
        for (var i = 0; i < filters.AttributeKeys.Count; i++)
        {
            var key = filters.AttributeKeys[i];
            attributes.AddRange(Buckets(all, AttributePrefix + i.ToString(CultureInfo.InvariantCulture)).Select(b => (key, b.Value, b.Count)));
        }

        foreach (var key in attributes.Where(a => a.Key.Length > 0).GroupBy(a => a.Key, StringComparer.Ordinal))
        {
            facets[FacetNames.AttributePrefix + key.Key] = ByCount(key.Select(a => new FacetCount(a.Value[(key.Key.Length + 1)..], a.Count)));
        }

        return facets;
    }

    /// <summary>The price buckets of <see cref="SearchQuery.PriceBucketBoundsMinor"/>: lower bound inclusive, upper exclusive, "lo-hi" with open ends empty.</summary>
    private IEnumerable<JsonObject> PriceBuckets()
    {
        var bounds = query.PriceBucketBoundsMinor;
        for (var i = 0; i <= bounds.Count; i++)
        {
            double? from = i == 0 ? null : bounds[i - 1];
            double? to = i == bounds.Count ? null : bounds[i];
            yield return Bucket($"{(from is null ? "" : Format(from.Value))}-{(to is null ? "" : Format(to.Value))}", from, to);
        }
    }

    private static JsonObject Facet(JsonObject filter, JsonObject values) =>
        new() { ["filter"] = filter, ["aggregations"] = new JsonObject { [Values] = values } };

    private static JsonObject Terms(string field, int size) =>
        new() { ["terms"] = new JsonObject { ["field"] = field, ["size"] = size } };

    private static JsonObject Range(string field, IEnumerable<JsonObject> buckets) =>
        new() { ["range"] = new JsonObject { ["field"] = field, ["ranges"] = new JsonArray([.. buckets]) } };

    private static JsonObject Bucket(string key, double? from = null, double? to = null)
    {
        var bucket = new JsonObject { ["key"] = key };
        if (from is not null)
        {
            bucket["from"] = from;
        }

        if (to is not null)
        {
            bucket["to"] = to;
        }

        return bucket;
    }

    /// <summary>A Lucene regular expression matching values that start with <paramref name="prefix"/> as written.</summary>
    private static string LiteralPrefixRegex(string prefix)
    {
        var regex = new StringBuilder();
        foreach (var c in prefix)
        {
            if (!char.IsLetterOrDigit(c))
            {
                regex.Append('\\');
            }

            regex.Append(c);
        }

        return regex.Append(".*").ToString();
    }

    private static IEnumerable<FacetCount> Buckets(JsonElement aggregations, string name)
    {
        if (!aggregations.TryGetProperty(name, out var facet) || !facet.TryGetProperty(Values, out var values)
            || !values.TryGetProperty("buckets", out var buckets) || buckets.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var bucket in buckets.EnumerateArray())
        {
            var key = bucket.GetProperty("key");
            yield return new FacetCount(key.ValueKind == JsonValueKind.String ? key.GetString()! : key.GetRawText(), bucket.GetProperty("doc_count").GetInt64());
        }
    }

    private static string KeyOf(string attributeValue) =>
        attributeValue.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? attributeValue[..colon] : "";

    private static List<FacetCount> ByCount(IEnumerable<FacetCount> counts) =>
        [.. counts.Where(c => c.Count > 0 && c.Value.Length > 0).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)];

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
