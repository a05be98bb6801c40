using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Modules;

/// <summary>
/// A module's entry point. The host calls <see cref="ConfigureServices"/> once at start-up and
/// <see cref="Configure"/> with a route group that carries the startup's features, so every endpoint
/// it maps answers 404 on tenants where those features are off.
/// </summary>
public abstract class StartupBase
{
    /// <summary>Lower runs first.</summary>
    public virtual int Order => 0;

    public virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual void Configure(IEndpointRouteBuilder routes)
    {
    }
}
