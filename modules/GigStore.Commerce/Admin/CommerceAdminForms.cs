using System.Globalization;
using GigStore.Commerce.Data;
using GigStore.Commerce.Pricing;

namespace GigStore.Commerce.Admin;

/// <summary>A percentage as people type it ("5.5", "19%") in basis points, or null when it is not one from 0 to 100.</summary>
public static class Percentages
{
    public static int? Parse(string? text)
    {
        var cleaned = (text ?? "").Trim().TrimEnd('%').Trim();
        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value > 100 || value * 100 != decimal.Truncate(value * 100))
        {
            return null;
        }

        return (int)(value * 100);
    }

    public static string Format(long basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>The commerce settings as the admin form edits them: percentages and amounts as people type them.</summary>
public sealed class SettingsForm
{
    public string? Currency { get; set; }
    public string? ServiceFeePercent { get; set; }
    public string? SmallOrderFee { get; set; }
    public string? SmallOrderThreshold { get; set; }
    public bool PricesIncludeTax { get; set; }
    public string? DefaultTaxPercent { get; set; }

    /// <summary>One "COUNTRY percent" a line, such as "DE 19".</summary>
    public string? TaxRates { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    public static SettingsForm From(CommerceSettings s) => new()
    {
        Currency = s.Currency,
        ServiceFeePercent = Percentages.Format(s.ServiceFeeBasisPoints),
        SmallOrderFee = new Money(s.SmallOrderFeeMinor, s.Currency).FormatNumber(grouping: false),
        SmallOrderThreshold = new Money(s.SmallOrderThresholdMinor, s.Currency).FormatNumber(grouping: false),
        PricesIncludeTax = s.PricesIncludeTax,
        DefaultTaxPercent = Percentages.Format(s.DefaultTaxBasisPoints),
        TaxRates = string.Join("\n", s.TaxRates.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {Percentages.Format(r.Value)}")),
    };

    /// <summary>The settings, or null with <see cref="Errors"/> by field.</summary>
    public CommerceSettings? ToSettings()
    {
        var currency = (Currency ?? "").Trim().ToUpperInvariant();
        var fee = Percentages.Parse(ServiceFeePercent);
        if (fee is null)
        {
            Errors[nameof(ServiceFeePercent)] = "Enter a percentage from 0 to 100, such as 5.5.";
        }

        if (!Money.TryParse(SmallOrderFee, currency, out var smallFee))
        {
            Errors[nameof(SmallOrderFee)] = "Enter an amount, such as 2.50 (0 for none).";
        }

        if (!Money.TryParse(SmallOrderThreshold, currency, out var threshold))
        {
            Errors[nameof(SmallOrderThreshold)] = "Enter an amount, such as 50.";
        }

        var tax = Percentages.Parse(DefaultTaxPercent);
        if (tax is null)
        {
            Errors[nameof(DefaultTaxPercent)] = "Enter a percentage from 0 to 100.";
        }

        var rates = new Dictionary<string, int>();
        foreach (var line in (TaxRates ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split([' ', '\t', ':', '='], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || Countries.Find(parts[0]) is not { } country || Percentages.Parse(parts[1]) is not { } rate)
            {
                Errors[nameof(TaxRates)] = $"“{line}” is not a country code and a percentage, such as DE 19.";
                break;
            }

            rates[country.Code] = rate;
        }

        if (Errors.Count > 0)
        {
            return null;
        }

        var settings = new CommerceSettings
        {
            Currency = currency,
            ServiceFeeBasisPoints = fee!.Value,
            SmallOrderFeeMinor = smallFee.Minor,
            SmallOrderThresholdMinor = threshold.Minor,
            PricesIncludeTax = PricesIncludeTax,
            DefaultTaxBasisPoints = tax!.Value,
            TaxRates = rates,
        };
        foreach (var (field, message) in settings.Validate())
        {
            Errors[field switch
            {
                nameof(CommerceSettings.ServiceFeeBasisPoints) => nameof(ServiceFeePercent),
                nameof(CommerceSettings.SmallOrderFeeMinor) => nameof(SmallOrderFee),
                nameof(CommerceSettings.SmallOrderThresholdMinor) => nameof(SmallOrderThreshold),
                nameof(CommerceSettings.DefaultTaxBasisPoints) => nameof(DefaultTaxPercent),
                _ => field,
            }] = message;
        }

        return Errors.Count == 0 ? settings : null;
    }
}

/// <summary>A new coupon as the admin form takes it.</summary>
public sealed class CouponForm
{
    public string? Code { get; set; }
    public CouponKind Kind { get; set; }

    /// <summary>A percentage for a percent coupon, an amount for a fixed one.</summary>
    public string? Amount { get; set; }

    public DateTime? Starts { get; set; }
    public DateTime? Ends { get; set; }
    public int? MaxUses { get; set; }
    public int? MaxUsesPerBuyer { get; set; }
    public string? MinOrder { get; set; }
    public List<int> CategoryIds { get; set; } = [];

    /// <summary>Seller handles, comma separated.</summary>
    public string? Sellers { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>The coupon (seller ids resolved by <paramref name="sellerIdsByHandle"/>), or null with <see cref="Errors"/>.</summary>
    public Coupon? ToCoupon(string currency, IReadOnlyDictionary<string, string> sellerIdsByHandle, IReadOnlySet<int> categoryIds, DateTimeOffset now)
    {
        var code = CouponRules.Normalize(Code ?? "");
        if (CouponRules.CodeProblem(code) is { } codeProblem)
        {
            Errors[nameof(Code)] = codeProblem;
        }

        long amount = 0;
        if (Kind == CouponKind.Percent)
        {
            if (Percentages.Parse(Amount) is { } bps and > 0)
            {
                amount = bps;
            }
            else
            {
                Errors[nameof(Amount)] = "Enter a percentage above 0 and at most 100, such as 10.";
            }
        }
        else if (Money.TryParse(Amount, currency, out var fixedAmount) && fixedAmount.Minor > 0)
        {
            amount = fixedAmount.Minor;
        }
        else
        {
            Errors[nameof(Amount)] = "Enter an amount above 0, such as 5.";
        }

        if (Starts is { } s && Ends is { } e && e <= s)
        {
            Errors[nameof(Ends)] = "The coupon must end after it starts.";
        }

        if (MaxUses is < 1)
        {
            Errors[nameof(MaxUses)] = "Leave empty for no limit, or enter 1 or more.";
        }

        if (MaxUsesPerBuyer is < 1)
        {
            Errors[nameof(MaxUsesPerBuyer)] = "Leave empty for no limit, or enter 1 or more.";
        }

        var minimum = Money.Zero(currency);
        if (!string.IsNullOrWhiteSpace(MinOrder) && !Money.TryParse(MinOrder, currency, out minimum))
        {
            Errors[nameof(MinOrder)] = "Enter an amount, or leave empty for none.";
        }

        if (CategoryIds.Any(id => !categoryIds.Contains(id)))
        {
            Errors[nameof(CategoryIds)] = "Choose categories from the list.";
        }

        var sellers = new List<string>();
        foreach (var handle in (Sellers ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (sellerIdsByHandle.TryGetValue(handle.TrimStart('@').ToLowerInvariant(), out var id))
            {
                sellers.Add(id);
            }
            else
            {
                Errors[nameof(Sellers)] = $"There is no seller “{handle}”.";
            }
        }

        return Errors.Count > 0 ? null : new Coupon
        {
            Code = code,
            Kind = Kind,
            Amount = amount,
            StartsUtc = Starts is { } start ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)) : null,
            EndsUtc = Ends is { } end ? new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc)) : null,
            MaxUses = MaxUses,
            MaxUsesPerBuyer = MaxUsesPerBuyer,
            MinOrderMinor = minimum.Minor,
            CategoryIds = CategoryIds.Distinct().ToList(),
            SellerIds = sellers.Distinct().ToList(),
            Active = true,
            CreatedUtc = now,
        };
    }
}
