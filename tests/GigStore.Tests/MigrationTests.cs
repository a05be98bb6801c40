using System.Data.Common;
using System.Net;
using GigStore.Catalog.Data;
using GigStore.Catalog.Sellers;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace GigStore.Tests;

public sealed class MigrationTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    /// <summary>Set by the test command, which starts its own PostgreSQL 15 on 127.0.0.1.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("GIGSTORE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("GIGSTORE_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    [Fact]
    public async Task MigrationsRunOnceAndAreRecordedPerModuleOnSqlite()
    {
        var tenant = await app.CreateTenantAsync("Migrated", prefix: "migrated");
        await app.Services.GetRequiredService<TenantSetupService>().MigrateAsync(tenant, default);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(tenant.DataFolder, "gigstore.db")}");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        await AssertMigratedOnceAsync(connection);
    }

    [Fact]
    public Task TenantRunsOnPostgreSqlWithTheSameMigrations() => WithPostgresDatabaseAsync(async tenantConnection =>
    {
        var tenant = await app.CreateTenantAsync("Pg", prefix: "pg", provider: DatabaseProvider.Postgres, connectionString: tenantConnection, adminEmail: "boss@pg.test");
        await app.Services.GetRequiredService<TenantSetupService>().MigrateAsync(tenant, default);

        var browser = app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("/t/pg", "boss@pg.test", "Owner-pass-123!")).StatusCode);
        Assert.Contains("Studio", await browser.GetStringAsync("/t/pg/admin"));
        Assert.Contains("\"database\":\"Healthy\"", await browser.GetStringAsync("/t/pg/health"));

        await using var connection = new NpgsqlConnection(tenantConnection);
        await connection.OpenAsync();
        await AssertMigratedOnceAsync(connection);
    });

    [Fact]
    public Task AnExistingTenantDatabaseIsUpgradedInPlace() =>
        UpgradeInPlaceAsync(new TenantSettings { Name = "Upgrade", State = TenantState.Running });

    [Fact]
    public Task AnExistingPostgreSqlTenantDatabaseIsUpgradedInPlace() => WithPostgresDatabaseAsync(connectionString =>
        UpgradeInPlaceAsync(new TenantSettings { Name = "PgUpgrade", State = TenantState.Running, DatabaseProvider = DatabaseProvider.Postgres, ConnectionString = connectionString }));

    /// <summary>
    /// A database as the first catalog release left it, with sellers in it, is brought up to date:
    /// their data is kept, later columns get their defaults, and every seller gets a handle made from
    /// their name (numbered by seniority where names collide), the same as a new profile would.
    /// </summary>
    private async Task UpgradeInPlaceAsync(TenantSettings settings)
    {
        var tenant = app.Services.GetRequiredService<TenantRegistry>().Prepare(settings);
        Directory.CreateDirectory(tenant.DataFolder);
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();
        (string Id, string Name, string Handle)[] sellers =
        [
            ("u01", "Old Seller", "old-seller"),
            ("u02", "Tomás Okafor", "tomas-okafor"),
            ("u03", "Anna", "anna"),
            ("u04", "Anna", "anna_2"),
            ("u05", "Anna 2", "anna-2"),
            ("u06", "Al", "al_1"),
            ("u07", "Admin", "admin_1"),
            ("u08", "李明", "seller_1"),
            ("u09", "  Zoë   Ærø-Łukasz Straße!! ", "zoe-aero-lukasz-strasse"),
            ("u10", "Rene\u0301e O'Brien", "renee-o-brien"),
            ("u11", "Maximilian Alexander von Hohenzollern", "maximilian-alexander-von"),
            ("u12", "Nguyễn Văn An", "nguyen-van-an"),
            ("u13", "Seller", "seller_2"),
        ];

        await using (var scope = scopes.CreateScope(tenant))
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            await catalog.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261122000200_CatalogInitial");
            for (var i = 0; i < sellers.Length; i++)
            {
                var (id, name, _) = sellers[i];
                var tagline = id == "u01" ? "Since the start" : "";
                await catalog.Database.ExecuteSqlAsync(
                    $"INSERT INTO \"Catalog_Sellers\" (\"UserId\", \"DisplayName\", \"Tagline\", \"Bio\", \"VacationMode\", \"MemberSinceUtc\") VALUES ({id}, {name}, {tagline}, '', FALSE, {new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i)})");
            }

            // Two live gigs, one with a gallery and one without, and a draft.
            foreach (var (slug, state, live) in new[]
            {
                ("with-gallery", "Published", """{"title":"With gallery","gallery":[{"id":"first","width":1200,"height":900,"widths":[400,800,1200]},{"id":"second","width":800,"height":600,"widths":[400,800]}]}"""),
                ("without-gallery", "Paused", """{"title":"Without gallery","gallery":[]}"""),
                ("draft", "Draft", null),
            })
            {
                await catalog.Database.ExecuteSqlAsync(
                    $"INSERT INTO \"Catalog_Gigs\" (\"SellerId\", \"Slug\", \"State\", \"Currency\", \"LiveJson\", \"CreatedUtc\", \"UpdatedUtc\", \"Version\") VALUES ('u03', {slug}, {state}, 'USD', {live}, {DateTimeOffset.UnixEpoch}, {DateTimeOffset.UnixEpoch}, 1)");
            }
        }

        await app.Services.GetRequiredService<TenantSetupService>().MigrateAsync(tenant, default);

        await using (var scope = scopes.CreateScope(tenant))
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var seller = await catalog.Sellers.SingleAsync(s => s.UserId == "u01");
            Assert.Equal(("Old Seller", "Since the start"), (seller.DisplayName, seller.Tagline));
            Assert.Empty(seller.Skills);
            Assert.Empty(seller.Languages);
            Assert.Null(seller.Avatar);
            Assert.Null(seller.LastSeenUtc);
            Assert.Equal(catalog.Database.GetMigrations(), await catalog.Database.GetAppliedMigrationsAsync());

            var handles = await catalog.Sellers.OrderBy(s => s.UserId).Select(s => s.Handle).ToListAsync();
            Assert.Equal(sellers.Select(s => s.Handle), handles);
            Assert.All(handles, h => Assert.Null(SellerHandles.Problem(h)));

            // The SQL made the same stems as the code that names new profiles.
            Assert.All(sellers.Where(s => !s.Handle.Contains('_')), s => Assert.Equal(s.Handle, SellerHandles.Stem(s.Name)));

            // Cards read the cover from its own column, filled from each live gig's first image.
            var covers = await catalog.Gigs.OrderBy(g => g.Slug).Select(g => new { g.Slug, g.Cover }).ToListAsync();
            Assert.Equal(["draft", "with-gallery", "without-gallery"], covers.Select(c => c.Slug));
            Assert.Null(covers[0].Cover);
            Assert.Equal(new GigStore.Catalog.Gigs.GalleryImage("first", 1200, 900, [400, 800, 1200]), covers[1].Cover, GalleryImageComparer.Instance);
            Assert.Null(covers[2].Cover);

            // A new profile continues the numbering, and the database refuses a second seller with the same handle.
            Assert.Equal("anna_3", await SellerHandles.DeriveAsync(catalog, "Anna", default));
            catalog.Sellers.Add(new SellerProfile { UserId = "u99", Handle = "anna", DisplayName = "Anna", MemberSinceUtc = DateTimeOffset.UtcNow });
            await Assert.ThrowsAsync<DbUpdateException>(() => catalog.SaveChangesAsync());
        }
    }

    private sealed class GalleryImageComparer : IEqualityComparer<GigStore.Catalog.Gigs.GalleryImage?>
    {
        public static readonly GalleryImageComparer Instance = new();

        public bool Equals(GigStore.Catalog.Gigs.GalleryImage? x, GigStore.Catalog.Gigs.GalleryImage? y) =>
            x is not null && y is not null && (x.Id, x.Width, x.Height) == (y.Id, y.Width, y.Height) && x.Widths.SequenceEqual(y.Widths);

        public int GetHashCode(GigStore.Catalog.Gigs.GalleryImage? obj) => obj?.Id.GetHashCode() ?? 0;
    }

    /// <summary>Runs <paramref name="test"/> against a new, empty PostgreSQL database, dropped afterwards.</summary>
    internal static async Task WithPostgresDatabaseAsync(Func<string, Task> test)
    {
        var database = "gigstore_test_" + Guid.NewGuid().ToString("N")[..12];
        var server = new NpgsqlConnectionStringBuilder(PostgresServer);
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        }

        try
        {
            await test(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server.ConnectionString);
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>The ids of the migrations the catalog module ships.</summary>
    private static readonly string[] CatalogMigrationIds = [.. typeof(GigStore.Catalog.Data.CatalogDb).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false))
        .Cast<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().Select(m => m.Id).Order(StringComparer.Ordinal)];

    private static int CatalogMigrations => CatalogMigrationIds.Length;

    private static string LatestCatalogMigration => CatalogMigrationIds[^1];

    private static async Task AssertMigratedOnceAsync(DbConnection connection)
    {
        Assert.Equal("2", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"__Migrations_Shell\""));
        Assert.Equal("20261201000000_ShellEmails", await ScalarAsync(connection, "SELECT MAX(\"MigrationId\") FROM \"__Migrations_Shell\""));
        Assert.Equal("1", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"__Migrations_Users\""));
        Assert.Equal("1", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"AspNetUsers\""));
        Assert.Equal("3", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"AspNetRoles\""));
        Assert.Equal(CatalogMigrations.ToString(), await ScalarAsync(connection, "SELECT COUNT(*) FROM \"__Migrations_Catalog\""));
        Assert.Equal(LatestCatalogMigration, await ScalarAsync(connection, "SELECT MAX(\"MigrationId\") FROM \"__Migrations_Catalog\""));
        Assert.Equal("5", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"Catalog_Categories\""));
        Assert.Equal("2", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"Catalog_CategoryAttributes\""));
        Assert.Equal("20261122000400_MediaImageOwners", await ScalarAsync(connection, "SELECT \"MigrationId\" FROM \"__Migrations_Media\""));
        Assert.Equal("0", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"Media_ImageOwners\""));
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
