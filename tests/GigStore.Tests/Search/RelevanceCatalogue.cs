using System.Text.Json;
using GigStore.Catalog.Gigs;
using GigStore.Shell.Recipes;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Search;

/// <summary>A labelled query of the relevance suite: gigs (by title or slug) a human expects in the top 5.</summary>
public sealed record RelevanceQuery(string Query, string Kind, string[] MustBeInTop5, string? Note = null);

/// <summary>
/// The search relevance fixture (Fixtures/search, see its README): a fixed catalogue as a recipe and the
/// labelled queries. The recipe is not in the host's recipe library (it is no setup recipe for users), so
/// <see cref="CreateTenantAsync"/> runs it directly; its images, "media/…", are the shipped demo images and
/// resolve against the host's recipes folder like the marketplace recipe's.
/// </summary>
public static class RelevanceCatalogue
{
    public const string TenantName = "Relevance";
    public const string Prefix = "relevance";
    public const int TopK = 5;

    /// <summary>The kinds of query, in the order the README lists them.</summary>
    public static readonly string[] Kinds = ["exact", "stem", "typo", "partial", "attribute", "intent"];

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "search");

    public static RecipeDescriptor Recipe() =>
        RecipeLibrary.Parse(File.ReadAllText(Path.Combine(Folder, "relevance.recipe.json")), "relevance.recipe.json");

    public static IReadOnlyList<RelevanceQuery> Queries() =>
        JsonSerializer.Deserialize<RelevanceQuery[]>(File.ReadAllText(Path.Combine(Folder, "relevance-queries.json")), JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("relevance-queries.json is empty");

    /// <summary>The titles of the recipe's gigs, in recipe order.</summary>
    public static IReadOnlyList<string> Titles() =>
        [.. Recipe().Content["steps"]!.AsArray()
            .Single(s => s!["name"]!.GetValue<string>() == "gigs")!["gigs"]!.AsArray()
            .Select(g => g!["title"]!.GetValue<string>())];

    /// <summary>
    /// Sets up a tenant from the fixture recipe the way the operator's form sets one up from a library
    /// recipe (folder, database, migrations, recipe, listed as running), at /t/{prefix}/.
    /// </summary>
    public static async Task<Tenant> CreateTenantAsync(
        GigStoreFactory app,
        string name = TenantName,
        string prefix = Prefix,
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        string? connectionString = null)
    {
        var settings = new TenantSettings
        {
            Name = name,
            UrlPrefix = prefix,
            DatabaseProvider = provider,
            ConnectionString = connectionString,
            State = TenantState.Uninitialized,
            Recipe = "relevance",
        };
        var problems = app.Registry.Check(settings);
        Assert.True(problems.Count == 0, string.Join("; ", problems.Select(p => $"{p.Key}: {p.Value}")));

        var tenant = app.Registry.Prepare(settings);
        var errors = await app.Services.GetRequiredService<TenantSetupService>().SetUpAsync(
            tenant,
            Recipe(),
            TenantSetupService.Parameters(GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword),
            theme: null,
            siteName: null,
            CancellationToken.None);
        Assert.True(errors.Count == 0, string.Join("; ", errors));

        settings.State = TenantState.Running;
        var saved = await app.Registry.SaveAsync(settings);
        saved.State = tenant.State;
        return saved;
    }

    /// <summary>Whether a result (a gig's title or slug) is the labelled gig (its title or the slug derived from it).</summary>
    public static bool Matches(string label, string result) =>
        string.Equals(label, result, StringComparison.OrdinalIgnoreCase) || GigService.Slugify(label) == result;

    /// <summary>
    /// precision@5 of one query: how many labelled gigs are among the first five results, divided by
    /// min(5, number of labels). <paramref name="ranked"/> holds the results' titles or slugs, best first.
    /// </summary>
    public static double PrecisionAt5(RelevanceQuery query, IReadOnlyList<string> ranked)
    {
        var top = ranked.Take(TopK).ToList();
        var found = query.MustBeInTop5.Count(label => top.Any(result => Matches(label, result)));
        return (double)found / Math.Min(TopK, query.MustBeInTop5.Length);
    }

    /// <summary>The suite's figure: precision@5 averaged over the queries.</summary>
    public static double MeanPrecisionAt5(IEnumerable<(RelevanceQuery Query, IReadOnlyList<string> Ranked)> results)
    {
        var scores = results.Select(r => PrecisionAt5(r.Query, r.Ranked)).ToList();
        return scores.Count == 0 ? 0 : scores.Average();
    }
}
