using GigStore.Catalog.Data;

namespace GigStore.Catalog.Gigs;

/// <summary>A gig buyers can see, with its seller (a class with settable members, so queries can go on from it).</summary>
public sealed class VisibleGig
{
    public Gig Gig { get; init; } = null!;
    public SellerProfile Seller { get; init; } = null!;
}

/// <summary>What buyers see of the catalogue, for modules that follow it (search): published gigs whose seller is not on vacation.</summary>
public static class VisibleGigs
{
    public static IQueryable<VisibleGig> Query(CatalogDb db) =>
        from g in db.Gigs
        join s in db.Sellers on g.SellerId equals s.UserId
        where g.State == GigState.Published && !s.VacationMode
        select new VisibleGig { Gig = g, Seller = s };
}
