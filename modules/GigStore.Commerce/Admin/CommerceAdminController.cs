using System.Security.Claims;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Commerce.Orders;
using GigStore.Commerce.Pricing;
using GigStore.Modules;
using GigStore.Navigation;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Admin;

public sealed record CommerceAdminPage(SettingsForm Settings, IReadOnlyList<Coupon> Coupons, CouponForm NewCoupon, CategoryTree Categories, string Currency);

public sealed record AdminOrdersPage(OrderSlice Page)
{
    public IReadOnlyList<Order> Orders => Page.Orders;
}

/// <summary>The tenant admin's commerce: fees and taxes, coupons, orders and refunds.</summary>
[Admin]
[RequireFeatures(CommerceFeatures.Checkout)]
[Route("admin/commerce")]
public sealed class CommerceAdminController(CommerceDb db, CatalogDb catalog, CommerceSettingsStore settings, OrderRefunds refunds, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        return View(await PageAsync(SettingsForm.From(current), new CouponForm(), ct));
    }

    [HttpPost("settings")]
    public async Task<IActionResult> Settings(SettingsForm form, CancellationToken ct)
    {
        if (form.ToSettings() is not { } saved)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(form, new CouponForm(), ct));
        }

        await settings.SaveAsync(saved, ct);
        TempData["Status"] = "Fees and taxes saved; checkouts use them from now on.";
        return Redirect($"{Request.PathBase}/admin/commerce");
    }

    [HttpPost("coupons")]
    public async Task<IActionResult> CreateCoupon(CouponForm form, CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        var handles = await catalog.Sellers.AsNoTracking().Select(s => new { s.Handle, s.UserId }).ToDictionaryAsync(s => s.Handle, s => s.UserId, ct);
        var tree = await CategoryTree.LoadAsync(catalog, ct);
        var categoryIds = tree.Top.SelectMany(c => tree.Children(c.Id).Prepend(c)).Select(c => c.Id).ToHashSet();
        var coupon = form.ToCoupon(current.Currency, handles, categoryIds, clock.GetUtcNow());

        // A number or date that could not be read would otherwise stand as "no limit" or "no date".
        foreach (var (field, entry) in ModelState.Where(e => e.Value?.Errors.Count > 0))
        {
            form.Errors[field] = field is nameof(CouponForm.Starts) or nameof(CouponForm.Ends) ? "Enter a date and time." : "Enter a whole number, or leave it empty.";
            coupon = null;
        }

        if (coupon is not null && await db.Coupons.AnyAsync(c => c.Code == coupon.Code, ct))
        {
            form.Errors[nameof(CouponForm.Code)] = "A coupon with that code exists already.";
            coupon = null;
        }

        if (coupon is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await PageAsync(SettingsForm.From(current), form, ct));
        }

        db.Coupons.Add(coupon);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"Coupon {coupon.Code} created.";
        return Redirect($"{Request.PathBase}/admin/commerce#coupons");
    }

    [HttpPost("coupons/{id:int}/active")]
    public async Task<IActionResult> SetCouponActive(int id, bool active, CancellationToken ct)
    {
        var changed = await db.Coupons.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Active, active), ct);
        if (changed == 0)
        {
            return NotFound();
        }

        TempData["Status"] = active ? "Coupon switched on." : "Coupon switched off: buyers can no longer use it.";
        return Redirect($"{Request.PathBase}/admin/commerce#coupons");
    }

    [HttpGet("orders")]
    public async Task<IActionResult> Orders(int? before, CancellationToken ct) =>
        View(new AdminOrdersPage(await OrderLists.NewestAsync(db.Orders, before, OrderLists.PageSize, ct)));

    /// <summary>Refunds all or part of an order (the amount as typed, in the order's currency).</summary>
    [HttpPost("orders/{id:int}/refund")]
    public async Task<IActionResult> Refund(int id, string? amount, string? reason, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return NotFound();
        }

        if (!Money.TryParse(amount, order.Currency, out var money) || money.Minor <= 0)
        {
            TempData["Error"] = "Enter the amount to refund, such as 12.50.";
        }
        else
        {
            var outcome = await refunds.RefundAsync(id, money.Minor, reason, User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            TempData[outcome is RefundOutcome.Refunded ? "Status" : "Error"] = outcome switch
            {
                RefundOutcome.Refunded r => $"Refunded {new Money(r.Refund.AmountMinor, order.Currency).Format()}.",
                RefundOutcome.Refused refused => refused.Message,
                RefundOutcome.Invalid invalid => invalid.Message,
                _ => throw new InvalidOperationException(),
            };
        }

        return Redirect($"{Request.PathBase}/orders/{id}");
    }

    private async Task<CommerceAdminPage> PageAsync(SettingsForm form, CouponForm coupon, CancellationToken ct) => new(
        form,
        await db.Coupons.AsNoTracking().OrderByDescending(c => c.Id).ToListAsync(ct),
        coupon,
        await CategoryTree.LoadAsync(catalog, ct),
        (await settings.GetAsync(ct)).Currency);
}

internal sealed class CommerceNavigation : INavigationProvider
{
    public void BuildNavigation(string menu, NavigationBuilder builder)
    {
        if (menu == Menus.Admin)
        {
            builder.Add("Commerce", "/admin/commerce", 300, Roles.Administrator);
            builder.Add("Orders", "/admin/commerce/orders", 310, Roles.Administrator);
        }
    }
}
