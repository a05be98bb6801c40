using System.Reflection;
using GigStore.Modules;
using GigStore.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Shell.Modules;

public sealed record StartupRegistration(StartupBase Startup, IReadOnlyList<string> Features, ModuleDescriptor Module);

/// <summary>
/// Which features each module-registered implementation belongs to, so navigation providers,
/// recipe step handlers and jobs of a feature that is off for a tenant are left out there.
/// </summary>
public sealed class FeatureServiceMap
{
    private readonly Dictionary<Type, IReadOnlyList<string>> _features = [];

    public void Add(Type implementation, IReadOnlyList<string> features) => _features[implementation] = features;

    public IReadOnlyList<string> FeaturesOf(Type implementation) =>
        _features.TryGetValue(implementation, out var features) ? features : [];

    public bool IsEnabled(Type implementation, Tenant tenant) => tenant.AreFeaturesEnabled(FeaturesOf(implementation));
}

/// <summary>The implementations of <typeparamref name="T"/> whose features are enabled for the current tenant.</summary>
public sealed class EnabledServices<T>(IEnumerable<T> all, FeatureServiceMap map, ITenantAccessor tenants)
    where T : notnull
{
    public IEnumerable<T> All => all.Where(s => map.IsEnabled(s.GetType(), tenants.Tenant));
}

public static class StartupDiscovery
{
    /// <summary>Finds each module's startup classes and the features each belongs to.</summary>
    public static IReadOnlyList<StartupRegistration> Discover(ModuleCatalog catalog)
    {
        var result = new List<StartupRegistration>();
        foreach (var module in catalog.Modules.Where(m => m.Assembly is not null))
        {
            var startupTypes = module.Assembly!.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && typeof(StartupBase).IsAssignableFrom(t));
            foreach (var type in startupTypes)
            {
                var features = FeaturesOf(type, module, catalog);
                var startup = (StartupBase)(Activator.CreateInstance(type, nonPublic: true)
                    ?? throw new ModuleCatalogException($"Startup class '{type.FullName}' could not be created."));
                result.Add(new StartupRegistration(startup, features, module));
            }
        }

        return [.. result.OrderBy(r => r.Startup.Order).ThenBy(r => r.Module.Id, StringComparer.Ordinal)];
    }

    /// <summary>[RequireFeatures] on the type, else the module's own feature (the one whose id is the module id).</summary>
    public static IReadOnlyList<string> FeaturesOf(Type type, ModuleDescriptor module, ModuleCatalog catalog)
    {
        var required = type.GetCustomAttribute<RequireFeaturesAttribute>(inherit: true);
        if (required is not null)
        {
            foreach (var id in required.FeatureIds.Where(id => catalog.FindFeature(id) is null))
            {
                throw new ModuleCatalogException($"'{type.FullName}' in module '{module.Id}' requires feature '{id}', which no module provides.");
            }

            return required.FeatureIds;
        }

        if (module.Features.All(f => f.Id != module.Id))
        {
            throw new ModuleCatalogException($"'{type.FullName}' has no [RequireFeatures] and module '{module.Id}' declares no feature named '{module.Id}'.");
        }

        return [module.Id];
    }

    /// <summary>Calls each startup's ConfigureServices and records which features its registrations belong to.</summary>
    public static void ConfigureServices(IServiceCollection services, IReadOnlyList<StartupRegistration> startups, FeatureServiceMap map)
    {
        foreach (var registration in startups)
        {
            var before = services.Count;
            registration.Startup.ConfigureServices(services);
            for (var i = before; i < services.Count; i++)
            {
                var descriptor = services[i];
                var implementation = descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType;
                implementation ??= descriptor.IsKeyedService ? null : descriptor.ImplementationInstance?.GetType();
                if (implementation is not null && implementation.Assembly == registration.Module.Assembly)
                {
                    map.Add(implementation, registration.Features);
                }
            }
        }
    }
}
