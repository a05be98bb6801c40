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
