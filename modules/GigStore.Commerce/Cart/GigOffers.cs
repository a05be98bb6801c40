using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Commerce.Data;
using GigStore.Commerce.Pricing;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Cart;

/// <summary>A gig buyers can buy now, as its live content describes it.</summary>
public sealed record GigOffer(int GigId, string Slug, string Title, string SellerId, string SellerName, int CategoryId, int? SubcategoryId, GigContent Content);

/// <summary>A buyer's choice of a gig checked against what the gig offers now: priced, or why it cannot be bought.</summary>
public sealed record OfferCheck(LineChoice? Choice, string? Problem);

/// <summary>Reads live gigs from the catalogue for the cart and the checkout, and checks a choice against one.</summary>
public static class GigOffers
{
    public static async Task<Dictionary<int, GigOffer>> LoadAsync(CatalogDb db, IReadOnlyCollection<int> gigIds, CancellationToken ct)
    {
        if (gigIds.Count == 0)
        {
            return [];
        }

        var rows = await VisibleGigs.Query(db)
            .Where(v => gigIds.Contains(v.Gig.Id) && v.Gig.LiveJson != null)
            .Select(v => new { v.Gig.Id, v.Gig.Slug, v.Gig.SellerId, v.Seller.DisplayName, v.Gig.LiveJson })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            var content = GigContent.FromJson(r.LiveJson!);
            return new GigOffer(r.Id, r.Slug, content.Title, r.SellerId, r.DisplayName, content.CategoryId, content.SubcategoryId, content);
        }).ToDictionary(o => o.GigId);
    }

    /// <summary>
    /// The package, extras and quantity a buyer chose, as <paramref name="offer"/> prices them now; or the
    /// reason they cannot be bought (the gig was unpublished, the package or an extra was removed...).
    /// </summary>
    public static OfferCheck Check(GigOffer? offer, PackageTier tier, IReadOnlyList<int> extras, int quantity, string currency, string? buyerId = null)
    {
        if (offer is null)
        {
            return new(null, "This gig is no longer available.");
        }

        var content = offer.Content;
        if (buyerId is not null && offer.SellerId == buyerId)
        {
            return new(null, "You cannot buy your own gig.");
        }

        if (content.Currency != currency)
        {
            return new(null, $"This gig is priced in {content.Currency}, and this store sells in {currency}.");
        }

        if (content.Packages.FirstOrDefault(p => p.Tier == tier) is not { } package)
        {
            return new(null, $"The {tier} package is not offered.");
        }

        if (extras.Distinct().Count() != extras.Count
            || extras.Any(i => i < 0 || i >= content.Extras.Length || !content.Extras[i].AppliesTo(tier)))
        {
            return new(null, "An extra you chose is not offered with this package.");
        }

        var most = content.MostPerOrder;
        if (quantity < 1 || quantity > most)
        {
            return new(null, most == 1 ? "This gig is bought one at a time." : $"Choose a quantity from 1 to {most}.");
        }

        var features = content.PackageFeatures.Where((_, i) => i < package.Features.Length && package.Features[i]).ToList();
        return new(new LineChoice(
            offer.GigId, offer.Slug, offer.Title, offer.SellerId, offer.SellerName, offer.CategoryId, offer.SubcategoryId,
            new PackageSnapshot(package.Tier, package.Name, package.Description, package.PriceMinor, package.DeliveryDays, package.Revisions, features),
            [.. extras.Order().Select(i => new ExtraSnapshot(i, content.Extras[i].Title, content.Extras[i].PriceMinor, content.Extras[i].ExtraDays))],
            quantity), null);
    }
}
