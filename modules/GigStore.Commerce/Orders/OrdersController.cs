using System.Security.Claims;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Modules;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Orders;

public sealed record OrderList(string Title, IReadOnlyList<Order> Orders, bool AsSeller);

/// <summary>The buyer's "My orders", the seller's "Orders", and an order's page.</summary>
[Authorize]
[RequireFeatures(CommerceFeatures.Checkout)]
public sealed class OrdersController(CommerceDb db) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("orders")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new OrderList("My orders", await db.Orders.AsNoTracking().Where(o => o.BuyerId == UserId).OrderByDescending(o => o.Id).Take(200).ToListAsync(ct), AsSeller: false));

    [Authorize(Roles = Roles.Seller)]
    [HttpGet("seller/orders")]
    public async Task<IActionResult> Seller(CancellationToken ct) =>
        View("Index", new OrderList("Orders", await db.Orders.AsNoTracking().Where(o => o.SellerId == UserId).OrderByDescending(o => o.Id).Take(200).ToListAsync(ct), AsSeller: true));

    [HttpGet("orders/{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken ct) =>
        await OrderAccess.PageAsync(db, id, User, ct) is { } page ? View(page) : NotFound();
}
