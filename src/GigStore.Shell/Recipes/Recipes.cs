using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GigStore.Recipes;
using GigStore.Shell.Tenants;
using Microsoft.Extensions.Options;

namespace GigStore.Shell.Recipes;

/// <summary>A recipe file's header and its raw content.</summary>
public sealed record RecipeDescriptor(string Name, string DisplayName, string Description, bool IsSetupRecipe, JsonObject Content);

public sealed class RecipeException(IReadOnlyList<RecipeError> errors)
    : Exception("The recipe is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<RecipeError> Errors { get; } = errors;
}

/// <summary>Reads recipes/*.recipe.json.</summary>
public sealed class RecipeLibrary(IOptions<ShellOptions> options)
{
    public string Folder { get; } = Path.GetFullPath(options.Value.RecipesPath);

    public IReadOnlyList<RecipeDescriptor> All()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*.recipe.json")
            .Order(StringComparer.Ordinal)
            .Select(file => Parse(File.ReadAllText(file), Path.GetFileName(file)))
            .OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }

    public RecipeDescriptor? Find(string name) =>
        All().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a recipe; a header that is not right throws <see cref="RecipeException"/> naming the field.</summary>
    public static RecipeDescriptor Parse(string json, string source = "recipe")
    {
        JsonObject content;
        try
        {
            content = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new RecipeException([new RecipeError(-1, "", "$", $"{source} is not a JSON object")]);
        }
        catch (JsonException ex)
        {
            throw new RecipeException([new RecipeError(-1, "", "$", $"{source} is not valid JSON: {ex.Message}")]);
        }

        var errors = new List<RecipeError>();
        var name = ReadString(content, "name", errors);
        if (content["steps"] is not JsonArray)
        {
            errors.Add(new RecipeError(-1, "", "steps", "is required and must be an array of steps"));
        }

        if (errors.Count > 0)
        {
            throw new RecipeException(errors);
        }

        return new RecipeDescriptor(
            name!,
            (content["displayName"] as JsonValue)?.GetValue<string>() ?? name!,
            (content["description"] as JsonValue)?.GetValue<string>() ?? "",
            content["isSetupRecipe"] is JsonValue v && v.TryGetValue<bool>(out var setup) && setup,
            content);
    }

    private static string? ReadString(JsonObject obj, string field, List<RecipeError> errors)
    {
        if (obj[field] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        errors.Add(new RecipeError(-1, "", field, "is required and must be a non-empty string"));
        return null;
    }
}

/// <summary>Replaces {{Parameter}} in a recipe's string values with set-up values such as the admin's email.</summary>
internal static partial class RecipeParameters
{
    public static JsonObject Apply(JsonObject data, IReadOnlyDictionary<string, string> parameters, Action<string, string> error)
    {
        var copy = (JsonObject)data.DeepClone();
        Visit(copy);
        return copy;

        void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (_, child) in obj.ToList())
                    {
                        Visit(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array.ToList())
                    {
                        Visit(child);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal):
                    var replaced = Placeholder().Replace(text, m =>
                    {
                        if (parameters.TryGetValue(m.Groups[1].Value, out var v))
                        {
                            return v;
                        }

                        error(FieldPath(value), $"needs the set-up parameter '{m.Groups[1].Value}', which was not given");
                        return m.Value;
                    });
                    value.ReplaceWith(JsonValue.Create(replaced));
                    break;
            }
        }
    }

    public static string FieldPath(JsonNode node)
    {
        // Paths are relative to the step object: "$.users[0].email" -> "users[0].email".
        var path = node.GetPath();
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
