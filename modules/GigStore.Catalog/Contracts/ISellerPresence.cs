namespace GigStore.Catalog.Contracts;

/// <summary>
/// Who is online now: sellers whose last request came within <see cref="OnlineWindow"/> (the catalogue
/// records a signed-in seller's requests, at most once a minute). For the "Online" badge and search's
/// "Online sellers" filter; other modules ask here rather than read the seller table.
/// </summary>
public interface ISellerPresence
{
    /// <summary>A seller seen this recently is online.</summary>
    public static readonly TimeSpan OnlineWindow = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The user ids of the tenant's sellers seen within <see cref="OnlineWindow"/>. Read from the database
    /// once per tenant every few seconds and shared by every request meanwhile, so a page may ask on every
    /// request; a seller who has just arrived or left shows so a few seconds later.
    /// </summary>
    Task<IReadOnlySet<string>> OnlineSellersAsync(CancellationToken cancellationToken);
}
