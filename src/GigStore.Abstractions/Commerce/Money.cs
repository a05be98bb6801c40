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
    public string Format()
    {
        var (symbol, digits) = Currency switch
        {
            "USD" => ("$", 2),
            "EUR" => ("€", 2),
            "GBP" => ("£", 2),
            "JPY" => ("¥", 0),
            _ => (Currency + " ", 2),
        };
        var scale = (decimal)Math.Pow(10, digits);
        var value = Minor / scale;
        var text = value == decimal.Truncate(value)
            ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : value.ToString("#,0." + new string('0', digits), CultureInfo.InvariantCulture);
        return symbol + text;
    }

    public override string ToString() => Format();

    private static string Same(Money a, Money b) =>
        a.Currency == b.Currency ? a.Currency : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}
