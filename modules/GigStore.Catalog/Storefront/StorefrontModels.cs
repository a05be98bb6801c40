using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Commerce;

namespace GigStore.Catalog.Storefront;

public sealed record CategoryPage(Category Category, Category? Parent, IReadOnlyList<Category> Subcategories, IReadOnlyList<GigSummaryDto> Gigs, int Page, int PageCount, int Total);

/// <summary>The gig page: live content, the package and extras the buyer picked, and what that costs.</summary>
public sealed record GigPage(
    Gig Gig,
    GigContent Content,
    SellerDto Seller,
    string DescriptionHtml,
    Category? Category,
    Category? Subcategory,
    PackageOffer Selected,
    IReadOnlySet<int> SelectedExtras,
    Money Total,
    int DeliveryDays,
    IReadOnlyList<GigSummaryDto> MoreFromSeller)
{
    public Money Price(long minor) => new(minor, Content.Currency);

    public bool ExtraAppliesTo(GigExtra extra, PackageTier tier) => extra.Tiers is null || extra.Tiers.Contains(tier);

    public string Revisions(PackageOffer package) => package.Revisions switch
    {
        null => "Unlimited revisions",
        0 => "No revisions",
        1 => "1 revision",
        var n => $"{n} revisions",
    };

    public static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>The first words of the description, for search engines and link previews.</summary>
    public string Summary
    {
        get
        {
            var text = System.Text.RegularExpressions.Regex.Replace(Content.Description, @"[#*_>`\[\]\(\)!]|\s+", " ").Trim();
            return text.Length <= 155 ? text : text[..text.LastIndexOf(' ', 152)] + "…";
        }
    }
}
