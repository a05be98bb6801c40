namespace GigStore.Catalog.Contracts;

public static class CatalogFeatures
{
    public const string Gigs = "GigStore.Catalog";
    public const string Moderation = "GigStore.Catalog.Moderation";
}
