using System.Text.Json.Nodes;

namespace GigStore.Tests.Stripe;

/// <summary>
/// Stripe's official example objects (<c>fixtures3.json</c> from Stripe's OpenAPI repository), read from the shared
/// contracts beside the repository (<c>../shared/contracts/stripe</c>, not copied into it). The test double builds
/// every answer from these, so the module's client reads what Stripe really sends.
/// </summary>
public static class StripeFixtures
{
    private static readonly Lazy<JsonObject> Resources = new(() =>
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "contracts", "stripe", "fixtures3.json"));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("Stripe's fixtures are missing: the tests read them from ../shared/contracts/stripe beside the repository.", path);
        }

        return JsonNode.Parse(File.ReadAllText(path))!["resources"]!.AsObject();
    });

    /// <summary>A fresh copy of the example object of a resource ("checkout.session", "payment_intent", "refund", "event").</summary>
    public static JsonObject Resource(string name) =>
        Resources.Value[name]?.DeepClone().AsObject() ?? throw new KeyNotFoundException($"Stripe's fixtures have no '{name}' resource.");

    /// <summary>The folder holding GigStore.sln, found by walking up from the tests' output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GigStore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No GigStore.sln above {AppContext.BaseDirectory}.");
    }
}
