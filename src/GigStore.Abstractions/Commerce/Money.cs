using System.Globalization;

namespace GigStore.Commerce;

/// <summary>An amount in integer minor units (cents) of an ISO 4217 currency. Arithmetic refuses to mix currencies.</summary>
public readonly record struct Money(long Minor, string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor), Same(a, b));

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor), Same(a, b));

    public static Money operator *(Money a, int factor) => new(checked(a.Minor * factor), a.Currency);

    public bool IsZero => Minor == 0;

    /// <summary>
    /// This amount times <paramref name="basisPoints"/> / 10,000 (550 is 5.5%), rounded to the minor unit half
    /// away from zero. Every percentage of money — service fee, tax, percent coupon — is rounded here and
    /// nowhere else.
    /// </summary>
    public Money Percent(long basisPoints) => new(RoundedQuotient((Int128)Minor * basisPoints, 10_000), Currency);

    /// <summary>
    /// The tax a tax-inclusive amount holds at <paramref name="basisPoints"/>: amount × rate / (1 + rate), rounded
    /// as <see cref="Percent"/> rounds (a 20% rate takes 20 out of 120).
    /// </summary>
    public Money IncludedTax(long basisPoints) => new(RoundedQuotient((Int128)Minor * basisPoints, 10_000 + basisPoints), Currency);

    /// <summary>
    /// Splits this amount into parts proportional to <paramref name="weights"/> that add up to it exactly: each
    /// part is rounded down and the minor units left over go to the parts that lost the most (largest
    /// remainder; the earlier part on a tie). All-zero weights split it evenly.
    /// </summary>
    public Money[] Allocate(IReadOnlyList<long> weights)
    {
        if (weights.Count == 0)
        {
            return [];
        }

        if (weights.Any(w => w < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "Weights cannot be negative.");
        }

        var effective = weights.All(w => w == 0) ? [.. weights.Select(_ => 1L)] : weights;
        var total = effective.Aggregate((Int128)0, (sum, w) => sum + w);
        var sign = Math.Sign(Minor);
        var amount = (Int128)Math.Abs(Minor);
        var parts = new long[effective.Count];
        var remainders = new Int128[effective.Count];
        Int128 given = 0;
        for (var i = 0; i < effective.Count; i++)
        {
            var share = amount * effective[i];
            parts[i] = (long)(share / total);
            remainders[i] = share % total;
            given += parts[i];
        }

        foreach (var i in Enumerable.Range(0, parts.Length).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)(amount - given)))
        {
            parts[i]++;
        }

        var currency = Currency;
        return [.. parts.Select(p => new Money(sign * p, currency))];
    }

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/> to the nearest whole number, halves away from zero.</summary>
    private static long RoundedQuotient(Int128 numerator, Int128 denominator)
    {
        var quotient = Int128.DivRem(Int128.Abs(numerator), denominator);
        var rounded = quotient.Remainder * 2 >= denominator ? quotient.Quotient + 1 : quotient.Quotient;
        return checked((long)(numerator < 0 ? -rounded : rounded));
    }

    /// <summary>"$25", "$25.50", "€1,200": minor digits only when there are any.</summary>
    public string Format() => Symbol(Currency) + FormatNumber();

    /// <summary>The amount in major units without a symbol, as a form field shows it: "25", "25.50", "1200".</summary>
    public string FormatNumber(bool grouping = true)
    {
        var digits = MinorDigits(Currency);
        var value = Minor / (decimal)Math.Pow(10, digits);
        var group = grouping ? "#,0" : "0";
        return value == decimal.Truncate(value)
            ? value.ToString(group, CultureInfo.InvariantCulture)
            : value.ToString(group + "." + new string('0', digits), CultureInfo.InvariantCulture);
    }

    /// <summary>How many minor digits the currency has (JPY none, most two).</summary>
    public static int MinorDigits(string currency) => currency == "JPY" ? 0 : 2;

    public static string Symbol(string currency) => currency switch
    {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        _ => currency + " ",
    };

    /// <summary>
    /// Reads an amount a person typed in major units ("25", "25.5", "1,200.00", "$25"): false when it is
    /// not a number, is negative, or has more decimals than the currency.
    /// </summary>
    public static bool TryParse(string? text, string currency, out Money money)
    {
        money = Zero(currency);
        var cleaned = (text ?? "").Trim().TrimStart(Symbol(currency).Trim().ToCharArray()).Replace(",", "").Trim();
        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        // Checked before scaling: multiplying a huge amount would overflow decimal itself.
        var scale = (decimal)Math.Pow(10, MinorDigits(currency));
        if (value > long.MaxValue / scale || value * scale != decimal.Truncate(value * scale))
        {
            return false;
        }

        var minor = value * scale;

        money = new Money((long)minor, currency);
        return true;
    }

    public override string ToString() => Format();

    private static string Same(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}
