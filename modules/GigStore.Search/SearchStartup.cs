using GigStore.Modules;
using GigStore.Search.Indexing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Search;

internal sealed class SearchStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddScoped<SearchDocumentSource>();
    }

    public override void Configure(IEndpointRouteBuilder routes)
    {
    }
}
