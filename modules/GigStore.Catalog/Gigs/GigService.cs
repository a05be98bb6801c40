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
    public bool Succeeded => Gig is not null && Errors.Count == 0 && Conflict is null;
}

/// <summary>Creates and edits gigs and moves them through <see cref="GigLifecycle"/>.</summary>
public sealed partial class GigService(CatalogDb db, GigValidator validator, ITenantAccessor tenants, TimeProvider clock)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private bool Moderated => tenants.Tenant.IsFeatureEnabled(CatalogFeatures.Moderation);

    public async Task<GigResult> CreateAsync(string sellerId, string sellerName, GigContent content, CancellationToken ct)
    {
        var errors = validator.Validate(content, await CategoriesAsync(ct), forPublish: false);
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

    /// <summary>Saves the seller's edits as the draft; a live gig keeps showing its live content until publish.</summary>
    public async Task<GigResult> SaveDraftAsync(Gig gig, GigContent content, CancellationToken ct)
    {
        if (gig.State == GigState.Archived)
        {
            return new GigResult(gig, NoErrors, "An archived gig cannot be edited.");
        }

        var errors = validator.Validate(content, await CategoriesAsync(ct), forPublish: false);
        if (errors.Count > 0)
        {
            return new GigResult(gig, errors);
        }

        gig.DraftJson = content.ToJson();
        if (gig.LiveJson is null)
        {
            gig.Title = content.Title.Trim();
            gig.Slug = await UniqueSlugAsync(content.Title, gig.Id, ct);
        }

        return await SaveAsync(gig, ct);
    }

    public async Task<GigResult> ApplyAsync(Gig gig, GigAction action, GigActor actor, string? reason, CancellationToken ct)
    {
        var transition = GigLifecycle.Find(gig.State, action, actor, Moderated);
        if (transition is null)
        {
            return new GigResult(gig, NoErrors, $"A {gig.State} gig cannot be {Past(action)}{(actor == GigActor.Administrator ? " by an administrator" : "")}.");
        }

        if (action == GigAction.Reject && string.IsNullOrWhiteSpace(reason))
        {
            return new GigResult(gig, new Dictionary<string, string[]> { ["reason"] = ["Say why the gig is rejected, so the seller can fix it."] });
        }

        if (action == GigAction.Publish || transition.AppliesDraft)
        {
            var content = CurrentContent(gig);
            if (content is null)
            {
                return new GigResult(gig, NoErrors, "There is nothing to publish.");
            }

            var errors = validator.Validate(content, await CategoriesAsync(ct), forPublish: true);
            if (errors.Count > 0)
            {
                return new GigResult(gig, errors);
            }

            if (transition.AppliesDraft && gig.DraftJson is not null)
            {
                await GoLiveAsync(gig, content, ct);
            }
        }

        gig.State = transition.To;
        gig.RejectionReason = action == GigAction.Reject ? reason!.Trim() : null;
        return await SaveAsync(gig, ct);
    }

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
