using System.Globalization;
using GigStore.Navigation;
using GigStore.Shell.Navigation;
using GigStore.Tenants;
using Microsoft.AspNetCore.Http;

namespace GigStore.Shell.Themes;

/// <summary>What a theme's layout shows of the tenant: name, branding, menus and the signed-in user.</summary>
public sealed class SiteView(ITenantAccessor tenants, NavigationManager navigation, IHttpContextAccessor http)
{
    private HttpContext Http => http.HttpContext ?? throw new InvalidOperationException("SiteView is for requests.");

    public Tenant Tenant => tenants.Tenant;

    public SiteSettings Site => tenants.Tenant.Site;

    public string SiteName => Site.SiteName;

    public string? LogoUrl => Site.LogoFile is null ? null : Url($"/media/{Site.LogoFile}?v={Site.Version}");

    public bool IsSignedIn => Http.User.Identity?.IsAuthenticated == true;

    public string? UserName => Http.User.Identity?.Name;

    public bool IsAdministrator => Http.User.IsInRole(Mvc.ModuleConvention.AdministratorRole);

    public string CurrentPath => Http.Request.Path.Value ?? "/";

    /// <summary>A tenant-relative path with the tenant's path base (/t/{prefix}) in front.</summary>
    public string Url(string path) => Http.Request.PathBase.Add(path.StartsWith('/') ? path : "/" + path).Value!;

    public IReadOnlyList<NavItem> Menu(string name) => navigation.Build(name, Http.User);

    /// <summary>The item for the current page: the one with the longest href that is the path or a parent of it.</summary>
    public NavItem? CurrentItem(IEnumerable<NavItem> items) => items
        .Where(i => string.Equals(CurrentPath, i.Href, StringComparison.OrdinalIgnoreCase)
            || (i.Href != "/" && CurrentPath.StartsWith(i.Href.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase)))
        .MaxBy(i => i.Href.Length);

    /// <summary>CSS custom properties for the tenant's accent colour and a text colour that contrasts with it.</summary>
    public string BrandCss => $":root{{--accent:{Site.AccentColor};--on-accent:{OnAccent(Site.AccentColor)};}}";

    /// <summary>White or near-black, whichever reads better on the colour (WCAG relative luminance).</summary>
    public static string OnAccent(string hex)
    {
        if (hex.Length != 7 || !int.TryParse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return "#ffffff";
        }

        static double Channel(int c)
        {
            var s = c / 255.0;
            return s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }

        var luminance = (0.2126 * Channel((rgb >> 16) & 0xff)) + (0.7152 * Channel((rgb >> 8) & 0xff)) + (0.0722 * Channel(rgb & 0xff));
        var whiteContrast = 1.05 / (luminance + 0.05);
        var blackContrast = (luminance + 0.05) / 0.0625; // #141414
        return whiteContrast >= blackContrast ? "#ffffff" : "#141414";
    }
}
