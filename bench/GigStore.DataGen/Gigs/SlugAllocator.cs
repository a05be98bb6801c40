using Microsoft.Data.Sqlite;

namespace GigStore.DataGen.Gigs;

/// <summary>
/// Unique gig slugs by GigService's rule (the title's slug, then "-2", "-3", ...), checked against
/// a set in memory: the tenant's current and former slugs, then every slug given out in this run.
/// Popular titles repeat across a large catalogue, so the next free number of each stem is remembered.
/// </summary>
internal sealed class SlugAllocator
{
    private readonly HashSet<string> _taken;
    private readonly Dictionary<string, int> _next = new(StringComparer.Ordinal);

    private SlugAllocator(HashSet<string> taken) => _taken = taken;

    public static SlugAllocator Load(SqliteConnection connection)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Slug" FROM "Catalog_Gigs" UNION ALL SELECT "Slug" FROM "Catalog_GigSlugs";""";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            taken.Add(reader.GetString(0));
        }

        return new SlugAllocator(taken);
    }

    public string Allocate(string stem)
    {
        for (var n = _next.GetValueOrDefault(stem, 1); ; n++)
        {
            var candidate = n == 1 ? stem : $"{stem}-{n}";
            if (_taken.Add(candidate))
            {
                _next[stem] = n + 1;
                return candidate;
            }
        }
    }
}
