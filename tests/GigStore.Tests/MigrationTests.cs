using System.Data.Common;
using System.Net;
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
    public async Task TenantRunsOnPostgreSqlWithTheSameMigrations()
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
            var tenantConnection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;
            var tenant = await app.CreateTenantAsync("Pg", prefix: "pg", provider: DatabaseProvider.Postgres, connectionString: tenantConnection, adminEmail: "boss@pg.test");
            await app.Services.GetRequiredService<TenantSetupService>().MigrateAsync(tenant, default);

            var browser = app.Browser();
            Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("/t/pg", "boss@pg.test", "Owner-pass-123!")).StatusCode);
            Assert.Contains("Studio", await browser.GetStringAsync("/t/pg/admin"));
            Assert.Contains("\"database\":\"Healthy\"", await browser.GetStringAsync("/t/pg/health"));

            await using var connection = new NpgsqlConnection(tenantConnection);
            await connection.OpenAsync();
            await AssertMigratedOnceAsync(connection);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server.ConnectionString);
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task AnExistingTenantDatabaseIsUpgradedInPlace()
    {
        var registry = app.Services.GetRequiredService<TenantRegistry>();
        var tenant = registry.Prepare(new TenantSettings { Name = "Upgrade", State = TenantState.Running });
        Directory.CreateDirectory(tenant.DataFolder);
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();

        // A database as the first catalog release left it, with a seller in it.
        await using (var scope = scopes.CreateScope(tenant))
        {
            var catalog = scope.ServiceProvider.GetRequiredService<GigStore.Catalog.Data.CatalogDb>();
            await catalog.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261122000200_CatalogInitial");
            await catalog.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"Catalog_Sellers\" (\"UserId\", \"DisplayName\", \"Tagline\", \"Bio\", \"VacationMode\", \"MemberSinceUtc\") VALUES ('u1', 'Old Seller', 'Since the start', '', 0, '2026-01-01 00:00:00+00:00')");
        }

        await app.Services.GetRequiredService<TenantSetupService>().MigrateAsync(tenant, default);

        await using (var scope = scopes.CreateScope(tenant))
        {
            var catalog = scope.ServiceProvider.GetRequiredService<GigStore.Catalog.Data.CatalogDb>();
            var seller = await catalog.Sellers.SingleAsync();
            Assert.Equal(("Old Seller", "Since the start"), (seller.DisplayName, seller.Tagline));
            Assert.Empty(seller.Skills);
            Assert.Empty(seller.Languages);
            Assert.Null(seller.Avatar);
            Assert.Equal(catalog.Database.GetMigrations(), await catalog.Database.GetAppliedMigrationsAsync());
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
        Assert.Equal("1", await ScalarAsync(connection, "SELECT COUNT(*) FROM \"__Migrations_Shell\""));
        Assert.Equal("20261122000000_ShellInitial", await ScalarAsync(connection, "SELECT \"MigrationId\" FROM \"__Migrations_Shell\""));
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
