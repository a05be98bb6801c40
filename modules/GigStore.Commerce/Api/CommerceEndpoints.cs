using System.Globalization;
using System.Security.Claims;
using GigStore.Catalog.Gigs;
using GigStore.Commerce.Cart;
using GigStore.Commerce.Checkout;
using GigStore.Commerce.Data;
using GigStore.Commerce.Orders;
using GigStore.Commerce.Pricing;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Api;

public sealed record CartItemDto(int LineId, int GigId, string? GigSlug, string? Title, string Package, IReadOnlyList<int> Extras, int Quantity, PriceDto AgreedUnitPrice, PriceDto? UnitPrice, bool PriceChanged, string? Problem);

public sealed record BreakdownDto(PriceDto Subtotal, PriceDto Discount, PriceDto ServiceFee, PriceDto Tax, bool TaxIncluded, PriceDto Total);

public sealed record CartDto(IReadOnlyList<CartItemDto> Items, string? CouponCode, string? CouponProblem, BreakdownDto? Price, IReadOnlyList<ProviderOption> Providers);

public sealed record AddToCartRequest(int GigId, string? Package, int[]? Extras, int? Quantity);

public sealed record CouponRequest(string? Code);

public sealed record CheckoutRequest(string? Country, string? Provider, long? ExpectedTotalMinor);

public sealed record CheckoutStartedDto(Guid CheckoutId, string RedirectUrl, BreakdownDto Price);

public sealed record CheckoutDto(Guid Id, string State, string? FailureMessage, BreakdownDto Price, IReadOnlyList<int> OrderIds);

public sealed record OrderDto(int Id, string Number, string Status, int GigId, string GigSlug, string GigTitle, string SellerId, string SellerName, string BuyerId,
    PackageSnapshot Package, IReadOnlyList<ExtraSnapshot> Extras, int Quantity, int DeliveryDays, int? Revisions, BreakdownDto Price, PriceDto Refunded, DateTimeOffset CreatedUtc);

public sealed record RefundRequestDto(long? AmountMinor, string? Reason);

/// <summary>The cart, checkout and orders as JSON (the same rules as the pages; errors are ProblemDetails).</summary>
internal static class CommerceEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var cart = routes.MapGroup("/api/cart").WithTags("Cart").DisableAntiforgery();
        cart.MapGet("/", GetCart).WithName("Commerce.GetCart");
        cart.MapPost("/items", AddItem).WithName("Commerce.AddToCart");
        cart.MapDelete("/items/{lineId:int}", RemoveItem).WithName("Commerce.RemoveFromCart");
        cart.MapPut("/coupon", SetCoupon).WithName("Commerce.SetCoupon");

        var checkout = routes.MapGroup("/api/checkout").WithTags("Checkout").RequireAuthorization().DisableAntiforgery();
        checkout.MapPost("/", Start).WithName("Commerce.StartCheckout");
        checkout.MapGet("/{id:guid}", GetCheckout).WithName("Commerce.GetCheckout");

        var orders = routes.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization().DisableAntiforgery();
        orders.MapGet("/", ListOrders).WithName("Commerce.ListOrders");
        orders.MapGet("/{id:int}", GetOrder).WithName("Commerce.GetOrder");
        orders.MapPost("/{id:int}/refunds", RefundOrder).WithName("Commerce.RefundOrder").RequireAuthorization(p => p.RequireRole(Roles.Administrator));
    }

    /// <summary>The caller's cart, priced; with <paramref name="country"/> (ISO 3166 alpha-2) its tax is that country's, as the checkout will charge.</summary>
    private static async Task<Results<Ok<CartDto>, ProblemHttpResult>> GetCart(string? country, CheckoutService checkout, HttpContext http, CancellationToken ct) =>
        country is not null && Countries.Find(country) is null
            ? Problem("country", "Give the country as a two-letter code such as DE or US.")
            : TypedResults.Ok(await CartDtoAsync(checkout, http, ct, country));

    private static async Task<Results<Ok<CartDto>, ProblemHttpResult>> AddItem(AddToCartRequest body, CartService carts, CheckoutService checkout, HttpContext http, CancellationToken ct)
    {
        if (!Enum.TryParse<PackageTier>(body.Package, ignoreCase: true, out var tier) || !Enum.IsDefined(tier))
        {
            return Problem("package", "Choose the Basic, Standard or Premium package.");
        }

        if (await carts.AddAsync(new AddToCart(body.GigId, tier, body.Extras ?? [], body.Quantity ?? 1), ct) is { } problem)
        {
            return Problem("gigId", problem);
        }

        return TypedResults.Ok(await CartDtoAsync(checkout, http, ct));
    }

    private static async Task<Results<NoContent, NotFound>> RemoveItem(int lineId, CartService carts, CancellationToken ct) =>
        await carts.RemoveAsync(lineId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<CartDto>, ProblemHttpResult>> SetCoupon(CouponRequest body, CartService carts, CheckoutService checkout, HttpContext http, CancellationToken ct) =>
        await carts.SetCouponAsync(body.Code, ct) is { } problem ? Problem("code", problem) : TypedResults.Ok(await CartDtoAsync(checkout, http, ct));

    /// <summary>
    /// Starts paying for the caller's cart. The answer's Server-Timing header says how long the store took
    /// (<c>checkout</c>) apart from the provider's call (<c>provider</c>), which the checkout benchmark reads.
    /// </summary>
    private static async Task<Results<Created<CheckoutStartedDto>, ProblemHttpResult>> Start(CheckoutRequest body, CheckoutService checkout, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var began = clock.GetTimestamp();
        var request = http.Request;
        var result = await checkout.StartAsync(new StartCheckout(body.Country, body.Provider, body.ExpectedTotalMinor), $"{request.Scheme}://{request.Host}{request.PathBase}", ct);
        var provider = result is StartResult.Started s0 ? s0.ProviderTime : TimeSpan.Zero;
        http.Response.Headers["Server-Timing"] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"checkout;dur={(clock.GetElapsedTime(began) - provider).TotalMilliseconds:0.###}, provider;dur={provider.TotalMilliseconds:0.###}");
        return result switch
        {
            StartResult.Started s => TypedResults.Created($"{request.PathBase}/api/checkout/{s.Checkout.Id:N}", new CheckoutStartedDto(
                s.Checkout.Id, s.RedirectUrl.StartsWith('/') ? request.PathBase + s.RedirectUrl : s.RedirectUrl, Breakdown(s.Checkout))),
            StartResult.Invalid invalid => TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The checkout is not complete.",
            }),
            StartResult.Changed changed => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Your cart changed since you looked at it; nothing was charged.",
                detail: string.Join(" ", changed.Problems),
                extensions: new Dictionary<string, object?> { ["problems"] = changed.Problems }),
            StartResult.ProviderFailed failed => TypedResults.Problem(
                statusCode: failed.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status402PaymentRequired,
                title: failed.Message,
                extensions: new Dictionary<string, object?> { ["retryable"] = failed.Retryable }),
            _ => throw new InvalidOperationException("Unknown checkout result."),
        };
    }

    private static async Task<Results<Ok<CheckoutDto>, NotFound>> GetCheckout(Guid id, CommerceDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var buyer = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var found = await db.Checkouts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.BuyerId == buyer, ct);
        if (found is null)
        {
            return TypedResults.NotFound();
        }

        var orders = await db.Orders.Where(o => o.CheckoutId == id).OrderBy(o => o.LineNumber).Select(o => o.Id).ToListAsync(ct);
        return TypedResults.Ok(new CheckoutDto(found.Id, found.State.ToString(), found.FailureMessage, Breakdown(found), orders));
    }

    /// <summary>The most orders an API page holds.</summary>
    public const int MaxOrdersPage = 200;

    /// <summary>
    /// The caller's orders as buyer (or, with <c>as=seller</c>, as seller), newest first, <paramref name="limit"/> a
    /// page (default and most <see cref="MaxOrdersPage"/>). When there are more, a <c>Link: &lt;…?before=id&gt;;
    /// rel="next"</c> header gives the next page: orders older than the last one of this page.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<OrderDto>>, ProblemHttpResult>> ListOrders(string? @as, int? before, int? limit, CommerceDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        if (limit is < 1 or > MaxOrdersPage)
        {
            return Problem("limit", $"A page holds 1 to {MaxOrdersPage} orders.");
        }

        if (@as is not (null or "buyer" or "seller"))
        {
            return Problem("as", "List the orders as buyer or as seller.");
        }

        var take = limit ?? MaxOrdersPage;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var (orders, olderThan) = await OrderLists.NewestAsync(@as == "seller" ? db.Orders.Where(o => o.SellerId == id) : db.Orders.Where(o => o.BuyerId == id), before, take, ct);
        if (olderThan is { } next)
        {
            var query = new List<KeyValuePair<string, string?>>();
            if (@as == "seller")
            {
                query.Add(new("as", "seller"));
            }

            query.Add(new("before", next.ToString(CultureInfo.InvariantCulture)));
            if (limit is not null)
            {
                query.Add(new("limit", take.ToString(CultureInfo.InvariantCulture)));
            }

            http.Response.Headers.Link = $"<{http.Request.PathBase}/api/orders{QueryString.Create(query)}>; rel=\"next\"";
        }

        return TypedResults.Ok<IReadOnlyList<OrderDto>>([.. orders.Select(ToDto)]);
    }

    private static async Task<Results<Ok<OrderDto>, NotFound>> GetOrder(int id, CommerceDb db, ClaimsPrincipal user, CancellationToken ct) =>
        await OrderAccess.PageAsync(db, id, user, ct) is { } page ? TypedResults.Ok(ToDto(page.Order)) : TypedResults.NotFound();

    private static async Task<Results<Ok<OrderDto>, NotFound, ProblemHttpResult>> RefundOrder(int id, RefundRequestDto body, OrderRefunds refunds, CommerceDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Orders.AnyAsync(o => o.Id == id, ct))
        {
            return TypedResults.NotFound();
        }

        if (body.AmountMinor is not { } amount)
        {
            return Problem("amountMinor", "Give the amount to refund, in minor units.");
        }

        var outcome = await refunds.RefundAsync(id, amount, body.Reason, user.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        return outcome switch
        {
            RefundOutcome.Invalid invalid => Problem(invalid.Field, invalid.Message),
            RefundOutcome.Refused refused => TypedResults.Problem(statusCode: refused.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status409Conflict, title: refused.Message),
            _ => TypedResults.Ok(ToDto(await db.Orders.AsNoTracking().FirstAsync(o => o.Id == id, ct))),
        };
    }

    private static async Task<CartDto> CartDtoAsync(CheckoutService checkout, HttpContext http, CancellationToken ct, string? country = null)
    {
        var quote = await checkout.QuoteAsync(country, ct);
        var currency = quote.Cart.Currency;
        return new CartDto(
            [.. quote.Cart.Items.Select(i => new CartItemDto(
                i.Line.Id, i.Line.GigId, i.Offer?.Slug, i.Offer?.Title, i.Line.Package.ToString(), i.Line.Extras, i.Line.Quantity,
                PriceDto.Of(i.Line.UnitPriceMinor, currency), i.UnitMinor is { } unit ? PriceDto.Of(unit, currency) : null, i.PriceChanged, i.Problem))],
            quote.Cart.Cart?.CouponCode,
            quote.CouponProblem,
            quote.Quote is { } q ? new BreakdownDto(PriceDto.Of(q.Subtotal), PriceDto.Of(q.Discount), PriceDto.Of(q.Fee), PriceDto.Of(q.Tax), q.TaxIncluded, PriceDto.Of(q.Total)) : null,
            quote.Providers);
    }

    private static BreakdownDto Breakdown(Data.Checkout c) => new(
        PriceDto.Of(c.SubtotalMinor, c.Currency), PriceDto.Of(c.DiscountMinor, c.Currency), PriceDto.Of(c.FeeMinor, c.Currency),
        PriceDto.Of(c.TaxMinor, c.Currency), c.TaxIncluded, PriceDto.Of(c.TotalMinor, c.Currency));

    private static OrderDto ToDto(Order o) => new(
        o.Id, o.Number, o.Status.ToString(), o.GigId, o.GigSlug, o.GigTitle, o.SellerId, o.SellerName, o.BuyerId,
        o.Line.Package, o.Line.Extras, o.Line.Quantity, o.Line.DeliveryDays, o.Line.Revisions,
        new BreakdownDto(PriceDto.Of(o.SubtotalMinor, o.Currency), PriceDto.Of(o.DiscountMinor, o.Currency), PriceDto.Of(o.FeeMinor, o.Currency),
            PriceDto.Of(o.TaxMinor, o.Currency), o.Line.TaxIncluded, PriceDto.Of(o.TotalMinor, o.Currency)),
        PriceDto.Of(o.RefundedMinor, o.Currency), o.CreatedUtc);

    private static ProblemHttpResult Problem(string field, string message) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = message,
        });
}
