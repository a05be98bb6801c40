using GigStore.Shell.Modules;
using GigStore.Tenants;

namespace GigStore.Shell.Features;

public sealed record FeatureChangeResult(bool Succeeded, IReadOnlyList<string> Changed, string? Error)
{
    public static FeatureChangeResult Fail(string error) => new(false, [], error);
}

/// <summary>
/// Switches features for the current tenant. Enabling turns on dependencies too; disabling a feature
/// that enabled features depend on is refused, naming them.
/// </summary>
public sealed class FeatureManager(ModuleCatalog catalog, TenantStateStore store, ITenantAccessor tenants)
{
    public IReadOnlySet<string> Enabled => tenants.Tenant.State.EnabledFeatures;

    public string? CheckEnable(IEnumerable<string> featureIds)
    {
        var ids = featureIds.ToList();
        var unknown = ids.Where(id => catalog.FindFeature(id) is null).ToList();
        if (unknown.Count > 0)
        {
            return $"Unknown feature: {string.Join(", ", unknown)}.";
        }

        var operatorOnly = catalog.WithDependencies(ids).Where(id => catalog.FindFeature(id)!.DefaultTenantOnly).ToList();
        if (operatorOnly.Count > 0 && !tenants.Tenant.IsDefault)
        {
            return $"{string.Join(", ", operatorOnly.Select(Name))} is only available on the default tenant.";
        }

        return null;
    }

    public string? CheckDisable(IEnumerable<string> featureIds, IReadOnlySet<string> enabled)
    {
        var ids = featureIds.ToList();
        var unknown = ids.Where(id => catalog.FindFeature(id) is null).ToList();
        if (unknown.Count > 0)
        {
            return $"Unknown feature: {string.Join(", ", unknown)}.";
        }

        var always = ids.Where(id => catalog.IsAlwaysEnabled(id, tenants.Tenant.IsDefault)).ToList();
        if (always.Count > 0)
        {
            return $"{string.Join(", ", always.Select(Name))} is always enabled.";
        }

        foreach (var id in ids)
        {
            var dependents = catalog.Dependents(id).Where(d => enabled.Contains(d) && !ids.Contains(d)).ToList();
            if (dependents.Count > 0)
            {
                return $"{Name(id)} cannot be disabled because {string.Join(", ", dependents.Select(Name))} depend{(dependents.Count == 1 ? "s" : "")} on it. Disable {(dependents.Count == 1 ? "it" : "them")} first.";
            }
        }

        return null;
    }

    public Task<FeatureChangeResult> EnableAsync(IEnumerable<string> featureIds, CancellationToken cancellationToken = default) =>
        ChangeAsync(featureIds.ToList(), [], cancellationToken);

    public Task<FeatureChangeResult> DisableAsync(IEnumerable<string> featureIds, CancellationToken cancellationToken = default) =>
        ChangeAsync([], featureIds.ToList(), cancellationToken);

    public async Task<FeatureChangeResult> ChangeAsync(IReadOnlyList<string> enable, IReadOnlyList<string> disable, CancellationToken cancellationToken = default)
    {
        var current = Enabled;
        var error = CheckEnable(enable);
        if (error is not null)
        {
            return FeatureChangeResult.Fail(error);
        }

        var next = new HashSet<string>(current, StringComparer.Ordinal);
        next.UnionWith(catalog.WithDependencies(enable));
        error = CheckDisable(disable, next);
        if (error is not null)
        {
            return FeatureChangeResult.Fail(error);
        }

        next.ExceptWith(disable);
        next.RemoveWhere(id => catalog.FindFeature(id)!.DefaultTenantOnly);
        var changed = next.Except(current).Concat(current.Except(next)).Where(id => !catalog.FindFeature(id)!.DefaultTenantOnly).ToList();
        await store.SaveFeaturesAsync(next, cancellationToken);
        return new FeatureChangeResult(true, changed, null);
    }

    private string Name(string id) => catalog.FindFeature(id)?.Name ?? id;
}
