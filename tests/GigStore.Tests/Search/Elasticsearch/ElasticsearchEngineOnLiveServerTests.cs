namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// The engine's behaviour against a real Elasticsearch (or serverless project): set ELASTICSEARCH_URL and,
/// if it needs one, ELASTICSEARCH_API_KEY. Each test makes and deletes indices named gigstore-t…-gigs-v….
/// Skipped when the variable is not set.
/// </summary>
[LiveElasticsearch]
public sealed class ElasticsearchEngineOnLiveServerTests : ElasticsearchEngineTests
{
    protected override Uri Url => LiveElasticsearchAttribute.Url!;

    protected override string? ApiKey => LiveElasticsearchAttribute.ApiKey;
}
