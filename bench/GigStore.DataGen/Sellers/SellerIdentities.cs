using GigStore.Catalog.Sellers;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen.Sellers;

/// <summary>
/// What must be unique about a new seller, checked against sets in memory rather than one query per
/// candidate: the account id, the account name (made from the handle) and the handle, derived the way
/// <see cref="SellerHandles.DeriveAsync"/> derives it (the stem, then stem_2, stem_3, ...). The sets
/// start with what the tenant has, so a second run, even with the same seed, adds new sellers.
/// </summary>
internal sealed class SellerIdentities
{
    private readonly HashSet<string> _handles;
    private readonly HashSet<string> _userNames;
    private readonly HashSet<string> _userIds;
    private readonly Dictionary<string, int> _next = new(StringComparer.Ordinal);

    private SellerIdentities(HashSet<string> handles, HashSet<string> userNames, HashSet<string> userIds)
    {
        _handles = handles;
        _userNames = userNames;
        _userIds = userIds;
    }

    public static SellerIdentities Load(SqliteConnection connection) => new(
        Strings(connection, """SELECT "Handle" FROM "Catalog_Sellers" UNION SELECT "Handle" FROM "Catalog_SellerHandles";"""),
        Strings(connection, """SELECT "NormalizedUserName" FROM "AspNetUsers" WHERE "NormalizedUserName" IS NOT NULL;"""),
        Strings(connection, """SELECT "Id" FROM "AspNetUsers" UNION SELECT "UserId" FROM "Catalog_Sellers";"""));

    /// <summary>A new account id from the seller stream: GUIDs repeat with the seed, so ids the tenant has are skipped.</summary>
    public string UserId(Random random)
    {
        while (true)
        {
            var id = random.NextGuid();
            if (_userIds.Add(id))
            {
                return id;
            }
        }
    }

    public string Handle(string displayName)
    {
        var stem = SellerHandles.Stem(displayName);
        if (stem.Length == 0)
        {
            stem = "seller";
        }

        var alone = SellerHandles.StandsAlone(stem);
        for (var n = _next.GetValueOrDefault(stem, 1); ; n++)
        {
            var candidate = alone && n == 1 ? stem : $"{stem}_{n}";
            var userName = $"{candidate}@{SellerFactory.EmailDomain}".ToUpperInvariant();
            if (!_handles.Contains(candidate) && !_userNames.Contains(userName))
            {
                _next[stem] = n + 1;
                _handles.Add(candidate);
                _userNames.Add(userName);
                return candidate;
            }
        }
    }

    private static HashSet<string> Strings(SqliteConnection connection, string sql)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            set.Add(reader.GetString(0));
        }

        return set;
    }
}
