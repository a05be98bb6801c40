using System.Text.RegularExpressions;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Gigs;
using GigStore.Commerce;

namespace GigStore.Catalog.Storefront;

public sealed record CategoryPage(CategoryNode Category, CategoryNode? Parent, IReadOnlyList<CategoryNode> Subcategories, IReadOnlyList<GigSummaryDto> Gigs, int Page, int PageCount, int Total);

/// <summary>The gig page: live content, the package and extras the buyer picked, and what that costs.</summary>
public sealed partial record GigPage(
    GigPageRow Gig,
    GigContent Content,
    SellerDto Seller,
    string DescriptionHtml,
    CategoryNode? Category,
    CategoryNode? Subcategory,
    PackageOffer Selected,
    IReadOnlySet<int> SelectedExtras,
    Money Total,
    int DeliveryDays,
    IReadOnlyList<GigSummaryDto> MoreFromSeller,
    int Quantity = 1)
{
    private string? _summary;

    /// <summary>
    /// The page for a gig's content with the package and extras the buyer picked (an unknown package
    /// is the first one; extras that do not apply to it are dropped), and what that costs.
    /// </summary>
    public static GigPage For(GigPageRow gig, GigContent content, string descriptionHtml, CategoryTree tree, PackageTier? package, int[]? extras, IReadOnlyList<GigSummaryDto> more, int? quantity = null)
    {
        var count = Math.Clamp(quantity ?? 1, 1, content.MostPerOrder);
        var selected = content.Packages.FirstOrDefault(p => p.Tier == package) ?? content.Packages[0];
        var chosen = (extras ?? []).Where(i => i >= 0 && i < content.Extras.Length && content.Extras[i].AppliesTo(selected.Tier)).ToHashSet();
        var total = chosen.Aggregate(new Money(selected.PriceMinor, content.Currency), (sum, i) => sum + new Money(content.Extras[i].PriceMinor, content.Currency));
        var days = selected.DeliveryDays + chosen.Sum(i => content.Extras[i].ExtraDays);
        return new GigPage(gig, content, gig.Seller, descriptionHtml, tree.Find(gig.CategoryId), tree.Find(gig.SubcategoryId), selected, chosen, total * count, Math.Max(1, days), more, count);
    }

    /// <summary>Where "Continue" posts the buyer's choice (<see cref="IGigCheckout"/>); null: no checkout on this storefront.</summary>
    public string? CheckoutAction { get; init; }

    /// <summary>Whether the seller is online now (<see cref="Contracts.ISellerPresence"/>): a badge in the seller box.</summary>
    public bool SellerOnline { get; init; }

    public Money Price(long minor) => new(minor, Content.Currency);

    public string Revisions(PackageOffer package) => package.Revisions switch
    {
        null => "Unlimited revisions",
        0 => "No revisions",
        1 => "1 revision",
        var n => $"{n} revisions",
    };

    public static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>The first words of the description, for search engines and link previews (the page shows it three times).</summary>
    public string Summary => _summary ??= Summarize(Content.Description);

    private static string Summarize(string description)
    {
        var text = MarkdownNoise().Replace(description, " ").Trim();
        return text.Length <= 155 ? text : text[..text.LastIndexOf(' ', 152)] + "…";
    }

    [GeneratedRegex(@"[#*_>`\[\]\(\)!]|\s+")]
    private static partial Regex MarkdownNoise();
}
