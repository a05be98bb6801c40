using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GigStore.Search.Engines;
using GigStore.Search.Engines.Elasticsearch;
using GigStore.Search.Query;
using GigStore.Search.Ranking;
using static GigStore.Tests.Search.Elasticsearch.TestGigs;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>One fake Elasticsearch for the engine tests of a class.</summary>
public sealed class FakeElasticsearchFixture : IAsyncLifetime
{
    public FakeElasticsearch Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// The engine's behaviour against the fake, and what only a fake can show: a server that fails, is
/// unreachable, is slow, refuses a document or wants an API key. After each test the fake must have
/// understood every request the engine sent.
/// </summary>
public sealed class ElasticsearchEngineOnFakeTests(FakeElasticsearchFixture fixture) : ElasticsearchEngineTests, IClassFixture<FakeElasticsearchFixture>
{
    private FakeElasticsearch Server => fixture.Server;

    protected override Uri Url => Server.Url;

    protected override string? ApiKey => null;

    public override Task InitializeAsync()
    {
        Server.Refused.Clear();
        Server.Clock = Clock;
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        Server.Unavailable = false;
        Server.Delay = TimeSpan.Zero;
        Server.ApiKey = null;
        await base.DisposeAsync();
        Assert.Empty(Server.Refused);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task AnErrorFromTheServerIsASearchEngineException(HttpStatusCode status)
    {
        var engine = await BuiltAsync();

        Server.FailNext(status);
        var error = await Assert.ThrowsAsync<SearchEngineException>(() => SearchAsync(engine, "wordpress"));

        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Contains("_search", error.Message);
        Assert.Equal(2, (await SearchAsync(engine, "wordpress")).Total);
    }

    [Fact]
    public async Task AServerThatIsDownFailsEveryCallButHealth()
    {
        var engine = await BuiltAsync();

        Server.Unavailable = true;

        await Assert.ThrowsAsync<SearchEngineException>(() => SearchAsync(engine, "wordpress"));
        await Assert.ThrowsAsync<SearchEngineException>(() => engine.SuggestAsync("word", 5, default));
        await Assert.ThrowsAsync<SearchEngineException>(() => engine.IndexAsync([All(Clock.Start)[0]], [], default));
        await Assert.ThrowsAsync<SearchEngineException>(() => engine.RebuildAsync(Stream(All(Clock.Start)), null, default));
        await Assert.ThrowsAsync<SearchEngineException>(() => engine.StatsAsync(default));
        var health = await engine.HealthAsync(default);
        Assert.False(health.Healthy);
        Assert.Contains("503", health.Detail);
    }

    [Fact]
    public async Task AnUnreachableServerIsASearchEngineException()
    {
        var engine = TestGigs.Engine(new Uri($"http://127.0.0.1:{ClosedPort()}"), Tenant);

        var error = await Assert.ThrowsAsync<SearchEngineException>(() => SearchAsync(engine, "wordpress"));

        Assert.Contains("could not be reached", error.Message);
        Assert.False((await engine.HealthAsync(default)).Healthy);
    }

    [Fact]
    public async Task ASlowServerTimesOutButTheCallersCancellationStaysACancellation()
    {
        var engine = await BuiltAsync();
        var impatient = Engine(timeout: TimeSpan.FromMilliseconds(200));

        Server.Delay = TimeSpan.FromSeconds(2);
        var error = await Assert.ThrowsAsync<SearchEngineException>(() => SearchAsync(impatient, "wordpress"));
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.SearchAsync(new SearchQuery { Text = "wordpress" }, RankingSettings.Default, cancelled.Token));

        Assert.Contains("did not answer", error.Message);
    }

    [Fact]
    public async Task ARefusedDocumentFailsTheWriteWithElasticsearchsReason()
    {
        var engine = await BuiltAsync();

        Server.RejectNextBulkItem("document_parsing_exception", "failed to parse field [starting_price] of type [long]");
        var error = await Assert.ThrowsAsync<SearchEngineException>(() => engine.IndexAsync([All(Clock.Start)[2]], [], default));

        Assert.Contains("gig 3", error.Message);
        Assert.Contains("document_parsing_exception: failed to parse field [starting_price]", error.Message);
    }

    [Fact]
    public async Task SendsTheApiKey()
    {
        Server.ApiKey = "c2VjcmV0OmtleQ==";

        await Engine(apiKey: "c2VjcmV0OmtleQ==").RebuildAsync(Stream(All(Clock.Start)), null, default);
        var error = await Assert.ThrowsAsync<SearchEngineException>(() => SearchAsync(Engine(apiKey: "wrong"), "wordpress"));

        Assert.Contains("401", error.Message);
        Assert.Contains("security_exception", error.Message);
    }

    [Fact]
    public async Task WritesGoThroughTheAliasAndAreRefreshedBeforeTheCallReturns()
    {
        var engine = await BuiltAsync();
        Server.Requests.Clear();

        await engine.IndexAsync([All(Clock.Start)[0]], [WordPressFixes], default);

        var calls = Server.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").ToList();
        Assert.Equal([$"POST /{engine.Alias}/_bulk", $"POST /{engine.Alias}/_refresh"], calls);
        Assert.Equal([engine.Alias + "-v"], Server.AliasTargets(engine.Alias).Select(i => i[..(engine.Alias.Length + 2)]));
        Assert.Contains("\"require_alias\":true", Server.Requests.First().Body);
    }

    [Fact]
    public async Task ARebuildWritesInBatchesAndReportsProgress()
    {
        var template = All(Clock.Start)[0];
        var many = Enumerable.Range(1, 45).Select(id => template with { GigId = id, Slug = $"gig-{id}" });
        var progress = new List<long>();
        Server.Requests.Clear();

        await TestGigs.Engine(Url, Tenant, clock: Clock, batchSize: 20).RebuildAsync(Stream(many), new Reported(progress.Add), default);

        Assert.Equal([20L, 40L, 45L], progress);
        Assert.Equal(3, Server.Requests.Count(r => r.PathAndQuery.EndsWith("/_bulk", StringComparison.Ordinal)));
        Assert.Equal(45, (await SearchAsync(Engine(), new SearchQuery())).Total);
    }

    [Fact]
    public async Task TheTenantNameBecomesAValidIndexName()
    {
        var tenant = "Shop" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var engine = TestGigs.Engine(Url, tenant);

        await engine.RebuildAsync(Stream(All(Clock.Start)), null, default);

        Assert.Equal($"gigstore-{tenant.ToLowerInvariant()}-gigs", engine.Alias);
        Assert.Single(Server.AliasTargets(engine.Alias));
        await Client().DeleteIndexAsync(Server.AliasTargets(engine.Alias)[0], default);
    }

    [Fact]
    public async Task TheFakeShowsWritesOnlyAfterARefreshAsElasticsearchDoes()
    {
        var client = Client();
        var index = ElasticsearchIndexNames.Versioned(ElasticsearchIndexNames.Alias("gigstore-", Tenant), Clock.GetUtcNow());
        await client.CreateIndexAsync(index, GigIndex.CreateIndexBody(), default);
        var matchAll = new JsonObject { ["query"] = new JsonObject { ["match_all"] = new JsonObject() } };

        await client.BulkAsync(index, [BulkOperation.Index("1", GigIndex.Document(All(Clock.Start)[0]))], requireAlias: false, default);
        var before = await client.SearchAsync(index, matchAll, default);
        await client.RefreshAsync(index, default);
        var after = await client.SearchAsync(index, (JsonObject)matchAll.DeepClone(), default);

        Assert.Equal((0L, 1L), (before!.Total, after!.Total));
    }

    [Fact]
    public async Task TheFakeRefusesWhatItDoesNotEvaluate()
    {
        var engine = await BuiltAsync();
        var phrase = JsonNode.Parse("""{ "query": { "match_phrase": { "title": { "query": "mascot logo" } } } }""")!.AsObject();

        var error = await Assert.ThrowsAsync<SearchEngineException>(() => Client().SearchAsync(engine.Alias, phrase, default));
        var unknownField = await Assert.ThrowsAsync<SearchEngineException>(() =>
            Client().BulkAsync(engine.Alias, [BulkOperation.Index("9", new JsonObject { ["colour"] = "red" })], requireAlias: true, default));

        Assert.Contains("unknown query [match_phrase]", error.Message);
        Assert.Contains("strict_dynamic_mapping_exception", unknownField.Message);
        Assert.Single(Server.Refused);
        Server.Refused.Clear();
    }

    /// <summary>Progress written down as it is reported (<see cref="Progress{T}"/> would report later, on the thread pool).</summary>
    private sealed class Reported(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
