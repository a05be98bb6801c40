using GigStore.Modules;
using GigStore.Tenants;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Shell.Themes;

/// <summary>
/// Looks in the tenant's theme first (/Themes/{theme}/...), then falls back to the module's own
/// views. Admin pages use the tenant's admin theme.
/// </summary>
internal sealed class ThemeViewLocationExpander : IViewLocationExpander
{
    private const string Key = "theme";

    public static bool IsAdminRequest(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<AdminAttribute>() is not null;

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        var http = context.ActionContext.HttpContext;
        var accessor = http.RequestServices.GetService<ITenantAccessor>();
        if (accessor is Tenants.TenantAccessor { HasTenant: true } current)
        {
            var site = current.Tenant.Site;
            context.Values[Key] = IsAdminRequest(http) ? site.AdminTheme : site.Theme;
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (!context.Values.TryGetValue(Key, out var theme) || string.IsNullOrEmpty(theme))
        {
            return viewLocations;
        }

        var themed = new List<string>();
        if (!string.IsNullOrEmpty(context.AreaName))
        {
            themed.Add($"/Themes/{theme}/Areas/{{2}}/Views/{{1}}/{{0}}.cshtml");
            themed.Add($"/Themes/{theme}/Areas/{{2}}/Views/Shared/{{0}}.cshtml");
        }
        else
        {
            themed.Add($"/Themes/{theme}/Views/{{1}}/{{0}}.cshtml");
        }

        themed.Add($"/Themes/{theme}/Views/Shared/{{0}}.cshtml");
        return themed.Concat(viewLocations);
    }
}
