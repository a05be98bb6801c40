using System.Text.Json;
using System.Text.Json.Nodes;
using GigStore.Commerce;
using GigStore.Commerce.Contracts;
using GigStore.Stripe.Api;
using GigStore.Stripe.Payments;
using GigStore.Stripe.Webhooks;

namespace GigStore.Tests.Stripe;

/// <summary>The client against what Stripe documents and sends: the parameters it may use, and Stripe's own example objects.</summary>
public sealed class StripeContractTests
{
    [Fact]
    public async Task EveryRequestTheClientMakesUsesOnlyParametersStripeDocumentsForItsEndpoint()
    {
        await using var stripe = await StripeTestDouble.StartAsync();
        var client = StripeClientTests.Client(stripe);

        var session = await client.CreateCheckoutSessionAsync(StripeClientTests.Create(), "checkout-1", default);
        await stripe.CompleteSessionAsync(session.Id, sendWebhook: false);
        var paid = await client.GetCheckoutSessionAsync(session.Id, default);
        await client.CreateRefundAsync(paid.PaymentIntent!.Id, 1000, new Dictionary<string, string> { ["reason"] = "Late delivery" }, "refund-1", default);
        var charge = (string)stripe.RefundsOf(paid.PaymentIntent.Id)[0]["charge"]!;
        await client.CreateRefundAsync(charge, 500, new Dictionary<string, string>(), "refund-2", default);

        Assert.Empty(stripe.Refused);
        Assert.Equal(["POST /v1/checkout/sessions", "GET /v1/checkout/sessions/" + session.Id, "POST /v1/refunds", "POST /v1/refunds"], stripe.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.All(stripe.Requests, r => Assert.Empty(StripeApiParameters.Problems(r.Method, r.Path, r.Form)));
        Assert.All(stripe.Requests.Where(r => r.Method == "POST"), r =>
        {
            Assert.NotNull(r.IdempotencyKey);
            Assert.StartsWith("application/x-www-form-urlencoded", r.ContentType);
        });
        Assert.All(stripe.Requests, r => Assert.Equal(StripeClient.ApiVersion, r.StripeVersion));
        Assert.Equal(2, stripe.RefundsOf(paid.PaymentIntent.Id).Count);
    }

    [Fact]
    public void ACheckoutSessionIsFormEncodedWithStripesBrackets()
    {
        var checkout = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var form = StripeClient.CheckoutSessionForm(StripeClientTests.Create(checkout));

        Assert.Equal(
            "mode=payment&client_reference_id=0f8fad5b-d9cb-469f-a165-70867728950e"
            + "&success_url=http%3A%2F%2Flocalhost%2Ft%2Fshop%2Fcheckout%2Freturn%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
            + "&cancel_url=http%3A%2F%2Flocalhost%2Ft%2Fshop%2Fcheckout&customer_email=buyer%40example.com"
            + "&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=4000"
            + "&line_items[0][price_data][product_data][name]=Logo%20design%20%E2%80%94%20Standard&line_items[0][quantity]=1"
            + "&line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount]=500"
            + "&line_items[1][price_data][product_data][name]=Service%20fee%20%26%20tax&line_items[1][quantity]=1"
            + "&metadata[checkout_id]=0f8fad5b-d9cb-469f-a165-70867728950e"
            + "&payment_intent_data[metadata][checkout_id]=0f8fad5b-d9cb-469f-a165-70867728950e"
            + "&payment_intent_data[description]=Logo%20design%20from%20Ana",
            form.Encode());
        Assert.Empty(StripeApiParameters.Problems("POST", "/v1/checkout/sessions", form.Fields));
    }

    [Fact]
    public void TheParameterListRefusesWhatStripeWouldRefuse()
    {
        IReadOnlyList<string> Problems(params (string Name, string Value)[] fields) =>
            StripeApiParameters.Problems("POST", "/v1/checkout/sessions", [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))]);
        (string, string)[] valid = [("mode", "payment"), ("success_url", "https://shop.test/ok"), ("line_items[0][price]", "price_1"), ("line_items[0][quantity]", "1")];

        Assert.Empty(Problems(valid));
        Assert.Contains("Received unknown parameter: line_items[0][amount]", Problems([.. valid, ("line_items[0][amount]", "100")]));
        Assert.Contains("Received unknown parameter: payment_intent_data[metadata]", Problems([.. valid, ("payment_intent_data[metadata]", "x")]));
        Assert.Single(Problems([.. valid, ("line_items[0][price_data][currency]", "USD")]));
        Assert.Single(Problems([.. valid, ("metadata[" + new string('k', 41) + "]", "v")]));
        Assert.Single(Problems([.. valid, ("metadata[k]", new string('v', 501))]));
        Assert.Single(Problems([.. valid, ("mode", "payment")]));
        Assert.Single(Problems([.. valid, ("cancel_url", "/relative")]));
        Assert.Single(Problems([("success_url", "https://shop.test/ok"), ("line_items[0][price]", "price_1")]));
        Assert.Contains("Received unknown parameter: amount", StripeApiParameters.Problems("GET", "/v1/checkout/sessions/cs_1", [KeyValuePair.Create("amount", "1")]));
        Assert.Single(StripeApiParameters.Problems("POST", "/v1/refunds", [KeyValuePair.Create("amount", "100")]));
    }

    [Fact]
    public void StripesExampleObjectsAreReadByTheClient()
    {
        var session = Read<StripeCheckoutSession>(StripeFixtures.Resource("checkout.session"));
        Assert.Equal(("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY", "open", "unpaid"), (session.Id, session.Status, session.PaymentStatus));
        Assert.Equal("pi_1PgafyB7WZ01zgkWSjxsAJo3", session.PaymentIntent!.Id);
        Assert.StartsWith("https://checkout.stripe.com/", session.Url);
        Assert.Empty(session.Metadata!);

        var expanded = StripeFixtures.Resource("checkout.session");
        expanded["payment_intent"] = StripeFixtures.Resource("payment_intent");
        var withIntent = Read<StripeCheckoutSession>(expanded);
        Assert.Equal(("pi_1PgafyB7WZ01zgkWSjxsAJo3", "requires_payment_method"), (withIntent.PaymentIntent!.Id, withIntent.PaymentIntent.Status));

        var refund = Read<StripeRefund>(StripeFixtures.Resource("refund"));
        Assert.Equal(("re_1Pgc72B7WZ01zgkWqPvrRrPE", 100L, "usd", "succeeded", "ch_1PgafuB7WZ01zgkWXYmPNZs8"), (refund.Id, refund.Amount, refund.Currency, refund.Status, refund.Charge));

        var stripeEvent = Read<StripeEvent>(StripeFixtures.Resource("event"));
        Assert.Equal(("evt_1Pgc76B7WZ01zgkWwyRHS12y", "plan.created"), (stripeEvent.Id, stripeEvent.Type));
        Assert.Null(StripeWebhookReceiver.StatusOf(stripeEvent));
    }

    [Fact]
    public void ASessionsStatusAndPaymentStatusSayThePaymentsState()
    {
        PaymentStatus Status(Action<JsonObject> change)
        {
            var session = StripeFixtures.Resource("checkout.session");
            change(session);
            return CheckoutSessionStatus.Of(Read<StripeCheckoutSession>(session));
        }

        Assert.Equal(PaymentState.Pending, Status(s => { }).State);
        var paid = Status(s =>
        {
            (s["status"], s["payment_status"], s["amount_total"], s["currency"]) = ("complete", "paid", 4500, "usd");
        });
        Assert.Equal(new PaymentStatus(paid.Reference, PaymentState.Succeeded, "pi_1PgafyB7WZ01zgkWSjxsAJo3", new Money(4500, "USD")), paid);
        Assert.Equal(PaymentState.Expired, Status(s => s["status"] = "expired").State);
        Assert.Equal(PaymentState.Pending, Status(s => s["status"] = "complete").State);

        var bounced = Status(s =>
        {
            var intent = StripeFixtures.Resource("payment_intent");
            intent["last_payment_error"] = new JsonObject { ["type"] = "card_error", ["message"] = "The bank refused the debit." };
            (s["status"], s["payment_intent"]) = ("complete", intent);
        });
        Assert.Equal((PaymentState.Failed, "The bank refused the debit."), (bounced.State, bounced.FailureMessage));
    }

    private static T Read<T>(JsonObject json) => JsonSerializer.Deserialize<T>(json.ToJsonString(), StripeJson.Options)!;
}
