using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Data;
using GigStore.Search.Engines;
using GigStore.Search.Engines.Elasticsearch;
using GigStore.Search.Query;
using GigStore.Search.Ranking;
using static GigStore.Tests.Search.Elasticsearch.TestGigs;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// The engine's client against Elastic's own description of the serverless API
/// (../shared/contracts/elasticsearch): every request it sends is an operation the description has, with
/// declared query parameters and a body its schemas accept; the validator refuses broken bodies; and the
/// client reads the answers the description gives as examples.
/// </summary>
public sealed class ElasticsearchContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static OpenApiDescription Description => OpenApiDescription.Elasticsearch;

    [Fact]
    public async Task EveryRequestTheEngineSendsIsAnOperationOfTheApiDescription()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        var engine = Engine(server.Url, NewTenant(), clock: new SteppingClock(Now));
        var gigs = All(Now);

        await engine.HealthAsync(default);
        await engine.IndexAsync(gigs.Take(3).ToList(), [], default);
        await engine.RebuildAsync(Stream(gigs), null, default);
        await engine.IndexAsync([gigs[3]], [gigs[4].GigId], default);
        foreach (var query in SearchVariants().Where(v => !v.Fuzzy).Select(v => v.Query))
        {
            await engine.SearchAsync(query, RankingSettings.Default, default);
        }

        await engine.SearchAsync(new SearchQuery { Text = "wordprss" }, RankingSettings.Default, default);
        await engine.SuggestAsync("wordp", 6, default);
        await engine.StatsAsync(default);
        await engine.HealthAsync(default);

        var requests = server.Requests.ToList();
        AssertValid([.. requests.SelectMany(r => ElasticsearchContract.Check(r.Method, r.PathAndQuery, r.Body))], "the engine's requests");
        Assert.Empty(server.Refused);
        Assert.Equal(
            ["bulk-2", "cat-indices-1", "count-3", "indices-create", "indices-delete", "indices-get-alias-1", "indices-refresh-2", "indices-update-aliases", "info", "search-3"],
            requests.Select(r => Operation(r).Id).Distinct().Order(StringComparer.Ordinal));

        // The fake answers in the shapes the description gives, so what the client reads from it is what Elasticsearch sends.
        foreach (var request in requests.Where(r => r.Status == 200))
        {
            var schema = Operation(request).ResponseSchema()!.Value;
            AssertValid(OpenApiSchemaValidator.Responses.Validate(JsonNode.Parse(request.Answer!), schema), $"{request.Method} {request.PathAndQuery}: {request.Answer}");
        }

        Assert.Contains(requests, r => r.PathAndQuery == "/_aliases" && r.Body.Contains("\"remove\"", StringComparison.Ordinal) && r.Body.Contains("\"add\"", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Body.Contains("\"fuzziness\":\"AUTO\"", StringComparison.Ordinal));
    }

    [Fact]
    public void TheIndexMappingAndSettingsMatchTheCreateIndexSchema()
    {
        var errors = ElasticsearchContract.Check("PUT", "/gigstore-t-gigs-v1", GigIndex.CreateIndexBody().ToJsonString());

        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(SearchRequests))]
    public void EverySearchBodyMatchesTheSearchSchema(string variant)
    {
        var (query, fuzzy) = SearchVariants().Single(v => v.Name == variant) is var found ? (found.Query, found.Fuzzy) : default;
        var body = new GigSearchRequest(query, RankingSettings.Default, Now).Body(fuzzy);

        AssertValid(ElasticsearchContract.Check("POST", "/gigstore-t-gigs/_search", body.ToJsonString()), variant);
    }

    [Fact]
    public void TheAutocompleteBodyMatchesTheSearchSchema()
    {
        var body = new GigSuggestRequest("logo desi", 6, Now).Body();

        Assert.Empty(ElasticsearchContract.Check("POST", "/gigstore-t-gigs/_search", body.ToJsonString()));
    }

    [Fact]
    public void BulkLinesMatchTheBulkOperationSchemas()
    {
        var lines = new StringBuilder();
        foreach (var gig in All(Now))
        {
            lines.Append(new JsonObject { ["index"] = new JsonObject { ["_id"] = gig.GigId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["require_alias"] = true } }.ToJsonString()).Append('\n');
            lines.Append(GigIndex.Document(gig).ToJsonString()).Append('\n');
        }

        lines.Append("""{"delete":{"_id":"9"}}""").Append('\n');

        Assert.Empty(ElasticsearchContract.CheckBulk(lines.ToString()));
    }

    /// <summary>Each broken body must be refused, with a message that points at what is wrong.</summary>
    [Theory]
    [InlineData("an unknown property", "query.function_score.query.bool.must[0].multi_match", "fuzzyness", "\"AUTO\"", "unknown property")]
    [InlineData("a wrong type", "", "from", "\"0\"", "expected number, found string")]
    [InlineData("a value outside the enum", "query.function_score", "score_mode", "\"total\"", "is not one of")]
    [InlineData("a function without its field", "query.function_score.functions[1].field_value_factor", "field", null, "required property 'field' is missing")]
    [InlineData("a weight without a function", "query.function_score.functions[4]", "exp", null, "needs at least 1")]
    [InlineData("two functions in one", "query.function_score.functions[0]", "random_score", "{}", "allows at most 1")]
    [InlineData("two fields in one highlight object", "highlight.fields[0]", "description", "{}", "matches none of 2 alternatives")]
    [InlineData("the term shorthand", "post_filter.bool.filter[0].term", "category_id", "\"1\"", "expected object, found string")]
    [InlineData("_source as a list", "", "_source", "[\"title\"]", "matches none of 2 alternatives")]
    [InlineData("an unknown query", "post_filter", "terms_set_of_mine", "{}", "unknown property")]
    public void TheValidatorRefusesABrokenSearchBody(string what, string parent, string property, string? json, string expected)
    {
        var body = new GigSearchRequest(
            new SearchQuery { Text = "logo design", CategoryId = 1, SubcategoryId = 11, SellerLevels = [SellerLevel.TopRated], PriceBucketBoundsMinor = [2500] },
            RankingSettings.Default, Now).Body(fuzzy: false);
        Assert.Empty(ElasticsearchContract.Check("POST", "/i/_search", body.ToJsonString()));

        var target = parent.Length == 0 ? body : Navigate(body, parent);
        if (json is null)
        {
            target.Remove(property);
        }
        else
        {
            target[property] = JsonNode.Parse(json);
        }

        var errors = ElasticsearchContract.Check("POST", "/i/_search", body.ToJsonString());
        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), $"{what}: {string.Join("\n", errors)}");
    }

    [Theory]
    [InlineData("""{"index":{"_idx":"1"}}""" + "\n{}\n", "unknown property")]
    [InlineData("""{"index":{"_id":"1"},"delete":{"_id":"2"}}""" + "\n{}\n", "allows at most 1")]
    [InlineData("""{"index":{"_id":"1"}}""" + "\n", "has no source line")]
    [InlineData("""{"index":{"_id":1}}""" + "\n{}\n", "expected string, found number")]
    [InlineData("""{"upsert":{"_id":"1"}}""" + "\n", "unknown property")]
    public void TheValidatorRefusesABrokenBulkBody(string ndjson, string expected)
    {
        var errors = ElasticsearchContract.CheckBulk(ndjson);

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Theory]
    [InlineData("title", "type", "\"txt\"", "is not one of the known kinds")]
    [InlineData("title", "analyser", "\"english\"", "unknown property")]
    [InlineData("cover", "enabled", "\"no\"", "expected boolean")]
    public void TheValidatorRefusesABrokenMapping(string field, string property, string json, string expected)
    {
        var body = GigIndex.CreateIndexBody();
        body["mappings"]!["properties"]![field]![property] = JsonNode.Parse(json);

        var errors = ElasticsearchContract.Check("PUT", "/i", body.ToJsonString());

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public void TheValidatorRefusesAnUndeclaredQueryParameterAndAnUnknownOperation()
    {
        Assert.Contains(ElasticsearchContract.Check("GET", "/_cat/indices/x?format=json&bytes=b", null), e => e.Contains("'bytes'", StringComparison.Ordinal));
        Assert.Contains(ElasticsearchContract.Check("GET", "/_cluster/health", null), e => e.Contains("no such operation", StringComparison.Ordinal));
        Assert.Empty(ElasticsearchContract.Check("GET", "/_cat/indices/x?h=index,store.size", null));
    }

    /// <summary>
    /// The description's own request examples for the operations the engine uses pass, except those its own
    /// schemas do not cover: the shorthand forms (<c>"term": {"user.id": "kimchy"}</c>, <c>"match": {"title": "…"}</c>),
    /// a slice id written as a number where the schema has a string, and an update action with <c>_source</c> and
    /// script params, which the generated schemas lost. The validator is as strict as the description, no stricter.
    /// </summary>
    [Fact]
    public void TheDescriptionsOwnRequestExamplesPassUnlessTheSchemasDoNotCoverThem()
    {
        var rejected = new List<string>();
        foreach (var (method, path, template) in new[]
        {
            ("PUT", "/i", "/{index}"), ("POST", "/i/_search", "/{index}/_search"), ("POST", "/_aliases", "/_aliases"),
            ("POST", "/i/_bulk", "/{index}/_bulk"), ("POST", "/i/_count", "/{index}/_count"),
        })
        {
            var operation = Description.Find(method, path)!;
            Assert.Equal(template, operation.Template);
            foreach (var (name, example) in operation.RequestExamples)
            {
                // The examples leave out the newline a bulk body ends with.
                var body = path.EndsWith("/_bulk", StringComparison.Ordinal) ? example.TrimEnd() + "\n" : example;
                if (ElasticsearchContract.Check(method, path, body).Count > 0)
                {
                    rejected.Add(name);
                }
            }
        }

        Assert.Equal(
            ["BulkRequestExample2", "CountRequestExample1", "SearchRequestExample1", "SearchRequestExample2", "SearchRequestExample3", "indicesCreateRequestExample6"],
            rejected.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadsTheSearchResponseOfTheDescription()
    {
        var example = ResponseExample("POST", "/i/_search", "SearchResponseExample1");
        var client = StubClient(HttpStatusCode.OK, example);

        var response = await client.SearchAsync("i", [], default);

        Assert.Equal(20, response!.Total);
        Assert.Equal("0", Assert.Single(response.Hits.Hits).Id);
        Assert.Equal(1.3862942, response.Hits.Hits[0].Score!.Value, 1e-6);
    }

    [Fact]
    public async Task ReadsHitsHighlightsAndAggregationsInTheShapeOfTheResponseSchema()
    {
        var body = """
            {
              "took": 3, "timed_out": false,
              "_shards": { "total": 1, "successful": 1, "skipped": 0, "failed": 0 },
              "hits": {
                "total": { "value": 1, "relation": "eq" }, "max_score": 2.5,
                "hits": [{
                  "_index": "gigstore-t-gigs-v1", "_id": "5", "_score": 2.5,
                  "_source": { "gig_id": 5, "slug": "gig-5", "title": "I will fix WordPress errors & bugs", "starting_price": 1000, "currency": "EUR",
                    "min_delivery_days": 1, "rating_average": 0, "review_count": 0, "orders_completed": 0, "seller_name": "Elena", "seller_handle": "elena",
                    "seller_level": "New", "cover": { "id": "abc", "width": 800, "height": 600, "widths": [400, 800] } },
                  "highlight": { "title": ["I will fix <mark>WordPress</mark> errors &amp; bugs"], "description": ["the <mark>WordPress</mark> fix"] }
                }]
              },
              "aggregations": {
                "category": { "doc_count": 7, "values": { "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": [{ "key": "2", "doc_count": 3 }, { "key": "1", "doc_count": 4 }] } },
                "price": { "doc_count": 7, "values": { "buckets": [{ "key": "-2500", "to": 2500.0, "doc_count": 2 }, { "key": "2500-", "from": 2500.0, "doc_count": 5 }] } },
                "attributes": { "doc_count": 3, "values": { "buckets": [{ "key": "platform:WordPress", "doc_count": 2 }, { "key": "platform:Shopify", "doc_count": 1 }] } }
              }
            }
            """;
        Assert.Empty(OpenApiSchemaValidator.Responses.Validate(JsonNode.Parse(body), Description.Find("POST", "/i/_search")!.ResponseSchema()!.Value));
        var engine = StubEngine(HttpStatusCode.OK, body);

        var results = await engine.SearchAsync(new SearchQuery { Text = "wordpress", CategoryId = 2, PriceBucketBoundsMinor = [2500] }, RankingSettings.Default, default);

        var hit = Assert.Single(results.Hits);
        Assert.Equal((5, "gig-5", "EUR", 2.5), (hit.GigId, hit.Slug, hit.Currency, hit.Score));
        Assert.Equal("I will fix <mark>WordPress</mark> errors &amp; bugs", hit.TitleHtml);
        Assert.Equal("the <mark>WordPress</mark> fix", hit.SnippetHtml);
        Assert.Equal([400, 800], hit.Cover!.Widths);
        Assert.Equal([new("1", 4), new("2", 3)], results.Facets[FacetNames.Category]);
        Assert.Equal([new("-2500", 2), new("2500-", 5)], results.Facets[FacetNames.Price]);
        Assert.Equal([new("WordPress", 2), new("Shopify", 1)], results.Facets["attr:platform"]);
    }

    [Fact]
    public async Task ABulkResponseWithAFailedItemIsASearchEngineExceptionWithItsReason()
    {
        var example = ResponseExample("POST", "/_bulk", "BulkResponseExample2");
        var client = StubClient(HttpStatusCode.OK, example);

        var error = await Assert.ThrowsAsync<SearchEngineException>(() => client.BulkAsync("index1", [BulkOperation.Delete("5")], requireAlias: false, default));

        Assert.Contains("document_missing_exception: [5]: document missing", error.Message);
        Assert.Contains("gig 5", error.Message);
    }

    [Fact]
    public async Task ASuccessfulBulkResponseIsNoError()
    {
        var client = StubClient(HttpStatusCode.OK, ResponseExample("POST", "/_bulk", "BulkResponseExample1"));

        await client.BulkAsync("test", [BulkOperation.Delete("2")], requireAlias: false, default);
    }

    [Fact]
    public async Task ReadsTheAliasAndTheAcknowledgementInTheShapesOfTheirSchemas()
    {
        var alias = """{ "gigstore-t-gigs-v2": { "aliases": { "gigstore-t-gigs": {} } }, "gigstore-t-gigs-v1": { "aliases": { "gigstore-t-gigs": {} } } }""";
        var acknowledged = """{ "acknowledged": true }""";
        Assert.Empty(OpenApiSchemaValidator.Responses.Validate(JsonNode.Parse(alias), Description.Find("GET", "/_alias/a")!.ResponseSchema()!.Value));
        Assert.Empty(OpenApiSchemaValidator.Responses.Validate(JsonNode.Parse(acknowledged), Description.Find("POST", "/_aliases")!.ResponseSchema()!.Value));

        Assert.Equal(["gigstore-t-gigs-v1", "gigstore-t-gigs-v2"], await StubClient(HttpStatusCode.OK, alias).GetAliasAsync("gigstore-t-gigs", default));
        await StubClient(HttpStatusCode.OK, acknowledged).SwapAliasAsync("gigstore-t-gigs", "gigstore-t-gigs-v2", ["gigstore-t-gigs-v1"], default);
        Assert.Empty(await StubClient(HttpStatusCode.NotFound, """{ "error": "alias [gigstore-t-gigs] missing", "status": 404 }""").GetAliasAsync("gigstore-t-gigs", default));
    }

    [Fact]
    public async Task AnErrorResponseBecomesASearchEngineExceptionWithItsTypeAndReason()
    {
        var error = """
            { "error": { "root_cause": [{ "type": "illegal_argument_exception", "reason": "field [title] of type [text] is not aggregatable" }],
                         "type": "search_phase_execution_exception", "reason": "all shards failed" }, "status": 400 }
            """;
        Assert.Empty(OpenApiSchemaValidator.Responses.Validate(JsonNode.Parse(error), "_types.ErrorResponseBase"));

        var thrown = await Assert.ThrowsAsync<SearchEngineException>(() => StubClient(HttpStatusCode.BadRequest, error).SearchAsync("i", [], default));

        Assert.Contains("400", thrown.Message);
        Assert.Contains("search_phase_execution_exception: all shards failed (illegal_argument_exception: field [title] of type [text] is not aggregatable)", thrown.Message);
    }

    [Fact]
    public async Task ReadsTheIndexRowsCountAndClusterInfoOfTheDescription()
    {
        var rows = await StubClient(HttpStatusCode.OK, ResponseExample("GET", "/_cat/indices/i", "CatIndicesResponseExample1")).CatIndicesAsync("my-index-*", default);
        var count = await StubClient(HttpStatusCode.OK, ResponseExample("GET", "/i/_count", "CountResponseExample1")).CountAsync("i", default);
        var health = await StubEngine(HttpStatusCode.OK, ResponseExample("GET", "/", "RootNodeInfoResponseExample2")).HealthAsync(default);

        Assert.Equal(("my-index-000001", "1200", 90_214L), (rows[0].Index, rows[0].DocsCount, ByteSize.Parse(rows[0].StoreSize)));
        Assert.Equal(260, ByteSize.Parse(rows[1].StoreSize));
        Assert.True(count > 0);
        Assert.True(health.Healthy);
        Assert.Contains("(serverless)", health.Detail);
    }

    public static TheoryData<string> SearchRequests() => [.. SearchVariants().Select(v => v.Name)];

    /// <summary>Text with every filter and facet, no text, and each sort; each as typed and as the typo retry.</summary>
    private static IEnumerable<(string Name, SearchQuery Query, bool Fuzzy)> SearchVariants()
    {
        var everything = new SearchQuery
        {
            Text = "minimalist logo desi",
            CategoryId = Graphics,
            SubcategoryId = LogoDesign,
            Attributes = new Dictionary<string, IReadOnlyList<string>> { ["logo-style"] = ["Minimalist", "Vintage"], ["file-format"] = ["SVG"] },
            MinPriceMinor = 1000,
            MaxPriceMinor = 9000,
            MaxDeliveryDays = 3,
            SellerLevels = [SellerLevel.TopRated, SellerLevel.Level2],
            MinRating = 4.5,
            Languages = ["English"],
            Countries = ["DE", "US"],
            OnlineOnly = true,
            OnlineSellerIds = new HashSet<string> { "seller-anna", "seller-bob" },
            PriceBucketBoundsMinor = [2500, 5000],
            Page = 2,
            PageSize = 10,
        };
        var queries = new List<(string, SearchQuery)>
        {
            ("text, every filter", everything),
            ("no text", new SearchQuery { PriceBucketBoundsMinor = [2500, 5000] }),
            ("online sellers only, nobody online", new SearchQuery { OnlineOnly = true, PriceBucketBoundsMinor = [2500, 5000] }),
        };
        queries.AddRange(Enum.GetValues<SearchSort>().Select(sort => ($"sorted by {sort}", new SearchQuery { Text = "logo", Sort = sort })));
        foreach (var (name, query) in queries)
        {
            yield return (name, query, false);
            yield return (name + ", fuzzy", query, true);
        }
    }

    private static void AssertValid(IReadOnlyList<string> errors, string what) =>
        Assert.True(errors.Count == 0, $"{what}:\n{string.Join("\n", errors)}");

    private static JsonObject Navigate(JsonObject body, string path)
    {
        JsonNode node = body;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0 ? node[part]! : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        return (JsonObject)node;
    }

    private static OpenApiOperation Operation(FakeElasticsearch.Request request) => Description.Find(request.Method, request.PathAndQuery.Split('?')[0])!;

    private static string ResponseExample(string method, string path, string name) => Description.Find(method, path)!.ResponseExamples()[name];

    private static ElasticsearchOptions StubOptions => new() { Url = new Uri("http://stub.invalid"), Tenant = "t" };

    private static ElasticsearchClient StubClient(HttpStatusCode status, string body) =>
        new(new HttpClient(new StubHandler(status, body)), StubOptions);

    /// <summary>An engine whose server answers everything with <paramref name="body"/>, but has no alias (an engine asks before it searches).</summary>
    private static ISearchEngine StubEngine(HttpStatusCode status, string body) =>
        TestGigs.Engine(StubOptions.Url, "t", handler: new StubHandler(status, body, noAlias: true));

    /// <summary>Answers every request with the same status and body; with <paramref name="noAlias"/>, alias lookups with "not found".</summary>
    private sealed class StubHandler(HttpStatusCode status, string body, bool noAlias = false) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(noAlias && request.RequestUri!.AbsolutePath.StartsWith("/_alias/", StringComparison.Ordinal)
                ? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{ "error": "alias missing", "status": 404 }""", Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
