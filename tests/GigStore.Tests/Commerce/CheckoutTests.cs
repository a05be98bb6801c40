using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.Commerce.Checkout;
using GigStore.Commerce.Contracts;
using GigStore.Commerce.Data;
using GigStore.Commerce.Payments.Test;
using GigStore.Jobs;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests.Commerce;

/// <summary>
/// A buyer picks packages and extras, pays through the test provider, and orders exist — once, at the price they
/// saw — whatever the network does. The default tenant is the marketplace recipe (Commerce and Test payments on,
/// fee 5.5% + $2.50 below $50, coupon WELCOME10).
/// </summary>
public sealed class CheckoutTests : IClassFixture<GigStoreFactory>
{
    private readonly GigStoreFactory app;

    public CheckoutTests(GigStoreFactory app)
    {
        app.Settings["GigStore:RunBackgroundJobs"] = "false";
        app.Clock ??= ManualClock.FromNow();
        this.app = app;
    }

    private ManualClock Clock => (ManualClock)app.Clock!;

    [Fact]
    public async Task BuyerPaysWithTheTestCardAndGetsOneOrderPerGigWithThePriceTheySaw()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "pays@buyers.test");
        var gigs = await buyer.GigsAsync(2);
        var extra = CommerceClient.BasicExtra(gigs[0])!.Value;
        Assert.Equal(HttpStatusCode.OK, (await buyer.AddAsync(Id(gigs[0]), "Basic", [extra])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.AddAsync(Id(gigs[1]))).StatusCode);
        var cart = await buyer.CartAsync();
        var expected = Price(gigs[0], "Basic") + ExtraPrice(gigs[0], extra) + Price(gigs[1], "Basic");
        Assert.Equal(expected, cart["price"]!["subtotal"]!["minor"]!.GetValue<long>());

        var (checkoutId, payUrl) = await buyer.StartOkAsync();
        Assert.StartsWith("/checkout/test-pay/tp_", payUrl);
        var page = await buyer.Http.GetStringAsync(payUrl);
        Assert.Contains("Test mode", page);
        Assert.Equal("Pending", (await buyer.CheckoutAsync(checkoutId))["state"]!.GetValue<string>());
        Assert.Empty(await buyer.OrdersAsync());

        var paid = await buyer.PayAsync(payUrl);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal($"/checkout/{checkoutId:N}", paid.Headers.Location!.OriginalString);
        Assert.Contains("Thank you for your order", await buyer.Http.GetStringAsync(paid.Headers.Location.OriginalString));

        var checkout = await buyer.CheckoutAsync(checkoutId);
        Assert.Equal("Completed", checkout["state"]!.GetValue<string>());
        Assert.Equal(2, checkout["orderIds"]!.AsArray().Count);
        var orders = await buyer.OrdersAsync();
        Assert.Equal(2, orders.Count);
        Assert.All(orders, o => Assert.Equal("AwaitingRequirements", o!["status"]!.GetValue<string>()));
        Assert.Equal(cart["price"]!["total"]!["minor"]!.GetValue<long>(), orders.Sum(o => o!["price"]!["total"]!["minor"]!.GetValue<long>()));
        var withExtra = orders.Single(o => o!["gigId"]!.GetValue<int>() == Id(gigs[0]))!;
        Assert.Single(withExtra["extras"]!.AsArray());
        Assert.Empty((await buyer.CartAsync())["items"]!.AsArray());

        // The order page is the buyer's, and tells the timeline.
        var orderPage = await buyer.Http.GetStringAsync($"/orders/{withExtra["id"]}");
        Assert.Contains("Order placed", orderPage);
        Assert.Contains("Waiting for requirements", orderPage);

        // One confirmation for the buyer, naming both orders with links; a "new order" for each seller.
        var emails = await EmailsAsync();
        var confirmation = Assert.Single(emails, e => e.ToAddress == "pays@buyers.test");
        Assert.Equal("Your 2 orders on GigStore Marketplace are confirmed", confirmation.Subject);
        Assert.Contains($"http://localhost/orders/{withExtra["id"]}", confirmation.TextBody);
        Assert.Contains(cart["price"]!["total"]!["formatted"]!.GetValue<string>(), confirmation.TextBody);
        foreach (var order in orders)
        {
            Assert.Single(emails, e => e.Subject == $"New order #{order!["id"]}: {order["gigTitle"]}");
        }
    }

    private Task<List<GigStore.Shell.Data.ShellEmailRow>> EmailsAsync() =>
        InTenantAsync(sp => sp.GetRequiredService<GigStore.Shell.Data.ShellDb>().Emails.AsNoTracking().ToListAsync());

    [Theory]
    [InlineData(TestCards.Declined, "Your card was declined.")]
    [InlineData(TestCards.InsufficientFunds, "Your card has insufficient funds.")]
    public async Task ARefusedTestCardSaysWhyAndCreatesNoOrder(string card, string message)
    {
        var buyer = await CommerceClient.BuyerAsync(app, $"refused-{card[^4..]}@buyers.test");
        Assert.Equal(HttpStatusCode.OK, (await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]))).StatusCode);
        var (checkoutId, payUrl) = await buyer.StartOkAsync();

        var refused = await buyer.PayAsync(payUrl, card);
        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Contains(message, await refused.Content.ReadAsStringAsync());
        Assert.Equal("Pending", (await buyer.CheckoutAsync(checkoutId))["state"]!.GetValue<string>());
        Assert.Empty(await buyer.OrdersAsync());
        Assert.DoesNotContain(await EmailsAsync(), e => e.ToAddress == $"refused-{card[^4..]}@buyers.test");

        // The buyer tries another card on the same page, as on a hosted checkout.
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PayAsync(payUrl)).StatusCode);
        Assert.Single(await buyer.OrdersAsync());
    }

    [Fact]
    public async Task TheCardFormSaysWhatIsWrongBesideEachField()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "typos@buyers.test");
        Assert.Equal(HttpStatusCode.OK, (await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]))).StatusCode);
        var (_, payUrl) = await buyer.StartOkAsync();

        var response = await buyer.PayAsync(payUrl, "4242", "13/20", "1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"card-number-error\"", html);
        Assert.Contains("id=\"card-expiry-error\"", html);
        Assert.Contains("id=\"card-cvc-error\"", html);

        var notATestCard = await buyer.PayAsync(payUrl, "5555555555554444");
        Assert.Equal(HttpStatusCode.BadRequest, notATestCard.StatusCode);
        Assert.Contains("use one of the test card numbers", await notATestCard.Content.ReadAsStringAsync());
        Assert.Empty(await buyer.OrdersAsync());
    }

    [Fact]
    public async Task ConfirmationsRepeatedAndConcurrentCreateOneSetOfOrdersAndOnePayment()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "twice@buyers.test");
        foreach (var gig in await buyer.GigsAsync(2))
        {
            await buyer.AddAsync(Id(gig));
        }

        var (checkoutId, payUrl) = await buyer.StartOkAsync();
        var reference = payUrl.Split('/')[^1];

        // The provider has the money; its confirmation now arrives from everywhere at once.
        await WithCommerceAsync(db => PaidAtProviderAsync(db, reference));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            InTenantAsync(sp => sp.GetRequiredService<ICheckoutCompletion>().ConfirmAsync(TestPaymentProvider.ProviderId, reference, default)))));

        Assert.Single(outcomes, o => o == CompletionOutcome.Completed);
        Assert.All(outcomes.Where(o => o != CompletionOutcome.Completed), o => Assert.Equal(CompletionOutcome.AlreadyCompleted, o));
        Assert.Equal(2, await WithCommerceAsync(db => db.Orders.CountAsync(o => o.CheckoutId == checkoutId)));
        Assert.Equal(1, await WithCommerceAsync(db => db.Payments.CountAsync(p => p.CheckoutId == checkoutId)));
        Assert.Single(await EmailsAsync(), e => e.ToAddress == "twice@buyers.test");

        // The buyer's browser comes back too, and pays again on a stale page: still one set.
        await buyer.Http.GetAsync($"/checkout/{checkoutId:N}/return");
        var stale = await buyer.Http.PostFormAsync("/cart", payUrl, new Dictionary<string, string> { ["Number"] = TestCards.Succeeds, ["Expiry"] = "12/40", ["Cvc"] = "123" });
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal(2, (await buyer.OrdersAsync()).Count);
    }

    [Fact]
    public async Task ReconciliationCompletesACheckoutPaidWhileTheAppWasDownAndExpiresAbandonedOnes()
    {
        var paidBuyer = await CommerceClient.BuyerAsync(app, "crash@buyers.test");
        await paidBuyer.AddAsync(Id((await paidBuyer.GigsAsync(1))[0]));
        var (paidId, payUrl) = await paidBuyer.StartOkAsync();

        var gone = await CommerceClient.BuyerAsync(app, "walked-away@buyers.test");
        await gone.AddAsync(Id((await gone.GigsAsync(1))[0]));
        await gone.SetCouponAsync("WELCOME10");
        var (abandonedId, _) = await gone.StartOkAsync();
        var couponUses = await WithCommerceAsync(db => db.Coupons.Where(c => c.Code == "WELCOME10").Select(c => c.Uses).SingleAsync());

        // The provider took the money, and the app died before it heard.
        var reference = payUrl.Split('/')[^1];
        await WithCommerceAsync(db => PaidAtProviderAsync(db, reference));
        await RunReconciliationAsync();
        Assert.Empty(await paidBuyer.OrdersAsync());

        Clock.Advance(ReconciliationJob.Grace);
        await RunReconciliationAsync();
        Assert.Single(await paidBuyer.OrdersAsync());
        Assert.Equal("Completed", (await paidBuyer.CheckoutAsync(paidId))["state"]!.GetValue<string>());
        Assert.Equal("Pending", (await gone.CheckoutAsync(abandonedId))["state"]!.GetValue<string>());

        // A day later the unpaid one is expired and its coupon use given back.
        Clock.Advance(CheckoutService.PaymentWindow);
        await RunReconciliationAsync();
        Assert.Equal("Expired", (await gone.CheckoutAsync(abandonedId))["state"]!.GetValue<string>());
        Assert.Equal(couponUses - 1, await WithCommerceAsync(db => db.Coupons.Where(c => c.Code == "WELCOME10").Select(c => c.Uses).SingleAsync()));
        Assert.Empty(await gone.OrdersAsync());
    }

    [Fact]
    public async Task APriceChangeOrAnUnpublishedGigBetweenCartAndPaymentIsCaughtAndNothingIsCharged()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "changes@buyers.test");
        var gigs = await buyer.GigsAsync(3);
        var (changed, unpublished) = (gigs[1], gigs[2]);
        await buyer.AddAsync(Id(changed));
        var total = await buyer.TotalAsync();

        await SetBasicPriceAsync(Id(changed), Price(changed, "Basic") + 1000);
        var response = await buyer.StartAsync(expected: total);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("the price changed", problem["detail"]!.GetValue<string>());
        Assert.Equal(0, await WithCommerceAsync(db => db.Checkouts.CountAsync(c => c.BuyerEmail == "changes@buyers.test")));

        // The buyer accepts the new price on the cart page and pays that.
        var accept = await buyer.Http.PostFormAsync("/cart", "/cart/accept-prices", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal(Price(changed, "Basic") + 1000, (await buyer.CartAsync())["price"]!["subtotal"]!["minor"]!.GetValue<long>());

        // A total the buyer did not see is refused too.
        var stale = await buyer.StartAsync(expected: total);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("The total is now", (await stale.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());

        await buyer.AddAsync(Id(unpublished));
        await WithCatalogAsync(db => db.Gigs.Where(g => g.Id == Id(unpublished)).ExecuteUpdateAsync(s => s.SetProperty(g => g.State, GigState.Paused)));
        var gone = await buyer.StartAsync();
        Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
        Assert.Contains("no longer available", (await gone.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        await WithCatalogAsync(db => db.Gigs.Where(g => g.Id == Id(unpublished)).ExecuteUpdateAsync(s => s.SetProperty(g => g.State, GigState.Published)));
        Assert.Equal(0, await WithCommerceAsync(db => db.Checkouts.CountAsync(c => c.BuyerEmail == "changes@buyers.test")));
    }

    [Fact]
    public async Task AnOrderKeepsThePackageAndPricesItWasBoughtAtWhenTheGigChanges()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "snapshot@buyers.test");
        var gig = (await buyer.GigsAsync(4))[3];
        await buyer.AddAsync(Id(gig));
        var (_, payUrl) = await buyer.StartOkAsync();
        await buyer.PayAsync(payUrl);
        var before = (await buyer.OrdersAsync())[0]!.ToJsonString();

        await SetBasicPriceAsync(Id(gig), Price(gig, "Basic") * 3, "A different package name");
        var after = (await buyer.OrdersAsync())[0]!;
        Assert.Equal(before, after.ToJsonString());
        Assert.Equal(Price(gig, "Basic"), after["package"]!["priceMinor"]!.GetValue<long>());
    }

    [Fact]
    public async Task ACouponUsedUpUnderConcurrentCheckoutsIsGivenExactlyItsLimit()
    {
        await WithCommerceAsync(async db =>
        {
            db.Coupons.Add(new Coupon { Code = "FIRST3", Kind = CouponKind.Fixed, Amount = 500, MaxUses = 3, CreatedUtc = Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        var buyers = new List<CommerceClient>();
        for (var i = 0; i < 7; i++)
        {
            var buyer = await CommerceClient.BuyerAsync(app, $"rush{i}@buyers.test");
            await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]));
            await buyer.SetCouponAsync("first3");
            buyers.Add(buyer);
        }

        var totals = await Task.WhenAll(buyers.Select(b => b.TotalAsync()));
        var responses = await Task.WhenAll(buyers.Select((b, i) => Task.Run(() => b.StartAsync(expected: totals[i]))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Contains("used up", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(3, await WithCommerceAsync(db => db.Coupons.Where(c => c.Code == "FIRST3").Select(c => c.Uses).SingleAsync()));
    }

    [Fact]
    public async Task ACouponAppliesOnlyWithinItsDatesMinimumAndOncePerBuyer()
    {
        await WithCommerceAsync(async db =>
        {
            var now = Clock.GetUtcNow();
            db.Coupons.AddRange(
                new Coupon { Code = "LATER", Kind = CouponKind.Percent, Amount = 1000, StartsUtc = now.AddDays(1), CreatedUtc = now },
                new Coupon { Code = "OVER", Kind = CouponKind.Percent, Amount = 1000, EndsUtc = now.AddSeconds(-1), CreatedUtc = now },
                new Coupon { Code = "BIGSPEND", Kind = CouponKind.Percent, Amount = 1000, MinOrderMinor = 10_000_000, CreatedUtc = now },
                new Coupon { Code = "NOCATEGORY", Kind = CouponKind.Percent, Amount = 1000, CategoryIds = [-1], CreatedUtc = now });
            return await db.SaveChangesAsync();
        });
        var buyer = await CommerceClient.BuyerAsync(app, "coupons@buyers.test");
        await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]));

        foreach (var (code, message) in new[] { ("LATER", "can be used from"), ("OVER", "has expired"), ("BIGSPEND", "needs an order of at least"), ("NOCATEGORY", "does not apply"), ("NOSUCH", "not valid") })
        {
            await buyer.SetCouponAsync(code);
            var cart = await buyer.CartAsync();
            Assert.Contains(message, cart["couponProblem"]!.GetValue<string>());
            Assert.Equal(0, cart["price"]!["discount"]!["minor"]!.GetValue<long>());
        }

        // What cannot be any coupon's code is refused, and the cart keeps the code it had.
        var tooLong = await buyer.Http.PutAsJsonAsync("/api/cart/coupon", new { code = new string('A', 41) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("not valid", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal("NOSUCH", (await buyer.CartAsync())["couponCode"]!.GetValue<string>());

        await buyer.SetCouponAsync("welcome10");
        Assert.Null((await buyer.CartAsync())["couponProblem"]);
        var (_, payUrl) = await buyer.StartOkAsync();
        await buyer.PayAsync(payUrl);

        await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]));
        await buyer.SetCouponAsync("WELCOME10");
        Assert.Equal("You have already used that coupon.", (await buyer.CartAsync())["couponProblem"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheCheckoutPageStartsWithTheCountryOfTheBuyersLatestCheckout()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "country@buyers.test");
        var gigs = await buyer.GigsAsync(3);
        await buyer.AddAsync(Id(gigs[0]));
        Assert.DoesNotContain("selected", Selected(await buyer.Http.GetStringAsync("/checkout")));

        foreach (var (gig, country) in new[] { (gigs[0], "FR"), (gigs[1], "DE") })
        {
            await buyer.AddAsync(Id(gig));
            var (_, payUrl) = await buyer.StartOkAsync(country);
            Assert.Equal(HttpStatusCode.Redirect, (await buyer.PayAsync(payUrl)).StatusCode);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await buyer.AddAsync(Id(gigs[2]));
        Assert.Contains("value=\"DE\"", Selected(await buyer.Http.GetStringAsync("/checkout")));

        // The page's own choice wins over the remembered one.
        Assert.Contains("value=\"FR\"", Selected(await buyer.Http.GetStringAsync("/checkout?country=FR")));

        static string Selected(string page) =>
            string.Join(" ", System.Text.RegularExpressions.Regex.Matches(page, "<option[^>]*selected[^>]*>").Select(m => m.Value));
    }

    [Fact]
    public async Task CheckoutRefusesBadInputWithTheFieldAtFault()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "bad-input@buyers.test");
        var empty = await buyer.StartAsync(expected: 100);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("cart", (await empty.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));

        await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]));
        var errors = (await (await buyer.Http.PostAsJsonAsync("/api/checkout", new { country = "XX", provider = "bitcoin" })).Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["country", "expectedTotal", "provider"], errors.Select(e => e.Key).Order());

        var badCountry = await buyer.Http.GetAsync("/api/cart?country=XX");
        Assert.Equal(HttpStatusCode.BadRequest, badCountry.StatusCode);
        Assert.Contains("country", (await badCountry.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));

        var badPackage = await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]), "Platinum");
        Assert.Equal(HttpStatusCode.BadRequest, badPackage.StatusCode);
        var badExtra = await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]), "Basic", [99]);
        Assert.Equal(HttpStatusCode.BadRequest, badExtra.StatusCode);
        var badQuantity = await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]), "Basic", null, 5);
        Assert.Equal(HttpStatusCode.BadRequest, badQuantity.StatusCode);
        Assert.Equal(0, await WithCommerceAsync(db => db.Checkouts.CountAsync(c => c.BuyerEmail == "bad-input@buyers.test")));
    }

    [Fact]
    public async Task ASellerWhoAllowsQuantitiesLetsBuyersOrderSeveralInOneOrder()
    {
        var buyer = await CommerceClient.BuyerAsync(app, "several@buyers.test");
        var gig = (await buyer.GigsAsync(5))[4];
        await WithCatalogAsync(async db =>
        {
            var row = await db.Gigs.SingleAsync(g => g.Id == Id(gig));
            row.LiveJson = (GigContent.FromJson(row.LiveJson!) with { MaxQuantity = 3 }).ToJson();
            row.Version++;
            return await db.SaveChangesAsync();
        });

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await buyer.Http.GetStringAsync($"/gigs/{gig["slug"]}?quantity=2"));
        Assert.Equal("3", page.QuerySelector("input#quantity")!.GetAttribute("max"));
        Assert.Equal("2", page.QuerySelector("form.package-continue input[name=quantity]")!.GetAttribute("value"));
        Assert.Contains(new GigStore.Commerce.Money(Price(gig, "Basic") * 2, "USD").Format(), page.QuerySelector(".package-total-price")!.TextContent);

        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.AddAsync(Id(gig), "Basic", null, 4)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.AddAsync(Id(gig), "Basic", null, 3)).StatusCode);
        Assert.Equal(Price(gig, "Basic") * 3, (await buyer.CartAsync())["price"]!["subtotal"]!["minor"]!.GetValue<long>());
        var (_, payUrl) = await buyer.StartOkAsync();
        await buyer.PayAsync(payUrl);
        var order = (await buyer.OrdersAsync())[0]!;
        Assert.Equal(3, order["quantity"]!.GetValue<int>());
        Assert.Equal(Price(gig, "Basic") * 3, order["price"]!["subtotal"]!["minor"]!.GetValue<long>());
    }

    [Fact]
    public async Task AnAnonymousCartMovesIntoTheBuyersCartOnSignIn()
    {
        var browser = new CommerceClient(app.Browser());
        var gigs = await browser.GigsAsync(2);
        Assert.Equal(HttpStatusCode.OK, (await browser.AddAsync(Id(gigs[0]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.AddAsync(Id(gigs[1]))).StatusCode);
        Assert.Equal(2, (await browser.CartAsync())["items"]!.AsArray().Count);

        // A visitor may enter a coupon; the cart is priced with it (no uses of theirs to count yet).
        await browser.SetCouponAsync("WELCOME10");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/cart")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/cart")).StatusCode);

        // Paying needs an account: the checkout API says so, the page sends the buyer to sign in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.StartAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.Http.GetAsync("/checkout")).StatusCode);

        await browser.Http.RegisterAsync("Late Signer", "late@buyers.test", "Buyer-pass-123!");
        Assert.Equal(2, (await browser.CartAsync())["items"]!.AsArray().Count);
        var (_, payUrl) = await browser.StartOkAsync();
        await browser.PayAsync(payUrl);
        Assert.Equal(2, (await browser.OrdersAsync()).Count);
    }

    [Fact]
    public Task OnPostgreSqlABuyerPaysOnceHoweverOftenThePaymentIsConfirmedAndCouponLimitsHold() => MigrationTests.WithPostgresDatabaseAsync(async connection =>
    {
        var tenant = await app.CreateTenantAsync("PgShop", recipe: "marketplace", prefix: "pgshop", provider: DatabaseProvider.Postgres, connectionString: connection, adminEmail: "owner@pgshop.test");
        await InTenantAsync(async sp =>
        {
            var db = sp.GetRequiredService<CommerceDb>();
            db.Coupons.Add(new Coupon { Code = "PGTWO", Kind = CouponKind.Percent, Amount = 2000, MaxUses = 2, CreatedUtc = Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        }, tenant);

        var buyers = new List<CommerceClient>();
        for (var i = 0; i < 4; i++)
        {
            var buyer = await CommerceClient.BuyerAsync(app, $"pg{i}@buyers.test", "/t/pgshop");
            await buyer.AddAsync(Id((await buyer.GigsAsync(1))[0]));
            await buyer.SetCouponAsync("PGTWO");
            buyers.Add(buyer);
        }

        var totals = await Task.WhenAll(buyers.Select(b => b.TotalAsync()));
        var started = await Task.WhenAll(buyers.Select((b, i) => Task.Run(() => b.StartAsync(expected: totals[i]))));
        Assert.Equal(2, started.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(2, started.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        var winner = buyers[Array.FindIndex(started, r => r.StatusCode == HttpStatusCode.Created)];
        var body = (await started.First(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonObject>())!;
        var payUrl = body["redirectUrl"]!.GetValue<string>();
        Assert.StartsWith("/t/pgshop/checkout/test-pay/", payUrl);
        var reference = payUrl.Split('/')[^1];
        await InTenantAsync(sp => PaidAtProviderAsync(sp.GetRequiredService<CommerceDb>(), reference), tenant);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            InTenantAsync(sp => sp.GetRequiredService<ICheckoutCompletion>().ConfirmAsync(TestPaymentProvider.ProviderId, reference, default), tenant))));
        Assert.Single(outcomes, o => o == CompletionOutcome.Completed);
        Assert.Single(await winner.OrdersAsync());
        Assert.Equal(2, await InTenantAsync(sp => sp.GetRequiredService<CommerceDb>().Coupons.Where(c => c.Code == "PGTWO").Select(c => c.Uses).SingleAsync(), tenant));
    });

    private async Task RunReconciliationAsync() => await InTenantAsync(async sp =>
    {
        var job = sp.GetServices<IBackgroundJob>().OfType<ReconciliationJob>().Single();
        await job.RunAsync(sp, default);
        return 0;
    });

    /// <summary>The seller changes the gig's Basic package (price, and name if given) on the live gig.</summary>
    private Task SetBasicPriceAsync(int gigId, long price, string? name = null) => WithCatalogAsync(async db =>
    {
        var gig = await db.Gigs.SingleAsync(g => g.Id == gigId);
        var content = GigContent.FromJson(gig.LiveJson!);
        content = content with { Packages = [.. content.Packages.Select(p => p.Tier == PackageTier.Basic ? p with { PriceMinor = price, Name = name ?? p.Name } : p)] };
        gig.LiveJson = content.ToJson();
        gig.Version++;
        return await db.SaveChangesAsync();
    });

    internal static int Id(JsonObject gig) => gig["id"]!.GetValue<int>();

    internal static long Price(JsonObject gig, string tier) =>
        gig["content"]!["packages"]!.AsArray().Single(p => p!["tier"]!.GetValue<string>() == tier)!["priceMinor"]!.GetValue<long>();

    private static long ExtraPrice(JsonObject gig, int extra) => gig["content"]!["extras"]![extra]!["priceMinor"]!.GetValue<long>();

    private Task<T> WithCommerceAsync<T>(Func<CommerceDb, Task<T>> work) => InTenantAsync(sp => work(sp.GetRequiredService<CommerceDb>()));

    private Task<T> WithCatalogAsync<T>(Func<CatalogDb, Task<T>> work) => InTenantAsync(sp => work(sp.GetRequiredService<CatalogDb>()));

    private async Task<T> InTenantAsync<T>(Func<IServiceProvider, Task<T>> work, Tenant? tenant = null)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenant ?? app.Registry.Default);
        return await work(scope.ServiceProvider);
    }

    /// <summary>The test provider takes a good card for the payment, as its card page does, and the checkout is not told.</summary>
    private static async Task<bool> PaidAtProviderAsync(CommerceDb db, string reference)
    {
        var checkout = await db.Checkouts.AsNoTracking().SingleAsync(c => c.ProviderReference == reference);
        await TestPaymentProvider.RecordCardAsync(db, checkout, null, null, DateTimeOffset.UtcNow, default);
        return true;
    }
}
