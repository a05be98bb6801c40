using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen.Sellers;

/// <summary>
/// Writes sellers as the site would have them: an Identity account with the Seller role but no
/// password (so nobody can sign in as one), and a Catalog_Sellers profile.
/// </summary>
internal sealed class SellerWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _user;
    private readonly SqliteCommand _role;
    private readonly SqliteCommand _profile;

    public SellerWriter(SqliteConnection connection, string sellerRoleId)
    {
        _connection = connection;
        _user = Command("""
            INSERT INTO "AspNetUsers" ("Id", "DisplayName", "CreatedUtc", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnd", "LockoutEnabled", "AccessFailedCount")
            VALUES ($id, $name, $created, $email, $normalized, $email, $normalized, 1, NULL, $stamp, $concurrency, NULL, 0, 0, NULL, 1, 0);
            """, "$id", "$name", "$created", "$email", "$normalized", "$stamp", "$concurrency");
        _role = Command("""INSERT INTO "AspNetUserRoles" ("UserId", "RoleId") VALUES ($id, $role);""", "$id", "$role");
        _role.Parameters["$role"].Value = sellerRoleId;
        _profile = Command("""
            INSERT INTO "Catalog_Sellers" ("UserId", "Handle", "DisplayName", "Tagline", "Bio", "VacationMode", "MemberSinceUtc", "AvatarJson", "SkillsJson",
                "LanguagesJson", "Country", "ResponseTimeHours", "Level")
            VALUES ($id, $handle, $name, $tagline, $bio, $vacation, $since, NULL, $skills, $languages, $country, $response, $level);
            """, "$id", "$handle", "$name", "$tagline", "$bio", "$vacation", "$since", "$skills", "$languages", "$country", "$response", "$level");
    }

    /// <summary>Writes <paramref name="sellers"/> in transactions of <paramref name="batchSize"/>, reporting the count written after each.</summary>
    public void Write(IReadOnlyList<GeneratedSeller> sellers, int batchSize, Action<int> written, CancellationToken ct)
    {
        for (var from = 0; from < sellers.Count; from += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            var to = Math.Min(sellers.Count, from + batchSize);
            using (var transaction = _connection.BeginTransaction())
            {
                _user.Transaction = _role.Transaction = _profile.Transaction = transaction;
                for (var i = from; i < to; i++)
                {
                    Insert(sellers[i]);
                }

                transaction.Commit();
            }

            written(to);
        }
    }

    private void Insert(GeneratedSeller seller)
    {
        var since = SqliteValues.Date(seller.MemberSinceUtc);
        Set(_user, seller.UserId, seller.DisplayName, since, seller.Email, seller.Email.ToUpperInvariant(), seller.SecurityStamp, seller.ConcurrencyStamp);
        _user.ExecuteNonQuery();

        _role.Parameters["$id"].Value = seller.UserId;
        _role.ExecuteNonQuery();

        Set(_profile, seller.UserId, seller.Handle, seller.DisplayName, seller.Tagline, seller.Bio, seller.VacationMode, since,
            JsonSerializer.Serialize(seller.Skills, JsonSerializerOptions.Web), JsonSerializer.Serialize(seller.Languages, JsonSerializerOptions.Web),
            seller.Country, seller.ResponseTimeHours, seller.Level.ToString());
        _profile.ExecuteNonQuery();
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    public void Dispose()
    {
        _user.Dispose();
        _role.Dispose();
        _profile.Dispose();
    }
}
