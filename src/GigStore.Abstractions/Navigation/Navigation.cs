namespace GigStore.Navigation;

public static class Menus
{
    /// <summary>The admin area's side navigation.</summary>
    public const string Admin = "admin";

    /// <summary>The storefront's main navigation.</summary>
    public const string Main = "main";
}

/// <summary>A menu entry. <see cref="Href"/> is tenant-relative ("/admin/features"); the theme adds the tenant's path base.</summary>
public sealed record NavItem(string Text, string Href, int Position, string? RequiredRole = null);

public sealed class NavigationBuilder
{
    private readonly List<NavItem> _items = [];

    public IReadOnlyList<NavItem> Items => _items;

    public NavigationBuilder Add(string text, string href, int position = 100, string? requiredRole = null)
    {
        _items.Add(new NavItem(text, href, position, requiredRole));
        return this;
    }
}

/// <summary>Contributes items to menus. Only the providers of the tenant's enabled features are asked.</summary>
public interface INavigationProvider
{
    void BuildNavigation(string menu, NavigationBuilder builder);
}
