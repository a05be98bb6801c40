using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GigStore.Search.Query;
using GigStore.Search.Ranking;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// A buyer's search as a <c>_search</c> body, and the answer read back as <see cref="SearchResults"/>.
/// <para>
/// Text: every word must match (a <c>bool.must</c> clause per word), each in any of the text fields — a
/// <c>multi_match</c> of type <c>most_fields</c> over title, tags, facets and description with the tenant's
/// weights, which sums the fields' BM25 the way the SQLite engine's weighted bm25 does. <c>cross_fields</c>
/// with <c>operator: and</c> would also let words match in different fields, but it takes neither
/// <c>fuzziness</c> nor a prefix, and the typo retry and the word being typed need both. The last word
/// may also be the start of a word (<c>bool_prefix</c>, including the unstemmed autocomplete fields, so
/// "designi" finds "designing"). Stop words match everything (<c>zero_terms_query: all</c>) instead of nothing.
/// </para>
/// <para>
/// Relevance wraps the text in <see cref="RankingFunctions"/>; other orders sort on fields and end with
/// the gig id (newest gig first on ties, as the SQLite engine). Filters are a <c>post_filter</c> and
/// facets are <see cref="FacetAggregations"/>.
/// </para>
/// </summary>
internal sealed partial class GigSearchRequest
{
    /// <summary>Elasticsearch's default <c>index.max_result_window</c>: from + size may not pass it.</summary>
    public const int MaxResultWindow = 10_000;

    private const int SnippetLength = 160;

    private readonly SearchQuery _query;
    private readonly RankingSettings _ranking;
    private readonly DateTimeOffset _now;
    private readonly SearchFilters _filters;
    private readonly FacetAggregations _facets;

    public GigSearchRequest(SearchQuery query, RankingSettings ranking, DateTimeOffset now)
    {
        _query = query;
        _ranking = ranking;
        _now = now;
        _filters = new SearchFilters(query);
        _facets = new FacetAggregations(query, _filters);
        Words = SearchText.MeaningfulWords(SearchText.Words(query.Text));
    }

    /// <summary>The words searched for, as <see cref="SearchText"/> reads the text (stop words left out).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>
    /// The body of <c>POST /{alias}/_search</c>; <paramref name="fuzzy"/> lets every word match close spellings
    /// (<c>fuzziness: AUTO</c>); <paramref name="anyWord"/> lets gigs with some of the words match too (more
    /// words, higher BM25), for when few have all of them.
    /// </summary>
    public JsonObject Body(bool fuzzy, bool anyWord = false)
    {
        var text = Words.Count == 0 ? QueryDsl.MatchAll() : TextQuery(fuzzy, anyWord);
        var from = Math.Min((Math.Max(1, _query.Page) - 1) * _query.PageSize, MaxResultWindow);
        var body = new JsonObject
        {
            ["query"] = _query.Sort == SearchSort.Relevance ? RankingFunctions.Apply(text, _ranking, _now) : text,
            ["aggregations"] = _facets.Body(),
            ["sort"] = Sort(_query.Sort),
            ["from"] = from,
            ["size"] = Math.Clamp(_query.PageSize, 0, MaxResultWindow - from),
            ["track_total_hits"] = true,
            ["_source"] = new JsonObject { ["includes"] = new JsonArray([.. GigIndex.CardFields.Select(f => (JsonNode?)f)]) },
        };

        var filter = _filters.All();
        if (!filter.ContainsKey("match_all"))
        {
            body["post_filter"] = filter;
        }

        if (Words.Count > 0)
        {
            body["highlight"] = Highlight();
        }

        return body;
    }

    /// <summary>One page of hits with their cards, highlights and scores, the total and the facets.</summary>
    public SearchResults Read(SearchResponse response, string? correctedText) => new()
    {
        Hits = [.. response.Hits.Hits.Select(ReadHit)],
        Total = response.Total,
        Facets = _facets.Read(response.Aggregations),
        CorrectedText = correctedText,
        Engine = ElasticsearchEngine.EngineName,
    };

    /// <summary>"Did you mean": the words typed, each misspelt one replaced by the closest word the hits of the fuzzy search contain.</summary>
    public string? Correction(SearchResponse fuzzy) =>
        Spelling.Correct(Words, fuzzy.Hits.Hits.SelectMany(hit => GigIndex.Words(hit.Source).Concat(MarkedWords(hit))));

    private JsonObject TextQuery(bool fuzzy, bool anyWord)
    {
        var fields = new[]
        {
            QueryDsl.Boosted(GigIndex.Title, _ranking.TitleWeight),
            QueryDsl.Boosted(GigIndex.Tags, _ranking.TagsWeight),
            QueryDsl.Boosted(GigIndex.Facets, _ranking.FacetsWeight),
            QueryDsl.Boosted(GigIndex.Description, _ranking.DescriptionWeight),
        };
        var prefixFields = fields.Concat(
        [
            QueryDsl.Boosted(GigIndex.TitleSuggest, _ranking.TitleWeight),
            QueryDsl.Boosted(GigIndex.TagsSuggest, _ranking.TagsWeight),
        ]);

        var must = new JsonArray();
        foreach (var word in Words.Take(Words.Count - 1))
        {
            must.Add(WordMatch(word, fields, fuzzy));
        }

        must.Add(new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["should"] = new JsonArray(WordMatch(Words[^1], fields, fuzzy), MultiMatch(Words[^1], "bool_prefix", prefixFields)),
                ["minimum_should_match"] = 1,
            },
        });
        return anyWord
            ? new JsonObject { ["bool"] = new JsonObject { ["should"] = must, ["minimum_should_match"] = 1 } }
            : new JsonObject { ["bool"] = new JsonObject { ["must"] = must } };
    }

    private static JsonObject WordMatch(string word, IEnumerable<string> fields, bool fuzzy)
    {
        var match = MultiMatch(word, "most_fields", fields);
        match["multi_match"]!["zero_terms_query"] = "all";
        if (fuzzy)
        {
            match["multi_match"]!["fuzziness"] = "AUTO";
        }

        return match;
    }

    private static JsonObject MultiMatch(string text, string type, IEnumerable<string> fields) => new()
    {
        ["multi_match"] = new JsonObject
        {
            ["query"] = text,
            ["type"] = type,
            ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode?)f)]),
        },
    };

    private static JsonArray Sort(SearchSort sort)
    {
        var order = sort switch
        {
            SearchSort.BestSelling => new[] { (GigIndex.OrdersCompleted, "desc") },
            SearchSort.Rating => [(GigIndex.RatingSignal, "desc"), (GigIndex.ReviewCount, "desc")],
            SearchSort.PriceLowToHigh => [(GigIndex.StartingPrice, "asc")],
            SearchSort.PriceHighToLow => [(GigIndex.StartingPrice, "desc")],
            SearchSort.Newest => [(GigIndex.PublishedUtc, "desc")],
            _ => [("_score", "desc")],
        };
        return new JsonArray([.. order.Append((GigIndex.GigId, "desc")).Select(o => (JsonNode?)new JsonObject { [o.Item1] = new JsonObject { ["order"] = o.Item2 } })]);
    }

    /// <summary>The whole title and one description fragment, HTML-encoded with the matched words in &lt;mark&gt;.</summary>
    private static JsonObject Highlight() => new()
    {
        ["encoder"] = "html",
        ["pre_tags"] = new JsonArray("<mark>"),
        ["post_tags"] = new JsonArray("</mark>"),
        ["fields"] = new JsonArray(
            new JsonObject { [GigIndex.Title] = new JsonObject { ["number_of_fragments"] = 0 } },
            new JsonObject
            {
                [GigIndex.Description] = new JsonObject
                {
                    ["fragment_size"] = SnippetLength,
                    ["number_of_fragments"] = 1,
                    ["no_match_size"] = SnippetLength,
                },
            }),
    };

    private SearchHit ReadHit(SearchHitDocument hit) => GigIndex.Card(hit.Source) with
    {
        TitleHtml = Highlighted(hit, GigIndex.Title) is { } title && title.Contains("<mark>", StringComparison.Ordinal) ? title : null,
        SnippetHtml = Words.Count > 0 ? Highlighted(hit, GigIndex.Description) : null,
        Score = _query.Sort == SearchSort.Relevance ? hit.Score ?? 0 : 0,
    };

    private static string? Highlighted(SearchHitDocument hit, string field) =>
        hit.Highlight is not null && hit.Highlight.TryGetValue(field, out var fragments) && fragments.Length > 0 ? fragments[0] : null;

    private static IEnumerable<string> MarkedWords(SearchHitDocument hit) =>
        (hit.Highlight?.Values ?? []).SelectMany(fragments => fragments)
            .SelectMany(fragment => Marked().Matches(fragment))
            .SelectMany(match => GigStore.Search.Query.SearchText.Words(WebUtility.HtmlDecode(match.Groups[1].Value), int.MaxValue));

    [GeneratedRegex("<mark>(.*?)</mark>")]
    private static partial Regex Marked();
}
