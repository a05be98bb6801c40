using System.Data;
using System.Text.Json.Nodes;
using GigStore.Data;
using GigStore.Recipes;
using GigStore.Shell.Features;
using GigStore.Shell.Modules;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigStore.Shell.Recipes;

/// <summary>
/// Runs a recipe against a tenant: every step is validated first (unknown step, missing field, bad
/// value, a feature the step needs that is off), and only a recipe without errors executes — in one
/// transaction shared by every module's DbContext, so a failure part-way leaves nothing behind.
/// </summary>
public sealed class RecipeExecutor(TenantScopeFactory scopes, FeatureServiceMap featureMap, ModuleCatalog catalog, ILogger<RecipeExecutor> log)
{
    public async Task<IReadOnlyList<RecipeError>> RunAsync(
        Tenant tenant,
        RecipeDescriptor recipe,
        IReadOnlyDictionary<string, string>? parameters = null,
        CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateScope(tenant);
        var services = scope.ServiceProvider;
        var handlers = services.GetServices<IRecipeStepHandler>()
            .GroupBy(h => h.StepName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        var steps = ReadSteps(recipe.Content, parameters ?? new Dictionary<string, string>(), out var errors);
        var validation = new RecipeValidationContext(tenant, services);
        validation.FeaturesAfterRecipe.UnionWith(tenant.State.EnabledFeatures);
        validation.FeaturesAfterRecipe.UnionWith(catalog.AlwaysEnabled(tenant.IsDefault));
        foreach (var step in steps)
        {
            validation.CurrentStep = step;
            if (!handlers.TryGetValue(step.Name, out var handler))
            {
                validation.AddError("name", $"'{step.Name}' is not a known step (known: {string.Join(", ", handlers.Keys.Order())})");
                continue;
            }

            var missing = featureMap.FeaturesOf(handler.GetType()).Where(f => !validation.FeaturesAfterRecipe.Contains(f)).ToList();
            if (missing.Count > 0)
            {
                validation.AddError("name", $"the '{step.Name}' step needs feature {string.Join(", ", missing)}, which is not enabled; enable it in an earlier feature step");
                continue;
            }

            handler.Validate(step, validation);
        }

        errors.AddRange(validation.Errors);
        if (errors.Count > 0)
        {
            log.LogWarning("Recipe {Recipe} was not run on tenant {Tenant}: {Errors}", recipe.Name, tenant.Name, string.Join("; ", errors));
            return errors;
        }

        var database = services.GetRequiredService<ITenantDatabase>();
        if (database.Connection.State != ConnectionState.Open)
        {
            await database.Connection.OpenAsync(cancellationToken);
        }

        var contexts = services.GetServices<ModuleDatabase>().Select(m => (DbContext)services.GetRequiredService(m.ContextType)).ToList();
        await using (var transaction = await database.Connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var context in contexts)
            {
                await context.Database.UseTransactionAsync(transaction, cancellationToken);
            }

            var execution = new RecipeExecutionContext(tenant, services);
            foreach (var step in steps)
            {
                try
                {
                    await handlers[step.Name].ExecuteAsync(step, execution, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    await ReleaseAsync(contexts);
                    await services.GetRequiredService<TenantStateStore>().RefreshAsync(CancellationToken.None);
                    log.LogError(ex, "Recipe {Recipe} failed at step {Index} ({Step}) on tenant {Tenant}; nothing was changed", recipe.Name, step.Index, step.Name, tenant.Name);
                    return [new RecipeError(step.Index, step.Name, "$", ex.Message)];
                }
            }

            await transaction.CommitAsync(cancellationToken);
            await ReleaseAsync(contexts);
        }

        await services.GetRequiredService<TenantStateStore>().RefreshAsync(cancellationToken);
        log.LogInformation("Recipe {Recipe} ran on tenant {Tenant} ({Count} steps)", recipe.Name, tenant.Name, steps.Count);
        return [];
    }

    private static async Task ReleaseAsync(IEnumerable<DbContext> contexts)
    {
        foreach (var context in contexts)
        {
            await context.Database.UseTransactionAsync(null);
            context.ChangeTracker.Clear();
        }
    }

    private static List<RecipeStep> ReadSteps(JsonObject content, IReadOnlyDictionary<string, string> parameters, out List<RecipeError> errors)
    {
        var found = new List<RecipeError>();
        var steps = new List<RecipeStep>();
        if (content["steps"] is not JsonArray array)
        {
            found.Add(new RecipeError(-1, "", "steps", "is required and must be an array of steps"));
            errors = found;
            return steps;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject data)
            {
                found.Add(new RecipeError(i, "", "$", "a step must be a JSON object"));
                continue;
            }

            if (data["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || string.IsNullOrWhiteSpace(name))
            {
                found.Add(new RecipeError(i, "", "name", "is required: every step names its kind"));
                continue;
            }

            var index = i;
            var applied = RecipeParameters.Apply(data, parameters, (field, message) => found.Add(new RecipeError(index, name, field, message)));
            steps.Add(new RecipeStep(i, name, applied));
        }

        errors = found;
        return steps;
    }
}
