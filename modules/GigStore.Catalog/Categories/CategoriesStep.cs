using System.Text.RegularExpressions;
using GigStore.Catalog.Data;
using GigStore.Recipes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Catalog.Categories;

public sealed record AttributeEntry(string Key, string Name, string[] Options, bool MultiSelect = false, bool Required = false);

public sealed record CategoryEntry(string Slug, string Name, string? Description = null, AttributeEntry[]? Attributes = null, CategoryEntry[]? Subcategories = null);

public sealed record CategoriesStep(CategoryEntry[] Categories);

/// <summary>
/// <c>{ "name": "categories", "categories": [{ "slug", "name", "description", "attributes": [...], "subcategories": [...] }] }</c>.
/// Categories and attributes are matched by slug and key, so re-running updates rather than duplicates.
/// </summary>
internal sealed partial class CategoriesStepHandler : RecipeStepHandler<CategoriesStep>
{
    public const string DeclaredKey = "catalog.categories";

    public override string StepName => "categories";

    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    protected override void Validate(CategoriesStep step, RecipeValidationContext context)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        if (step.Categories.Length == 0)
        {
            context.AddError("categories", "list at least one category");
        }

        for (var i = 0; i < step.Categories.Length; i++)
        {
            Check(step.Categories[i], $"categories[{i}]", nested: false);
        }

        context.Items[DeclaredKey] = step.Categories;

        void Check(CategoryEntry category, string path, bool nested)
        {
            if (!IsSlug(category.Slug))
            {
                context.AddError($"{path}.slug", "must be 2–80 lower-case letters, digits or hyphens");
            }
            else if (!slugs.Add(category.Slug))
            {
                context.AddError($"{path}.slug", $"'{category.Slug}' is used twice");
            }

            if (string.IsNullOrWhiteSpace(category.Name) || category.Name.Length > 80)
            {
                context.AddError($"{path}.name", "must be 1–80 characters");
            }

            if (category.Description is { Length: > 500 })
            {
                context.AddError($"{path}.description", "must be at most 500 characters");
            }

            if (nested && category.Subcategories is { Length: > 0 })
            {
                context.AddError($"{path}.subcategories", "categories have one level of subcategories");
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            var attributes = category.Attributes ?? [];
            for (var a = 0; a < attributes.Length; a++)
            {
                var attribute = attributes[a];
                var at = $"{path}.attributes[{a}]";
                if (!IsSlug(attribute.Key) || !keys.Add(attribute.Key))
                {
                    context.AddError($"{at}.key", "must be a unique key of lower-case letters, digits or hyphens");
                }

                if (string.IsNullOrWhiteSpace(attribute.Name) || attribute.Name.Length > 80)
                {
                    context.AddError($"{at}.name", "must be 1–80 characters");
                }

                if (attribute.Options.Length is < 2 or > 50 || attribute.Options.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > 60)
                    || attribute.Options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != attribute.Options.Length)
                {
                    context.AddError($"{at}.options", "give 2–50 distinct options of 1–60 characters");
                }
            }

            var children = category.Subcategories ?? [];
            for (var c = 0; c < children.Length; c++)
            {
                Check(children[c], $"{path}.subcategories[{c}]", nested: true);
            }
        }
    }

    protected override async Task ExecuteAsync(CategoriesStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var db = context.Services.GetRequiredService<CatalogDb>();
        context.Services.GetRequiredService<CategoriesChanged>().Notify();
        for (var i = 0; i < step.Categories.Length; i++)
        {
            var parent = await UpsertAsync(step.Categories[i], null, i);
            var children = step.Categories[i].Subcategories ?? [];
            for (var c = 0; c < children.Length; c++)
            {
                await UpsertAsync(children[c], parent.Id, c);
            }
        }

        async Task<Category> UpsertAsync(CategoryEntry entry, int? parentId, int position)
        {
            var category = await db.Categories.Include(c => c.Attributes).FirstOrDefaultAsync(c => c.Slug == entry.Slug, cancellationToken);
            if (category is null)
            {
                category = new Category { Slug = entry.Slug };
                db.Categories.Add(category);
            }

            category.ParentId = parentId;
            category.Name = entry.Name.Trim();
            category.Description = entry.Description?.Trim() ?? "";
            category.Position = position;
            var attributes = entry.Attributes ?? [];
            for (var a = 0; a < attributes.Length; a++)
            {
                var source = attributes[a];
                var attribute = category.Attributes.FirstOrDefault(x => x.Key == source.Key);
                if (attribute is null)
                {
                    attribute = new CategoryAttribute { Key = source.Key };
                    category.Attributes.Add(attribute);
                }

                attribute.Name = source.Name.Trim();
                attribute.Options = [.. source.Options.Select(o => o.Trim())];
                attribute.MultiSelect = source.MultiSelect;
                attribute.Required = source.Required;
                attribute.Position = a;
            }

            await db.SaveChangesAsync(cancellationToken);
            return category;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,79}$")]
    private static partial Regex SlugPattern();
}
