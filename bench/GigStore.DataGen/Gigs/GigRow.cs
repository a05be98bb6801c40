using GigStore.Catalog.Data;

namespace GigStore.DataGen.Gigs;

/// <summary>
/// One Catalog_Gigs row as the catalogue would have written it, with the listing columns copied
/// from the content the way GigService does on publish; only the slug is left to the writer, which
/// keeps slugs unique in gig order.
/// </summary>
internal sealed record GigRow(
    string SellerId,
    string SlugStem,
    GigState State,
    string Title,
    int? CategoryId,
    int? SubcategoryId,
    long? StartingPriceMinor,
    string Currency,
    int? MinDeliveryDays,
    string? LiveJson,
    string? DraftJson,
    string? CoverJson,
    DateTimeOffset CreatedUtc,
    DateTimeOffset UpdatedUtc,
    DateTimeOffset? PublishedUtc,
    int Version,
    GigStats Stats);
