using GigStore.Catalog.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Categories;

public sealed record AttributeDto(string Key, string Name, bool MultiSelect, bool Required, IReadOnlyList<string> Options);

public sealed record CategoryDto(int Id, string Slug, string Name, string Description, IReadOnlyList<AttributeDto> Attributes, IReadOnlyList<CategoryDto> Subcategories);

internal static class CategoryEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/categories", ListAsync).WithTags("Categories").WithName("Catalog.ListCategories").AllowAnonymous();

    private static async Task<Ok<List<CategoryDto>>> ListAsync(CatalogDb db, CancellationToken ct)
    {
        var all = await db.Categories.AsNoTracking().Include(c => c.Attributes).ToListAsync(ct);
        CategoryDto Dto(Category c) => new(
            c.Id,
            c.Slug,
            c.Name,
            c.Description,
            [.. c.Attributes.OrderBy(a => a.Position).Select(a => new AttributeDto(a.Key, a.Name, a.MultiSelect, a.Required, a.Options))],
            [.. all.Where(s => s.ParentId == c.Id).OrderBy(s => s.Position).Select(Dto)]);
        return TypedResults.Ok(all.Where(c => c.ParentId is null).OrderBy(c => c.Position).Select(Dto).ToList());
    }
}
