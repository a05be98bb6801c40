using System.Security.Claims;
using System.Text.Json;
using GigStore.Commerce.Cart;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Commerce.Pricing;
using GigStore.Shell.Modules;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GigStore.Commerce.Checkout;

public sealed record ProviderOption(string Id, string Name, bool TestMode);

/// <summary>What the checkout page shows: the cart priced for the buyer's country, the coupon's fate, and the ways to pay.</summary>
public sealed record CheckoutQuote(CartView Cart, Quote? Quote, Coupon? Coupon, string? CouponProblem, IReadOnlyList<ProviderOption> Providers, string? Country);

/// <summary>What the buyer submits with "Pay": where they are (for tax), how they pay, and the total they were shown.</summary>
public sealed record StartCheckout(string? Country, string? Provider, long? ExpectedTotalMinor);

public abstract record StartResult
{
    /// <summary>Paying has started: send the buyer to <see cref="RedirectUrl"/>. <see cref="ProviderTime"/> is how long the provider took to start it.</summary>
    public sealed record Started(Data.Checkout Checkout, string RedirectUrl, TimeSpan ProviderTime) : StartResult;

    /// <summary>The form is wrong (field → message); nothing was written.</summary>
    public sealed record Invalid(Dictionary<string, string> Errors) : StartResult;

    /// <summary>The cart is not what the buyer saw (prices, availability, coupon, total): nothing was charged.</summary>
    public sealed record Changed(IReadOnlyList<string> Problems) : StartResult;

    /// <summary>The provider refused or could not be reached; the checkout is closed and nothing was charged.</summary>
    public sealed record ProviderFailed(string Message, bool Retryable) : StartResult;
}

/// <summary>Prices the buyer's cart and starts paying for it with the chosen provider.</summary>
public sealed partial class CheckoutService(
    CommerceDb db,
    CartService carts,
    CommerceSettingsStore settingsStore,
    EnabledServices<IPaymentProvider> providers,
    IHttpContextAccessor http,
    TimeProvider clock,
    ILogger<CheckoutService> logger)
{
    /// <summary>How long a started payment may take before reconciliation asks the provider one last time and expires it.</summary>
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromHours(24);

    private ClaimsPrincipal User => http.HttpContext!.User;

    private string BuyerId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Checkout needs a signed-in buyer.");

    public async Task<IReadOnlyList<ProviderOption>> ProvidersAsync(CancellationToken ct)
    {
        var options = new List<ProviderOption>();
        foreach (var provider in providers.All)
        {
            if (await provider.IsReadyAsync(ct))
            {
                options.Add(new ProviderOption(provider.Id, provider.DisplayName, await provider.IsTestModeAsync(ct)));
            }
        }

        return options;
    }

    public async Task<CheckoutQuote> QuoteAsync(string? country, CancellationToken ct)
    {
        var settings = await settingsStore.GetAsync(ct);
        var cart = await carts.ViewAsync(ct);
        var options = await ProvidersAsync(ct);
        country = Countries.Find(country)?.Code;
        if (cart.IsEmpty)
        {
            return new CheckoutQuote(cart, null, null, null, options, country);
        }

        var lines = cart.Buyable;
        Coupon? coupon = null;
        string? problem = null;
        if (cart.Cart?.CouponCode is { } code)
        {
            var found = await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct);
            // A visitor's cart is priced too: they have used no coupon yet (their uses count once they sign in).
            var buyer = User.FindFirstValue(ClaimTypes.NameIdentifier);
            var uses = found is null || buyer is null ? 0 : await CouponReservations.UsesByAsync(db, found.Id, buyer, ct);
            problem = CouponRules.Problem(found, lines, uses, clock.GetUtcNow(), settings.Currency);
            coupon = problem is null ? found : null;
        }

        return new CheckoutQuote(cart, lines.Count == 0 ? null : PriceCalculator.Price(lines, settings, country, coupon), coupon, problem, options, country);
    }

    public async Task<StartResult> StartAsync(StartCheckout request, string returnBase, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var country = Countries.Find(request.Country);
        if (country is null)
        {
            errors["country"] = "Choose the country you are buying from (it decides the tax).";
        }

        var quote = await QuoteAsync(country?.Code, ct);
        var provider = providers.All.FirstOrDefault(p => p.Id == request.Provider);
        if (provider is null || quote.Providers.All(o => o.Id != provider.Id))
        {
            errors["provider"] = quote.Providers.Count == 0 ? "This store cannot take payments right now." : "Choose how you want to pay.";
        }

        if (request.ExpectedTotalMinor is null)
        {
            errors["expectedTotal"] = "The total you agreed to is missing; reload the checkout page.";
        }

        if (quote.Cart.IsEmpty)
        {
            errors["cart"] = "Your cart is empty.";
        }

        if (errors.Count > 0)
        {
            return new StartResult.Invalid(errors);
        }

        var problems = quote.Cart.Items
            .Where(i => i.Problem is not null || i.PriceChanged)
            .Select(i => i.Problem is { } p
                ? $"{i.Offer?.Title ?? "A gig in your cart"}: {p}"
                : $"{i.Offer!.Title}: the price changed from {new Money(i.Line.UnitPriceMinor, quote.Cart.Currency).Format()} to {new Money(i.UnitMinor!.Value, quote.Cart.Currency).Format()}.")
            .ToList();
        if (quote.CouponProblem is { } couponProblem)
        {
            problems.Add($"Coupon {quote.Cart.Cart!.CouponCode}: {couponProblem}");
        }

        if (problems.Count == 0 && quote.Quote!.Total.Minor != request.ExpectedTotalMinor)
        {
            problems.Add($"The total is now {quote.Quote.Total.Format()}, not the {new Money(request.ExpectedTotalMinor!.Value, quote.Cart.Currency).Format()} you were shown.");
        }

        if (problems.Count > 0)
        {
            return new StartResult.Changed(problems);
        }

        var priced = quote.Quote!;
        var now = clock.GetUtcNow();
        var checkout = new Data.Checkout
        {
            Id = Guid.NewGuid(),
            BuyerId = BuyerId,
            BuyerEmail = User.FindFirstValue(ClaimTypes.Email) ?? "",
            State = CheckoutState.Pending,
            Currency = priced.Total.Currency,
            BuyerCountry = country!.Code,
            SubtotalMinor = priced.Subtotal.Minor,
            DiscountMinor = priced.Discount.Minor,
            FeeMinor = priced.Fee.Minor,
            TaxMinor = priced.Tax.Minor,
            TaxIncluded = priced.TaxIncluded,
            TotalMinor = priced.Total.Minor,
            CouponId = priced.Coupon?.Id,
            CouponCode = priced.Coupon?.Code,
            LinesJson = JsonSerializer.Serialize(priced.Lines, JsonSerializerOptions.Web),
            Provider = provider!.Id,
            StoreUrl = returnBase,
            CreatedUtc = now,
            ExpiresUtc = now + PaymentWindow,
        };

        // The provider first, then one transaction that writes the checkout with the provider's reference and takes
        // the coupon's use. The buyer learns where to pay only after that commits, so no payment can be made (or
        // confirmed) for a checkout that is not written; a provider's payment left behind when the coupon was
        // taken meanwhile is never shown to anyone and expires at the provider.
        var paymentLines = priced.Lines.Select(l => new PaymentLine($"{l.GigTitle} ({l.Package.Tier}{(l.Quantity > 1 ? $" × {l.Quantity}" : "")})", new Money(l.TotalMinor, checkout.Currency))).ToList();
        PaymentStart started;
        var providerStarted = clock.GetTimestamp();
        try
        {
            started = await provider!.StartAsync(new PaymentRequest(
                checkout.Id,
                priced.Total,
                priced.Lines.Count == 1 ? priced.Lines[0].GigTitle : $"{priced.Lines.Count} gigs",
                checkout.BuyerEmail.Length > 0 ? checkout.BuyerEmail : null,
                paymentLines,
                $"{returnBase}/checkout/{checkout.Id:N}/return",
                $"{returnBase}/checkout",
                checkout.IdempotencyKey), ct);
        }
        catch (PaymentProviderException ex)
        {
            // Kept, closed, for the store's records; no coupon use was taken.
            LogStartFailed(logger, ex, checkout.Id, provider!.Id);
            checkout.State = CheckoutState.Failed;
            checkout.FailureMessage = ex.Message;
            db.Checkouts.Add(checkout);
            await db.SaveChangesAsync(ct);
            return new StartResult.ProviderFailed(ex.Message, ex.Retryable);
        }

        var providerTime = clock.GetElapsedTime(providerStarted);
        checkout.ProviderReference = started.Reference;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Checkouts.Add(checkout);
            await db.SaveChangesAsync(ct);
            if (priced.Coupon is { } coupon && await CouponReservations.ReserveAsync(db, coupon, checkout.BuyerId, ct) is { } taken)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new StartResult.Changed([$"Coupon {coupon.Code}: {taken}"]);
            }

            await transaction.CommitAsync(ct);
        }

        return new StartResult.Started(checkout, started.RedirectUrl, providerTime);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout {CheckoutId}: {Provider} could not start the payment")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, Guid checkoutId, string provider);
}
