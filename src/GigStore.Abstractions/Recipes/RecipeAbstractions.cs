using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GigStore.Tenants;

namespace GigStore.Recipes;

/// <summary>One step of a recipe as written in the file.</summary>
public sealed record RecipeStep(int Index, string Name, JsonObject Data);

/// <summary>Where a recipe is wrong: the step index (0-based), step name, the field at fault and why.</summary>
public sealed record RecipeError(int StepIndex, string StepName, string Field, string Message)
{
    public override string ToString() =>
        StepIndex < 0 ? $"{Field}: {Message}" : $"step {StepIndex} ({StepName}), {Field}: {Message}";
}

public sealed class RecipeValidationContext(Tenant tenant, IServiceProvider services)
{
    private readonly List<RecipeError> _errors = [];

    public Tenant Tenant { get; } = tenant;
    public IServiceProvider Services { get; } = services;
    public IReadOnlyList<RecipeError> Errors => _errors;

    /// <summary>Features that will be enabled once the recipe's feature steps have run.</summary>
    public ISet<string> FeaturesAfterRecipe { get; } = new HashSet<string>(StringComparer.Ordinal);

    public RecipeStep? CurrentStep { get; set; }

    /// <summary>What earlier steps will create (for example role names), for later steps to check against.</summary>
    public IDictionary<string, object> Items { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    public void AddError(string field, string message) =>
        _errors.Add(new RecipeError(CurrentStep?.Index ?? -1, CurrentStep?.Name ?? "", field, message));
}

public sealed class RecipeExecutionContext(Tenant tenant, IServiceProvider services)
{
    public Tenant Tenant { get; } = tenant;

    /// <summary>The tenant scope's services: DbContexts here share the recipe's transaction.</summary>
    public IServiceProvider Services { get; } = services;
}

/// <summary>A module's handler for one step name. Validate runs for every step before any step executes.</summary>
public interface IRecipeStepHandler
{
    string StepName { get; }

    void Validate(RecipeStep step, RecipeValidationContext context);

    Task ExecuteAsync(RecipeStep step, RecipeExecutionContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A step handler whose step is read into <typeparamref name="TStep"/>. Unknown properties and wrong
/// types are errors that name the field.
/// </summary>
public abstract class RecipeStepHandler<TStep> : IRecipeStepHandler
    where TStep : class
{
    public static readonly JsonSerializerOptions StepJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public abstract string StepName { get; }

    public void Validate(RecipeStep step, RecipeValidationContext context)
    {
        var model = Read(step, context);
        if (model is not null)
        {
            Validate(model, context);
        }
    }

    public Task ExecuteAsync(RecipeStep step, RecipeExecutionContext context, CancellationToken cancellationToken) =>
        ExecuteAsync(Read(step, null) ?? throw new InvalidOperationException($"Step {step.Index} ({step.Name}) was not validated."), context, cancellationToken);

    protected abstract void Validate(TStep step, RecipeValidationContext context);

    protected abstract Task ExecuteAsync(TStep step, RecipeExecutionContext context, CancellationToken cancellationToken);

    private static TStep? Read(RecipeStep step, RecipeValidationContext? context)
    {
        var data = (JsonObject)step.Data.DeepClone();
        data.Remove("name");
        try
        {
            var model = data.Deserialize<TStep>(StepJson);
            if (model is null)
            {
                context?.AddError("$", "the step is empty");
            }

            return model;
        }
        catch (JsonException ex)
        {
            context?.AddError(FieldOf(ex), Describe(ex));
            return null;
        }
    }

    private static string FieldOf(JsonException ex)
    {
        var path = (ex.Path ?? "$").TrimStart('$').TrimStart('.');

        // "The JSON property 'x' could not be mapped to ... type 'T'" names the field first;
        // "... was missing required properties including: 'y'." names it last. Both point at the parent object.
        var quoted = ex.Message.Split('\'');
        string? named = null;
        if (quoted.Length >= 3 && ex.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            named = quoted[^2];
        }
        else if (quoted.Length >= 3 && ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            named = quoted[1];
        }

        if (named is not null && !path.EndsWith(named, StringComparison.Ordinal))
        {
            path = path.Length == 0 ? named : $"{path}.{named}";
        }

        return path.Length == 0 ? "$" : path;
    }

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "is not a known field of this step";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "is required";
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
        {
            return "must not be null";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "has a value of the wrong type (" + (cut > 0 ? message[..cut] : message) + ")";
    }
}
