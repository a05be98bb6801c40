using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GigStore.Commerce.Payments.Test;

namespace GigStore.Tests.Commerce;

/// <summary>A buyer's browser on a storefront (<paramref name="basePath"/>: "" or "/t/prefix") doing what the cart and checkout pages and API let them do.</summary>
public sealed class CommerceClient(HttpClient http, string basePath = "")
{
    public HttpClient Http => http;

    public string BasePath => basePath;

    public static async Task<CommerceClient> BuyerAsync(GigStoreFactory app, string email, string basePath = "")
    {
        var client = new CommerceClient(app.Browser(), basePath);
        var response = await client.Http.RegisterAsync(email.Split('@')[0], email, "Buyer-pass-123!", basePath: basePath);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Published gigs with their content, first <paramref name="count"/> that have at least one extra for their Basic package.</summary>
    public async Task<IReadOnlyList<JsonObject>> GigsAsync(int count)
    {
        var found = new List<JsonObject>();
        var list = (await http.GetFromJsonAsync<JsonObject>($"{basePath}/api/gigs?pageSize=100"))!["items"]!.AsArray();
        foreach (var item in list)
        {
            var gig = (await http.GetFromJsonAsync<JsonObject>($"{basePath}/api/gigs/{item!["slug"]}"))!;
            if (BasicExtra(gig) is not null)
            {
                found.Add(gig);
                if (found.Count == count)
                {
                    break;
                }
            }
        }

        Assert.Equal(count, found.Count);
        return found;
    }

    /// <summary>The index of an extra offered with the Basic package, if any.</summary>
    public static int? BasicExtra(JsonObject gig)
    {
        var extras = gig["content"]!["extras"]!.AsArray();
        for (var i = 0; i < extras.Count; i++)
        {
            if (extras[i]!["tiers"] is null or JsonArray { Count: 0 } || extras[i]!["tiers"]!.AsArray().Any(t => t!.GetValue<string>() == "Basic"))
            {
                return i;
            }
        }

        return null;
    }

    public async Task<HttpResponseMessage> AddAsync(int gigId, string package = "Basic", int[]? extras = null, int quantity = 1) =>
        await http.PostAsJsonAsync($"{basePath}/api/cart/items", new { gigId, package, extras = extras ?? [], quantity });

    public async Task<JsonObject> CartAsync(string? country = null) => (await http.GetFromJsonAsync<JsonObject>($"{basePath}/api/cart{(country is null ? "" : "?country=" + country)}"))!;

    /// <summary>The cart's total as the checkout charges it to a buyer in <paramref name="country"/> (no tax without one).</summary>
    public async Task<long> TotalAsync(string? country = null) => (await CartAsync(country))["price"]!["total"]!["minor"]!.GetValue<long>();

    public async Task SetCouponAsync(string? code) =>
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync($"{basePath}/api/cart/coupon", new { code })).StatusCode);

    /// <summary>POST /api/checkout with the total the cart shows now (or <paramref name="expected"/>).</summary>
    public async Task<HttpResponseMessage> StartAsync(string country = "US", long? expected = null, string provider = TestPaymentProvider.ProviderId) =>
        await http.PostAsJsonAsync($"{basePath}/api/checkout", new { country, provider, expectedTotalMinor = expected ?? await TotalAsync(country) });

    /// <summary>Starts a checkout that must start; its id and the test payment page's address.</summary>
    public async Task<(Guid CheckoutId, string PayUrl)> StartOkAsync(string country = "US")
    {
        var response = await StartAsync(country);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["checkoutId"]!.GetValue<Guid>(), body["redirectUrl"]!.GetValue<string>());
    }

    /// <summary>Enters a card on the test payment page.</summary>
    public Task<HttpResponseMessage> PayAsync(string payUrl, string card = TestCards.Succeeds, string expiry = "12/40", string cvc = "123") =>
        http.PostFormAsync(payUrl, payUrl, new Dictionary<string, string> { ["Number"] = card, ["Expiry"] = expiry, ["Cvc"] = cvc });

    public async Task<JsonObject> CheckoutAsync(Guid id) => (await http.GetFromJsonAsync<JsonObject>($"{basePath}/api/checkout/{id:N}"))!;

    public async Task<JsonArray> OrdersAsync(string? @as = null) => (await http.GetFromJsonAsync<JsonArray>($"{basePath}/api/orders{(@as is null ? "" : "?as=" + @as)}"))!;
}
