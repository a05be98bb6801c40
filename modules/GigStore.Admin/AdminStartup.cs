using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Users.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Admin;

internal sealed class AdminStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services) =>
        services.AddScoped<INavigationProvider, AdminNavigation>();
}

internal sealed class AdminNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Admin)
        {
            builder.Add("Dashboard", "/admin", 0, Roles.Administrator)
                .Add("Settings", "/admin/settings", 800, Roles.Administrator)
                .Add("Emails", "/admin/emails", 850, Roles.Administrator)
                .Add("Features", "/admin/features", 900, Roles.Administrator);
        }
    }
}
