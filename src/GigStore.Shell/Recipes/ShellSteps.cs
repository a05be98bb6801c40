using System.Text.RegularExpressions;
using GigStore.Recipes;
using GigStore.Shell.Features;
using GigStore.Shell.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Shell.Recipes;

public sealed record FeatureStep(string[]? Enable = null, string[]? Disable = null);

/// <summary><c>{ "name": "feature", "enable": [...], "disable": [...] }</c></summary>
internal sealed class FeatureStepHandler(ModuleCatalog catalog) : RecipeStepHandler<FeatureStep>
{
    public override string StepName => "feature";

    protected override void Validate(FeatureStep step, RecipeValidationContext context)
    {
        var manager = context.Services.GetRequiredService<FeatureManager>();
        var enable = step.Enable ?? [];
        var disable = step.Disable ?? [];
        if (enable.Length == 0 && disable.Length == 0)
        {
            context.AddError("enable", "give at least one feature to enable or disable");
            return;
        }

        for (var i = 0; i < enable.Length; i++)
        {
            if (catalog.FindFeature(enable[i]) is null)
            {
                context.AddError($"enable[{i}]", $"'{enable[i]}' is not a known feature");
            }
        }

        for (var i = 0; i < disable.Length; i++)
        {
            if (catalog.FindFeature(disable[i]) is null)
            {
                context.AddError($"disable[{i}]", $"'{disable[i]}' is not a known feature");
            }
        }

        if (context.Errors.Count > 0)
        {
            return;
        }

        var after = context.FeaturesAfterRecipe.ToHashSet(StringComparer.Ordinal);
        var error = manager.CheckEnable(enable);
        if (error is not null)
        {
            context.AddError("enable", error);
            return;
        }

        after.UnionWith(catalog.WithDependencies(enable));
        error = manager.CheckDisable(disable, after);
        if (error is not null)
        {
            context.AddError("disable", error);
            return;
        }

        after.ExceptWith(disable);
        context.FeaturesAfterRecipe.Clear();
        context.FeaturesAfterRecipe.UnionWith(after);
    }

    protected override async Task ExecuteAsync(FeatureStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await context.Services.GetRequiredService<FeatureManager>().ChangeAsync(step.Enable ?? [], step.Disable ?? [], cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Error);
        }
    }
}

public sealed record ThemesStep(string? Site = null, string? Admin = null);

/// <summary><c>{ "name": "themes", "site": "Bazaar", "admin": "Admin" }</c></summary>
internal sealed class ThemesStepHandler(ModuleCatalog catalog) : RecipeStepHandler<ThemesStep>
{
    public override string StepName => "themes";

    protected override void Validate(ThemesStep step, RecipeValidationContext context)
    {
        if (step.Site is null && step.Admin is null)
        {
            context.AddError("site", "give the storefront theme (site) or the admin theme (admin)");
        }

        if (step.Site is not null && catalog.FindTheme(step.Site) is not { IsAdminTheme: false })
        {
            context.AddError("site", $"'{step.Site}' is not a storefront theme (available: {string.Join(", ", catalog.Themes.Where(t => !t.IsAdminTheme).Select(t => t.Id))})");
        }

        if (step.Admin is not null && catalog.FindTheme(step.Admin) is not { IsAdminTheme: true })
        {
            context.AddError("admin", $"'{step.Admin}' is not an admin theme (available: {string.Join(", ", catalog.Themes.Where(t => t.IsAdminTheme).Select(t => t.Id))})");
        }
    }

    protected override Task ExecuteAsync(ThemesStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var site = context.Tenant.Site;
        return context.Services.GetRequiredService<TenantStateStore>().SaveSiteAsync(
            site with
            {
                Theme = step.Site is null ? site.Theme : catalog.FindTheme(step.Site)!.Id,
                AdminTheme = step.Admin is null ? site.AdminTheme : catalog.FindTheme(step.Admin)!.Id,
            },
            cancellationToken);
    }
}

public sealed record SettingsStep(string? SiteName = null, string? Tagline = null, string? AccentColor = null);

/// <summary><c>{ "name": "settings", "siteName": "...", "tagline": "...", "accentColor": "#1f7a4d" }</c></summary>
internal sealed partial class SettingsStepHandler : RecipeStepHandler<SettingsStep>
{
    public override string StepName => "settings";

    public static string? CheckSiteName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "must not be empty" : name.Length > 80 ? "must be at most 80 characters" : null;

    public static string? CheckAccentColor(string? color) =>
        color is null || !HexColor().IsMatch(color) ? "must be a colour like #1f7a4d" : null;

    protected override void Validate(SettingsStep step, RecipeValidationContext context)
    {
        if (step.SiteName is not null && CheckSiteName(step.SiteName) is { } nameError)
        {
            context.AddError("siteName", nameError);
        }

        if (step.Tagline is { Length: > 160 })
        {
            context.AddError("tagline", "must be at most 160 characters");
        }

        if (step.AccentColor is not null && CheckAccentColor(step.AccentColor) is { } colorError)
        {
            context.AddError("accentColor", colorError);
        }
    }

    protected override Task ExecuteAsync(SettingsStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var site = context.Tenant.Site;
        return context.Services.GetRequiredService<TenantStateStore>().SaveSiteAsync(
            site with
            {
                SiteName = step.SiteName?.Trim() ?? site.SiteName,
                Tagline = step.Tagline?.Trim() ?? site.Tagline,
                AccentColor = step.AccentColor?.ToLowerInvariant() ?? site.AccentColor,
            },
            cancellationToken);
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
