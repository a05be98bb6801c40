using GigStore.Users.Contracts;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen;

/// <summary>
/// The generator's one connection to the tenant database, holding it exclusively for the whole run.
/// A running host keeps pooled connections open, so the exclusive lock cannot be had while it runs:
/// the generator refuses with a clear message instead of writing behind the host's caches. Only this
/// connection skips fsync (synchronous=OFF): a killed generator loses at most its open batch, but a
/// power cut during a run can damage the file, which is acceptable for benchmark data.
/// </summary>
internal static class GeneratorConnection
{
    /// <summary>The columns the generator writes, by table: a database older than the code is refused before anything is written.</summary>
    private static readonly Dictionary<string, string[]> RequiredColumns = new()
    {
        ["Catalog_Categories"] = ["Id", "ParentId", "Slug", "Name", "Description", "Position"],
        ["Catalog_CategoryAttributes"] = ["CategoryId", "Key", "Name", "MultiSelect", "Required", "OptionsJson", "Position"],
        ["Catalog_Sellers"] = ["UserId", "Handle", "DisplayName", "Tagline", "Bio", "VacationMode", "MemberSinceUtc", "SkillsJson", "LanguagesJson", "Country", "ResponseTimeHours", "Level"],
        ["Catalog_Gigs"] = ["SellerId", "Slug", "State", "Title", "CategoryId", "SubcategoryId", "StartingPriceMinor", "Currency", "MinDeliveryDays", "LiveJson", "DraftJson", "CoverJson", "CreatedUtc", "UpdatedUtc", "PublishedUtc", "Version", "RatingAverage", "ReviewCount", "OrdersCompleted"],
        ["Catalog_GigSlugs"] = ["Slug"],
        ["Catalog_SellerHandles"] = ["Handle"],
        ["AspNetUsers"] = ["Id", "DisplayName", "CreatedUtc", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "PasswordHash"],
        ["AspNetUserRoles"] = ["UserId", "RoleId"],
        ["AspNetRoles"] = ["Id", "NormalizedName"],
        ["Media_ImageOwners"] = ["ImageId", "OwnerId"],
    };

    public static SqliteConnection Open(TenantTarget target)
    {
        var connection = new SqliteConnection(target.ConnectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=OFF;");
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE;");
            Execute(connection, "PRAGMA cache_size=-262144;");
            Execute(connection, "PRAGMA temp_store=MEMORY;");

            // Takes the exclusive lock now (and keeps it until the connection closes), so a running host is found before any work.
            Execute(connection, "BEGIN IMMEDIATE; COMMIT;");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            connection.Dispose();
            throw new DataGenException(
                $"The database {target.DatabasePath} is in use by another process (SQLite: {ex.Message.TrimEnd('.')}). "
                + "Stop the GigStore host (or whatever holds the database open) and run the generator again; nothing was written.");
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new DataGenException($"Could not open {target.DatabasePath}: {ex.Message}");
        }

        try
        {
            CheckSchema(connection, target);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>The id of the Seller role, which every generated seller gets.</summary>
    public static string SellerRoleId(SqliteConnection connection) =>
        Scalar(connection, "SELECT \"Id\" FROM \"AspNetRoles\" WHERE \"NormalizedName\" = $name", ("$name", Roles.Seller.ToUpperInvariant())) as string
        ?? throw new DataGenException($"The tenant has no '{Roles.Seller}' role: set it up from a recipe with a roles step (the marketplace recipe has one).");

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }

    private static void CheckSchema(SqliteConnection connection, TenantTarget target)
    {
        foreach (var (table, columns) in RequiredColumns)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM pragma_table_info($table)";
            command.Parameters.AddWithValue("$table", table);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    present.Add(reader.GetString(0));
                }
            }

            var missing = columns.Where(c => !present.Contains(c)).ToList();
            if (present.Count == 0 || missing.Count > 0)
            {
                throw new DataGenException(present.Count == 0
                    ? $"{target.DatabasePath} has no table {table}: it is not a set-up GigStore tenant database."
                    : $"{target.DatabasePath}: {table} lacks {string.Join(", ", missing)}. Start the current host once so it migrates the tenant, then stop it.");
            }
        }
    }
}
