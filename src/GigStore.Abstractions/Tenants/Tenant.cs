using System.Collections.Frozen;

namespace GigStore.Tenants;

/// <summary>
/// A running storefront as the current request sees it: its settings from tenants.json, its folder,
/// and the state kept in its database (enabled features, site settings), cached here and replaced
/// as a whole when it changes.
/// </summary>
public sealed class Tenant(TenantSettings settings, string dataFolder)
{
    private volatile TenantRuntimeState _state = TenantRuntimeState.Empty;

    public TenantSettings Settings { get; } = settings;
    public string Name => Settings.Name;
    public bool IsDefault => Settings.IsDefault;

    /// <summary>App_Data/Sites/{Name}</summary>
    public string DataFolder { get; } = dataFolder;

    public TenantRuntimeState State
    {
        get => _state;
        set => _state = value;
    }

    public SiteSettings Site => _state.Site;

    public bool IsFeatureEnabled(string featureId) => _state.EnabledFeatures.Contains(featureId);

    public bool AreFeaturesEnabled(IEnumerable<string> featureIds) => featureIds.All(_state.EnabledFeatures.Contains);
}

public sealed record TenantRuntimeState(FrozenSet<string> EnabledFeatures, SiteSettings Site)
{
    public static readonly TenantRuntimeState Empty = new(FrozenSet<string>.Empty, new SiteSettings());
}

/// <summary>The tenant of the current request or background scope.</summary>
public interface ITenantAccessor
{
    Tenant Tenant { get; }
}
