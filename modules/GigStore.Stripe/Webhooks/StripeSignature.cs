using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GigStore.Stripe.Webhooks;

/// <summary>
/// Checks Stripe's <c>Stripe-Signature</c> header: <c>t={unix seconds},v1={hex},v1={hex}...</c>, where each
/// <c>v1</c> is an HMAC-SHA256 of <c>{t}.{raw body}</c> keyed with an endpoint's signing secret (several
/// while a secret is being rolled). The body must be the bytes as received: parsed and re-serialised JSON
/// would not match. A signature older (or newer) than the tolerance is refused, so a captured request cannot
/// be replayed later.
/// </summary>
internal static class StripeSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when some secret signed this body within the tolerance of <paramref name="now"/>; otherwise why not (for the log).</summary>
    public static string? Check(string? header, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now)
    {
        if (secrets.Count == 0)
        {
            return "no webhook signing secret is configured";
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return "the Stripe-Signature header is missing";
        }

        string? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var item in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (name, value) = (item[..equals], item[(equals + 1)..]);
            if (name == "t")
            {
                if (timestamp is not null)
                {
                    return "the Stripe-Signature header has two timestamps";
                }

                timestamp = value;
            }
            else if (name == "v1" && value.Length == 64 && TryHex(value, out var signature))
            {
                signatures.Add(signature);
            }

            // Other schemes (v0, Stripe's test scheme) are not signatures this store accepts.
        }

        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "the Stripe-Signature header has no timestamp";
        }

        if (signatures.Count == 0)
        {
            return "the Stripe-Signature header has no v1 signature";
        }

        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var matched = false;
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
            foreach (var signature in signatures)
            {
                // Every pair is compared, in constant time, so timing tells nothing about which secret or how much matched.
                matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
            }
        }

        if (!matched)
        {
            return "no signature matches the body with a configured signing secret";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        return age.Duration() > Tolerance ? $"the signature's timestamp is {age.TotalSeconds:0} s from now, more than {Tolerance.TotalSeconds:0} s" : null;
    }

    private static bool TryHex(string value, out byte[] bytes)
    {
        bytes = new byte[value.Length / 2];
        return Convert.FromHexString(value, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length;
    }
}
