using System.Text.Json;
using System.Text.Json.Serialization;

namespace GigStore.Stripe.Api;

// The parts of Stripe's objects the module reads; everything else in them is ignored, so fields Stripe
// adds in later API versions change nothing here. Names are Stripe's, in snake_case (StripeJson.Options).

/// <summary>A Checkout Session (<c>checkout.session</c>): the hosted payment page for one checkout of ours.</summary>
internal sealed record StripeCheckoutSession(
    string Id,
    string? Status,
    string? PaymentStatus,
    string? Url,
    long? AmountTotal,
    string? Currency,
    StripePaymentIntentRef? PaymentIntent,
    string? ClientReferenceId,
    IReadOnlyDictionary<string, string>? Metadata,
    long? ExpiresAt,
    bool Livemode);

/// <summary>
/// A session's <c>payment_intent</c>: its id, or the whole PaymentIntent when the request asked to expand it
/// (then its status and last error say why an asynchronous payment failed).
/// </summary>
[JsonConverter(typeof(StripePaymentIntentRefConverter))]
internal sealed record StripePaymentIntentRef(string Id, string? Status = null, StripeError? LastPaymentError = null);

/// <summary>A refund (<c>refund</c>).</summary>
internal sealed record StripeRefund(string Id, long Amount, string Currency, string? Status, string? PaymentIntent, string? Charge, string? FailureReason);

/// <summary>A webhook event (<c>event</c>): what happened (<c>type</c>) and the object it happened to.</summary>
internal sealed record StripeEvent(string Id, string Type, long Created, bool Livemode, StripeEventData Data);

internal sealed record StripeEventData(JsonElement Object);

/// <summary>Stripe's error object, the body of every failed call as <c>{"error": {...}}</c>.</summary>
internal sealed record StripeError(string? Type, string? Code, string? DeclineCode, string? Message, string? Param);

internal sealed record StripeErrorBody(StripeError? Error);

internal static class StripeJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
    };
}

/// <summary>Reads an expandable field: a string id, or the object with an <c>id</c>.</summary>
internal sealed class StripePaymentIntentRefConverter : JsonConverter<StripePaymentIntentRef>
{
    public override StripePaymentIntentRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new StripePaymentIntentRef(reader.GetString()!);
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    var root = document.RootElement;
                    var id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String
                        ? idValue.GetString()!
                        : throw new JsonException("An expanded payment_intent has no id.");
                    var status = root.TryGetProperty("status", out var statusValue) && statusValue.ValueKind == JsonValueKind.String ? statusValue.GetString() : null;
                    var error = root.TryGetProperty("last_payment_error", out var errorValue) && errorValue.ValueKind == JsonValueKind.Object
                        ? errorValue.Deserialize<StripeError>(options)
                        : null;
                    return new StripePaymentIntentRef(id, status, error);
                }

            default:
                throw new JsonException($"payment_intent is neither an id nor an object ({reader.TokenType}).");
        }
    }

    public override void Write(Utf8JsonWriter writer, StripePaymentIntentRef value, JsonSerializerOptions options) => writer.WriteStringValue(value.Id);
}
