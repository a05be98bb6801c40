using System.Reflection;
using GigStore.Modules;

namespace GigStore.Shell.Modules;

/// <summary>Put on the host assembly (the host's build does it) for each module or theme it ships.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ShippedExtensionAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}

public sealed record FeatureDescriptor(
    string Id,
    string Name,
    string Description,
    string Category,
    IReadOnlyList<string> Dependencies,
    string ModuleId,
    bool IsAlwaysEnabled,
    bool DefaultTenantOnly);

public sealed record ModuleDescriptor(
    string Id,
    string Name,
    string Description,
    string Category,
    Assembly? Assembly,
    IReadOnlyList<FeatureDescriptor> Features);

public sealed record ThemeDescriptor(string Id, string Name, string Description, bool IsAdminTheme, Assembly Assembly);

public sealed class ModuleCatalogException(string message) : Exception(message);

/// <summary>
/// The modules, features and themes the host ships, read from their assembly attributes, with the
/// feature dependency graph checked: a missing dependency or a cycle stops start-up.
/// </summary>
public sealed class ModuleCatalog
{
    private readonly Dictionary<string, FeatureDescriptor> _features;

    private ModuleCatalog(IReadOnlyList<ModuleDescriptor> modules, IReadOnlyList<ThemeDescriptor> themes, IReadOnlyList<FeatureDescriptor> ordered)
    {
        Modules = modules;
        Themes = themes;
        Features = ordered;
        _features = ordered.ToDictionary(f => f.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ModuleDescriptor> Modules { get; }

    public IReadOnlyList<ThemeDescriptor> Themes { get; }

    /// <summary>Every feature, dependencies before their dependents.</summary>
    public IReadOnlyList<FeatureDescriptor> Features { get; }

    /// <summary>Features that are on whatever the tenant chose: the shell's own, and on the default tenant the operator's.</summary>
    public IEnumerable<string> AlwaysEnabled(bool defaultTenant) =>
        Features.Where(f => f.IsAlwaysEnabled || (defaultTenant && f.DefaultTenantOnly)).Select(f => f.Id);

    /// <summary>Features a tenant can have: all but the operator's, which only the default tenant has.</summary>
    public IEnumerable<FeatureDescriptor> AvailableFeatures(bool defaultTenant) =>
        Features.Where(f => defaultTenant || !f.DefaultTenantOnly);

    public bool IsAlwaysEnabled(string id, bool defaultTenant) =>
        FindFeature(id) is { } f && (f.IsAlwaysEnabled || (defaultTenant && f.DefaultTenantOnly));

    public FeatureDescriptor? FindFeature(string id) => _features.GetValueOrDefault(id);

    public ThemeDescriptor? FindTheme(string id) =>
        Themes.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));

    public ModuleDescriptor? FindModule(Assembly assembly) => Modules.FirstOrDefault(m => m.Assembly == assembly);

    /// <summary>The features and everything they depend on, transitively.</summary>
    public IReadOnlySet<string> WithDependencies(IEnumerable<string> featureIds)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(featureIds);
        while (stack.TryPop(out var id))
        {
            if (result.Add(id) && _features.TryGetValue(id, out var feature))
            {
                foreach (var dependency in feature.Dependencies)
                {
                    stack.Push(dependency);
                }
            }
        }

        return result;
    }

    /// <summary>Features that depend on <paramref name="featureId"/>, directly or not.</summary>
    public IReadOnlySet<string> Dependents(string featureId)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var feature in Features)
            {
                if (!result.Contains(feature.Id) && feature.Dependencies.Any(d => d == featureId || result.Contains(d)))
                {
                    changed = result.Add(feature.Id) || changed;
                }
            }
        }
        while (changed);

        return result;
    }

    public static ModuleCatalog FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        var modules = new List<ModuleDescriptor>();
        var themes = new List<ThemeDescriptor>();
        foreach (var assembly in assemblies.Distinct())
        {
            var module = assembly.GetCustomAttribute<ModuleAttribute>();
            var id = assembly.GetName().Name!;
            if (module is not null)
            {
                var features = assembly.GetCustomAttributes<FeatureAttribute>()
                    .Select(f => new FeatureDescriptor(
                        f.Id,
                        string.IsNullOrEmpty(f.Name) ? f.Id : f.Name,
                        f.Description,
                        string.IsNullOrEmpty(f.Category) ? module.Category : f.Category,
                        f.Dependencies,
                        id,
                        f.IsAlwaysEnabled,
                        f.DefaultTenantOnly))
                    .ToList();
                modules.Add(new ModuleDescriptor(id, string.IsNullOrEmpty(module.Name) ? id : module.Name, module.Description, module.Category, assembly, features));
            }

            var theme = assembly.GetCustomAttribute<ThemeAttribute>();
            if (theme is not null)
            {
                themes.Add(new ThemeDescriptor(theme.Id, string.IsNullOrEmpty(theme.Name) ? theme.Id : theme.Name, theme.Description, theme.IsAdminTheme, assembly));
            }
        }

        return Build(modules, themes);
    }

    public static ModuleCatalog Build(IReadOnlyList<ModuleDescriptor> modules, IReadOnlyList<ThemeDescriptor> themes)
    {
        var byId = new Dictionary<string, FeatureDescriptor>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var feature in modules.SelectMany(m => m.Features))
        {
            if (!byId.TryAdd(feature.Id, feature))
            {
                problems.Add($"Feature '{feature.Id}' is declared by both module '{byId[feature.Id].ModuleId}' and module '{feature.ModuleId}'.");
            }
        }

        foreach (var feature in byId.Values.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            foreach (var missing in feature.Dependencies.Where(d => !byId.ContainsKey(d)))
            {
                problems.Add($"Feature '{feature.Id}' (module '{feature.ModuleId}') depends on '{missing}', which no module provides.");
            }
        }

        foreach (var group in themes.GroupBy(t => t.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Theme '{group.Key}' is declared by more than one assembly.");
        }

        if (problems.Count > 0)
        {
            throw new ModuleCatalogException("The modules cannot be loaded:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        var ordered = new List<FeatureDescriptor>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        var path = new List<string>();
        foreach (var feature in byId.Values.OrderBy(f => f.Id, StringComparer.Ordinal))
        {
            Visit(feature);
        }

        return new ModuleCatalog(modules, themes, ordered);

        void Visit(FeatureDescriptor feature)
        {
            if (state.TryGetValue(feature.Id, out var done))
            {
                if (!done)
                {
                    var cycle = path.Skip(path.IndexOf(feature.Id)).Append(feature.Id);
                    throw new ModuleCatalogException("The modules cannot be loaded: features depend on each other in a cycle: " + string.Join(" -> ", cycle) + ".");
                }

                return;
            }

            state[feature.Id] = false;
            path.Add(feature.Id);
            foreach (var dependency in feature.Dependencies)
            {
                Visit(byId[dependency]);
            }

            path.RemoveAt(path.Count - 1);
            state[feature.Id] = true;
            ordered.Add(feature);
        }
    }
}
