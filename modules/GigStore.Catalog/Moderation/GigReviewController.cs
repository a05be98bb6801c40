using System.Text.Json;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Catalog.Moderation;

/// <summary>A gig waiting for review: a new gig, or edits to a live one.</summary>
public sealed record ReviewItem(Gig Gig, string SellerName, bool IsEdit, DateTimeOffset SubmittedUtc);

/// <summary>What the administrator reviews: the content submitted, what changed from the live version, and the seller.</summary>
public sealed record ReviewPage(ReviewItem Item, GigContent Content, string DescriptionHtml, IReadOnlyList<string> Changed, IReadOnlyList<Category> Categories, string? ReasonError = null, string? Reason = null);

/// <summary>
/// The administrator's review queue (with the Moderation feature): new gigs and edits to live gigs,
/// oldest first; each can be read in full and approved, or rejected with a reason the seller sees.
/// </summary>
[Admin]
[RequireFeatures(CatalogFeatures.Moderation)]
[Route("admin/gigs/review")]
public sealed class GigReviewController(CatalogDb db, GigService gigs) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await QueueAsync(db, ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Review(int id, CancellationToken ct)
    {
        var page = await PageAsync(id, ct);
        return page is null ? NotFound() : View(page);
    }

    [HttpPost("{id:int}/approve")]
    public async Task<IActionResult> Approve(int id, CancellationToken ct) => await DecideAsync(id, GigAction.Approve, null, ct);

    [HttpPost("{id:int}/reject")]
    public async Task<IActionResult> Reject(int id, string? reason, CancellationToken ct) => await DecideAsync(id, GigAction.Reject, reason, ct);

    /// <summary>Gigs waiting for review (or just the one with <paramref name="id"/>), oldest submission first.</summary>
    public static async Task<List<ReviewItem>> QueueAsync(CatalogDb db, CancellationToken ct, int? id = null)
    {
        var waiting = await db.Gigs.AsNoTracking()
            .Where(g => g.State == GigState.PendingReview || (g.DraftSubmittedUtc != null && (g.State == GigState.Published || g.State == GigState.Paused)))
            .Where(g => id == null || g.Id == id)
            .ToListAsync(ct);
        var ids = waiting.Select(g => g.SellerId).Distinct().ToList();
        var names = await db.Sellers.AsNoTracking().Where(s => ids.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, s => s.DisplayName, ct);
        return [.. waiting
            .Select(g => new ReviewItem(g, names.GetValueOrDefault(g.SellerId) ?? "Seller", g.State != GigState.PendingReview, g.DraftSubmittedUtc ?? g.UpdatedUtc))
            .OrderBy(i => i.SubmittedUtc)];
    }

    private async Task<IActionResult> DecideAsync(int id, GigAction action, string? reason, CancellationToken ct)
    {
        var gig = await db.Gigs.FirstOrDefaultAsync(g => g.Id == id, ct);
        if (gig is null)
        {
            return NotFound();
        }

        var result = await gigs.ApplyAsync(gig, action, GigActor.Administrator, reason, ct);
        if (result.Errors.TryGetValue("reason", out var reasonErrors))
        {
            var page = await PageAsync(id, ct);
            return page is null ? NotFound() : View("Review", page with { ReasonError = string.Join(" ", reasonErrors), Reason = reason });
        }

        if (result.Succeeded)
        {
            TempData["Status"] = action == GigAction.Approve ? $"'{gig.Title}' is approved and live." : $"'{gig.Title}' is sent back to the seller.";
        }
        else
        {
            TempData["Error"] = result.Conflict ?? $"'{gig.Title}' cannot be approved as it is: " + string.Join(" ", result.Errors.SelectMany(e => e.Value));
        }

        return Redirect(Url.Content("~/admin/gigs/review"));
    }

    private async Task<ReviewPage?> PageAsync(int id, CancellationToken ct)
    {
        var item = (await QueueAsync(db, ct, id)).SingleOrDefault();
        if (item is null || GigService.CurrentContent(item.Gig) is not { } content)
        {
            return null;
        }

        var live = item.IsEdit && item.Gig.LiveJson is { } json ? GigContent.FromJson(json) : null;
        return new ReviewPage(
            item,
            content,
            GigMarkdown.Render(content.Description),
            live is null ? [] : Changes(live, content),
            await gigs.CategoriesAsync(ct));
    }

    /// <summary>The parts of the gig that differ between the live version and the submitted one.</summary>
    public static IReadOnlyList<string> Changes(GigContent live, GigContent submitted)
    {
        var before = JsonSerializer.SerializeToElement(live, GigContent.Json);
        var after = JsonSerializer.SerializeToElement(submitted, GigContent.Json);
        return [.. before.EnumerateObject()
            .Where(p => !JsonElement.DeepEquals(p.Value, after.GetProperty(p.Name)))
            .Select(p => Label(p.Name))
            .Distinct()];
    }

    private static string Label(string property) => property switch
    {
        "title" => "Title",
        "categoryId" or "subcategoryId" => "Category",
        "attributes" => "Category options",
        "tags" => "Search tags",
        "description" => "Description",
        "faq" => "FAQ",
        "requirements" => "Requirements",
        "gallery" => "Gallery",
        "packageFeatures" or "packages" => "Packages",
        "extras" => "Extras",
        _ => "Currency",
    };
}

[RequireFeatures(CatalogFeatures.Moderation)]
internal sealed class ModerationStartup : StartupBase
{
    public override void ConfigureServices(IServiceCollection services) =>
        services.AddScoped<INavigationProvider, ModerationNavigation>();
}

internal sealed class ModerationNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Admin)
        {
            builder.Add("Gig reviews", "/admin/gigs/review", 300, Roles.Administrator);
        }
    }
}
