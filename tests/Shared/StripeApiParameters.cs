using System.Globalization;
using System.Text.RegularExpressions;

namespace GigStore.Tests.Stripe;

/// <summary>
/// The parameters Stripe's API reference documents for the endpoints the module calls, written out by hand
/// (Stripe's OpenAPI description is not among the shared contracts). A request may use only these names, with
/// values of the documented kind; Stripe answers anything else with "Received unknown parameter" (400).
/// <para>
/// A name is written as its bracket path with list indices as <c>[#]</c> and free keys of a map (metadata) as
/// <c>[*]</c>. Parameters the module never sends are listed by name as <c>Subtree</c>: their inside is not spelled
/// out, so anything beneath them passes by name — the module sending one of them would show up in review anyway.
/// </para>
/// </summary>
public static partial class StripeApiParameters
{
    public enum Kind
    {
        String,
        Integer,
        Boolean,
        /// <summary>Three lower-case letters (Stripe wants ISO 4217 codes in lower case).</summary>
        Currency,
        /// <summary>An absolute http(s) address.</summary>
        Url,
        Enum,
        /// <summary>A metadata value: at most 500 characters, under a key of at most 40.</summary>
        MetadataValue,
        /// <summary>A documented parameter whose inside this list does not spell out.</summary>
        Subtree,
    }

    public sealed record Parameter(Kind Kind, params string[] Values);

    private static readonly Parameter Text = new(Kind.String);
    private static readonly Parameter Integer = new(Kind.Integer);
    private static readonly Parameter Flag = new(Kind.Boolean);
    private static readonly Parameter Subtree = new(Kind.Subtree);
    private static readonly Parameter Metadata = new(Kind.MetadataValue);

    /// <summary>POST /v1/checkout/sessions ("Create a Checkout Session").</summary>
    public static readonly IReadOnlyDictionary<string, Parameter> CreateCheckoutSession = new Dictionary<string, Parameter>
    {
        ["adaptive_pricing"] = Subtree,
        ["after_expiration"] = Subtree,
        ["allow_promotion_codes"] = Flag,
        ["automatic_tax"] = Subtree,
        ["billing_address_collection"] = new(Kind.Enum, "auto", "required"),
        ["branding_settings"] = Subtree,
        ["cancel_url"] = new(Kind.Url),
        ["client_reference_id"] = Text,
        ["consent_collection"] = Subtree,
        ["currency"] = new(Kind.Currency),
        ["custom_fields"] = Subtree,
        ["custom_text"] = Subtree,
        ["customer"] = Text,
        ["customer_account"] = Text,
        ["customer_creation"] = new(Kind.Enum, "always", "if_required"),
        ["customer_email"] = Text,
        ["customer_update"] = Subtree,
        ["discounts"] = Subtree,
        ["excluded_payment_method_types"] = Subtree,
        ["expand[#]"] = Text,
        ["expires_at"] = Integer,
        ["invoice_creation"] = Subtree,
        ["line_items[#][adjustable_quantity]"] = Subtree,
        ["line_items[#][dynamic_tax_rates]"] = Subtree,
        ["line_items[#][metadata][*]"] = Metadata,
        ["line_items[#][price]"] = Text,
        ["line_items[#][price_data][currency]"] = new(Kind.Currency),
        ["line_items[#][price_data][product]"] = Text,
        ["line_items[#][price_data][product_data][description]"] = Text,
        ["line_items[#][price_data][product_data][images]"] = Subtree,
        ["line_items[#][price_data][product_data][metadata][*]"] = Metadata,
        ["line_items[#][price_data][product_data][name]"] = Text,
        ["line_items[#][price_data][product_data][tax_code]"] = Text,
        ["line_items[#][price_data][product_data][unit_label]"] = Text,
        ["line_items[#][price_data][recurring]"] = Subtree,
        ["line_items[#][price_data][tax_behavior]"] = new(Kind.Enum, "exclusive", "inclusive", "unspecified"),
        ["line_items[#][price_data][unit_amount]"] = Integer,
        ["line_items[#][price_data][unit_amount_decimal]"] = Text,
        ["line_items[#][quantity]"] = Integer,
        ["line_items[#][tax_rates]"] = Subtree,
        ["locale"] = Text,
        ["metadata[*]"] = Metadata,
        ["mode"] = new(Kind.Enum, "payment", "setup", "subscription"),
        ["name_collection"] = Subtree,
        ["optional_items"] = Subtree,
        ["origin_context"] = new(Kind.Enum, "mobile_app", "web"),
        ["payment_intent_data[application_fee_amount]"] = Integer,
        ["payment_intent_data[capture_method]"] = new(Kind.Enum, "automatic", "automatic_async", "manual"),
        ["payment_intent_data[description]"] = Text,
        ["payment_intent_data[metadata][*]"] = Metadata,
        ["payment_intent_data[on_behalf_of]"] = Text,
        ["payment_intent_data[receipt_email]"] = Text,
        ["payment_intent_data[setup_future_usage]"] = new(Kind.Enum, "off_session", "on_session"),
        ["payment_intent_data[shipping]"] = Subtree,
        ["payment_intent_data[statement_descriptor]"] = Text,
        ["payment_intent_data[statement_descriptor_suffix]"] = Text,
        ["payment_intent_data[transfer_data]"] = Subtree,
        ["payment_intent_data[transfer_group]"] = Text,
        ["payment_method_collection"] = new(Kind.Enum, "always", "if_required"),
        ["payment_method_configuration"] = Text,
        ["payment_method_data"] = Subtree,
        ["payment_method_options"] = Subtree,
        ["payment_method_types"] = Subtree,
        ["permissions"] = Subtree,
        ["phone_number_collection"] = Subtree,
        ["redirect_on_completion"] = new(Kind.Enum, "always", "if_required", "never"),
        ["return_url"] = new(Kind.Url),
        ["saved_payment_method_options"] = Subtree,
        ["setup_intent_data"] = Subtree,
        ["shipping_address_collection"] = Subtree,
        ["shipping_options"] = Subtree,
        ["submit_type"] = new(Kind.Enum, "auto", "book", "donate", "pay", "subscribe"),
        ["subscription_data"] = Subtree,
        ["success_url"] = new(Kind.Url),
        ["tax_id_collection"] = Subtree,
        ["ui_mode"] = new(Kind.Enum, "custom", "embedded", "hosted"),
        ["wallet_options"] = Subtree,
    };

    /// <summary>GET /v1/checkout/sessions/{id} ("Retrieve a Checkout Session") and POST …/{id}/expire ("Expire a Checkout Session").</summary>
    public static readonly IReadOnlyDictionary<string, Parameter> RetrieveOrExpire = new Dictionary<string, Parameter>
    {
        ["expand[#]"] = Text,
    };

    /// <summary>POST /v1/refunds ("Create a refund").</summary>
    public static readonly IReadOnlyDictionary<string, Parameter> CreateRefund = new Dictionary<string, Parameter>
    {
        ["amount"] = Integer,
        ["charge"] = Text,
        ["currency"] = new(Kind.Currency),
        ["customer"] = Text,
        ["expand[#]"] = Text,
        ["instructions_email"] = Text,
        ["metadata[*]"] = Metadata,
        ["origin"] = new(Kind.Enum, "customer_balance"),
        ["payment_intent"] = Text,
        ["reason"] = new(Kind.Enum, "duplicate", "fraudulent", "requested_by_customer"),
        ["refund_application_fee"] = Flag,
        ["reverse_transfer"] = Flag,
    };

    /// <summary>The documented parameters of a call, or null when the module is not expected to make it.</summary>
    public static IReadOnlyDictionary<string, Parameter>? For(string method, string path) => (method, path.Split('/', StringSplitOptions.RemoveEmptyEntries)) switch
    {
        ("POST", ["v1", "checkout", "sessions"]) => CreateCheckoutSession,
        ("GET", ["v1", "checkout", "sessions", _]) => RetrieveOrExpire,
        ("POST", ["v1", "checkout", "sessions", _, "expire"]) => RetrieveOrExpire,
        ("POST", ["v1", "refunds"]) => CreateRefund,
        _ => null,
    };

    /// <summary>What Stripe would refuse in these parameters: unknown names, values of the wrong kind, a name given twice, required ones missing.</summary>
    public static IReadOnlyList<string> Problems(string method, string path, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        if (For(method, path) is not { } documented)
        {
            return [$"{method} {path} is not an endpoint the module is expected to call"];
        }

        var problems = new List<string>();
        foreach (var name in fields.GroupBy(f => f.Key).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"{name} is given more than once");
        }

        foreach (var (name, value) in fields)
        {
            var normalized = Normalize(name);
            if (normalized is null)
            {
                problems.Add($"{name} is not a well-formed parameter name");
                continue;
            }

            var (key, parameter) = Find(documented, normalized);
            if (parameter is null)
            {
                problems.Add($"Received unknown parameter: {name}");
            }
            else if (Check(parameter, name, value) is { } wrong)
            {
                problems.Add($"{name} ({key}): {wrong}");
            }
        }

        foreach (var map in fields.Select(f => Normalize(f.Key)).OfType<string>().Where(n => n.EndsWith("[*]", StringComparison.Ordinal)).GroupBy(n => n))
        {
            // Stripe's limit per metadata object; names here are grouped by path, so per list entry it is looser.
            if (map.Count() > 50)
            {
                problems.Add($"{map.Key} has more than 50 keys");
            }
        }

        var given = fields.Select(f => f.Key).ToHashSet();
        if (documented == CreateCheckoutSession)
        {
            if (!given.Contains("mode"))
            {
                problems.Add("mode is required");
            }

            if (!given.Any(n => n.StartsWith("line_items[", StringComparison.Ordinal)))
            {
                problems.Add("line_items is required in payment mode");
            }

            if (!given.Contains("success_url") && !fields.Any(f => f.Key == "ui_mode" && f.Value != "hosted"))
            {
                problems.Add("success_url is required for the hosted page");
            }
        }
        else if (documented == CreateRefund && !given.Contains("payment_intent") && !given.Contains("charge"))
        {
            problems.Add("one of payment_intent or charge is required");
        }

        return problems;
    }

    /// <summary>
    /// <c>line_items[0][price_data][currency]</c> → <c>line_items[#][price_data][currency]</c>; <c>expand[]</c> →
    /// <c>expand[#]</c>. Null when the brackets do not pair up.
    /// </summary>
    public static string? Normalize(string name)
    {
        var match = NamePattern().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var segments = match.Groups["part"].Captures.Select(c => c.Value.Length == 0 || c.Value.All(char.IsAsciiDigit) ? "#" : c.Value);
        return match.Groups["root"].Value + string.Concat(segments.Select(s => $"[{s}]"));
    }

    /// <summary>The documented parameter a normalized name is: itself, a free key of a map, or inside a subtree.</summary>
    private static (string? Key, Parameter? Parameter) Find(IReadOnlyDictionary<string, Parameter> documented, string normalized)
    {
        if (documented.TryGetValue(normalized, out var exact))
        {
            return (normalized, exact);
        }

        var lastOpen = normalized.LastIndexOf('[');
        if (lastOpen > 0 && documented.TryGetValue(normalized[..lastOpen] + "[*]", out var map))
        {
            return (normalized[..lastOpen] + "[*]", map);
        }

        for (var end = normalized.IndexOf('['); end > 0; end = normalized.IndexOf('[', end + 1))
        {
            if (documented.TryGetValue(normalized[..end], out var outer) && outer.Kind == Kind.Subtree)
            {
                return (normalized[..end], outer);
            }
        }

        return (null, null);
    }

    private static string? Check(Parameter parameter, string name, string value) => parameter.Kind switch
    {
        Kind.String => value.Length > 5000 ? "longer than 5000 characters" : null,
        Kind.Integer => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : $"'{value}' is not a non-negative integer",
        Kind.Boolean => value is "true" or "false" ? null : $"'{value}' is not true or false",
        Kind.Currency => CurrencyPattern().IsMatch(value) ? null : $"'{value}' is not a lower-case ISO 4217 code",
        Kind.Url => Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? null : $"'{value}' is not an absolute http(s) address",
        Kind.Enum => parameter.Values.Contains(value) ? null : $"'{value}' is not one of {string.Join(", ", parameter.Values)}",
        Kind.MetadataValue => name[(name.LastIndexOf('[') + 1)..^1].Length > 40 ? "metadata keys are at most 40 characters"
            : value.Length > 500 ? "metadata values are at most 500 characters" : null,
        _ => null,
    };

    [GeneratedRegex(@"^(?<root>[a-z_]+)(\[(?<part>[^\[\]]*)\])*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z]{3}$")]
    private static partial Regex CurrencyPattern();
}
