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
public sealed class SellersController(CatalogDb db, IImageStore images, TimeProvider clock) : Controller
{
    [HttpGet("sellers/{id}")]
    public async Task<IActionResult> Profile(string id, CancellationToken ct)
    {
        var profile = await db.Sellers.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == id, ct);
        if (profile is null)
        {
            return NotFound();
        }

        var rows = profile.VacationMode ? [] : await GigQueries.Visible(db).Where(g => g.SellerId == id).OrderByDescending(g => g.Id).ToListAsync(ct);
        var seller = new SellerDto(profile.UserId, profile.DisplayName, profile.VacationMode);
        return View(new SellerPage(profile, [.. rows.Select(g => GigQueries.Summary(g, seller))]));
    }

    [HttpGet("seller/profile")]
    [Authorize(Roles = Roles.Seller)]
    public async Task<IActionResult> Edit(CancellationToken ct) =>
        View(SellerProfileInput.From(await OwnProfileAsync(ct)));

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

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var profile = await OwnProfileAsync(ct);
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

        profile.DisplayName = input.DisplayName.Trim();
        profile.Tagline = input.Tagline?.Trim() ?? "";
        profile.Bio = input.Bio?.Trim() ?? "";
        profile.Skills = skills;
        profile.Languages = languages;
        profile.Country = string.IsNullOrEmpty(input.Country) ? null : input.Country;
        profile.VacationMode = input.VacationMode;
        await db.SaveChangesAsync(ct);
        TempData["Status"] = input.VacationMode ? "Profile saved. You are in vacation mode: your gigs are hidden." : "Profile saved.";
        return RedirectToAction(nameof(Edit));
    }

    /// <summary>The signed-in seller's profile, made on first visit from their account name.</summary>
    private Task<SellerProfile> OwnProfileAsync(CancellationToken ct) => SellerProfiles.EnsureAsync(
        db, User.FindFirstValue(ClaimTypes.NameIdentifier)!, User.FindFirstValue("display_name") ?? User.Identity!.Name!, clock, ct);
}
