using GigStore.Modules;
using GigStore.Shell.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace GigStore.Shell.Mvc;

/// <summary>
/// Gives each module controller its module as MVC area (so its views are found under
/// /Areas/{module}/Views), the feature metadata that gates it per tenant, and, for [Admin]
/// controllers, the Administrator role requirement.
/// </summary>
internal sealed class ModuleConvention(ModuleCatalog catalog) : IControllerModelConvention
{
    public const string AdministratorRole = "Administrator";

    public void Apply(ControllerModel controller)
    {
        // Controllers render pages; the JSON API is made of minimal APIs, which alone go into the OpenAPI document.
        controller.ApiExplorer.IsVisible = false;

        var module = catalog.FindModule(controller.ControllerType.Assembly);
        var features = module is null ? [] : StartupDiscovery.FeaturesOf(controller.ControllerType, module, catalog);
        if (module is not null)
        {
            controller.RouteValues.TryAdd("area", module.Id);
        }

        var isAdmin = controller.Attributes.OfType<AdminAttribute>().Any();
        foreach (var action in controller.Actions)
        {
            var actionFeatures = action.Attributes.OfType<RequireFeaturesAttribute>().SelectMany(a => a.FeatureIds);
            var all = features.Concat(actionFeatures).Distinct().ToList();
            foreach (var selector in action.Selectors)
            {
                if (all.Count > 0)
                {
                    selector.EndpointMetadata.Add(new FeatureMetadata(all));
                }

                if (isAdmin || action.Attributes.OfType<AdminAttribute>().Any())
                {
                    selector.EndpointMetadata.Add(new AdminAttribute());
                    selector.EndpointMetadata.Add(new AuthorizeAttribute { Roles = AdministratorRole });
                }
            }
        }
    }
}
