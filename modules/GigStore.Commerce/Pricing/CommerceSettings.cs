using System.Text.Json;
using GigStore.Commerce.Data;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Commerce.Pricing;

/// <summary>
/// A storefront's prices beyond the sellers' own: its currency, the buyer's service fee, and tax. Set in the
/// admin or by the <c>commerce</c> recipe step.
/// </summary>
public sealed record CommerceSettings
{
    /// <summary>ISO 4217; the one currency the storefront sells in (gigs in another cannot be bought here).</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>The service fee's percentage of what the buyer pays for gigs, in basis points (550 = 5.5%).</summary>
    public int ServiceFeeBasisPoints { get; init; } = 550;

    /// <summary>A fixed fee added to orders below <see cref="SmallOrderThresholdMinor"/> (0: none).</summary>
    public long SmallOrderFeeMinor { get; init; } = 250;

    public long SmallOrderThresholdMinor { get; init; } = 5000;

    /// <summary>Whether prices already include tax (tax is then shown as part of them) or tax is added on top.</summary>
    public bool PricesIncludeTax { get; init; }

    /// <summary>The tax rate for buyers in a country without its own rate, in basis points.</summary>
    public int DefaultTaxBasisPoints { get; init; }

    /// <summary>Tax rates by the buyer's country (ISO 3166 alpha-2, upper case), in basis points.</summary>
    public Dictionary<string, int> TaxRates { get; init; } = [];

    /// <summary>The rate for a buyer in <paramref name="country"/>.</summary>
    public int TaxRateFor(string? country) =>
        country is not null && TaxRates.TryGetValue(country.ToUpperInvariant(), out var rate) ? rate : DefaultTaxBasisPoints;

    /// <summary>What is wrong with these settings, by field; empty when they can be saved.</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper))
        {
            errors[nameof(Currency)] = "Use a three-letter ISO 4217 code such as USD, EUR or JPY.";
        }

        if (ServiceFeeBasisPoints is < 0 or > 5000)
        {
            errors[nameof(ServiceFeeBasisPoints)] = "The service fee must be between 0% and 50%.";
        }

        if (SmallOrderFeeMinor < 0)
        {
            errors[nameof(SmallOrderFeeMinor)] = "The small-order fee cannot be negative.";
        }

        if (SmallOrderThresholdMinor < 0)
        {
            errors[nameof(SmallOrderThresholdMinor)] = "The small-order threshold cannot be negative.";
        }

        if (DefaultTaxBasisPoints is < 0 or > 10000)
        {
            errors[nameof(DefaultTaxBasisPoints)] = "A tax rate must be between 0% and 100%.";
        }

        foreach (var (country, rate) in TaxRates)
        {
            if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            {
                errors[nameof(TaxRates)] = $"\"{country}\" is not a two-letter country code such as DE or US.";
            }
            else if (rate is < 0 or > 10000)
            {
                errors[nameof(TaxRates)] = $"The tax rate for {country} must be between 0% and 100%.";
            }
        }

        return errors;
    }
}

/// <summary>
/// Reads and writes the tenant's <see cref="CommerceSettings"/>: one small row, read wherever prices are made, so
/// kept per tenant for a few seconds (<see cref="CommerceSettingsCache"/>). A checkout priced with settings another
/// node has just changed is caught like any price change: the total the buyer agreed to is checked when paying
/// starts.
/// </summary>
public sealed class CommerceSettingsStore(CommerceDb db, ITenantAccessor tenants, CommerceSettingsCache cache, TimeProvider clock)
{
    public async Task<CommerceSettings> GetAsync(CancellationToken ct)
    {
        var tenant = tenants.Tenant.Name;
        if (cache.TryGet(tenant, clock.GetUtcNow(), out var cached))
        {
            return cached;
        }

        var row = await db.Settings.AsNoTracking().FirstOrDefaultAsync(r => r.Id == CommerceSettingsRow.SingleId, ct);
        var settings = row is null ? new CommerceSettings() : JsonSerializer.Deserialize<CommerceSettings>(row.Json, JsonSerializerOptions.Web) ?? new CommerceSettings();
        cache.Set(tenant, settings, clock.GetUtcNow());
        return settings;
    }

    /// <summary>Saves valid settings (the caller validated them) with the caller's pending changes.</summary>
    public async Task SaveAsync(CommerceSettings settings, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(settings, JsonSerializerOptions.Web);
        var row = await db.Settings.FirstOrDefaultAsync(r => r.Id == CommerceSettingsRow.SingleId, ct);
        if (row is null)
        {
            db.Settings.Add(new CommerceSettingsRow { Json = json });
        }
        else
        {
            row.Json = json;
        }

        await db.SaveChangesAsync(ct);
        cache.Remove(tenants.Tenant.Name);
    }
}

/// <summary>Commerce settings per tenant for this process; other nodes see a change within five seconds.</summary>
public sealed class CommerceSettingsCache() : TenantValueCache<CommerceSettings>(TimeSpan.FromSeconds(5));
