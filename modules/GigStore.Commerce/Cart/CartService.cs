using System.Security.Claims;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Commerce.Data;
using GigStore.Commerce.Pricing;
using GigStore.Tenants;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Cart;

/// <summary>A cart line as the cart page shows it: what the buyer chose, priced now, and anything that changed.</summary>
public sealed record CartItem(CartLine Line, GigOffer? Offer, LineChoice? Choice, string? Problem)
{
    /// <summary>The price for one now, or null when the gig cannot be bought.</summary>
    public long? UnitMinor => Choice?.UnitMinor;

    /// <summary>The gig still sells, at another price than the buyer was shown.</summary>
    public bool PriceChanged => Choice is not null && Choice.UnitMinor != Line.UnitPriceMinor;
}

/// <summary>The buyer's cart, read with every line checked against the live gigs.</summary>
public sealed record CartView(Data.Cart? Cart, IReadOnlyList<CartItem> Items, string Currency)
{
    public bool IsEmpty => Items.Count == 0;

    public IReadOnlyList<LineChoice> Buyable => [.. Items.Where(i => i.Choice is not null).Select(i => i.Choice!)];

    public bool HasProblems => Items.Any(i => i.Problem is not null || i.PriceChanged);
}

public sealed record AddToCart(int GigId, PackageTier Package, IReadOnlyList<int> Extras, int Quantity);

/// <summary>
/// The cart of whoever is asking: a signed-in buyer's own, or an anonymous one named by a cookie, which
/// moves into the buyer's cart once they sign in (a gig in both keeps the anonymous choice, the later one).
/// A request reads the cart and each gig once: adding a gig and answering with the priced cart, or pricing
/// the cart again for the checkout, uses what it read (the cart is tracked, so its changes are in it).
/// </summary>
public sealed class CartService(CommerceDb db, CatalogDb catalog, IHttpContextAccessor http, ITenantAccessor tenants, TimeProvider clock, CommerceSettingsStore settings)
{
    private readonly Dictionary<int, GigOffer?> _offers = [];
    private Data.Cart? _cart;
    private bool _cartRead;

    private HttpContext Http => http.HttpContext ?? throw new InvalidOperationException("The cart needs a request.");

    private string? UserId => Http.User.Identity?.IsAuthenticated == true ? Http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private string CookieName => ".GigStore.Cart." + tenants.Tenant.Name;

    public async Task<CartView> ViewAsync(CancellationToken ct)
    {
        var cart = await FindAsync(ct);
        var currency = (await settings.GetAsync(ct)).Currency;
        if (cart is null || cart.Lines.Count == 0)
        {
            return new CartView(cart, [], currency);
        }

        var offers = await OffersAsync([.. cart.Lines.Select(l => l.GigId)], ct);
        var items = cart.Lines.OrderBy(l => l.Id).Select(line =>
        {
            var check = GigOffers.Check(offers.GetValueOrDefault(line.GigId), line.Package, line.Extras, line.Quantity, currency, UserId);
            return new CartItem(line, offers.GetValueOrDefault(line.GigId), check.Choice, check.Problem);
        }).ToList();
        return new CartView(cart, items, currency);
    }

    /// <summary>Puts a gig in the cart (replacing the line of the same gig); the problem when it cannot be bought.</summary>
    public async Task<string?> AddAsync(AddToCart add, CancellationToken ct)
    {
        var currency = (await settings.GetAsync(ct)).Currency;
        var offers = await OffersAsync([add.GigId], ct);
        var check = GigOffers.Check(offers.GetValueOrDefault(add.GigId), add.Package, add.Extras, add.Quantity, currency, UserId);
        if (check.Choice is not { } choice)
        {
            return check.Problem;
        }

        var cart = await FindAsync(ct) ?? await CreateAsync(ct);
        var now = clock.GetUtcNow();
        var line = cart.Lines.FirstOrDefault(l => l.GigId == add.GigId);
        if (line is null)
        {
            line = new CartLine { CartId = cart.Id, GigId = add.GigId, AddedUtc = now };
            cart.Lines.Add(line);
        }

        line.Package = add.Package;
        line.Extras = [.. add.Extras.Order()];
        line.Quantity = add.Quantity;
        line.UnitPriceMinor = choice.UnitMinor;
        line.Currency = currency;
        cart.UpdatedUtc = now;
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Removes a line of this buyer's cart; false when the cart has no such line.</summary>
    public async Task<bool> RemoveAsync(int lineId, CancellationToken ct)
    {
        var cart = await FindAsync(ct);
        if (cart?.Lines.FirstOrDefault(l => l.Id == lineId) is not { } line)
        {
            return false;
        }

        cart.Lines.Remove(line);
        db.CartLines.Remove(line);
        cart.UpdatedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The buyer saw the new prices: the cart's lines take them as the prices they agreed to.</summary>
    public async Task AcceptPricesAsync(CancellationToken ct)
    {
        var view = await ViewAsync(ct);
        foreach (var item in view.Items.Where(i => i.PriceChanged))
        {
            item.Line.UnitPriceMinor = item.Choice!.UnitMinor;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Keeps the coupon code the buyer entered (or none) on the cart; its rules are checked wherever the cart is
    /// priced. What cannot be any coupon's code is refused with the buyer's message, and nothing changes.
    /// </summary>
    public async Task<string?> SetCouponAsync(string? code, CancellationToken ct)
    {
        var normalized = string.IsNullOrWhiteSpace(code) ? null : CouponRules.Normalize(code);
        if (normalized is not null && CouponRules.CodeProblem(normalized) is not null)
        {
            return "That coupon code is not valid.";
        }

        var cart = await FindAsync(ct) ?? await CreateAsync(ct);
        cart.CouponCode = normalized;
        cart.UpdatedUtc = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The live gigs of <paramref name="gigIds"/> that buyers can buy (read once a request).</summary>
    private async Task<Dictionary<int, GigOffer>> OffersAsync(IReadOnlyCollection<int> gigIds, CancellationToken ct)
    {
        var unread = gigIds.Where(id => !_offers.ContainsKey(id)).ToList();
        if (unread.Count > 0)
        {
            var read = await GigOffers.LoadAsync(catalog, unread, ct);
            foreach (var id in unread)
            {
                _offers[id] = read.GetValueOrDefault(id);
            }
        }

        return gigIds.Distinct().Where(id => _offers[id] is not null).ToDictionary(id => id, id => _offers[id]!);
    }

    /// <summary>This buyer's cart (an anonymous cart is merged into it first), the anonymous cart of this browser, or null.</summary>
    private async Task<Data.Cart?> FindAsync(CancellationToken ct)
    {
        if (!_cartRead)
        {
            _cart = await ReadAsync(ct);
            _cartRead = true;
        }

        return _cart;
    }

    private async Task<Data.Cart?> ReadAsync(CancellationToken ct)
    {
        var anonymous = AnonymousId() is { } id
            ? await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == id && c.OwnerId == null, ct)
            : null;
        if (UserId is not { } userId)
        {
            return anonymous;
        }

        var own = await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.OwnerId == userId, ct);
        if (anonymous is null)
        {
            return own;
        }

        if (own is null)
        {
            // The browser's cart becomes the buyer's.
            anonymous.OwnerId = userId;
            anonymous.UpdatedUtc = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            ForgetAnonymous();
            return anonymous;
        }

        foreach (var line in anonymous.Lines.ToList())
        {
            if (own.Lines.FirstOrDefault(l => l.GigId == line.GigId) is { } existing)
            {
                own.Lines.Remove(existing);
                db.CartLines.Remove(existing);
            }
        }

        // Saved first so the unique (cart, gig) index never sees a gig twice in the buyer's cart.
        await db.SaveChangesAsync(ct);
        foreach (var line in anonymous.Lines.ToList())
        {
            anonymous.Lines.Remove(line);
            own.Lines.Add(new CartLine
            {
                CartId = own.Id, GigId = line.GigId, Package = line.Package, Extras = line.Extras, Quantity = line.Quantity,
                UnitPriceMinor = line.UnitPriceMinor, Currency = line.Currency, AddedUtc = line.AddedUtc,
            });
        }

        own.CouponCode ??= anonymous.CouponCode;
        own.UpdatedUtc = clock.GetUtcNow();
        db.Carts.Remove(anonymous);
        await db.SaveChangesAsync(ct);
        ForgetAnonymous();
        return own;
    }

    private async Task<Data.Cart> CreateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cart = new Data.Cart { Id = Guid.NewGuid(), OwnerId = UserId, CreatedUtc = now, UpdatedUtc = now };
        db.Carts.Add(cart);
        await db.SaveChangesAsync(ct);
        (_cart, _cartRead) = (cart, true);
        if (cart.OwnerId is null)
        {
            Http.Response.Cookies.Append(CookieName, cart.Id.ToString("N"), new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = Http.Request.IsHttps,
                Path = Http.Request.PathBase.HasValue ? Http.Request.PathBase.Value : "/",
                MaxAge = TimeSpan.FromDays(30),
            });
        }

        return cart;
    }

    private Guid? AnonymousId() => Http.Request.Cookies.TryGetValue(CookieName, out var value) && Guid.TryParseExact(value, "N", out var id) ? id : null;

    private void ForgetAnonymous() =>
        Http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = Http.Request.PathBase.HasValue ? Http.Request.PathBase.Value : "/" });
}
