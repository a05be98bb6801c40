using System.ComponentModel.DataAnnotations;
using GigStore.Modules;
using GigStore.Recipes;
using GigStore.Shell.Modules;
using GigStore.Shell.Recipes;
using GigStore.Shell.Tenants;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Tenants;

public sealed class CreateTenantInput
{
    [Required(ErrorMessage = "Enter a name.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [Display(Name = "URL prefix (served at /t/{prefix})")]
    public string? UrlPrefix { get; set; }

    [Display(Name = "Host name (optional, e.g. shop.example.com)")]
    public string? HostName { get; set; }

    [Required(ErrorMessage = "Choose a recipe.")]
    [Display(Name = "Recipe")]
    public string Recipe { get; set; } = "";

    [Display(Name = "Theme")]
    public string? Theme { get; set; }

    [StringLength(80, ErrorMessage = "Use at most 80 characters.")]
    [Display(Name = "Site name")]
    public string? SiteName { get; set; }

    [Required(ErrorMessage = "Enter the first admin's email.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [Display(Name = "Admin email")]
    public string AdminEmail { get; set; } = "";

    [Required(ErrorMessage = "Choose the first admin's password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Admin password")]
    public string AdminPassword { get; set; } = "";

    [Display(Name = "Database")]
    public DatabaseProvider DatabaseProvider { get; set; } = DatabaseProvider.Sqlite;

    [Display(Name = "PostgreSQL connection string")]
    public string? ConnectionString { get; set; }
}

public sealed record CreateTenantPage(CreateTenantInput Input, IReadOnlyList<RecipeDescriptor> Recipes, IReadOnlyList<ThemeDescriptor> Themes, IReadOnlyList<RecipeError> RecipeErrors);

[Admin]
[Route("admin/tenants")]
public sealed class TenantsAdminController(TenantRegistry registry, TenantSetupService setup, RecipeLibrary recipes, ModuleCatalog catalog) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(registry.Tenants.OrderBy(t => t.IsDefault ? 0 : 1).ThenBy(t => t.Name).ToList());

    [HttpGet("create")]
    public IActionResult Create() => Page(new CreateTenantInput { Recipe = recipes.All().FirstOrDefault(r => r.IsSetupRecipe)?.Name ?? "" }, []);

    [HttpPost("create")]
    public async Task<IActionResult> Create([Bind(Prefix = "Input")] CreateTenantInput input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page(input, []);
        }

        var settings = new TenantSettings
        {
            Name = input.Name.Trim(),
            UrlPrefix = string.IsNullOrWhiteSpace(input.UrlPrefix) ? null : input.UrlPrefix.Trim(),
            HostNames = string.IsNullOrWhiteSpace(input.HostName) ? [] : [input.HostName.Trim().ToLowerInvariant()],
            DatabaseProvider = input.DatabaseProvider,
            ConnectionString = input.DatabaseProvider == DatabaseProvider.Postgres ? input.ConnectionString?.Trim() : null,
        };
        var result = await setup.CreateAsync(
            new TenantSetupRequest(settings, input.Recipe, input.AdminEmail.Trim(), input.AdminPassword, string.IsNullOrWhiteSpace(input.Theme) ? null : input.Theme, input.SiteName),
            ct);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.FieldErrors)
            {
                ModelState.AddModelError(field == "HostNames" ? "Input.HostName" : $"Input.{field}", message);
            }

            foreach (var error in result.RecipeErrors.Where(e => e.Field.EndsWith(".password", StringComparison.Ordinal)))
            {
                ModelState.AddModelError("Input.AdminPassword", error.Message);
            }

            return Page(input, [.. result.RecipeErrors.Where(e => !e.Field.EndsWith(".password", StringComparison.Ordinal))]);
        }

        TempData["Status"] = $"Tenant '{result.Tenant!.Name}' is ready.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{name}/disable")]
    public Task<IActionResult> Disable(string name, CancellationToken ct) => SetState(name, TenantState.Disabled, ct);

    [HttpPost("{name}/enable")]
    public Task<IActionResult> Enable(string name, CancellationToken ct) => SetState(name, TenantState.Running, ct);

    private async Task<IActionResult> SetState(string name, TenantState state, CancellationToken ct)
    {
        var tenant = registry.Find(name);
        if (tenant is null)
        {
            return NotFound();
        }

        if (tenant.IsDefault)
        {
            TempData["Error"] = "The default tenant cannot be disabled: it is the operator's.";
            return RedirectToAction(nameof(Index));
        }

        if (tenant.Settings.State is not (TenantState.Running or TenantState.Disabled))
        {
            TempData["Error"] = $"Tenant '{tenant.Name}' is {tenant.Settings.State} and cannot be changed now.";
            return RedirectToAction(nameof(Index));
        }

        var settings = tenant.Settings.Clone();
        settings.State = state;
        await registry.SaveAsync(settings, ct);
        TempData["Status"] = $"Tenant '{tenant.Name}' is {(state == TenantState.Disabled ? "disabled" : "running again")}.";
        return RedirectToAction(nameof(Index));
    }

    private ViewResult Page(CreateTenantInput input, IReadOnlyList<RecipeError> recipeErrors) => View(
        "Create",
        new CreateTenantPage(input, [.. recipes.All().Where(r => r.IsSetupRecipe)], [.. catalog.Themes.Where(t => !t.IsAdminTheme).OrderBy(t => t.Name)], recipeErrors));
}
