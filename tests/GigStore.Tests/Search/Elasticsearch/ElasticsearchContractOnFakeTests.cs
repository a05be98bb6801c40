using GigStore.Search.Engines;
using GigStore.Search.Engines.Elasticsearch;
using Microsoft.Extensions.Logging.Abstractions;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>The Elasticsearch engine against the same engine contract as the SQLite engine, through the fake.</summary>
public sealed class ElasticsearchContractOnFakeTests(FakeElasticsearchFixture fixture) : SearchEngineContract, IClassFixture<FakeElasticsearchFixture>
{
    private readonly string _tenant = "contract" + Guid.NewGuid().ToString("N")[..8];

    protected override Task<ISearchEngine> CreateEngineAsync()
    {
        var options = new ElasticsearchOptions { Url = fixture.Server.Url, Tenant = _tenant };
        return Task.FromResult<ISearchEngine>(new ElasticsearchEngine(new ElasticsearchClient(new HttpClient(), options), options, TimeProvider.System, NullLogger<ElasticsearchEngine>.Instance));
    }

    protected override Task DeleteEngineAsync()
    {
        Assert.Empty(fixture.Server.Refused);
        return Task.CompletedTask;
    }
}
