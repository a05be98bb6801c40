using System.Collections.Frozen;
using GigStore.Search.Contracts;
using GigStore.Search.Engines;
using GigStore.Search.Ranking;
using GigStore.Tenants;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GigStore.Tests.Search;

/// <summary>Which engine a tenant gets, and that it is one engine per tenant, not one per search.</summary>
public sealed class SearchEnginesTests
{
    private static SearchEngines Engines(Dictionary<string, string?> configuration) => new(
        TimeProvider.System,
        NullLoggerFactory.Instance,
        new ConfigurationBuilder().AddInMemoryCollection(configuration).Build(),
        new EphemeralDataProtectionProvider());

    private static Tenant Tenant(params string[] features)
    {
        var tenant = new Tenant(new TenantSettings { Name = "Engines" }, Path.Combine(Path.GetTempPath(), "gigstore-engines-" + Guid.NewGuid().ToString("N")));
        tenant.State = new TenantRuntimeState(features.ToFrozenSet(), new SiteSettings());
        return tenant;
    }

    [Fact]
    public void TheInstallationsElasticsearchIsOneEngineForEverySearchOfATenant()
    {
        var engines = Engines(new() { ["GigStore:Search:Elasticsearch:Url"] = "http://127.0.0.1:9200", ["GigStore:Search:Elasticsearch:ApiKey"] = "secret" });
        var tenant = Tenant(SearchFeatures.Search, SearchFeatures.Elasticsearch);
        var first = engines.For(tenant, new SearchSettings());
        Assert.Equal("elasticsearch", first.Name);
        Assert.Same(first, engines.For(tenant, new SearchSettings()));

        // The tenant's own connection replaces it; changing it again makes a new engine.
        var own = engines.For(tenant, new SearchSettings { Elasticsearch = new ElasticsearchConnection("http://127.0.0.1:9201", null) });
        Assert.NotSame(first, own);
        Assert.Same(own, engines.For(tenant, new SearchSettings { Elasticsearch = new ElasticsearchConnection("http://127.0.0.1:9201", null) }));
    }

    [Fact]
    public void WithoutTheFeatureOrAConnectionATenantSearchesWithSqlite()
    {
        var configured = Engines(new() { ["GigStore:Search:Elasticsearch:Url"] = "http://127.0.0.1:9200" });
        Assert.Equal("sqlite", configured.For(Tenant(SearchFeatures.Search), new SearchSettings()).Name);
        Assert.Equal("sqlite", Engines([]).For(Tenant(SearchFeatures.Search, SearchFeatures.Elasticsearch), new SearchSettings()).Name);
    }
}
