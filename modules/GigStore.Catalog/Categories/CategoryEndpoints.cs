using GigStore.Catalog.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GigStore.Tenants;

namespace GigStore.Catalog.Categories;

public sealed record AttributeDto(string Key, string Name, bool MultiSelect, bool Required, IReadOnlyList<string> Options);

public sealed record CategoryDto(int Id, string Slug, string Name, string Description, IReadOnlyList<AttributeDto> Attributes, IReadOnlyList<CategoryDto> Subcategories);

internal static class CategoryEndpoints
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/categories", ListAsync).WithTags("Categories").WithName("Catalog.ListCategories").AllowAnonymous();

    private static async Task<Ok<List<CategoryDto>>> ListAsync(CatalogDb db, CategoryCache categories, ITenantAccessor tenants, CancellationToken ct)
    {
        var tree = await categories.GetAsync(tenants.Tenant, db, ct);
        CategoryDto Dto(CategoryNode c) => new(
            c.Id,
            c.Slug,
            c.Name,
            c.Description,
            [.. c.Attributes.Select(a => new AttributeDto(a.Key, a.Name, a.MultiSelect, a.Required, a.Options))],
            [.. tree.Children(c.Id).Select(Dto)]);
        return TypedResults.Ok(tree.Top.Select(Dto).ToList());
    }
}
