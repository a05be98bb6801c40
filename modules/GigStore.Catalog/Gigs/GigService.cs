using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GigStore.Catalog.Contracts;
using GigStore.Catalog.Data;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Gigs;

public sealed record GigResult(Gig? Gig, IReadOnlyDictionary<string, string[]> Errors, string? Conflict = null)
{
    /// <summary>Something the seller should know about a change that succeeded.</summary>
    public string? Notice { get; init; }

    public bool Succeeded => Gig is not null && Errors.Count == 0 && Conflict is null;
}

/// <summary>Creates and edits gigs and moves them through <see cref="GigLifecycle"/>.</summary>
public sealed partial class GigService(CatalogDb db, GigValidator validator, ITenantAccessor tenants, TimeProvider clock)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();
    private static readonly IReadOnlySet<string> NoImages = new HashSet<string>();

    /// <summary>The longest rejection reason an administrator can give (the review form says so too).</summary>
    public const int MaxReasonLength = 1000;

    private bool Moderated => tenants.Tenant.IsFeatureEnabled(CatalogFeatures.Moderation);

    public async Task<GigResult> CreateAsync(string sellerId, string sellerName, GigContent content, CancellationToken ct)
    {
        var errors = await validator.ValidateAsync(content, await CategoriesAsync(ct), forPublish: false, sellerId, NoImages, ct);
        if (errors.Count > 0)
        {
            return new GigResult(null, errors);
        }

        await Sellers.SellerProfiles.EnsureAsync(db, sellerId, sellerName, clock, ct);

        var now = clock.GetUtcNow();
        var gig = new Gig
        {
            SellerId = sellerId,
            Slug = await UniqueSlugAsync(content.Title, null, ct),
            State = GigState.Draft,
            Title = content.Title.Trim(),
            Currency = content.Currency,
            DraftJson = content.ToJson(),
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        db.Gigs.Add(gig);
        await db.SaveChangesAsync(ct);
        return new GigResult(gig, NoErrors);
    }

    /// <summary>
    /// Saves the seller's edits as the draft; a live gig keeps showing its live content until publish.
    /// Edits to a gig waiting for review withdraw it from review, so nobody approves content they did
    /// not see: <see cref="GigResult.Notice"/> then says so.
    /// </summary>
    public async Task<GigResult> SaveDraftAsync(Gig gig, GigContent content, CancellationToken ct)
    {
        if (gig.State == GigState.Archived)
        {
            return new GigResult(gig, NoErrors, "An archived gig cannot be edited.");
        }

        var errors = await validator.ValidateAsync(content, await CategoriesAsync(ct), forPublish: false, gig.SellerId, SavedImages(gig), ct);
        if (errors.Count > 0)
        {
            return new GigResult(gig, errors);
        }

        string? notice = null;
        if (gig.State == GigState.PendingReview)
        {
            gig.State = GigState.Draft;
            notice = "Your gig was withdrawn from review because it changed. Submit it again when it is ready.";
        }
        else if (gig.DraftSubmittedUtc is not null)
        {
            gig.DraftSubmittedUtc = null;
            notice = "Your changes were withdrawn from review because they changed again. Submit them again when they are ready.";
        }

        gig.DraftJson = content.ToJson();
        if (gig.LiveJson is null)
        {
            gig.Title = content.Title.Trim();
            gig.Slug = await UniqueSlugAsync(content.Title, gig.Id, ct);
        }

        return await SaveAsync(gig, ct) with { Notice = notice };
    }

    /// <summary>Drops a live gig's unpublished edits (and any review they were waiting for).</summary>
    public async Task<GigResult> DiscardDraftAsync(Gig gig, CancellationToken ct)
    {
        if (gig.LiveJson is null || gig.DraftJson is null)
        {
            return new GigResult(gig, NoErrors, gig.LiveJson is null ? "A gig that was never published has no live version to go back to." : "There are no unpublished changes.");
        }

        gig.DraftJson = null;
        gig.DraftSubmittedUtc = null;
        gig.RejectionReason = null;
        return await SaveAsync(gig, ct);
    }

    public async Task<GigResult> ApplyAsync(Gig gig, GigAction action, GigActor actor, string? reason, CancellationToken ct)
    {
        var transition = GigLifecycle.Find(gig, action, actor, Moderated);
        if (transition is null)
        {
            return new GigResult(gig, NoErrors, Refusal(gig, action, actor));
        }

        if (action == GigAction.Reject && (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength))
        {
            return new GigResult(gig, new Dictionary<string, string[]>
            {
                ["reason"] = [string.IsNullOrWhiteSpace(reason) ? "Say why the gig is rejected, so the seller can fix it." : $"Keep the reason to {MaxReasonLength:N0} characters."],
            });
        }

        if (transition.Draft is DraftEffect.GoLive or DraftEffect.Submit || action == GigAction.Publish)
        {
            var content = CurrentContent(gig);
            if (content is null)
            {
                return new GigResult(gig, NoErrors, "There is nothing to publish.");
            }

            var errors = await validator.ValidateAsync(content, await CategoriesAsync(ct), forPublish: true, gig.SellerId, SavedImages(gig), ct);
            if (errors.Count > 0)
            {
                return new GigResult(gig, errors);
            }

            if (transition.Draft == DraftEffect.GoLive && gig.DraftJson is not null)
            {
                await GoLiveAsync(gig, content, ct);
            }
        }

        gig.DraftSubmittedUtc = transition.Draft == DraftEffect.Submit ? clock.GetUtcNow() : null;
        gig.State = transition.To;
        gig.RejectionReason = action == GigAction.Reject ? reason!.Trim() : null;
        return await SaveAsync(gig, ct);
    }

    private static string Refusal(Gig gig, GigAction action, GigActor actor)
    {
        if (action == GigAction.Publish && gig.State is GigState.Published or GigState.Paused)
        {
            return gig.DraftSubmittedUtc is not null ? "Your changes are already waiting for review." : "There are no unpublished changes.";
        }

        if (action is GigAction.Approve or GigAction.Reject && gig.State is GigState.Published or GigState.Paused)
        {
            return "The gig has no changes waiting for review.";
        }

        return $"A {gig.State} gig cannot be {Past(action)}{(actor == GigActor.Administrator ? " by an administrator" : "")}.";
    }

    /// <summary>What the gig as saved still lacks before it can be published (no errors: ready), keyed by content path.</summary>
    public async Task<Dictionary<string, string[]>> MissingForPublishAsync(Gig gig, IReadOnlyList<Category> categories, CancellationToken ct) =>
        CurrentContent(gig) is { } content
            ? await validator.ValidateAsync(content, categories, forPublish: true, gig.SellerId, SavedImages(gig), ct)
            : new Dictionary<string, string[]> { ["title"] = ["There is nothing to publish."] };

    /// <summary>The images in the gig as saved, live or draft.</summary>
    private static HashSet<string> SavedImages(Gig gig) =>
        new[] { gig.LiveJson, gig.DraftJson }.OfType<string>().SelectMany(json => GigContent.FromJson(json).Gallery.Select(g => g.Id)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The draft if there is one, else the live content.</summary>
    public static GigContent? CurrentContent(Gig gig) =>
        gig.DraftJson is { } draft ? GigContent.FromJson(draft) : gig.LiveJson is { } live ? GigContent.FromJson(live) : null;

    public Task<List<Category>> CategoriesAsync(CancellationToken ct) =>
        db.Categories.AsNoTracking().Include(c => c.Attributes).ToListAsync(ct);

    private async Task GoLiveAsync(Gig gig, GigContent content, CancellationToken ct)
    {
        var title = content.Title.Trim();
        if (gig.LiveJson is not null && title != gig.Title)
        {
            // The URL follows the new title; the old one keeps working as a redirect.
            var slug = await UniqueSlugAsync(title, gig.Id, ct);
            if (slug != gig.Slug && !await db.GigSlugs.AnyAsync(s => s.Slug == gig.Slug, ct))
            {
                db.GigSlugs.Add(new GigSlug { Slug = gig.Slug, GigId = gig.Id });
            }

            gig.Slug = slug;
        }

        gig.LiveJson = gig.DraftJson;
        gig.DraftJson = null;
        gig.Title = title;
        gig.CategoryId = content.CategoryId;
        gig.SubcategoryId = content.SubcategoryId;
        gig.StartingPriceMinor = content.StartingPriceMinor;
        gig.MinDeliveryDays = content.MinDeliveryDays;
        gig.Cover = content.Gallery.FirstOrDefault();
        gig.Currency = content.Currency;
        gig.PublishedUtc ??= clock.GetUtcNow();
    }

    private async Task<GigResult> SaveAsync(Gig gig, CancellationToken ct)
    {
        gig.UpdatedUtc = clock.GetUtcNow();
        gig.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            return new GigResult(gig, NoErrors);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new GigResult(gig, NoErrors, "The gig was changed at the same time by another request. Reload it and try again.");
        }
    }

    private async Task<string> UniqueSlugAsync(string title, int? gigId, CancellationToken ct)
    {
        var stem = Slugify(title);
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? stem : $"{stem}-{n}";
            var taken = await db.Gigs.AnyAsync(g => g.Slug == candidate && g.Id != gigId, ct)
                || await db.GigSlugs.AnyAsync(s => s.Slug == candidate && s.GigId != gigId, ct);
            if (!taken)
            {
                return candidate;
            }
        }
    }

    /// <summary>"I will design a Minimalist Logo!" → "i-will-design-a-minimalist-logo".</summary>
    public static string Slugify(string title)
    {
        var normalized = title.Normalize(NormalizationForm.FormD);
        var ascii = new StringBuilder();
        foreach (var c in normalized.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
        {
            ascii.Append(char.ToLowerInvariant(c));
        }

        var slug = NonSlug().Replace(ascii.ToString(), "-").Trim('-');
        if (slug.Length > 80)
        {
            slug = slug[..80].TrimEnd('-');
        }

        return slug.Length < 3 ? "gig" : slug;
    }

    private static string Past(GigAction action) => action switch
    {
        GigAction.Publish => "published",
        GigAction.Approve => "approved",
        GigAction.Reject => "rejected",
        GigAction.Pause => "paused",
        GigAction.Resume => "resumed",
        _ => "archived",
    };

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
