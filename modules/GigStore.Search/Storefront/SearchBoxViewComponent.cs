using GigStore.Search.Contracts;
using GigStore.Tenants;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Search.Storefront;

/// <summary>The search box with suggestions, for theme layouts' headers; nothing when the tenant has search off.</summary>
public sealed class SearchBoxViewComponent(ITenantAccessor tenants) : ViewComponent
{
    public IViewComponentResult Invoke() =>
        tenants.Tenant.IsFeatureEnabled(SearchFeatures.Search)
            ? View("~/Areas/GigStore.Search/Views/Shared/Components/SearchBox/Default.cshtml", HttpContext.Request.Path.Value?.EndsWith("/search", StringComparison.Ordinal) == true ? HttpContext.Request.Query["q"].ToString() : "")
            : Content("");
}
