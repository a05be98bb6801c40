using System.Security.Claims;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Media.Contracts;
using GigStore.Modules;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Sellers;

/// <summary>Seller profiles: the public page, and the seller's own form.</summary>
[RequireFeatures(CatalogFeatures.Gigs)]
public sealed class SellersController(CatalogDb db, IImageStore images, TimeProvider clock, ISellerPresence presence) : Controller
{
    [HttpGet("sellers/{handle}")]
    public async Task<IActionResult> Profile(string handle, CancellationToken ct)
    {
        var profile = await db.Sellers.AsNoTracking().FirstOrDefaultAsync(s => s.Handle == handle, ct);
        if (profile is null)
        {
            var current = await CurrentHandleAsync(handle, ct);
            return current is null ? NotFound() : RedirectPermanent($"{Request.PathBase}/sellers/{current}{Request.QueryString}");
        }

        var rows = profile.VacationMode ? [] : await GigQueries.Cards(db).Where(g => g.SellerId == profile.UserId).OrderByDescending(g => g.Id).ToListAsync(ct);
        return View(new SellerPage(profile, [.. rows.Select(g => g.ToSummary())]) { Online = (await presence.OnlineSellersAsync(ct)).Contains(profile.UserId) });
    }

    [HttpGet("seller/profile")]
    [Authorize(Roles = Roles.Seller)]
    public async Task<IActionResult> Edit(CancellationToken ct)
    {
        var profile = await OwnProfileAsync(ct);
        var input = SellerProfileInput.From(profile);
        input.ProfileHandle = profile.Handle;
        return View(input);
    }

    [HttpPost("seller/profile")]
    [Authorize(Roles = Roles.Seller)]
    [RequestSizeLimit(11 * 1024 * 1024)]
    public async Task<IActionResult> Edit(SellerProfileInput input, CancellationToken ct)
    {
        var (skills, languages, errors) = input.Parse();
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        var profile = await OwnProfileAsync(ct);
        input.ProfileHandle = profile.Handle;

        // An empty field binds as null, which [Required] has reported already.
        var handle = input.Handle?.Trim().ToLowerInvariant() ?? "";
        if (handle.Length > 0 && SellerHandles.Problem(handle) is { } problem)
        {
            ModelState.AddModelError(nameof(input.Handle), problem);
        }
        else if (handle.Length > 0 && !await SellerHandles.IsFreeAsync(db, handle, profile.UserId, ct))
        {
            ModelState.AddModelError(nameof(input.Handle), $"\"{handle}\" is taken. Choose another handle.");
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        if (input.Avatar is { } upload)
        {
            await using var stream = upload.OpenReadStream();
            var result = await images.UploadAsync(stream, upload.Length, profile.UserId, ct);
            if (result.Image is not { } image)
            {
                ModelState.AddModelError(nameof(input.Avatar), result.Rejection!.Message);
                return View(input);
            }

            profile.Avatar = new GalleryImage(image.Id, image.Width, image.Height, [.. image.Widths]);
        }

        await SellerHandles.ChangeAsync(db, profile, handle, ct);
        profile.DisplayName = input.DisplayName.Trim();
        profile.Tagline = input.Tagline?.Trim() ?? "";
        profile.Bio = input.Bio?.Trim() ?? "";
        profile.Skills = skills;
        profile.Languages = languages;
        profile.Country = string.IsNullOrEmpty(input.Country) ? null : input.Country;
        profile.VacationMode = input.VacationMode;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await SellerHandles.IsFreeAsync(db, handle, profile.UserId, ct))
            {
                throw;
            }

            // Another seller took the handle between the check and the save.
            ModelState.AddModelError(nameof(input.Handle), $"\"{handle}\" is taken. Choose another handle.");
            return View(input);
        }

        TempData["Status"] = input.VacationMode ? "Profile saved. You are in vacation mode: your gigs are hidden." : "Profile saved.";
        return RedirectToAction(nameof(Edit));
    }

    /// <summary>
    /// Where an old address of a profile points now: the handle in other letter case, a handle the
    /// seller had before, or the account id that profile addresses used before handles.
    /// </summary>
    private async Task<string?> CurrentHandleAsync(string key, CancellationToken ct)
    {
        var lower = key.ToLowerInvariant();
        return await db.Sellers.Where(s => s.Handle == lower || s.UserId == key).Select(s => s.Handle).FirstOrDefaultAsync(ct)
            ?? await db.SellerHandles.Where(h => h.Handle == lower).Join(db.Sellers, h => h.UserId, s => s.UserId, (h, s) => s.Handle).FirstOrDefaultAsync(ct);
    }

    /// <summary>The signed-in seller's profile, made on first visit from their account name.</summary>
    private Task<SellerProfile> OwnProfileAsync(CancellationToken ct) => SellerProfiles.EnsureAsync(
        db, User.FindFirstValue(ClaimTypes.NameIdentifier)!, User.FindFirstValue("display_name") ?? User.Identity!.Name!, clock, ct);
}
