using System.Security.Claims;
using System.Text.Json;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Sellers;
using GigStore.Tenants;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Catalog.Gigs;

public sealed record PriceDto(long Minor, string Currency, string Formatted)
{
    public static PriceDto Of(GigStore.Commerce.Money money) => new(money.Minor, money.Currency, money.Format());

    public static PriceDto Of(long minor, string currency) => Of(new GigStore.Commerce.Money(minor, currency));
}

/// <summary>A gig's seller: <see cref="Handle"/> names their profile page, /sellers/{handle}.</summary>
public sealed record SellerDto(string Id, string Handle, string DisplayName, bool OnVacation);

public sealed record GigSummaryDto(int Id, string Slug, string Title, SellerDto Seller, int? CategoryId, int? SubcategoryId, PriceDto? StartingPrice, int? MinDeliveryDays, GalleryImage? Cover);

public sealed record GigDto(int Id, string Slug, string Title, SellerDto Seller, GigContent Content, DateTimeOffset? PublishedUtc);

public sealed record GigPageDto(IReadOnlyList<GigSummaryDto> Items, int Page, int PageSize, int Total);

/// <summary>A seller's own gig: <see cref="DraftSubmittedUtc"/> is set while edits to a live gig wait for review.</summary>
public sealed record SellerGigDto(int Id, string Slug, string State, string? RejectionReason, GigContent? Draft, GigContent? Live, IReadOnlyList<string> AllowedActions, int Version, DateTimeOffset? DraftSubmittedUtc);

public sealed record RejectRequest(string? Reason);

internal static class GigEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var gigs = routes.MapGroup("/api/gigs").WithTags("Gigs");
        gigs.MapGet("/", ListPublished).WithName("Catalog.ListGigs").AllowAnonymous();
        gigs.MapGet("/{slug}", GetPublished).WithName("Catalog.GetGig").AllowAnonymous();

        var seller = routes.MapGroup("/api/seller/gigs").WithTags("Seller gigs")
            .RequireAuthorization(p => p.RequireRole(Roles.Seller)).DisableAntiforgery()
            .AddEndpointFilter(async (context, next) =>
            {
                await context.HttpContext.RequestServices.GetRequiredService<SellerActivity>().SeenAsync(context.HttpContext);
                return await next(context);
            });
        seller.MapGet("/", ListOwn).WithName("Catalog.ListOwnGigs");
        seller.MapPost("/", Create).WithName("Catalog.CreateGig");
        seller.MapGet("/{id:int}", GetOwn).WithName("Catalog.GetOwnGig");
        seller.MapPut("/{id:int}", Update).WithName("Catalog.UpdateGig");
        seller.MapPost("/{id:int}/{action:regex(^(publish|pause|resume|archive)$)}", Act).WithName("Catalog.ChangeGigState");

        var admin = routes.MapGroup("/api/admin/gigs").WithTags("Gig moderation")
            .RequireAuthorization(p => p.RequireRole(Roles.Administrator)).DisableAntiforgery();
        admin.MapPost("/{id:int}/approve", (int id, CatalogDb db, GigService gigs, CancellationToken ct) => Moderate(id, GigAction.Approve, null, db, gigs, ct))
            .WithName("Catalog.ApproveGig");
        admin.MapPost("/{id:int}/reject", (int id, RejectRequest body, CatalogDb db, GigService gigs, CancellationToken ct) => Moderate(id, GigAction.Reject, body.Reason, db, gigs, ct))
            .WithName("Catalog.RejectGig");
        admin.MapPost("/{id:int}/pause", (int id, CatalogDb db, GigService gigs, CancellationToken ct) => Moderate(id, GigAction.Pause, null, db, gigs, ct))
            .WithName("Catalog.PauseGigAsAdmin");
    }

    /// <summary>Published gigs of sellers who are not on vacation, newest first; optionally in a category (or subcategory) by slug.</summary>
    private static async Task<Results<Ok<GigPageDto>, ProblemHttpResult>> ListPublished(string? category, int? page, int? pageSize, CatalogDb db, CategoryCache categories, ITenantAccessor tenants, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize ?? 24, 1, 100);
        var number = Math.Max(page ?? 1, 1);
        var query = GigQueries.Cards(db);
        if (!string.IsNullOrEmpty(category))
        {
            var found = (await categories.GetAsync(tenants.Tenant, db, ct)).Find(category);
            if (found is null)
            {
                return TypedResults.Problem(title: "Unknown category", detail: $"There is no category '{category}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            query = query.Where(g => g.CategoryId == found.Id || g.SubcategoryId == found.Id);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(g => g.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new GigPageDto([.. rows.Select(g => g.ToSummary())], number, size, total));
    }

    private static async Task<Results<Ok<GigDto>, RedirectHttpResult, NotFound>> GetPublished(string slug, CatalogDb db, HttpContext http, CancellationToken ct)
    {
        var (gig, moved) = await GigQueries.FindBySlugAsync(db, slug, ct);
        if (gig is null)
        {
            return moved is null ? TypedResults.NotFound() : TypedResults.Redirect($"{http.Request.PathBase}/api/gigs/{moved}", permanent: true);
        }

        return TypedResults.Ok(new GigDto(gig.Id, gig.Slug, gig.Title, gig.Seller, GigContent.FromJson(gig.LiveJson), gig.PublishedUtc));
    }

    private static async Task<Ok<List<SellerGigDto>>> ListOwn(ClaimsPrincipal user, CatalogDb db, ITenantAccessor tenants, CancellationToken ct)
    {
        var id = UserId(user);
        var gigs = await db.Gigs.AsNoTracking().Where(g => g.SellerId == id && g.State != GigState.Archived).OrderByDescending(g => g.Id).ToListAsync(ct);
        return TypedResults.Ok(gigs.Select(g => Own(g, tenants)).ToList());
    }

    private static async Task<Results<Created<SellerGigDto>, ValidationProblem, ProblemHttpResult>> Create(HttpRequest request, ClaimsPrincipal user, GigService gigs, ITenantAccessor tenants, CancellationToken ct)
    {
        var (content, problem) = await ReadAsync(request, ct);
        if (content is null)
        {
            return problem!;
        }

        var result = await gigs.CreateAsync(UserId(user), user.FindFirstValue("display_name") ?? user.Identity?.Name ?? "Seller", content, ct);
        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The gig has errors");
        }

        return TypedResults.Created($"{request.PathBase}/api/seller/gigs/{result.Gig!.Id}", Own(result.Gig, tenants));
    }

    private static async Task<Results<Ok<SellerGigDto>, NotFound>> GetOwn(int id, ClaimsPrincipal user, CatalogDb db, ITenantAccessor tenants, CancellationToken ct) =>
        await FindOwnAsync(id, user, db, ct) is { } gig ? TypedResults.Ok(Own(gig, tenants)) : TypedResults.NotFound();

    private static async Task<Results<Ok<SellerGigDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(int id, HttpRequest request, ClaimsPrincipal user, CatalogDb db, GigService gigs, ITenantAccessor tenants, CancellationToken ct)
    {
        var gig = await FindOwnAsync(id, user, db, ct);
        if (gig is null)
        {
            return TypedResults.NotFound();
        }

        var (content, problem) = await ReadAsync(request, ct);
        if (content is null)
        {
            return problem!;
        }

        return Outcome(await gigs.SaveDraftAsync(gig, content, ct), tenants);
    }

    private static async Task<Results<Ok<SellerGigDto>, NotFound, ValidationProblem, ProblemHttpResult>> Act(int id, string action, ClaimsPrincipal user, CatalogDb db, GigService gigs, ITenantAccessor tenants, CancellationToken ct)
    {
        var gig = await FindOwnAsync(id, user, db, ct);
        return gig is null ? TypedResults.NotFound() : Outcome(await gigs.ApplyAsync(gig, Enum.Parse<GigAction>(action, ignoreCase: true), GigActor.Owner, null, ct), tenants);
    }

    private static async Task<Results<Ok<SellerGigDto>, NotFound, ValidationProblem, ProblemHttpResult>> Moderate(int id, GigAction action, string? reason, CatalogDb db, GigService gigs, CancellationToken ct)
    {
        var gig = await db.Gigs.FirstOrDefaultAsync(g => g.Id == id, ct);
        return gig is null ? TypedResults.NotFound() : Outcome(await gigs.ApplyAsync(gig, action, GigActor.Administrator, reason, ct), null);
    }

    private static Results<Ok<SellerGigDto>, NotFound, ValidationProblem, ProblemHttpResult> Outcome(GigResult result, ITenantAccessor? tenants)
    {
        if (result.Conflict is { } conflict)
        {
            return TypedResults.Problem(title: "The gig cannot change that way now", detail: conflict, statusCode: StatusCodes.Status409Conflict);
        }

        if (result.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The gig has errors");
        }

        return TypedResults.Ok(Own(result.Gig!, tenants));
    }

    /// <summary>The request body as gig content; bad JSON is a 400 that names where it went wrong.</summary>
    private static async Task<(GigContent? Content, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(title: "Send the gig as JSON", detail: "Use Content-Type application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        try
        {
            var content = await JsonSerializer.DeserializeAsync<GigContent>(request.Body, GigContent.Json, ct);
            return content is null
                ? (null, TypedResults.Problem(title: "The body is empty", statusCode: StatusCodes.Status400BadRequest))
                : (content, null);
        }
        catch (JsonException ex)
        {
            var at = ex.Path is { Length: > 1 } path ? $" at {path.TrimStart('$', '.')}" : "";
            return (null, TypedResults.Problem(title: "The gig is not valid JSON", detail: $"{ex.Message.Split(" Path:")[0]}{at}", statusCode: StatusCodes.Status400BadRequest));
        }
    }

    private static Task<Gig?> FindOwnAsync(int id, ClaimsPrincipal user, CatalogDb db, CancellationToken ct)
    {
        var owner = UserId(user);
        return db.Gigs.FirstOrDefaultAsync(g => g.Id == id && g.SellerId == owner, ct);
    }

    private static SellerGigDto Own(Gig gig, ITenantAccessor? tenants)
    {
        var moderated = tenants?.Tenant.IsFeatureEnabled(CatalogFeatures.Moderation) ?? false;
        return new SellerGigDto(
            gig.Id,
            gig.Slug,
            gig.State.ToString(),
            gig.RejectionReason,
            gig.DraftJson is null ? null : GigContent.FromJson(gig.DraftJson),
            gig.LiveJson is null ? null : GigContent.FromJson(gig.LiveJson),
            [.. GigLifecycle.Allowed(gig, GigActor.Owner, moderated).Select(a => a.ToString().ToLowerInvariant())],
            gig.Version,
            gig.DraftSubmittedUtc);
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No user id.");
}
