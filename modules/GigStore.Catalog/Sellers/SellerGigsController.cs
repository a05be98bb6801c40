using System.Security.Claims;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Modules;
using GigStore.Tenants;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Sellers;

public sealed record SellerGigRow(Gig Gig, IReadOnlyList<GigAction> Actions, bool HasUnpublishedChanges);

/// <summary>The seller's list of their own gigs, with the lifecycle actions their state allows.</summary>
[RequireFeatures(CatalogFeatures.Gigs)]
[Authorize(Roles = Roles.Seller)]
[Route("seller/gigs")]
public sealed class SellerGigsController(CatalogDb db, GigService gigs, ITenantAccessor tenants) : Controller
{
    private string SellerId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var moderated = tenants.Tenant.IsFeatureEnabled(CatalogFeatures.Moderation);
        var own = await db.Gigs.AsNoTracking().Where(g => g.SellerId == SellerId && g.State != GigState.Archived).OrderByDescending(g => g.Id).ToListAsync(ct);
        var rows = own.Select(g => new SellerGigRow(g, [.. GigLifecycle.Allowed(g, GigActor.Owner, moderated)], g.DraftJson is not null && g.LiveJson is not null)).ToList();
        return View(rows);
    }

    [HttpPost("{id:int}/{change:regex(^(publish|pause|resume|archive)$)}")]
    public async Task<IActionResult> Act(int id, string change, CancellationToken ct)
    {
        var gig = await db.Gigs.FirstOrDefaultAsync(g => g.Id == id && g.SellerId == SellerId, ct);
        if (gig is null)
        {
            return NotFound();
        }

        var result = await gigs.ApplyAsync(gig, Enum.Parse<GigAction>(change, ignoreCase: true), GigActor.Owner, null, ct);
        if (result.Succeeded)
        {
            TempData["Status"] = $"'{gig.Title}' is now {Describe(gig.State, gig.DraftSubmittedUtc is not null).ToLowerInvariant()}.";
        }
        else
        {
            TempData["Error"] = result.Conflict ?? $"'{gig.Title}' cannot be published yet: " + string.Join(" ", result.Errors.SelectMany(e => e.Value));
        }

        return RedirectToAction(nameof(Index));
    }

    public static string Describe(GigState state, bool changesInReview = false) => state switch
    {
        GigState.PendingReview => "Waiting for review",
        GigState.Published when changesInReview => "Live · changes waiting for review",
        GigState.Paused when changesInReview => "Paused · changes waiting for review",
        GigState.Published => "Live",
        GigState.Draft => "Draft",
        GigState.Rejected => "Not approved",
        GigState.Paused => "Paused",
        _ => "Archived",
    };
}
