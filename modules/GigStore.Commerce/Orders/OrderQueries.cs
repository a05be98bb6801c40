using System.Security.Claims;
using GigStore.Commerce.Data;
using GigStore.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Orders;

/// <summary>An order as its page shows it: the order, its timeline, its refunds, and who is looking.</summary>
public sealed record OrderPage(Order Order, IReadOnlyList<OrderEvent> Timeline, IReadOnlyList<Refund> Refunds, OrderViewer Viewer);

public enum OrderViewer
{
    Buyer,
    Seller,
    Administrator,
}

/// <summary>Who may see an order: its buyer, its seller and the tenant's administrators — nobody else.</summary>
public static class OrderAccess
{
    public static OrderViewer? Viewer(Order order, ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is null ? null
            : order.BuyerId == id ? OrderViewer.Buyer
            : order.SellerId == id ? OrderViewer.Seller
            : user.IsInRole(Roles.Administrator) ? OrderViewer.Administrator
            : null;
    }

    /// <summary>The order's page for <paramref name="user"/>, or null when it does not exist or is not theirs to see.</summary>
    public static async Task<OrderPage?> PageAsync(CommerceDb db, int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null || Viewer(order, user) is not { } viewer)
        {
            return null;
        }

        var timeline = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id).OrderBy(e => e.Id).ToListAsync(ct);
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == id).OrderBy(r => r.Id).ToListAsync(ct);
        return new OrderPage(order, timeline, refunds, viewer);
    }
}

/// <summary>A page of orders, newest first; <see cref="OlderThan"/> is the <c>before</c> of the next page (null: this is the last).</summary>
public sealed record OrderSlice(IReadOnlyList<Order> Orders, int? OlderThan);

/// <summary>Order lists, newest first, a page at a time: the API's, "My orders", the seller's and the admin's.</summary>
public static class OrderLists
{
    /// <summary>Orders in a list page.</summary>
    public const int PageSize = 50;

    /// <summary>Up to <paramref name="take"/> of <paramref name="orders"/>, newest first, older than order <paramref name="before"/> when given.</summary>
    public static async Task<OrderSlice> NewestAsync(IQueryable<Order> orders, int? before, int take, CancellationToken ct)
    {
        if (before is { } older)
        {
            orders = orders.Where(o => o.Id < older);
        }

        var page = await orders.AsNoTracking().OrderByDescending(o => o.Id).Take(take + 1).ToListAsync(ct);
        if (page.Count <= take)
        {
            return new OrderSlice(page, null);
        }

        page.RemoveAt(take);
        return new OrderSlice(page, page[^1].Id);
    }
}
