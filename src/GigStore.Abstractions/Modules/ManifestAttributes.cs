namespace GigStore.Modules;

/// <summary>Marks an assembly as a GigStore module. The module's id is the assembly name.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ModuleAttribute : Attribute
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Category { get; init; } = "General";
    public string Author { get; init; } = "GigStore";
    public string Version { get; init; } = "1.0.0";
}

/// <summary>A unit that is switched on and off per tenant.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class FeatureAttribute(string id) : Attribute
{
    public string Id { get; } = id;
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Category { get; init; } = "";
    public string[] Dependencies { get; init; } = [];

    /// <summary>Enabled on every tenant and cannot be disabled (the shell needs it).</summary>
    public bool IsAlwaysEnabled { get; init; }

    /// <summary>The operator's feature: always on for the default tenant, never available on other tenants.</summary>
    public bool DefaultTenantOnly { get; init; }
}

/// <summary>Marks an assembly as a theme. The theme's id is <see cref="Id"/>; its views live under /Themes/{Id}/.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ThemeAttribute(string id) : Attribute
{
    public string Id { get; } = id;
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";

    /// <summary>An admin theme styles the admin area and is not offered as a storefront theme.</summary>
    public bool IsAdminTheme { get; init; }
}

/// <summary>
/// A startup class, controller or endpoint that only applies when all these features are enabled for the tenant.
/// Without it, a startup class or controller belongs to the feature whose id equals its module's id.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequireFeaturesAttribute(params string[] featureIds) : Attribute
{
    public IReadOnlyList<string> FeatureIds { get; } = featureIds;
}

/// <summary>Endpoint metadata: the features that must be enabled for the current tenant, else 404.</summary>
public sealed record FeatureMetadata(IReadOnlyList<string> FeatureIds);
