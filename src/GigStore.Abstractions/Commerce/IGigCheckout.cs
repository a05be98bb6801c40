namespace GigStore.Commerce;

/// <summary>
/// Where the gig page's "Continue" button takes the buyer's choice, provided by a checkout module.
/// The page posts <c>gigId</c>, <c>package</c> (Basic, Standard or Premium) and zero or more
/// <c>extras</c> (indexes into the gig's extras) with an antiforgery token. Without an enabled
/// implementation the gig page shows its prices and no Continue button.
/// </summary>
public interface IGigCheckout
{
    /// <summary>The tenant-relative address the choice is posted to, such as "/cart/items".</summary>
    string Action { get; }
}
