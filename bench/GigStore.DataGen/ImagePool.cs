using System.Text.Json;
using GigStore.Catalog.Gigs;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen;

/// <summary>An image the tenant already stores, and the cover column a gig with it first would have.</summary>
internal sealed record PoolImage(GalleryImage Image, string CoverJson);

/// <summary>
/// Images the tenant already has, for generated galleries, so cards and gig pages show pictures without
/// any upload: those in the galleries of existing gigs whose seller recorded them in Media_ImageOwners
/// (the marketplace recipe's demo images), grouped by the gigs' top category.
/// </summary>
internal sealed class ImagePool
{
    private readonly Dictionary<int, List<PoolImage>> _byCategory;

    private ImagePool(List<PoolImage> all, Dictionary<int, List<PoolImage>> byCategory)
    {
        All = all;
        _byCategory = byCategory;
    }

    public IReadOnlyList<PoolImage> All { get; }

    /// <summary>The images of gigs in this top category, or all of them when it has none.</summary>
    public IReadOnlyList<PoolImage> For(int categoryId) => _byCategory.TryGetValue(categoryId, out var images) ? images : All;

    public static ImagePool Load(SqliteConnection connection)
    {
        // Only gigs of sellers who uploaded images: generated sellers own none, so a second run does not scan a million documents.
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT g."CategoryId", j.value
            FROM "Catalog_Gigs" g, json_each(COALESCE(g."LiveJson", g."DraftJson"), '$.gallery') j
            WHERE g."SellerId" IN (SELECT "OwnerId" FROM "Media_ImageOwners")
              AND json_extract(j.value, '$.id') IN (SELECT "ImageId" FROM "Media_ImageOwners")
            ORDER BY g."Id", j.key;
            """;
        var all = new List<PoolImage>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var byCategory = new Dictionary<int, List<PoolImage>>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var image = JsonSerializer.Deserialize<GalleryImage>(reader.GetString(1), JsonSerializerOptions.Web);
            if (image is null || image.Widths is not { Length: > 0 })
            {
                continue;
            }

            var pooled = new PoolImage(image, JsonSerializer.Serialize(image, JsonSerializerOptions.Web));
            if (ids.Add(image.Id))
            {
                all.Add(pooled);
            }

            if (!reader.IsDBNull(0))
            {
                var list = byCategory.TryGetValue(reader.GetInt32(0), out var found) ? found : byCategory[reader.GetInt32(0)] = [];
                if (list.All(p => p.Image.Id != image.Id))
                {
                    list.Add(pooled);
                }
            }
        }

        return new ImagePool(all, byCategory);
    }
}
