using System.Collections.Concurrent;
using System.Collections.Frozen;
using GigStore.Catalog.Data;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Categories;

public sealed record AttributeNode(string Key, string Name, bool MultiSelect, bool Required, IReadOnlyList<string> Options);

/// <summary>A category as the storefront shows it; shared between requests, so immutable.</summary>
public sealed record CategoryNode(int Id, int? ParentId, string Slug, string Name, string Description, int Position, IReadOnlyList<AttributeNode> Attributes);

/// <summary>A tenant's categories: top level and subcategories in their order, found by id or slug.</summary>
public sealed class CategoryTree
{
    private readonly FrozenDictionary<int, CategoryNode> _byId;
    private readonly FrozenDictionary<string, CategoryNode> _bySlug;
    private readonly FrozenDictionary<int, CategoryNode[]> _children;

    public CategoryTree(IEnumerable<CategoryNode> categories)
    {
        var all = categories.OrderBy(c => c.Position).ThenBy(c => c.Id).ToList();
        _byId = all.ToFrozenDictionary(c => c.Id);
        _bySlug = all.ToFrozenDictionary(c => c.Slug, StringComparer.Ordinal);
        _children = all.Where(c => c.ParentId is not null).GroupBy(c => c.ParentId!.Value).ToFrozenDictionary(g => g.Key, g => g.ToArray());
        Top = [.. all.Where(c => c.ParentId is null)];
    }

    public IReadOnlyList<CategoryNode> Top { get; }

    public CategoryNode? Find(int? id) => id is { } key && _byId.TryGetValue(key, out var category) ? category : null;

    public CategoryNode? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    public IReadOnlyList<CategoryNode> Children(int id) => _children.TryGetValue(id, out var children) ? children : [];

    public static async Task<CategoryTree> LoadAsync(CatalogDb db, CancellationToken ct)
    {
        var rows = await db.Categories.AsNoTracking().Include(c => c.Attributes).ToListAsync(ct);
        return new CategoryTree(rows.Select(c => new CategoryNode(
            c.Id,
            c.ParentId,
            c.Slug,
            c.Name,
            c.Description,
            c.Position,
            [.. c.Attributes.OrderBy(a => a.Position).Select(a => new AttributeNode(a.Key, a.Name, a.MultiSelect, a.Required, [.. a.Options]))])));
    }
}

/// <summary>
/// Each tenant's <see cref="CategoryTree"/>, read from its database once and kept in memory: every
/// storefront page needs it and it rarely changes. Whatever changes categories calls
/// <see cref="CategoriesChanged"/>, which drops the tenant's tree at once and again when its scope
/// (and with it a recipe's transaction) has ended. A tree is also reread after <see cref="MaxAge"/>,
/// which bounds how long a change made elsewhere (another web node, the database directly) goes unseen.
/// </summary>
public sealed class CategoryCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public ValueTask<CategoryTree> GetAsync(Tenant tenant, CatalogDb db, CancellationToken ct)
    {
        var slot = _slots.GetOrAdd(tenant.Name, static _ => new Slot());
        var entry = slot.Entry;
        return entry is not null && clock.GetElapsedTime(entry.LoadedAt) < MaxAge
            ? ValueTask.FromResult(entry.Tree)
            : new ValueTask<CategoryTree>(LoadAsync(slot, db, ct));
    }

    public void Invalidate(Tenant tenant)
    {
        if (_slots.TryGetValue(tenant.Name, out var slot))
        {
            lock (slot)
            {
                slot.Generation++;
                slot.Entry = null;
            }
        }
    }

    private async Task<CategoryTree> LoadAsync(Slot slot, CatalogDb db, CancellationToken ct)
    {
        int generation;
        lock (slot)
        {
            generation = slot.Generation;
        }

        var loadedAt = clock.GetTimestamp();
        var tree = await CategoryTree.LoadAsync(db, ct);
        lock (slot)
        {
            // A tree read while categories changed may be the old one: keep it only if nothing changed since.
            if (slot.Generation == generation)
            {
                slot.Entry = new Entry(tree, loadedAt);
            }
        }

        return tree;
    }

    private sealed class Slot
    {
        public volatile Entry? Entry;
        public int Generation;
    }

    private sealed record Entry(CategoryTree Tree, long LoadedAt);
}

/// <summary>
/// Says that the scope's tenant's categories changed: the cached tree is dropped now, and again when
/// the scope ends, after the transaction that made the change has committed or rolled back (a request
/// in between may have read and cached the categories as they were before).
/// </summary>
internal sealed class CategoriesChanged(CategoryCache cache, ITenantAccessor tenants) : IDisposable
{
    private Tenant? _changed;

    public void Notify()
    {
        _changed = tenants.Tenant;
        cache.Invalidate(_changed);
    }

    public void Dispose()
    {
        if (_changed is not null)
        {
            cache.Invalidate(_changed);
        }
    }
}
