using System.Security.Claims;
using GigStore.Commerce.Cart;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Checkout;

/// <summary>The checkout page (price breakdown, coupon, country, way to pay) and what a buyer sees after paying.</summary>
public sealed record CheckoutPage(CheckoutQuote Quote, Dictionary<string, string> Errors, IReadOnlyList<string> Problems, string? ProviderMessage, string? Provider);

public sealed record CheckoutStatusPage(Data.Checkout Checkout, IReadOnlyList<Order> Orders);

[Authorize]
[RequireFeatures(CommerceFeatures.Checkout)]
public sealed class CheckoutController(CheckoutService checkout, CartService carts, CommerceDb db, ICheckoutCompletion completion) : Controller
{
    private string BuyerId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("checkout")]
    public async Task<IActionResult> Index(string? country, CancellationToken ct)
    {
        var quote = await checkout.QuoteAsync(country ?? await LastCountryAsync(ct), ct);
        return quote.Cart.IsEmpty ? Redirect($"{Request.PathBase}/cart") : View(new CheckoutPage(quote, [], [], null, null));
    }

    [HttpPost("checkout/coupon")]
    public async Task<IActionResult> Coupon(string? code, string? country, bool remove = false, CancellationToken ct = default)
    {
        if (!remove && string.IsNullOrWhiteSpace(code))
        {
            var quote = await checkout.QuoteAsync(country, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new CheckoutPage(quote, new() { ["coupon"] = "Enter a coupon code." }, [], null, null));
        }

        if (await carts.SetCouponAsync(remove ? null : code, ct) is { } problem)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new CheckoutPage(await checkout.QuoteAsync(country, ct), new() { ["coupon"] = problem }, [], null, null));
        }

        return Redirect($"{Request.PathBase}/checkout{(country is null ? "" : "?country=" + Uri.EscapeDataString(country))}");
    }

    [HttpPost("checkout")]
    public async Task<IActionResult> Pay(string? country, string? provider, long? expectedTotal, CancellationToken ct)
    {
        var result = await checkout.StartAsync(new StartCheckout(country, provider, expectedTotal), $"{Request.Scheme}://{Request.Host}{Request.PathBase}", ct);
        switch (result)
        {
            case StartResult.Started started:
                return Redirect(started.RedirectUrl.StartsWith('/') ? Request.PathBase + started.RedirectUrl : started.RedirectUrl);
            case StartResult.Invalid invalid:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return View("Index", new CheckoutPage(await checkout.QuoteAsync(country, ct), invalid.Errors, [], null, provider));
            case StartResult.Changed changed:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View("Index", new CheckoutPage(await checkout.QuoteAsync(country, ct), [], changed.Problems, null, provider));
            case StartResult.ProviderFailed failed:
                Response.StatusCode = failed.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status402PaymentRequired;
                return View("Index", new CheckoutPage(await checkout.QuoteAsync(country, ct), [], [], failed.Message, provider));
            default:
                throw new InvalidOperationException("Unknown checkout result.");
        }
    }

    /// <summary>
    /// Where a provider sends the buyer back. The browser's arrival proves nothing: the provider is asked, server
    /// to server, and the orders exist only if it says the payment succeeded.
    /// </summary>
    [HttpGet("checkout/{id:guid}/return")]
    public async Task<IActionResult> Return(Guid id, CancellationToken ct)
    {
        var found = await db.Checkouts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.BuyerId == BuyerId, ct);
        if (found is null)
        {
            return NotFound();
        }

        if (found.State == CheckoutState.Pending && found.ProviderReference is { } reference)
        {
            try
            {
                await completion.ConfirmAsync(found.Provider, reference, ct);
            }
            catch (PaymentProviderException ex)
            {
                // The status page says the payment is being confirmed; reconciliation finishes the job.
                TempData["Error"] = ex.Message;
            }
        }

        return Redirect($"{Request.PathBase}/checkout/{id:N}");
    }

    [HttpGet("checkout/{id:guid}")]
    public async Task<IActionResult> Status(Guid id, CancellationToken ct)
    {
        var found = await db.Checkouts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.BuyerId == BuyerId, ct);
        if (found is null)
        {
            return NotFound();
        }

        var orders = await db.Orders.AsNoTracking().Where(o => o.CheckoutId == id).OrderBy(o => o.LineNumber).ToListAsync(ct);
        return View(new CheckoutStatusPage(found, orders));
    }

    /// <summary>
    /// The country of the buyer's latest checkout, so they need not choose it every time. SQL of its own: EF will not order by a DateTimeOffset on SQLite,
    /// which stores it as text; these times are always UTC, whose text sorts as the times do.
    /// </summary>
    private async Task<string?> LastCountryAsync(CancellationToken ct) =>
        await db.Database.SqlQuery<string>($"""
            SELECT "BuyerCountry" AS "Value" FROM "Commerce_Checkouts" WHERE "BuyerId" = {BuyerId} ORDER BY "CreatedUtc" DESC LIMIT 1
            """).FirstOrDefaultAsync(ct);
}
