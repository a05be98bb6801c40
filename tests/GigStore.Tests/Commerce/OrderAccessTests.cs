using System.Text.RegularExpressions;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Commerce.Data;
using GigStore.Commerce.Orders;
using GigStore.Shell.Tenants;
using GigStore.Users.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Commerce;

/// <summary>An order is its buyer's, its seller's and the tenant admins' — every order endpoint checks who is asking — and refunds go through the provider.</summary>
public sealed class OrderAccessTests : IClassFixture<GigStoreFactory>
{
    private const string SellerPassword = "Seller-pass-123!";

    private readonly GigStoreFactory app;

    public OrderAccessTests(GigStoreFactory app)
    {
        app.Settings["GigStore:RunBackgroundJobs"] = "false";
        this.app = app;
    }

    [Fact]
    public async Task EveryOrderEndpointAnswersOnlyTheBuyerTheSellerAndAdministrators()
    {
        var (buyer, order, sellerEmail) = await PlacedOrderAsync("access");
        var id = order["id"]!.GetValue<int>();
        var checkoutId = (await buyer.OrdersAsync())[0]!["id"]!.GetValue<int>() == id ? await CheckoutOfAsync(id) : throw new InvalidOperationException();

        var stranger = await CommerceClient.BuyerAsync(app, "stranger@buyers.test");
        var anonymous = app.Browser();
        var seller = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await seller.SignInAsync("", sellerEmail, SellerPassword)).StatusCode);
        var admin = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword)).StatusCode);

        // Anonymous: nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/checkout/{checkoutId:N}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/orders/{id}")).StatusCode);

        // Another buyer: not found, and not in their list.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/orders/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/api/checkout/{checkoutId:N}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/checkout/{checkoutId:N}")).StatusCode);
        Assert.Empty(await stranger.OrdersAsync());
        Assert.Empty(await stranger.OrdersAsync("seller"));

        // The seller sees it among their orders and on its page, without the buyer's fee and tax.
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Contains((await seller.GetFromJsonAsync<JsonArray>("/api/orders?as=seller"))!, o => o!["id"]!.GetValue<int>() == id);
        var sellerPage = await seller.GetStringAsync($"/orders/{id}");
        Assert.Contains("Order value", sellerPage);
        Assert.DoesNotContain("Service fee", sellerPage);
        Assert.Contains(order["gigTitle"]!.GetValue<string>(), await seller.GetStringAsync("/seller/orders"));
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync($"/api/checkout/{checkoutId:N}")).StatusCode);

        // Administrators see every order; only they refund.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/orders/{id}")).StatusCode);
        Assert.Contains("Refund", await admin.GetStringAsync($"/orders/{id}"));
        Assert.Contains(order["gigTitle"]!.GetValue<string>(), await admin.GetStringAsync("/admin/commerce/orders"));
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.Http.PostAsJsonAsync($"/api/orders/{id}/refunds", new { amountMinor = 100 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.PostAsJsonAsync($"/api/orders/{id}/refunds", new { amountMinor = 100 })).StatusCode);
        Assert.Contains((await buyer.Http.GetAsync("/admin/commerce")).StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Redirect });
        Assert.Equal(0, (await buyer.OrdersAsync())[0]!["refunded"]!["minor"]!.GetValue<long>());
    }

    [Fact]
    public async Task AnAdministratorRefundsPartOfAnOrderThenTheRestAndNeverMore()
    {
        var (buyer, order, _) = await PlacedOrderAsync("refunds");
        var id = order["id"]!.GetValue<int>();
        var total = order["price"]!["total"]!["minor"]!.GetValue<long>();
        var admin = app.Browser();
        await admin.SignInAsync("", GigStoreFactory.AdminEmail, GigStoreFactory.AdminPassword);

        var partial = await admin.PostAsJsonAsync($"/api/orders/{id}/refunds", new { amountMinor = 500, reason = "One revision was not needed" });
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.Equal(500, (await partial.Content.ReadFromJsonAsync<JsonObject>())!["refunded"]!["minor"]!.GetValue<long>());

        var tooMuch = await admin.PostAsJsonAsync($"/api/orders/{id}/refunds", new { amountMinor = total });
        Assert.Equal(HttpStatusCode.Conflict, tooMuch.StatusCode);

        var rest = await admin.PostAsJsonAsync($"/api/orders/{id}/refunds", new { amountMinor = total - 500 });
        Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
        Assert.Equal(total, (await buyer.OrdersAsync())[0]!["refunded"]!["minor"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/orders/{id}/refunds", new { amountMinor = 1 })).StatusCode);

        // Bad requests are refused beside the field and change nothing.
        foreach (var bad in new object[] { new { reason = "no amount" }, new { amountMinor = 0 }, new { amountMinor = 1, reason = new string('x', 501) } })
        {
            var refused = await admin.PostAsJsonAsync($"/api/orders/{id}/refunds", bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotNull((await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]);
        }

        // The provider holds the same: two refunds adding up to the payment.
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var db = scope.ServiceProvider.GetRequiredService<CommerceDb>();
        var payment = await db.Payments.SingleAsync(p => p.Id == db.Orders.Single(o => o.Id == id).PaymentId);
        Assert.Equal(total, payment.RefundedMinor);
        Assert.Equal(total, (await db.TestPayments.SingleAsync(p => p.Id == payment.ProviderPaymentId)).RefundedMinor);
        Assert.Equal([500, total - 500], (await db.TestRefunds.Where(r => r.PaymentId == payment.ProviderPaymentId).Select(r => r.AmountMinor).ToListAsync()).OrderBy(a => a == 500 ? 0 : 1));
        var timeline = await buyer.Http.GetStringAsync($"/orders/{id}");
        Assert.Contains("Partly refunded: $5", timeline);
        Assert.Contains("Refunded in full", timeline);
    }

    /// <summary>A new buyer pays for one gig of a demo seller, who gets a password to sign in with.</summary>
    [Fact]
    public async Task OrdersComePageByPageNewestFirstWithALinkToTheNextPage()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "pages@buyers.test");
        foreach (var gig in await buyer.GigsAsync(3))
        {
            Assert.Equal(HttpStatusCode.OK, (await buyer.AddAsync(CheckoutTests.Id(gig))).StatusCode);
        }

        var (_, payUrl) = await buyer.StartOkAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PayAsync(payUrl)).StatusCode);
        var all = (await buyer.OrdersAsync()).Select(o => o!["id"]!.GetValue<int>()).ToList();
        Assert.Equal(3, all.Count);
        Assert.Equal(all.OrderDescending(), all);

        var first = await buyer.Http.GetAsync("/api/orders?limit=2");
        Assert.Equal(all[..2], (await first.Content.ReadFromJsonAsync<JsonArray>())!.Select(o => o!["id"]!.GetValue<int>()));
        var next = Assert.Single(first.Headers.GetValues("Link"));
        Assert.Equal($"</api/orders?before={all[1]}&limit=2>; rel=\"next\"", next);

        var second = await buyer.Http.GetAsync(next[1..next.IndexOf('>')]);
        Assert.Equal(all[2..], (await second.Content.ReadFromJsonAsync<JsonArray>())!.Select(o => o!["id"]!.GetValue<int>()));
        Assert.False(second.Headers.Contains("Link"));

        foreach (var bad in new[] { "limit=0", "limit=201", "limit=many", "as=admin" })
        {
            var refused = await buyer.Http.GetAsync($"/api/orders?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(bad.Split('=')[0], await refused.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task MyOrdersShowsFiftyAtATimeWithALinkToOlderOnes()
    {
        var (buyer, order, _) = await PlacedOrderAsync("many");
        await using (var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default))
        {
            // 55 more orders like the first (each as if from its own checkout).
            var db = scope.ServiceProvider.GetRequiredService<CommerceDb>();
            var first = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order["id"]!.GetValue<int>());
            db.Orders.AddRange(Enumerable.Range(0, 55).Select(_ => new Order
            {
                CheckoutId = Guid.NewGuid(), LineNumber = 1, BuyerId = first.BuyerId, SellerId = first.SellerId, SellerName = first.SellerName,
                GigId = first.GigId, GigTitle = first.GigTitle, GigSlug = first.GigSlug, Line = first.Line, Currency = first.Currency,
                SubtotalMinor = first.SubtotalMinor, FeeMinor = first.FeeMinor, TaxMinor = first.TaxMinor, TotalMinor = first.TotalMinor,
                PaymentId = first.PaymentId, Status = first.Status, CreatedUtc = first.CreatedUtc,
            }));
            await db.SaveChangesAsync();
        }

        var ids = (await buyer.OrdersAsync()).Select(o => o!["id"]!.GetValue<int>()).ToList();
        Assert.Equal(56, ids.Count);

        var page = await buyer.Http.GetStringAsync("/orders");
        Assert.Equal(OrderLists.PageSize, Regex.Matches(page, "href=\"/orders/\\d+\"").Count);
        var older = Regex.Match(page, "href=\"(/orders\\?before=\\d+)\" rel=\"next\"").Groups[1].Value;
        Assert.Equal($"/orders?before={ids[OrderLists.PageSize - 1]}", older);

        var last = await buyer.Http.GetStringAsync(older);
        Assert.Equal(ids[OrderLists.PageSize..], Regex.Matches(last, "href=\"/orders/(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value)));
        Assert.DoesNotContain("Older orders", last);
    }

    private async Task<(CommerceClient Buyer, JsonObject Order, string SellerEmail)> PlacedOrderAsync(string name)
    {
        var buyer = await CommerceClient.BuyerAsync(app, $"{name}@buyers.test");
        var gig = (await buyer.GigsAsync(1))[0];
        await buyer.AddAsync(CheckoutTests.Id(gig));
        var (_, payUrl) = await buyer.StartOkAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PayAsync(payUrl)).StatusCode);
        var order = (await buyer.OrdersAsync())[0]!.AsObject();

        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GigUser>>();
        var seller = (await users.FindByIdAsync(order["sellerId"]!.GetValue<string>()))!;
        if (await users.HasPasswordAsync(seller))
        {
            Assert.True((await users.RemovePasswordAsync(seller)).Succeeded);
        }

        Assert.True((await users.AddPasswordAsync(seller, SellerPassword)).Succeeded);

        return (buyer, order, seller.Email!);
    }

    private async Task<Guid> CheckoutOfAsync(int orderId)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(app.Registry.Default);
        return await scope.ServiceProvider.GetRequiredService<CommerceDb>().Orders.Where(o => o.Id == orderId).Select(o => o.CheckoutId).SingleAsync();
    }
}
