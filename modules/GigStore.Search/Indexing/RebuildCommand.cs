using GigStore.Commands;
using GigStore.Search.Contracts;
using GigStore.Shell.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Search.Indexing;

/// <summary>
/// <c>GigStore.Web search-rebuild [--tenant NAME]</c>: builds the tenant's search index from the whole
/// catalogue with a progress bar, while a running store keeps searching the old one and switches when it is
/// done. Waits for the indexer's lease if a running store holds it.
/// </summary>
internal sealed class RebuildCommand : IShellCommand
{
    public string Name => "search-rebuild";

    public string Usage => "[--tenant NAME]   rebuild a tenant's search index (default tenant: Default)";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var name = "Default";
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--tenant" && i + 1 < args.Count)
            {
                name = args[++i];
            }
            else
            {
                Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: {Name} {Usage}");
                return 2;
            }
        }

        var tenant = services.GetRequiredService<TenantRegistry>().Find(name);
        if (tenant is null)
        {
            Console.Error.WriteLine($"There is no tenant '{name}'.");
            return 2;
        }

        if (!tenant.IsFeatureEnabled(SearchFeatures.Search))
        {
            Console.Error.WriteLine($"Tenant '{name}' does not have the Search feature enabled.");
            return 2;
        }

        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant);
        var total = await scope.ServiceProvider.GetRequiredService<SearchDocumentSource>().EstimateAllAsync(cancellationToken);
        // The bar ends short of 100% by the gigs of sellers on vacation, which the estimate counts and the index leaves out.
        Console.WriteLine($"Rebuilding the search index of {tenant.Name}: {total:N0} published gigs");
        var progress = new ConsoleProgress("gigs", total, Console.Out, ConsoleProgress.ConsoleIsTerminal);
        long done = 0;
        await scope.ServiceProvider.GetRequiredService<SearchIndexer>().RebuildAsync(new SyncProgress(n =>
        {
            done = n;
            progress.Report(n);
        }), cancellationToken);
        progress.Complete(done);
        return 0;
    }
}
