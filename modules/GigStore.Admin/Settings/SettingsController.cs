using System.ComponentModel.DataAnnotations;
using GigStore.Modules;
using GigStore.Shell.Features;
using GigStore.Shell.Media;
using GigStore.Shell.Modules;
using GigStore.Tenants;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Admin.Settings;

public sealed class SiteSettingsInput
{
    [Required(ErrorMessage = "Enter the site name.")]
    [StringLength(80, ErrorMessage = "Use at most 80 characters.")]
    [Display(Name = "Site name")]
    public string SiteName { get; set; } = "";

    [StringLength(160, ErrorMessage = "Use at most 160 characters.")]
    [Display(Name = "Tagline")]
    public string? Tagline { get; set; }

    [Required(ErrorMessage = "Choose an accent colour.")]
    [RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "Use a colour like #1f7a4d.")]
    [Display(Name = "Accent colour")]
    public string AccentColor { get; set; } = "#1f7a4d";

    [Required(ErrorMessage = "Choose a theme.")]
    [Display(Name = "Storefront theme")]
    public string Theme { get; set; } = "";

    [Display(Name = "Logo (PNG, JPEG, GIF or WebP, at most 1 MB)")]
    public IFormFile? Logo { get; set; }

    [Display(Name = "Remove the current logo")]
    public bool RemoveLogo { get; set; }
}

public sealed record SettingsPage(SiteSettingsInput Input, IReadOnlyList<ThemeDescriptor> Themes, string? LogoUrl);

[Admin]
[Route("admin/settings")]
public sealed class SettingsController(ITenantAccessor tenants, ModuleCatalog catalog, TenantStateStore store, TenantMedia media) : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        var site = tenants.Tenant.Site;
        return Page(new SiteSettingsInput { SiteName = site.SiteName, Tagline = site.Tagline, AccentColor = site.AccentColor, Theme = site.Theme });
    }

    [HttpPost("")]
    [RequestSizeLimit(2 * 1024 * 1024)]
    public async Task<IActionResult> Index([Bind(Prefix = "Input")] SiteSettingsInput input, CancellationToken ct)
    {
        if (catalog.FindTheme(input.Theme) is not { IsAdminTheme: false })
        {
            ModelState.AddModelError("Input.Theme", "Choose one of the storefront themes.");
        }

        if (!ModelState.IsValid)
        {
            return Page(input);
        }

        var site = tenants.Tenant.Site;
        var logo = input.RemoveLogo ? null : site.LogoFile;
        if (input.Logo is { } upload)
        {
            await using var stream = upload.OpenReadStream();
            var (file, error) = await media.SaveLogoAsync(stream, upload.Length, ct);
            if (error is not null)
            {
                ModelState.AddModelError("Input.Logo", error);
                return Page(input);
            }

            logo = file;
        }

        await store.SaveSiteAsync(
            site with
            {
                SiteName = input.SiteName.Trim(),
                Tagline = input.Tagline?.Trim() ?? "",
                AccentColor = input.AccentColor.ToLowerInvariant(),
                Theme = catalog.FindTheme(input.Theme)!.Id,
                LogoFile = logo,
            },
            ct);
        if (logo != site.LogoFile)
        {
            media.Delete(site.LogoFile);
        }

        TempData["Status"] = "Settings saved.";
        return RedirectToAction(nameof(Index));
    }

    private ViewResult Page(SiteSettingsInput input) =>
        View("Index", new SettingsPage(input, [.. catalog.Themes.Where(t => !t.IsAdminTheme).OrderBy(t => t.Name)], tenants.Tenant.Site.LogoFile is null ? null : $"/media/{tenants.Tenant.Site.LogoFile}"));
}
