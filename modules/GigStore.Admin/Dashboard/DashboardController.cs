using GigStore.Modules;
using GigStore.Shell.Modules;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Admin.Dashboard;

public sealed record DashboardModel(Tenant Tenant, int EnabledFeatures, int TotalFeatures, string ThemeName);

[Admin]
[Route("admin")]
public sealed class DashboardController(ITenantAccessor tenants, ModuleCatalog catalog) : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        var tenant = tenants.Tenant;
        var available = catalog.AvailableFeatures(tenant.IsDefault).ToList();
        var enabled = available.Count(f => tenant.IsFeatureEnabled(f.Id));
        var theme = catalog.FindTheme(tenant.Site.Theme)?.Name ?? tenant.Site.Theme;
        return View(new DashboardModel(tenant, enabled, available.Count, theme));
    }
}
