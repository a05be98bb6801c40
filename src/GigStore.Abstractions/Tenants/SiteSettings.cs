namespace GigStore.Tenants;

/// <summary>What a tenant admin sets for the storefront: name, branding and theme.</summary>
public sealed record SiteSettings
{
    public string SiteName { get; init; } = "GigStore";
    public string Tagline { get; init; } = "";
    public string Theme { get; init; } = "Bazaar";
    public string AdminTheme { get; init; } = "Admin";

    /// <summary>#rrggbb</summary>
    public string AccentColor { get; init; } = "#1f7a4d";

    /// <summary>File name of the uploaded logo in the tenant's media folder, if any.</summary>
    public string? LogoFile { get; init; }

    /// <summary>Incremented on every change so the logo URL busts caches.</summary>
    public int Version { get; init; }
}
