using GigStore.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Search.Indexing;

/// <summary>Drains the catalogue's outbox into the tenant's index four times a second (the first run builds the index).</summary>
internal sealed class SearchIndexJob : IBackgroundJob
{
    public string Name => "search-index";

    public TimeSpan Interval => TimeSpan.FromMilliseconds(250);

    public Task RunAsync(IServiceProvider tenantServices, CancellationToken cancellationToken) =>
        tenantServices.GetRequiredService<SearchIndexer>().RunOnceAsync(cancellationToken);
}
