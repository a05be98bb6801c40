using System.Security.Claims;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Storefront;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Media.Contracts;
using GigStore.Modules;
using GigStore.Tenants;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Sellers;

/// <summary>
/// The seller's gig editor: one form per step (overview, pricing, description and FAQ, requirements,
/// gallery, publish). Each step saves the draft through <see cref="GigService"/> with the same rules as
/// the API; errors show beside the fields with what the seller typed. A seller reaches only their own gigs.
/// </summary>
[RequireFeatures(CatalogFeatures.Gigs)]
[Authorize(Roles = Roles.Seller)]
[Route("seller/gigs")]
public sealed class GigEditorController(CatalogDb db, GigService gigs, IImageStore images, ITenantAccessor tenants) : Controller
{
    private const int MaxGallery = 6;

    private string SellerId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private bool Moderated => tenants.Tenant.IsFeatureEnabled(CatalogFeatures.Moderation);

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) =>
        View("Edit", await PageAsync(null, new GigContent(), GigEditorSteps.Get(EditorStep.Overview), null, ct));

    [HttpPost("new")]
    public async Task<IActionResult> Create(CancellationToken ct)
    {
        if (!Request.HasFormContentType)
        {
            return BadRequest();
        }

        var step = GigEditorSteps.Get(EditorStep.Overview);
        var form = GigEditorForm.Read(EditorStep.Overview, new GigContent(), Request.Form, await gigs.CategoriesAsync(ct));
        if (!form.HasErrors)
        {
            var result = await gigs.CreateAsync(SellerId, User.FindFirstValue("display_name") ?? User.Identity!.Name!, form.Content, ct);
            if (result.Succeeded)
            {
                TempData["Status"] = "Your gig is saved as a draft. Next, set its prices.";
                return Redirect(Url.Content($"~/seller/gigs/{result.Gig!.Id}/edit/pricing"));
            }

            form.AddContentErrors(result.Errors);
        }

        return View("Edit", await PageAsync(null, form.Content, step, form, ct));
    }

    [HttpGet("{id:int}/edit")]
    public IActionResult Start(int id) => Redirect(Url.Content($"~/seller/gigs/{id}/edit/overview"));

    [HttpGet("{id:int}/edit/{step}")]
    public async Task<IActionResult> Edit(int id, string step, CancellationToken ct)
    {
        var gig = await OwnAsync(id, ct);
        var info = GigEditorSteps.BySlug(step);
        if (gig is null || info is null)
        {
            return NotFound();
        }

        return View(await PageAsync(gig, GigService.CurrentContent(gig)!, info, null, ct));
    }

    [HttpPost("{id:int}/edit/{step:regex(^(overview|pricing|description|requirements)$)}")]
    public async Task<IActionResult> Save(int id, string step, int version, CancellationToken ct)
    {
        var gig = await OwnAsync(id, ct);
        if (gig is null)
        {
            return NotFound();
        }

        if (!Request.HasFormContentType)
        {
            return BadRequest();
        }

        var info = GigEditorSteps.BySlug(step)!;
        var form = GigEditorForm.Read(info.Step, GigService.CurrentContent(gig)!, Request.Form, await gigs.CategoriesAsync(ct));
        if (version != gig.Version)
        {
            // Saved from another window meanwhile: show what was typed here next to a warning; saving again overwrites.
            var page = await PageAsync(gig, form.Content, info, form, ct);
            return View("Edit", page with { Errors = new Dictionary<string, string[]>(page.Errors) { [""] = [StaleMessage] } });
        }

        if (!form.HasErrors)
        {
            var result = await gigs.SaveDraftAsync(gig, form.Content, ct);
            if (result.Conflict is { } conflict)
            {
                TempData["Error"] = conflict;
                return Redirect(Url.Content("~/seller/gigs"));
            }

            if (result.Succeeded)
            {
                TempData["Status"] = result.Notice ?? $"{info.Title} saved.";
                return Redirect(Url.Content($"~/seller/gigs/{gig.Id}/edit/{GigEditorSteps.Next(info.Step)!.Slug}"));
            }

            form.AddContentErrors(result.Errors);
        }

        return View("Edit", await PageAsync(gig, form.Content, info, form, ct));
    }

    /// <summary>The gig page as buyers would see it with the seller's unpublished content (not indexed, not linked to checkout).</summary>
    [HttpGet("{id:int}/preview")]
    public async Task<IActionResult> Preview(int id, PackageTier? package, [FromQuery] int[]? extras, [FromServices] CategoryCache categories, CancellationToken ct)
    {
        var gig = await OwnAsync(id, ct);
        if (gig is null)
        {
            return NotFound();
        }

        var content = GigService.CurrentContent(gig)!;
        if (content.Packages.Length == 0)
        {
            TempData["Error"] = "Add at least one package to preview the gig.";
            return Redirect(Url.Content($"~/seller/gigs/{gig.Id}/edit/pricing"));
        }

        var profile = await db.Sellers.AsNoTracking().FirstAsync(s => s.UserId == gig.SellerId, ct);
        var row = new GigPageRow(gig.Id, gig.Slug, content.Title, content.CategoryId, content.SubcategoryId, gig.Version, gig.PublishedUtc, content.ToJson(), new SellerDto(gig.SellerId, profile.Handle, profile.DisplayName, profile.VacationMode));
        var tree = await categories.GetAsync(tenants.Tenant, db, ct);
        ViewData["Preview"] = $"/seller/gigs/{gig.Id}/preview";
        return View("~/Areas/GigStore.Catalog/Views/Storefront/Gig.cshtml", GigPage.For(row, content, GigMarkdown.Render(content.Description), tree, package, extras, []));
    }

    /// <summary>Uploads images to the gallery, or reorders / removes one (the first image is the cover).</summary>
    [HttpPost("{id:int}/edit/gallery")]
    [RequestSizeLimit(MaxGallery * 10 * 1024 * 1024 + 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxGallery * 10 * 1024 * 1024 + 1024 * 1024)]
    public Task<IActionResult> Gallery(int id, int version, string? change, CancellationToken ct) =>
        WithCurrentAsync(id, version, EditorStep.Gallery, gig => ChangeGalleryAsync(gig, change, ct), ct);

    private async Task<IActionResult> ChangeGalleryAsync(Gig gig, string? change, CancellationToken ct)
    {
        var content = GigService.CurrentContent(gig)!;
        var gallery = content.Gallery.ToList();
        var problems = new List<string>();
        var (verb, imageId) = (change ?? "upload").Split(':', 2) is [var v, var i] ? (v, i) : (change ?? "upload", "");
        var index = gallery.FindIndex(g => g.Id == imageId);
        switch (verb)
        {
            case "upload" when Request.HasFormContentType:
                var files = Request.Form.Files.GetFiles("images");
                if (files.Count == 0)
                {
                    problems.Add("Choose one or more images to upload.");
                }

                foreach (var file in files)
                {
                    if (gallery.Count >= MaxGallery)
                    {
                        problems.Add($"{file.FileName}: a gallery holds at most {MaxGallery} images; remove one first.");
                        continue;
                    }

                    await using var stream = file.OpenReadStream();
                    var upload = await images.UploadAsync(stream, file.Length, gig.SellerId, ct);
                    if (upload.Image is { } image)
                    {
                        if (gallery.All(g => g.Id != image.Id))
                        {
                            gallery.Add(new GalleryImage(image.Id, image.Width, image.Height, [.. image.Widths]));
                        }
                    }
                    else
                    {
                        problems.Add($"{file.FileName}: {upload.Rejection!.Message}");
                    }
                }

                break;
            case "cover" when index > 0:
                gallery.Insert(0, gallery[index]);
                gallery.RemoveAt(index + 1);
                break;
            case "up" when index > 0:
                (gallery[index - 1], gallery[index]) = (gallery[index], gallery[index - 1]);
                break;
            case "down" when index >= 0 && index < gallery.Count - 1:
                (gallery[index + 1], gallery[index]) = (gallery[index], gallery[index + 1]);
                break;
            case "remove" when index >= 0:
                gallery.RemoveAt(index);
                break;
            default:
                return BadRequest();
        }

        var updated = content with { Gallery = [.. gallery] };
        var changed = !updated.Gallery.Select(g => g.Id).SequenceEqual(content.Gallery.Select(g => g.Id));
        var result = changed ? await gigs.SaveDraftAsync(gig, updated, ct) : null;
        if (result is { Conflict: { } conflict })
        {
            TempData["Error"] = conflict;
            return Redirect(Url.Content("~/seller/gigs"));
        }

        if (result is { Succeeded: false })
        {
            problems.AddRange(result.Errors.SelectMany(e => e.Value));
        }

        if (problems.Count > 0)
        {
            var page = await PageAsync(gig, result is { Succeeded: true } ? updated : content, GigEditorSteps.Get(EditorStep.Gallery), null, ct);
            return View("Edit", page with { Errors = new Dictionary<string, string[]> { ["images"] = [.. problems] } });
        }

        TempData["Status"] = result?.Notice ?? (verb == "upload" ? "Images added." : "Gallery saved.");
        return Redirect(Url.Content($"~/seller/gigs/{gig.Id}/edit/gallery"));
    }

    /// <summary>Publishes the gig (or submits it for review when the storefront moderates gigs); what is missing shows on the publish step.</summary>
    [HttpPost("{id:int}/edit/publish")]
    public Task<IActionResult> Publish(int id, int version, CancellationToken ct) =>
        WithCurrentAsync(id, version, EditorStep.Publish, gig => PublishAsync(gig, ct), ct);

    private async Task<IActionResult> PublishAsync(Gig gig, CancellationToken ct)
    {
        var result = await gigs.ApplyAsync(gig, GigAction.Publish, GigActor.Owner, null, ct);
        if (result.Succeeded)
        {
            TempData["Status"] = gig.State == GigState.PendingReview || gig.DraftSubmittedUtc is not null
                ? $"'{gig.Title}' is submitted for review. You will see the decision in your gig list."
                : $"'{gig.Title}' is live.";
            return Redirect(Url.Content("~/seller/gigs"));
        }

        if (result.Conflict is { } conflict)
        {
            TempData["Error"] = conflict;
            return Redirect(Url.Content($"~/seller/gigs/{gig.Id}/edit/publish"));
        }

        return View("Edit", await PageAsync(gig, GigService.CurrentContent(gig)!, GigEditorSteps.Get(EditorStep.Publish), null, ct));
    }

    /// <summary>Throws away unpublished edits of a live gig: the live content becomes the one edited again.</summary>
    [HttpPost("{id:int}/edit/discard")]
    public Task<IActionResult> Discard(int id, int version, CancellationToken ct) =>
        WithCurrentAsync(id, version, EditorStep.Publish, async gig =>
        {
            var result = await gigs.DiscardDraftAsync(gig, ct);
            TempData[result.Succeeded ? "Status" : "Error"] = result.Conflict ?? "Your unpublished changes were discarded; buyers see the live gig as before.";
            return Redirect(Url.Content("~/seller/gigs"));
        }, ct);

    private const string StaleMessage = "This gig was saved in another window since you opened this page. What you typed here is kept below; save again to replace the other changes, or reload to see them.";

    private Task<Gig?> OwnAsync(int id, CancellationToken ct) =>
        db.Gigs.FirstOrDefaultAsync(g => g.Id == id && g.SellerId == SellerId && g.State != GigState.Archived, ct);

    /// <summary>
    /// Runs a change on the seller's own gig. A form made from an older version of the gig (another tab
    /// saved since) is refused rather than acting on content the seller did not see: back to the step, with a message.
    /// </summary>
    private async Task<IActionResult> WithCurrentAsync(int id, int version, EditorStep step, Func<Gig, Task<IActionResult>> change, CancellationToken ct)
    {
        var gig = await OwnAsync(id, ct);
        if (gig is null)
        {
            return NotFound();
        }

        if (version != gig.Version)
        {
            TempData["Error"] = "This gig was changed in another window since you opened this page. The page now shows the saved version; make your change again.";
            return Redirect(Url.Content($"~/seller/gigs/{gig.Id}/edit/{GigEditorSteps.Get(step).Slug}"));
        }

        return await change(gig);
    }

    private async Task<GigEditorPage> PageAsync(Gig? gig, GigContent content, EditorStepInfo step, GigEditorForm? form, CancellationToken ct)
    {
        var categories = await gigs.CategoriesAsync(ct);
        var saved = gig is null ? new GigContent() : GigService.CurrentContent(gig)!;
        var missing = gig is null ? [] : await gigs.MissingForPublishAsync(gig, categories, ct);
        return new GigEditorPage
        {
            Gig = gig,
            Content = content,
            Step = step,
            Categories = categories,
            Moderated = Moderated,
            Errors = form?.Errors ?? new Dictionary<string, string[]>(),
            Posted = form is null ? null : Request.Form,
            PublishErrors = missing
                .GroupBy(e => GigEditorForm.ToFormKey(e.Key, saved))
                .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct().ToArray()),
            Actions = gig is null ? [] : [.. GigLifecycle.Allowed(gig, GigActor.Owner, Moderated)],
        };
    }
}
