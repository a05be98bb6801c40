using System.Globalization;
using System.Text;

namespace GigStore.Stripe.Api;

/// <summary>
/// A request body as Stripe takes it: <c>application/x-www-form-urlencoded</c>, nested objects and lists named
/// with brackets (<c>line_items[0][price_data][currency]=usd</c>). Fields keep the order they were added in,
/// so the same call always makes the same bytes — a retry with the same idempotency key must send the same
/// parameters, or Stripe refuses it.
/// </summary>
internal sealed class StripeForm
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>The bracketed name of a nested parameter: <c>Name("line_items", 0, "quantity")</c> is <c>line_items[0][quantity]</c>.</summary>
    public static string Name(string root, params object[] path)
    {
        var name = new StringBuilder(root);
        foreach (var part in path)
        {
            name.Append('[').Append(Convert.ToString(part, CultureInfo.InvariantCulture)).Append(']');
        }

        return name.ToString();
    }

    /// <summary>Adds a field; a null value is left out (Stripe's "not given"), an empty one is sent (Stripe's "unset").</summary>
    public StripeForm Add(string name, string? value)
    {
        if (value is not null)
        {
            _fields.Add(new(name, value));
        }

        return this;
    }

    public StripeForm Add(string name, long value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every entry as <c>{root}[{key}]</c>, in key order (metadata is a dictionary).</summary>
    public StripeForm AddMap(string root, IReadOnlyDictionary<string, string> map)
    {
        foreach (var (key, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Add(Name(root, key), value);
        }

        return this;
    }

    /// <summary>
    /// The encoded body. Names and values are percent-encoded as RFC 3986 asks, except the brackets of names,
    /// which Stripe reads either way and which keep a logged body readable.
    /// </summary>
    public string Encode() => string.Join('&', _fields.Select(f =>
        Uri.EscapeDataString(f.Key).Replace("%5B", "[", StringComparison.Ordinal).Replace("%5D", "]", StringComparison.Ordinal)
        + "=" + Uri.EscapeDataString(f.Value)));

    public override string ToString() => Encode();
}
