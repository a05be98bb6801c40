using System.Security.Claims;
using GigStore.Navigation;
using GigStore.Shell.Modules;

namespace GigStore.Shell.Navigation;

/// <summary>Builds a menu from the navigation providers of the tenant's enabled features.</summary>
public sealed class NavigationManager(EnabledServices<INavigationProvider> providers)
{
    public IReadOnlyList<NavItem> Build(string menu, ClaimsPrincipal user)
    {
        var builder = new NavigationBuilder();
        foreach (var provider in providers.All)
        {
            provider.BuildNavigation(menu, builder);
        }

        return [.. builder.Items
            .Where(i => i.RequiredRole is null || user.IsInRole(i.RequiredRole))
            .OrderBy(i => i.Position)
            .ThenBy(i => i.Text, StringComparer.CurrentCulture)];
    }
}
