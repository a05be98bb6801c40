using GigStore.Tenants;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GigStore.Shell.Tenants;

/// <summary>
/// At start-up: brings every tenant's database up to date and loads its state; sets up tenants that
/// are listed but not yet initialized (the default tenant on first start) from their recipe.
/// </summary>
internal sealed class TenantStartup(
    TenantRegistry registry,
    TenantSetupService setup,
    Recipes.RecipeLibrary recipes,
    IOptions<ShellOptions> options,
    ILogger<TenantStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in registry.Tenants)
        {
            if (tenant.Settings.State == TenantState.Uninitialized)
            {
                await InitializeAsync(tenant, cancellationToken);
            }
            else
            {
                await setup.MigrateAsync(tenant, cancellationToken);
                log.LogInformation("Tenant {Tenant} is {State}", tenant.Name, tenant.Settings.State);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InitializeAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var recipeName = tenant.Settings.Recipe ?? options.Value.DefaultRecipe;
        var recipe = recipes.Find(recipeName)
            ?? throw new InvalidOperationException($"Tenant '{tenant.Name}' is to be set up from recipe '{recipeName}', which is not in {recipes.Folder}.");
        var password = options.Value.AdminPassword;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = TenantSetupService.GeneratePassword();
        }

        var errors = await setup.SetUpAsync(tenant, recipe, TenantSetupService.Parameters(options.Value.AdminEmail, password!), null, null, cancellationToken);
        if (errors.Count > 0)
        {
            throw new Recipes.RecipeException(errors);
        }

        var settings = tenant.Settings.Clone();
        settings.State = TenantState.Running;
        (await registry.SaveAsync(settings, cancellationToken)).State = tenant.State;
        log.LogInformation("Tenant {Tenant} was set up from recipe {Recipe}", tenant.Name, recipe.Name);
        if (tenant.IsDefault)
        {
            // Printed once, on the first start only: the operator signs in with it and changes it.
            Console.WriteLine();
            Console.WriteLine("  GigStore is set up. Sign in to the admin at /account/login");
            Console.WriteLine($"    email:    {options.Value.AdminEmail}");
            Console.WriteLine(generated ? $"    password: {password}   (shown once; change it under Account)" : "    password: the one given in GigStore__AdminPassword");
            Console.WriteLine();
        }
    }
}
