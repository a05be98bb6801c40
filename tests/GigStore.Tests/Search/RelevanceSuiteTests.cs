using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Search.Indexing;
using GigStore.Shell.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GigStore.Tests.Search;

/// <summary>
/// The relevance suite: every labelled query of Fixtures/search through the search API of a tenant set up
/// from the fixed catalogue; reports precision@5 per query, per kind and overall, and fails below 0.8.
/// </summary>
public sealed class RelevanceSuiteTests(RelevanceCatalogueFixture fixture, ITestOutputHelper output) : IClassFixture<RelevanceCatalogueFixture>
{
    public const double Required = 0.8;

    [Fact]
    public async Task PrecisionAt5IsAtLeast08()
    {
        await using (var scope = fixture.App.Services.GetRequiredService<TenantScopeFactory>().CreateScope(fixture.Tenant))
        {
            await scope.ServiceProvider.GetRequiredService<SearchIndexer>().RunOnceAsync(default);
        }

        var browser = fixture.App.Browser();
        var results = new List<(RelevanceQuery Query, IReadOnlyList<string> Ranked)>();
        foreach (var query in RelevanceCatalogue.Queries())
        {
            var page = (await browser.GetFromJsonAsync<JsonObject>($"/t/{RelevanceCatalogue.Prefix}/api/search?size={RelevanceCatalogue.TopK}&q={Uri.EscapeDataString(query.Query)}"))!;
            IReadOnlyList<string> ranked = [.. page["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>())];
            results.Add((query, ranked));
            var score = RelevanceCatalogue.PrecisionAt5(query, ranked);
            output.WriteLine($"{score,5:0.00}  {query.Kind,-9} {query.Query}");
            if (score < 1)
            {
                foreach (var missing in query.MustBeInTop5.Where(label => !ranked.Any(r => RelevanceCatalogue.Matches(label, r))))
                {
                    output.WriteLine($"         missing: {missing}");
                }

                output.WriteLine($"         top 5:   {string.Join(" | ", ranked)}");
            }
        }

        foreach (var kind in RelevanceCatalogue.Kinds)
        {
            var ofKind = results.Where(r => r.Query.Kind == kind).ToList();
            output.WriteLine($"{kind,-9} precision@5 {RelevanceCatalogue.MeanPrecisionAt5(ofKind):0.000} over {ofKind.Count} queries");
        }

        var overall = RelevanceCatalogue.MeanPrecisionAt5(results);
        output.WriteLine($"overall   precision@5 {overall:0.000} over {results.Count} queries (required {Required})");
        Assert.True(overall >= Required, $"precision@5 is {overall:0.000}, below {Required}");
    }
}
