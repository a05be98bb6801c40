using System.Security.Claims;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Modules;
using GigStore.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Orders;

public sealed record OrderList(string Title, OrderSlice Page, bool AsSeller, string Path)
{
    public IReadOnlyList<Order> Orders => Page.Orders;
}

/// <summary>The buyer's "My orders", the seller's "Orders", and an order's page.</summary>
[Authorize]
[RequireFeatures(CommerceFeatures.Checkout)]
public sealed class OrdersController(CommerceDb db) : Controller
{
    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    [HttpGet("orders")]
    public async Task<IActionResult> Index(int? before, CancellationToken ct) =>
        View(new OrderList("My orders", await OrderLists.NewestAsync(db.Orders.Where(o => o.BuyerId == UserId), before, OrderLists.PageSize, ct), AsSeller: false, "/orders"));

    [Authorize(Roles = Roles.Seller)]
    [HttpGet("seller/orders")]
    public async Task<IActionResult> Seller(int? before, CancellationToken ct) =>
        View("Index", new OrderList("Orders", await OrderLists.NewestAsync(db.Orders.Where(o => o.SellerId == UserId), before, OrderLists.PageSize, ct), AsSeller: true, "/seller/orders"));

    [HttpGet("orders/{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken ct) =>
        await OrderAccess.PageAsync(db, id, User, ct) is { } page ? View(page) : NotFound();
}
