using System.Security.Cryptography;
using GigStore.Recipes;
using GigStore.Shell.Data;
using GigStore.Shell.Features;
using GigStore.Shell.Recipes;
using GigStore.Tenants;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigStore.Shell.Tenants;

public sealed record TenantSetupRequest(
    TenantSettings Settings,
    string Recipe,
    string AdminEmail,
    string AdminPassword,
    string? Theme = null,
    string? SiteName = null);

public sealed record TenantSetupResult(Tenant? Tenant, IReadOnlyDictionary<string, string> FieldErrors, IReadOnlyList<RecipeError> RecipeErrors)
{
    public bool Succeeded => Tenant is not null;
}

/// <summary>Creates a tenant: folder, database, migrations, recipe, then lists it as running.</summary>
public sealed class TenantSetupService(
    TenantRegistry registry,
    RecipeLibrary recipes,
    RecipeExecutor executor,
    TenantScopeFactory scopes,
    Modules.ModuleCatalog catalog,
    ILogger<TenantSetupService> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<TenantSetupResult> CreateAsync(TenantSetupRequest request, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var errors = new Dictionary<string, string>(registry.Check(request.Settings));
            var recipe = recipes.Find(request.Recipe);
            if (recipe is null)
            {
                errors["Recipe"] = $"There is no recipe named '{request.Recipe}'.";
            }

            if (request.Theme is not null && catalog.FindTheme(request.Theme) is not { IsAdminTheme: false })
            {
                errors["Theme"] = $"'{request.Theme}' is not a storefront theme.";
            }

            if (errors.Count > 0)
            {
                return new TenantSetupResult(null, errors, []);
            }

            var settings = request.Settings.Clone();
            settings.State = TenantState.Uninitialized;
            settings.Recipe = recipe!.Name;
            settings.CreatedUtc = DateTimeOffset.UtcNow;
            var tenant = registry.Prepare(settings);
            var recipeErrors = await SetUpAsync(tenant, recipe, Parameters(request.AdminEmail, request.AdminPassword), request.Theme, request.SiteName, cancellationToken);
            if (recipeErrors.Count > 0)
            {
                return new TenantSetupResult(null, errors, recipeErrors);
            }

            settings.State = TenantState.Running;
            var saved = await registry.SaveAsync(settings, cancellationToken);
            saved.State = tenant.State;
            log.LogInformation("Tenant {Tenant} was created from recipe {Recipe}", settings.Name, recipe.Name);
            return new TenantSetupResult(saved, errors, []);
        }
        finally
        {
            _gate.Release();
        }
    }

    public static Dictionary<string, string> Parameters(string adminEmail, string adminPassword) => new()
    {
        ["AdminEmail"] = adminEmail,
        ["AdminUserName"] = adminEmail,
        ["AdminPassword"] = adminPassword,
    };

    /// <summary>Migrates the tenant's database and runs the recipe. On failure a new SQLite database is removed again.</summary>
    internal async Task<IReadOnlyList<RecipeError>> SetUpAsync(
        Tenant tenant,
        RecipeDescriptor recipe,
        IReadOnlyDictionary<string, string> parameters,
        string? theme,
        string? siteName,
        CancellationToken cancellationToken)
    {
        var folderExisted = Directory.Exists(tenant.DataFolder);
        Directory.CreateDirectory(tenant.DataFolder);
        try
        {
            await MigrateAsync(tenant, cancellationToken);
            var errors = await executor.RunAsync(tenant, recipe, parameters, cancellationToken);
            if (errors.Count == 0 && (theme is not null || !string.IsNullOrWhiteSpace(siteName)))
            {
                await using var scope = scopes.CreateScope(tenant);
                var site = tenant.Site;
                await scope.ServiceProvider.GetRequiredService<TenantStateStore>().SaveSiteAsync(
                    site with
                    {
                        Theme = theme is null ? site.Theme : catalog.FindTheme(theme)!.Id,
                        SiteName = string.IsNullOrWhiteSpace(siteName) ? site.SiteName : siteName.Trim(),
                    },
                    cancellationToken);
            }

            if (errors.Count > 0 && !folderExisted)
            {
                RemoveFolder(tenant);
            }

            return errors;
        }
        catch when (!folderExisted)
        {
            RemoveFolder(tenant);
            throw;
        }
    }

    /// <summary>Applies pending migrations and loads the tenant's features and settings into memory.</summary>
    public async Task MigrateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateScope(tenant);
        await scope.ServiceProvider.GetRequiredService<TenantMigrator>().MigrateAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<TenantStateStore>().RefreshAsync(cancellationToken);
    }

    /// <summary>A password that meets Identity's default rules, for the first admin when none is configured.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 18);
        return new string(chars) + "-7a";
    }

    private static void RemoveFolder(Tenant tenant)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(tenant.DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the tenant is not listed, so a leftover folder is never served.
        }
    }
}
