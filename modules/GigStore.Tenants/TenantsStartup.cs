using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Users.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tenants;

internal sealed class TenantsStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services) =>
        services.AddScoped<INavigationProvider, TenantsNavigation>();
}

internal sealed class TenantsNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Admin)
        {
            builder.Add("Tenants", "/admin/tenants", 700, Roles.Administrator);
        }
    }
}
