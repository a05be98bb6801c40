using GigStore.Catalog.Sellers;

namespace GigStore.Commerce.Pricing;

public sealed record Country(string Code, string Name);

/// <summary>The countries a buyer can say they buy from (tax is by country): the same list sellers pick theirs from.</summary>
public static class Countries
{
    public static IReadOnlyList<Country> All { get; } = [.. SellerProfileInput.Countries.Select(c => new Country(c.Code, c.Name))];

    public static Country? Find(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : All.FirstOrDefault(c => string.Equals(c.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}
