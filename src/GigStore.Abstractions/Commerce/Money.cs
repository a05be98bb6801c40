using System.Globalization;

namespace GigStore.Commerce;

/// <summary>An amount in integer minor units (cents) of an ISO 4217 currency. Arithmetic refuses to mix currencies.</summary>
public readonly record struct Money(long Minor, string Currency)
{
    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor), Same(a, b));

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor), Same(a, b));

    public static Money operator *(Money a, int factor) => new(checked(a.Minor * factor), a.Currency);

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
