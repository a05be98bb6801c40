using GigStore.Catalog.Gigs;
using GigStore.Commerce.Checkout;
using GigStore.Commerce.Contracts;
using GigStore.Modules;
using Microsoft.AspNetCore.Mvc;

namespace GigStore.Commerce.Cart;

/// <summary>The cart page, and the gig page's "Continue".</summary>
[RequireFeatures(CommerceFeatures.Checkout)]
public sealed class CartController(CartService carts, CheckoutService checkout) : Controller
{
    [HttpGet("cart")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await checkout.QuoteAsync(null, ct));

    /// <summary>What the gig page posts: the gig, its package, extras and quantity.</summary>
    [HttpPost("cart/items")]
    public async Task<IActionResult> Add(int gigId, PackageTier? package, [FromForm] int[]? extras, int quantity = 1, CancellationToken ct = default)
    {
        var problem = package is null
            ? "Choose a package."
            : await carts.AddAsync(new AddToCart(gigId, package.Value, extras ?? [], quantity), ct);
        if (problem is not null)
        {
            TempData["Error"] = problem;
        }
        else
        {
            TempData["Status"] = "Added to your cart.";
        }

        return Redirect($"{Request.PathBase}/cart");
    }

    [HttpPost("cart/lines/{id:int}/remove")]
    public async Task<IActionResult> Remove(int id, CancellationToken ct)
    {
        if (!await carts.RemoveAsync(id, ct))
        {
            return NotFound();
        }

        TempData["Status"] = "Removed from your cart.";
        return Redirect($"{Request.PathBase}/cart");
    }

    /// <summary>The buyer has seen the new prices and goes on with them.</summary>
    [HttpPost("cart/accept-prices")]
    public async Task<IActionResult> AcceptPrices(string? returnTo, CancellationToken ct)
    {
        await carts.AcceptPricesAsync(ct);
        return Redirect($"{Request.PathBase}{(returnTo == "checkout" ? "/checkout" : "/cart")}");
    }
}

/// <summary>Offers the gig page's "Continue" button when the checkout is on.</summary>
internal sealed class CartGigCheckout : IGigCheckout
{
    public string Action => "/cart/items";
}
