using System.Text.RegularExpressions;
using GigStore.Catalog.Data;
using GigStore.Media.Contracts;
using GigStore.Media.Storage;

namespace GigStore.Catalog.Gigs;

/// <summary>
/// The rules for a gig's content, shared by the editor and the API. Errors are keyed by the field's
/// path in the content ("packages[1].priceMinor"). A draft may be incomplete; publishing needs the
/// whole gig.
/// </summary>
public sealed partial class GigValidator(IMediaStorage media, IImageStore images)
{
    public const int MinPriceMinor = 500;
    public const int MaxPriceMinor = 1_000_000;

    /// <summary>
    /// Every rule, the gallery included: each image must be one the gig's seller uploaded (any seller
    /// who uploaded the same bytes owns it), stored in this storefront. Images in
    /// <paramref name="savedImages"/> (already in the saved gig) need no recorded owner, so gigs saved
    /// before owners were recorded can still be edited and published.
    /// </summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(GigContent gig, IReadOnlyList<Category> categories, bool forPublish, string sellerId, IReadOnlySet<string> savedImages, CancellationToken ct)
    {
        var errors = Rules(gig, categories, forPublish, imagesUploaded: true);
        var owned = await images.OwnedByAsync(sellerId, gig.Gallery.Select(g => g.Id ?? "").Where(id => ImageIdPattern().IsMatch(id)), ct);
        for (var i = 0; i < gig.Gallery.Length; i++)
        {
            var id = gig.Gallery[i].Id ?? "";
            var widths = gig.Gallery[i].Widths ?? [];
            var largest = widths.Length == 0 ? 0 : widths.Max();
            if (largest == 0 || !ImageIdPattern().IsMatch(id))
            {
                Add(errors, $"gallery[{i}]", "This image was not uploaded to this storefront.");
            }
            else if (!owned.Contains(id) && !savedImages.Contains(id))
            {
                Add(errors, $"gallery[{i}]", "Only images the gig's seller uploaded can be used: upload this image first.");
            }
            else if (!await media.ExistsAsync($"{id}-{largest}.webp", ct))
            {
                Add(errors, $"gallery[{i}]", "This image was not uploaded to this storefront.");
            }
        }

        return Freeze(errors);
    }

    /// <summary>The rules that need no stored image: a recipe checks its gigs before it uploads their images.</summary>
    public Dictionary<string, string[]> ValidateBeforeUpload(GigContent gig, IReadOnlyList<Category> categories, bool forPublish) =>
        Freeze(Rules(gig, categories, forPublish, imagesUploaded: false));

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    private static Dictionary<string, List<string>> Rules(GigContent gig, IReadOnlyList<Category> categories, bool forPublish, bool imagesUploaded)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => GigValidator.Add(errors, field, message);

        var title = gig.Title?.Trim() ?? "";
        if (title.Length is < 15 or > 80)
        {
            Add("title", "The title must be 15–80 characters.");
        }

        CheckCategory();
        CheckTags();
        if (gig.Description.Length > 12_000)
        {
            Add("description", "The description can be at most 12,000 characters.");
        }
        else if (forPublish && gig.Description.Trim().Length < 120)
        {
            Add("description", "Describe the gig in at least 120 characters.");
        }

        CheckFaq();
        CheckRequirements();
        CheckGallery();
        CheckPackages();
        CheckExtras();
        if (!CurrencyPattern().IsMatch(gig.Currency ?? ""))
        {
            Add("currency", "Use a three-letter ISO 4217 currency code such as USD.");
        }

        if (gig.MaxQuantity is < 1 or > 100)
        {
            Add("maxQuantity", "Buyers can order from 1 to 100 of a gig at once.");
        }

        return errors;

        void CheckCategory()
        {
            var category = categories.FirstOrDefault(c => c.Id == gig.CategoryId && c.ParentId is null);
            if (category is null)
            {
                Add("categoryId", "Choose a category.");
                return;
            }

            var children = categories.Where(c => c.ParentId == category.Id).ToList();
            Category? sub = null;
            if (gig.SubcategoryId is { } subId)
            {
                sub = children.FirstOrDefault(c => c.Id == subId);
                if (sub is null)
                {
                    Add("subcategoryId", $"Choose a subcategory of {category.Name}.");
                    return;
                }
            }
            else if (children.Count > 0)
            {
                Add("subcategoryId", $"Choose a subcategory of {category.Name}.");
                return;
            }

            var definitions = category.Attributes.Concat(sub?.Attributes ?? []).ToList();
            foreach (var key in gig.Attributes.Keys.Where(k => definitions.All(d => d.Key != k)))
            {
                Add($"attributes.{key}", $"'{key}' is not an attribute of this category.");
            }

            foreach (var definition in definitions)
            {
                var values = gig.Attributes.GetValueOrDefault(definition.Key) ?? [];
                if (values.Length == 0)
                {
                    if (definition.Required && forPublish)
                    {
                        Add($"attributes.{definition.Key}", $"Choose {definition.Name}.");
                    }

                    continue;
                }

                if (!definition.MultiSelect && values.Length > 1)
                {
                    Add($"attributes.{definition.Key}", $"Choose one {definition.Name}.");
                }

                foreach (var value in values.Where(v => !definition.Options.Contains(v)))
                {
                    Add($"attributes.{definition.Key}", $"'{value}' is not one of: {string.Join(", ", definition.Options)}.");
                }
            }
        }

        void CheckTags()
        {
            if (gig.Tags.Length > 5)
            {
                Add("tags", "Use at most 5 search tags.");
            }

            for (var i = 0; i < gig.Tags.Length; i++)
            {
                if (!TagPattern().IsMatch(gig.Tags[i] ?? ""))
                {
                    Add($"tags[{i}]", "A tag is 2–30 letters, digits, spaces or hyphens.");
                }
            }

            if (gig.Tags.Distinct(StringComparer.OrdinalIgnoreCase).Count() != gig.Tags.Length)
            {
                Add("tags", "Each tag can be used once.");
            }
        }

        void CheckFaq()
        {
            if (gig.Faq.Length > 20)
            {
                Add("faq", "Add at most 20 questions.");
            }

            for (var i = 0; i < gig.Faq.Length; i++)
            {
                if ((gig.Faq[i].Question?.Trim().Length ?? 0) is < 5 or > 200)
                {
                    Add($"faq[{i}].question", "A question is 5–200 characters.");
                }

                if ((gig.Faq[i].Answer?.Trim().Length ?? 0) is < 2 or > 1_500)
                {
                    Add($"faq[{i}].answer", "An answer is 2–1,500 characters.");
                }
            }
        }

        void CheckRequirements()
        {
            if (gig.Requirements.Length > 10)
            {
                Add("requirements", "Ask at most 10 questions.");
            }

            for (var i = 0; i < gig.Requirements.Length; i++)
            {
                var question = gig.Requirements[i];
                if ((question.Question?.Trim().Length ?? 0) is < 5 or > 400)
                {
                    Add($"requirements[{i}].question", "A question is 5–400 characters.");
                }

                var options = question.Options ?? [];
                var isChoice = question.Kind is RequirementKind.SingleChoice or RequirementKind.MultipleChoice;
                if (isChoice && (options.Length is < 2 or > 10 || options.Any(string.IsNullOrWhiteSpace)))
                {
                    Add($"requirements[{i}].options", "A choice question needs 2–10 options.");
                }
                else if (!isChoice && options.Length > 0)
                {
                    Add($"requirements[{i}].options", "Only choice questions have options.");
                }
            }
        }

        void CheckGallery()
        {
            if (gig.Gallery.Length > 6)
            {
                Add("gallery", "Add at most 6 images.");
            }
            else if (forPublish && imagesUploaded && gig.Gallery.Length == 0)
            {
                Add("gallery", "Add at least one image: the first is the gig's cover.");
            }

            if (gig.Gallery.Select(g => g.Id).Distinct().Count() != gig.Gallery.Length)
            {
                Add("gallery", "Each image can be used once.");
            }
        }

        void CheckPackages()
        {
            var features = gig.PackageFeatures;
            if (features.Length > 10)
            {
                Add("packageFeatures", "Compare at most 10 features across packages.");
            }

            for (var i = 0; i < features.Length; i++)
            {
                if ((features[i]?.Trim().Length ?? 0) is < 2 or > 40)
                {
                    Add($"packageFeatures[{i}]", "A feature is 2–40 characters.");
                }
            }

            var packages = gig.Packages;
            if (packages.Length > 3)
            {
                Add("packages", "Offer at most three packages: Basic, Standard and Premium.");
                return;
            }

            if (forPublish && packages.Length == 0)
            {
                Add("packages", "Offer at least one package.");
            }

            for (var i = 0; i < packages.Length; i++)
            {
                var package = packages[i];
                var at = $"packages[{i}]";
                if (package.Tier != (PackageTier)i)
                {
                    Add($"{at}.tier", $"Packages go in order Basic, Standard, Premium: this one must be {(PackageTier)i}.");
                }

                if ((package.Name?.Trim().Length ?? 0) is < 3 or > 40)
                {
                    Add($"{at}.name", "A package name is 3–40 characters.");
                }

                if ((package.Description?.Trim().Length ?? 0) is < 10 or > 150)
                {
                    Add($"{at}.description", "Describe the package in 10–150 characters.");
                }

                if (package.PriceMinor is < MinPriceMinor or > MaxPriceMinor)
                {
                    Add($"{at}.priceMinor", $"The price must be between {MinPriceMinor / 100} and {MaxPriceMinor / 100:N0}.");
                }
                else if (i > 0 && package.PriceMinor < packages[i - 1].PriceMinor)
                {
                    Add($"{at}.priceMinor", $"{package.Tier} cannot cost less than {packages[i - 1].Tier}.");
                }

                if (package.DeliveryDays is < 1 or > 90)
                {
                    Add($"{at}.deliveryDays", "Delivery takes 1–90 days.");
                }

                if (package.Revisions is < 0 or > 20)
                {
                    Add($"{at}.revisions", "Offer 0–20 revisions, or unlimited.");
                }

                if ((package.Features?.Length ?? 0) != features.Length)
                {
                    Add($"{at}.features", $"Say for each of the {features.Length} compared features whether this package includes it.");
                }
            }
        }

        void CheckExtras()
        {
            if (gig.Extras.Length > 10)
            {
                Add("extras", "Offer at most 10 extras.");
            }

            for (var i = 0; i < gig.Extras.Length; i++)
            {
                var extra = gig.Extras[i];
                var at = $"extras[{i}]";
                if ((extra.Title?.Trim().Length ?? 0) is < 3 or > 60)
                {
                    Add($"{at}.title", "An extra's title is 3–60 characters.");
                }

                if (extra.Description is { Length: > 200 })
                {
                    Add($"{at}.description", "An extra's description is at most 200 characters.");
                }

                if (extra.PriceMinor is < 100 or > MaxPriceMinor)
                {
                    Add($"{at}.priceMinor", $"An extra costs between 1 and {MaxPriceMinor / 100:N0}.");
                }

                if (extra.ExtraDays is < -30 or > 90)
                {
                    Add($"{at}.extraDays", "An extra changes delivery by −30 to 90 days.");
                }

                var offered = gig.Packages.Select(p => p.Tier).ToList();
                var tiers = extra.Tiers ?? [.. offered];
                foreach (var tier in tiers.Where(t => !offered.Contains(t)))
                {
                    Add($"{at}.tiers", $"There is no {tier} package.");
                }

                foreach (var package in gig.Packages.Where(p => tiers.Contains(p.Tier) && p.DeliveryDays + extra.ExtraDays < 1))
                {
                    Add($"{at}.extraDays", $"With this extra the {package.Tier} package would take {package.DeliveryDays + extra.ExtraDays} days; delivery takes at least 1 day.");
                }
            }
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} -]{1,29}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex("^[0-9a-f]{20}$")]
    private static partial Regex ImageIdPattern();
}
