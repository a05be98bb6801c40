using GigStore.Catalog.Data;
using GigStore.Commerce.Data;
using GigStore.Commerce.Pricing;
using GigStore.Recipes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Commerce.Recipes;

/// <summary>
/// The <c>commerce</c> recipe step: the storefront's fees, taxes and currency, and coupons. Percentages are in
/// basis points (550 = 5.5%), amounts in minor units, like the settings they set.
/// </summary>
public sealed record CommerceStep(CommerceSettings? Settings = null, RecipeCoupon[]? Coupons = null);

/// <summary>A coupon; <see cref="Amount"/> is basis points for a percent coupon, minor units for a fixed one; categories by slug.</summary>
public sealed record RecipeCoupon(
    string Code,
    CouponKind Kind,
    long Amount,
    DateTimeOffset? Starts = null,
    DateTimeOffset? Ends = null,
    int? MaxUses = null,
    int? MaxUsesPerBuyer = null,
    long MinOrderMinor = 0,
    string[]? Categories = null);

internal sealed class CommerceStepHandler(TimeProvider clock) : RecipeStepHandler<CommerceStep>
{
    public override string StepName => "commerce";

    protected override void Validate(CommerceStep step, RecipeValidationContext context)
    {
        if (step.Settings is { } settings)
        {
            foreach (var (field, message) in settings.Validate())
            {
                context.AddError($"settings.{char.ToLowerInvariant(field[0])}{field[1..]}", message);
            }
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (step.Coupons?.Length ?? 0); i++)
        {
            var coupon = step.Coupons![i];
            var code = CouponRules.Normalize(coupon.Code);
            if (CouponRules.CodeProblem(code) is { } problem)
            {
                context.AddError($"coupons[{i}].code", problem);
            }
            else if (!codes.Add(code))
            {
                context.AddError($"coupons[{i}].code", $"{code} appears twice");
            }

            if (coupon.Amount <= 0 || (coupon.Kind == CouponKind.Percent && coupon.Amount > 10_000))
            {
                context.AddError($"coupons[{i}].amount", coupon.Kind == CouponKind.Percent ? "must be from 1 to 10000 basis points" : "must be above 0 minor units");
            }

            if (coupon.Starts is { } s && coupon.Ends is { } e && e <= s)
            {
                context.AddError($"coupons[{i}].ends", "must be after starts");
            }

            if (coupon.MaxUses is < 1 || coupon.MaxUsesPerBuyer is < 1 || coupon.MinOrderMinor < 0)
            {
                context.AddError($"coupons[{i}]", "limits must be 1 or more and the minimum order 0 or more");
            }
        }
    }

    protected override async Task ExecuteAsync(CommerceStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var db = context.Services.GetRequiredService<CommerceDb>();
        if (step.Settings is { } settings)
        {
            await context.Services.GetRequiredService<CommerceSettingsStore>().SaveAsync(settings, cancellationToken);
        }

        if (step.Coupons is not { Length: > 0 } coupons)
        {
            return;
        }

        // Categories are usually made by an earlier step of the same recipe, so they are looked up now.
        var catalog = context.Services.GetRequiredService<CatalogDb>();
        var slugs = await catalog.Categories.AsNoTracking().ToDictionaryAsync(c => c.Slug, c => c.Id, cancellationToken);
        foreach (var coupon in coupons)
        {
            var code = CouponRules.Normalize(coupon.Code);
            var categoryIds = (coupon.Categories ?? []).Select(slug => slugs.TryGetValue(slug, out var id)
                ? id
                : throw new InvalidOperationException($"Coupon {code}: there is no category \"{slug}\".")).ToList();
            var existing = await db.Coupons.FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
            if (existing is null)
            {
                existing = new Coupon { Code = code, CreatedUtc = clock.GetUtcNow() };
                db.Coupons.Add(existing);
            }

            existing.Kind = coupon.Kind;
            existing.Amount = coupon.Amount;
            existing.StartsUtc = coupon.Starts;
            existing.EndsUtc = coupon.Ends;
            existing.MaxUses = coupon.MaxUses;
            existing.MaxUsesPerBuyer = coupon.MaxUsesPerBuyer;
            existing.MinOrderMinor = coupon.MinOrderMinor;
            existing.CategoryIds = categoryIds;
            existing.SellerIds = [];
            existing.Active = true;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
