using System.Text.Json;
using GigStore.Catalog.Data;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen.Taxonomy;

/// <summary>A subcategory gigs are generated in, as it is in the tenant's database.</summary>
internal sealed record GigCategory(int TopIndex, TopCategoryDef Top, SubcategoryDef Sub, int CategoryId, int? SubcategoryId, IReadOnlyList<CategoryAttribute> Attributes);

/// <summary>The tenant's categories after the generator's taxonomy was added, and what was added.</summary>
internal sealed record TaxonomyResult(List<Category> Categories, List<GigCategory> GigCategories, int Added, int Reused, List<string> Warnings);

/// <summary>
/// Adds the generator's categories and their attributes to Catalog_Categories and
/// Catalog_CategoryAttributes. A slug the tenant already has is reused as it is, attributes and all:
/// gigs in it get values of the tenant's attributes, so they pass the catalogue's rules.
/// </summary>
internal static class TaxonomyWriter
{
    public static TaxonomyResult Ensure(SqliteConnection connection, IReadOnlyList<TopCategoryDef> taxonomy)
    {
        var existing = Read(connection);
        var bySlug = existing.ToDictionary(c => c.Slug, StringComparer.Ordinal);
        int added = 0, reused = 0;
        using (var transaction = connection.BeginTransaction())
        {
            var topPosition = existing.Where(c => c.ParentId is null).Select(c => c.Position + 1).DefaultIfEmpty(0).Max();
            foreach (var top in taxonomy)
            {
                if (!bySlug.TryGetValue(top.Slug, out var parent))
                {
                    parent = Insert(connection, transaction, null, top.Slug, top.Name, top.Description, topPosition++, []);
                    bySlug[top.Slug] = parent;
                    added++;
                }
                else
                {
                    reused++;
                }

                var childPosition = bySlug.Values.Where(c => c.ParentId == parent.Id).Select(c => c.Position + 1).DefaultIfEmpty(0).Max();
                foreach (var sub in top.Subcategories)
                {
                    if (bySlug.ContainsKey(sub.Slug))
                    {
                        reused++;
                        continue;
                    }

                    bySlug[sub.Slug] = Insert(connection, transaction, parent.Id, sub.Slug, sub.Name, sub.Description, childPosition++, sub.Attributes);
                    added++;
                }
            }

            transaction.Commit();
        }

        var categories = Read(connection);
        var (gigCategories, warnings) = Resolve(taxonomy, categories);
        return new TaxonomyResult(categories, gigCategories, added, reused, warnings);
    }

    /// <summary>Where each subcategory's gigs go: its parent as the category, itself as the subcategory, the way the gigs recipe step places them.</summary>
    private static (List<GigCategory>, List<string>) Resolve(IReadOnlyList<TopCategoryDef> taxonomy, List<Category> categories)
    {
        var bySlug = categories.ToDictionary(c => c.Slug, StringComparer.Ordinal);
        var result = new List<GigCategory>();
        var warnings = new List<string>();
        for (var t = 0; t < taxonomy.Count; t++)
        {
            foreach (var sub in taxonomy[t].Subcategories)
            {
                var category = bySlug[sub.Slug];
                if (category.ParentId is null && categories.Any(c => c.ParentId == category.Id))
                {
                    warnings.Add($"'{sub.Slug}' is a top category with subcategories in this tenant: no gigs are generated in it.");
                    continue;
                }

                var parent = category.ParentId is { } parentId ? categories.First(c => c.Id == parentId) : null;
                var attributes = (parent?.Attributes ?? []).Concat(category.Attributes).ToList();
                result.Add(new GigCategory(t, taxonomy[t], sub, parent?.Id ?? category.Id, parent is null ? null : category.Id, attributes));
            }
        }

        return (result, warnings);
    }

    private static Category Insert(SqliteConnection connection, SqliteTransaction transaction, int? parentId, string slug, string name, string description, int position, AttributeDef[] attributes)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO "Catalog_Categories" ("ParentId", "Slug", "Name", "Description", "Position")
            VALUES ($parent, $slug, $name, $description, $position) RETURNING "Id";
            """;
        command.Parameters.AddWithValue("$parent", (object?)parentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$slug", slug);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$description", description);
        command.Parameters.AddWithValue("$position", position);
        var id = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        for (var a = 0; a < attributes.Length; a++)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO "Catalog_CategoryAttributes" ("CategoryId", "Key", "Name", "MultiSelect", "Required", "OptionsJson", "Position")
                VALUES ($category, $key, $name, $multi, $required, $options, $position);
                """;
            insert.Parameters.AddWithValue("$category", id);
            insert.Parameters.AddWithValue("$key", attributes[a].Key);
            insert.Parameters.AddWithValue("$name", attributes[a].Name);
            insert.Parameters.AddWithValue("$multi", attributes[a].MultiSelect);
            insert.Parameters.AddWithValue("$required", attributes[a].Required);
            insert.Parameters.AddWithValue("$options", JsonSerializer.Serialize(attributes[a].Options, JsonSerializerOptions.Web));
            insert.Parameters.AddWithValue("$position", a);
            insert.ExecuteNonQuery();
        }

        return new Category { Id = id, ParentId = parentId, Slug = slug, Name = name, Description = description, Position = position };
    }

    /// <summary>Every category with its attributes, as the catalogue's model has them.</summary>
    public static List<Category> Read(SqliteConnection connection)
    {
        var categories = new Dictionary<int, Category>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT "Id", "ParentId", "Slug", "Name", "Description", "Position" FROM "Catalog_Categories" ORDER BY "Id";""";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var category = new Category
                {
                    Id = reader.GetInt32(0),
                    ParentId = reader.IsDBNull(1) ? null : reader.GetInt32(1),
                    Slug = reader.GetString(2),
                    Name = reader.GetString(3),
                    Description = reader.GetString(4),
                    Position = reader.GetInt32(5),
                };
                categories[category.Id] = category;
            }
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT "Id", "CategoryId", "Key", "Name", "MultiSelect", "Required", "OptionsJson", "Position"
                FROM "Catalog_CategoryAttributes" ORDER BY "CategoryId", "Position", "Id";
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (categories.TryGetValue(reader.GetInt32(1), out var category))
                {
                    category.Attributes.Add(new CategoryAttribute
                    {
                        Id = reader.GetInt32(0),
                        CategoryId = category.Id,
                        Key = reader.GetString(2),
                        Name = reader.GetString(3),
                        MultiSelect = reader.GetBoolean(4),
                        Required = reader.GetBoolean(5),
                        Options = JsonSerializer.Deserialize<List<string>>(reader.GetString(6), JsonSerializerOptions.Web) ?? [],
                        Position = reader.GetInt32(7),
                    });
                }
            }
        }

        return [.. categories.Values];
    }
}
