using System.Data.Common;
using System.Text;
using GigStore.Commerce.Data;
using GigStore.Email;
using GigStore.Tenants;
using GigStore.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Orders;

/// <summary>
/// The emails a paid checkout sends: the buyer's confirmation of all its orders, and a "new order" to each
/// seller. Queued in the tenant's outbox within the orders' transaction and sent by the shell afterwards; the
/// sellers' addresses are read before that transaction (<see cref="SellersAsync"/>).
/// </summary>
internal sealed class OrderEmails(IEmailOutbox outbox, UsersDb users, ITenantAccessor tenants)
{
    /// <summary>The address and name of each seller of the checkout's lines who has one (one query, read-only).</summary>
    public async Task<IReadOnlyDictionary<string, (string Email, string Name)>> SellersAsync(Data.Checkout checkout, CancellationToken ct)
    {
        var ids = checkout.Lines().Select(l => l.SellerId).Distinct().ToList();
        var sellers = await users.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.Email != null && u.Email != "")
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .ToListAsync(ct);
        return sellers.ToDictionary(u => u.Id, u => (u.Email!, u.DisplayName));
    }

    public async Task QueueAsync(Data.Checkout checkout, IReadOnlyList<Order> orders, IReadOnlyDictionary<string, (string Email, string Name)> sellers, DbTransaction transaction, CancellationToken ct)
    {
        var site = tenants.Tenant.Site.SiteName;
        string Price(long minor) => new Money(minor, checkout.Currency).Format();
        string Link(Order order) => $"{checkout.StoreUrl}/orders/{order.Id}";

        if (checkout.BuyerEmail.Length > 0)
        {
            var text = new StringBuilder()
                .AppendLine($"Thank you for your order on {site}. Your payment of {Price(checkout.TotalMinor)} is confirmed.")
                .AppendLine();
            foreach (var order in orders)
            {
                Describe(text, order, Price).AppendLine($"  Seller: {order.SellerName}").AppendLine($"  {Link(order)}").AppendLine();
            }

            text.AppendLine(orders.Count == 1
                ? "Next: open the order and send the seller the requirements they need to start. The delivery time starts then."
                : "Next: open each order and send its seller the requirements they need to start. Each delivery time starts then.");
            var subject = orders.Count == 1 ? $"Order {orders[0].Number} confirmed: {orders[0].GigTitle}" : $"Your {orders.Count} orders on {site} are confirmed";
            await outbox.EnqueueAsync(new EmailMessage(checkout.BuyerEmail, Shorten(subject), text.ToString()), transaction, ct);
        }

        foreach (var order in orders)
        {
            if (!sellers.TryGetValue(order.SellerId, out var seller))
            {
                continue;
            }

            var text = Describe(new StringBuilder().AppendLine($"You have a new order on {site}.").AppendLine(), order, _ => "")
                .AppendLine($"  Order value: {Price(order.SubtotalMinor - order.DiscountMinor)}")
                .AppendLine($"  {Link(order)}")
                .AppendLine()
                .AppendLine("The buyer sends the requirements next; the delivery time starts when they do.");
            await outbox.EnqueueAsync(new EmailMessage(seller.Email, Shorten($"New order {order.Number}: {order.GigTitle}"), text.ToString()) { ToName = seller.Name }, transaction, ct);
        }
    }

    private static StringBuilder Describe(StringBuilder text, Order order, Func<long, string> price)
    {
        var line = order.Line;
        text.AppendLine($"Order {order.Number}: {order.GigTitle}")
            .AppendLine($"  {line.Package.Tier} package: {line.Package.Name}, delivered in {line.DeliveryDays} day{(line.DeliveryDays == 1 ? "" : "s")}");
        if (line.Extras.Count > 0)
        {
            text.AppendLine($"  Extras: {string.Join(", ", line.Extras.Select(e => e.Title))}");
        }

        if (line.Quantity > 1)
        {
            text.AppendLine($"  Quantity: {line.Quantity}");
        }

        if (price(order.TotalMinor) is { Length: > 0 } total)
        {
            text.AppendLine($"  Total: {total}");
        }

        return text;
    }

    /// <summary>Subjects hold a gig's title, which may be long; the outbox takes at most 500 characters.</summary>
    private static string Shorten(string subject) => subject.Length <= 200 ? subject : subject[..199] + "…";
}
