using System.Globalization;
using System.Text.RegularExpressions;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Commerce;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;

namespace GigStore.Catalog.Sellers;

public enum EditorStep
{
    Overview,
    Pricing,
    Description,
    Requirements,
    Gallery,
    Publish,
}

/// <summary>One step of the seller's gig editor: its URL segment, title, and the content fields it edits (by error-key prefix).</summary>
public sealed record EditorStepInfo(EditorStep Step, string Slug, string Title, string[] Fields)
{
    public bool Owns(string key) => Fields.Any(f => key == f || key.StartsWith(f + "[", StringComparison.Ordinal) || key.StartsWith(f + ".", StringComparison.Ordinal));
}

public static class GigEditorSteps
{
    public static readonly IReadOnlyList<EditorStepInfo> All =
    [
        new(EditorStep.Overview, "overview", "Overview", ["title", "categoryId", "subcategoryId", "attributes", "tags", "currency"]),
        new(EditorStep.Pricing, "pricing", "Pricing", ["packages", "packageFeatures", "extras"]),
        new(EditorStep.Description, "description", "Description & FAQ", ["description", "faq"]),
        new(EditorStep.Requirements, "requirements", "Requirements", ["requirements"]),
        new(EditorStep.Gallery, "gallery", "Gallery", ["gallery"]),
        new(EditorStep.Publish, "publish", "Publish", []),
    ];

    public static EditorStepInfo? BySlug(string slug) => All.FirstOrDefault(s => s.Slug == slug);

    public static EditorStepInfo Get(EditorStep step) => All[(int)step];

    /// <summary>The step whose form has the field an error is about.</summary>
    public static EditorStepInfo OwnerOf(string key) => All.FirstOrDefault(s => s.Owns(key)) ?? All[^1];

    public static EditorStepInfo? Next(EditorStep step) => (int)step + 1 < All.Count ? All[(int)step + 1] : null;
}

/// <summary>
/// Reads one step's form into the gig's content. Form field names are the content's error keys
/// ("packages[1].deliveryDays"), except that prices are typed in major units (".price"), rows left
/// blank are dropped, and attribute inputs are namespaced by category. Errors come back keyed by
/// form field, so they show beside what the seller typed.
/// </summary>
public sealed partial class GigEditorForm
{
    public const int FeatureRows = 10;
    public const int ExtraRows = 10;
    public const int FaqRows = 20;
    public const int RequirementRows = 10;

    private readonly Dictionary<string, List<string>> errors = [];

    /// <summary>For each list the form compacts: the form row of each content index.</summary>
    private readonly Dictionary<string, List<int>> rows = [];

    private GigEditorForm(GigContent content) => Content = content;

    public GigContent Content { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public bool HasErrors => errors.Count > 0;

    public static GigEditorForm Read(EditorStep step, GigContent current, IFormCollection form, IReadOnlyList<Category> categories)
    {
        var reader = new GigEditorForm(current);
        switch (step)
        {
            case EditorStep.Overview:
                reader.ReadOverview(form, categories);
                break;
            case EditorStep.Pricing:
                reader.ReadPricing(form);
                break;
            case EditorStep.Description:
                reader.ReadDescription(form);
                break;
            case EditorStep.Requirements:
                reader.ReadRequirements(form);
                break;
        }

        return reader;
    }

    /// <summary>Adds the validator's errors (keyed by content path), translated to form fields; errors the form already found win.</summary>
    public void AddContentErrors(IReadOnlyDictionary<string, string[]> contentErrors)
    {
        var readErrors = errors.Keys.ToHashSet();
        foreach (var (key, messages) in contentErrors)
        {
            var field = ToFormKey(key, rows, Content);
            if (readErrors.Contains(field))
            {
                continue;
            }

            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.AddRange(messages.Except(list));
        }
    }

    /// <summary>A content error key as the editor's form field name, for content that came back from the store unchanged.</summary>
    public static string ToFormKey(string key, GigContent content) => ToFormKey(key, new Dictionary<string, List<int>>(), content);

    private static string ToFormKey(string key, Dictionary<string, List<int>> rows, GigContent content)
    {
        if (key is "categoryId" or "subcategoryId")
        {
            return "category";
        }

        if (key.StartsWith("tags", StringComparison.Ordinal))
        {
            return "tags";
        }

        if (key.StartsWith("attributes.", StringComparison.Ordinal))
        {
            return $"attr.{content.SubcategoryId ?? content.CategoryId}.{key["attributes.".Length..]}";
        }

        var match = IndexedKey().Match(key);
        if (match.Success && rows.TryGetValue(match.Groups[1].Value, out var map))
        {
            var index = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (index < map.Count)
            {
                key = $"{match.Groups[1].Value}[{map[index]}]{match.Groups[3].Value}";
            }
        }

        return key.EndsWith(".priceMinor", StringComparison.Ordinal) ? key[..^"Minor".Length] : key;
    }

    private void Error(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    private static string Text(IFormCollection form, string name) => form[name].ToString().Trim();

    private static bool Blank(IFormCollection form, params string[] names) => names.All(n => string.IsNullOrWhiteSpace(form[n].ToString()));

    private int? Int(IFormCollection form, string name, string message)
    {
        var text = Text(form, name);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(name, message);
        return null;
    }

    private long? Price(IFormCollection form, string name)
    {
        if (Money.TryParse(Text(form, name), Content.Currency, out var money))
        {
            return money.Minor;
        }

        Error(name, Text(form, name).Length == 0 ? "Enter a price." : $"Enter a price such as 25 or 25.50 ({Content.Currency}).");
        return null;
    }

    private void ReadOverview(IFormCollection form, IReadOnlyList<Category> categories)
    {
        var categoryId = 0;
        int? subcategoryId = null;
        if (int.TryParse(Text(form, "category"), NumberStyles.None, CultureInfo.InvariantCulture, out var chosenId) && categories.FirstOrDefault(c => c.Id == chosenId) is { } chosen)
        {
            (categoryId, subcategoryId) = chosen.ParentId is { } parent ? (parent, (int?)chosen.Id) : (chosen.Id, (int?)null);
        }

        // Only the chosen category's and subcategory's attributes count; inputs for other categories are ignored.
        var attributes = new Dictionary<string, string[]>();
        foreach (var owner in categories.Where(c => c.Id == categoryId || c.Id == subcategoryId))
        {
            foreach (var definition in owner.Attributes)
            {
                var values = form[$"attr.{owner.Id}.{definition.Key}"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct().ToArray();
                if (values.Length > 0)
                {
                    attributes[definition.Key] = values;
                }
            }
        }

        var tags = Text(form, "tags").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Content = Content with
        {
            Title = Text(form, "title"),
            CategoryId = categoryId,
            SubcategoryId = subcategoryId,
            Attributes = attributes,
            Tags = tags,
        };
    }

    private void ReadPricing(IFormCollection form)
    {
        var count = int.TryParse(Text(form, "packageCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 3 ? n : 0;
        if (count == 0)
        {
            Error("packageCount", "Offer one, two or three packages.");
            count = 1;
        }

        var featureRows = new List<int>();
        var features = new List<string>();
        for (var j = 0; j < FeatureRows; j++)
        {
            if (!Blank(form, $"packageFeatures[{j}]"))
            {
                featureRows.Add(j);
                features.Add(Text(form, $"packageFeatures[{j}]"));
            }
        }

        rows["packageFeatures"] = featureRows;

        var packages = new List<PackageOffer>();
        for (var i = 0; i < count; i++)
        {
            var at = $"packages[{i}]";
            var revisionsText = Text(form, $"{at}.revisions");
            int? revisions = revisionsText == "unlimited" ? null : Int(form, $"{at}.revisions", "Choose how many revisions.") ?? 0;
            var included = form[$"{at}.features"].Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? row : -1).ToHashSet();
            packages.Add(new PackageOffer(
                (PackageTier)i,
                Text(form, $"{at}.name"),
                Text(form, $"{at}.description"),
                Price(form, $"{at}.price") ?? 0,
                Int(form, $"{at}.deliveryDays", "Enter the number of days, such as 3.") ?? 0,
                revisions,
                [.. featureRows.Select(included.Contains)]));
        }

        var extraRows = new List<int>();
        var extras = new List<GigExtra>();
        var offered = packages.Select(p => p.Tier).ToArray();
        for (var k = 0; k < ExtraRows; k++)
        {
            var at = $"extras[{k}]";
            if (Blank(form, $"{at}.title", $"{at}.description", $"{at}.price", $"{at}.extraDays"))
            {
                continue;
            }

            var tiers = form[$"{at}.tiers"].Select(v => Enum.TryParse<PackageTier>(v, out var tier) ? tier : (PackageTier?)null).OfType<PackageTier>().Where(offered.Contains).Distinct().ToArray();
            if (tiers.Length == 0)
            {
                Error($"{at}.tiers", "Choose at least one package this extra can be added to.");
            }

            var days = Blank(form, $"{at}.extraDays") ? 0 : Int(form, $"{at}.extraDays", "Enter whole days, such as 2, or −2 for faster delivery.") ?? 0;
            extraRows.Add(k);
            var description = Text(form, $"{at}.description");
            extras.Add(new GigExtra(
                Text(form, $"{at}.title"),
                Price(form, $"{at}.price") ?? 0,
                days,
                description.Length == 0 ? null : description,
                offered.All(tiers.Contains) ? null : tiers));
        }

        rows["extras"] = extraRows;
        var maxQuantity = Blank(form, "maxQuantity") ? 1 : Int(form, "maxQuantity", "Enter how many buyers may order at once, from 1 to 100.") ?? Content.MaxQuantity;
        Content = Content with { PackageFeatures = [.. features], Packages = [.. packages], Extras = [.. extras], MaxQuantity = maxQuantity };
    }

    private void ReadDescription(IFormCollection form)
    {
        var faqRows = new List<int>();
        var faq = new List<FaqItem>();
        for (var k = 0; k < FaqRows; k++)
        {
            if (!Blank(form, $"faq[{k}].question", $"faq[{k}].answer"))
            {
                faqRows.Add(k);
                faq.Add(new FaqItem(Text(form, $"faq[{k}].question"), Text(form, $"faq[{k}].answer")));
            }
        }

        rows["faq"] = faqRows;
        Content = Content with { Description = form["description"].ToString().Replace("\r\n", "\n").Trim(), Faq = [.. faq] };
    }

    private void ReadRequirements(IFormCollection form)
    {
        var questionRows = new List<int>();
        var questions = new List<RequirementQuestion>();
        for (var k = 0; k < RequirementRows; k++)
        {
            var at = $"requirements[{k}]";
            if (Blank(form, $"{at}.question", $"{at}.options"))
            {
                continue;
            }

            if (!Enum.TryParse<RequirementKind>(Text(form, $"{at}.kind"), out var kind) || !Enum.IsDefined(kind))
            {
                Error($"{at}.kind", "Choose how the buyer answers.");
            }

            var options = Text(form, $"{at}.options").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            questionRows.Add(k);
            questions.Add(new RequirementQuestion(
                Text(form, $"{at}.question"),
                kind,
                form[$"{at}.required"].Contains("true"),
                kind is RequirementKind.SingleChoice or RequirementKind.MultipleChoice || options.Length > 0 ? options : null));
        }

        rows["requirements"] = questionRows;
        Content = Content with { Requirements = [.. questions] };
    }

    [GeneratedRegex(@"^(packageFeatures|extras|faq|requirements)\[(\d+)\](.*)$")]
    private static partial Regex IndexedKey();
}

/// <summary>What the editor's views need: the gig, the content shown, errors by form field, and what the seller typed.</summary>
public sealed partial record GigEditorPage
{
    public required Gig? Gig { get; init; }

    public required GigContent Content { get; init; }

    public required EditorStepInfo Step { get; init; }

    public required IReadOnlyList<Category> Categories { get; init; }

    public required bool Moderated { get; init; }

    /// <summary>Errors beside the fields of this step, keyed by form field name.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>What is still missing before the gig can be published, keyed by form field name.</summary>
    public IReadOnlyDictionary<string, string[]> PublishErrors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The form as posted, so a field with an error shows what was typed.</summary>
    public IFormCollection? Posted { get; init; }

    public IReadOnlyList<GigAction> Actions { get; init; } = [];

    public bool IsNew => Gig is null;

    public string Action(EditorStepInfo step) => Gig is null ? "/seller/gigs/new" : $"/seller/gigs/{Gig.Id}/edit/{step.Slug}";

    public int IssuesIn(EditorStepInfo step) => PublishErrors.Keys.Count(k => GigEditorSteps.OwnerOf(k) == step);

    public string Value(string name, string? stored) => Posted is not null && Posted.ContainsKey(name) ? Posted[name].ToString() : stored ?? "";

    public bool Checked(string name, string value, bool stored) => Posted is null ? stored : Posted[name].Contains(value);

    public static string Id(string name) => NonId().Replace(name, "-").Trim('-');

    public bool Invalid(string name) => Errors.ContainsKey(name);

    /// <summary>The attributes for aria-describedby / aria-invalid of a field.</summary>
    public IHtmlContent Aria(string name, string? hint = null)
    {
        var describedBy = string.Join(' ', new[] { hint, Invalid(name) ? Id(name) + "-error" : null }.Where(s => s is not null));
        var text = (describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : "") + (Invalid(name) ? " aria-invalid=\"true\"" : "");
        return new HtmlString(text);
    }

    /// <summary>The message beside a field, or nothing.</summary>
    public IHtmlContent Error(string name)
    {
        if (!Errors.TryGetValue(name, out var messages))
        {
            return HtmlString.Empty;
        }

        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<span class=\"field-error\" id=\"{Id(name)}-error\">");
        builder.Append(string.Join(" ", messages));
        builder.AppendHtml("</span>");
        return builder;
    }

    public string Price(long minor) => minor == 0 ? "" : new Money(minor, Content.Currency).FormatNumber(grouping: false);

    public string CurrencySymbol => Money.Symbol(Content.Currency).Trim();

    /// <summary>Every message on this step with the field it is about, for the summary at the top (an empty field: the form as a whole).</summary>
    public IEnumerable<(string Field, string Message)> ErrorList =>
        Errors.SelectMany(e => e.Value.Select(m => (e.Key, m)));

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex NonId();
}
