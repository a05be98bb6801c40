using GigStore.Modules;
using GigStore.Shell.Features;
using GigStore.Shell.Modules;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Admin.Features;

public sealed record FeatureRow(FeatureDescriptor Feature, bool Enabled, bool CanToggle, IReadOnlyList<string> DependencyNames, IReadOnlyList<string> EnabledDependentNames);

[Admin]
[Route("admin/features")]
public sealed class FeaturesController(ModuleCatalog catalog, FeatureManager features, ITenantAccessor tenants) : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        var tenant = tenants.Tenant;
        string Name(string id) => catalog.FindFeature(id)?.Name ?? id;
        var rows = catalog.AvailableFeatures(tenant.IsDefault)
            .Select(f => new FeatureRow(
                f,
                tenant.IsFeatureEnabled(f.Id),
                !catalog.IsAlwaysEnabled(f.Id, tenant.IsDefault),
                [.. f.Dependencies.Select(Name)],
                [.. catalog.Dependents(f.Id).Where(tenant.IsFeatureEnabled).Select(Name)]))
            .OrderBy(r => r.Feature.Category).ThenBy(r => r.Feature.Name)
            .ToList();
        return View(rows);
    }

    [HttpPost("{id}/enable")]
    public Task<IActionResult> Enable(string id, CancellationToken ct) => Change(id, enable: true, ct);

    [HttpPost("{id}/disable")]
    public Task<IActionResult> Disable(string id, CancellationToken ct) => Change(id, enable: false, ct);

    private async Task<IActionResult> Change(string id, bool enable, CancellationToken ct)
    {
        var result = enable ? await features.EnableAsync([id], ct) : await features.DisableAsync([id], ct);
        if (!result.Succeeded)
        {
            TempData["Error"] = result.Error;
        }
        else
        {
            var names = result.Changed.Select(c => catalog.FindFeature(c)?.Name ?? c).ToList();
            TempData["Status"] = names.Count == 0 ? "Nothing changed." : $"{(enable ? "Enabled" : "Disabled")}: {string.Join(", ", names)}.";
        }

        return RedirectToAction(nameof(Index));
    }
}
