using GigStore.Commands;
using GigStore.Data;
using GigStore.Navigation;
using GigStore.Jobs;
using GigStore.Modules;
using GigStore.Search.Api;
using GigStore.Search.Data;
using GigStore.Search.Engines;
using GigStore.Search.Indexing;
using GigStore.Search.Query;
using GigStore.Search.Ranking;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Search;

internal sealed class SearchStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddTenantDbContext<SearchDb>(SearchDb.HistoryTable);
        services.AddSingleton<SearchEngines>();
        services.AddSingleton<SearchSettingsCache>();
        services.AddScoped<SearchSettingsStore>();
        services.AddScoped<SearchDocumentSource>();
        services.AddScoped<SearchIndexer>();
        services.AddScoped<GigSearch>();
        services.AddSingleton<IBackgroundJob, SearchIndexJob>();
        services.AddSingleton<IShellCommand, RebuildCommand>();
        services.AddScoped<INavigationProvider, Admin.SearchNavigation>();
    }

    public override void Configure(IEndpointRouteBuilder routes)
    {
        SearchEndpoints.Map(routes);
    }
}
