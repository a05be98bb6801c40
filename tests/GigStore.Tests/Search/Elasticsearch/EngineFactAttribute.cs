using Xunit.Abstractions;
using Xunit.Sdk;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>
/// A test of the Elasticsearch engine's behaviour, run by every class that inherits it: against the fake
/// always, and against a real server only when <c>ELASTICSEARCH_URL</c> is set (the test class carries
/// <see cref="LiveElasticsearchAttribute"/>); otherwise that variant is reported as skipped.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("GigStore.Tests.Search.Elasticsearch.EngineFactDiscoverer", "GigStore.Tests")]
public sealed class EngineFactAttribute : FactAttribute;

/// <summary>Marks the test class that runs the engine tests against the server named by <c>ELASTICSEARCH_URL</c> (and <c>ELASTICSEARCH_API_KEY</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LiveElasticsearchAttribute : Attribute
{
    public static Uri? Url => Environment.GetEnvironmentVariable("ELASTICSEARCH_URL") is { Length: > 0 } url ? new Uri(url) : null;

    public static string? ApiKey => Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY") is { Length: > 0 } key ? key : null;
}

/// <summary>Skips an <see cref="EngineFactAttribute"/> test of a <see cref="LiveElasticsearchAttribute"/> class when no server is configured.</summary>
public sealed class EngineFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        testMethod.TestClass.Class.GetCustomAttributes(typeof(LiveElasticsearchAttribute)).Any() && LiveElasticsearchAttribute.Url is null
            ? new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod,
                "Set ELASTICSEARCH_URL (and ELASTICSEARCH_API_KEY) to run the engine tests against a real Elasticsearch.")
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
}
