using GigStore.Catalog.Data;
using GigStore.Commerce.Data;
using GigStore.Data;
using GigStore.Shell.Data;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

/// <summary>The tenant database of a scope: pooled module contexts on the scope's one connection, and SQLite writers waiting their turn.</summary>
public sealed class TenantDatabaseTests(GigStoreFactory app) : IClassFixture<GigStoreFactory>
{
    [Fact]
    public async Task EveryModuleContextOfAScopeUsesTheScopesConnectionAndALaterScopeGetsItsOwn()
    {
        var tenant = await app.CreateTenantAsync("Pooled", prefix: "pooled");
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();
        System.Data.Common.DbConnection first;
        await using (var scope = scopes.CreateScope(tenant))
        {
            first = scope.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection;
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var commerce = scope.ServiceProvider.GetRequiredService<CommerceDb>();
            Assert.Same(first, catalog.Database.GetDbConnection());
            Assert.Same(first, commerce.Database.GetDbConnection());

            // One transaction spans both modules: what one context writes in it, the other reads before the commit.
            await using var transaction = await catalog.Database.BeginTransactionAsync();
            await commerce.Database.UseTransactionAsync(transaction.GetDbTransaction());
            await catalog.Database.ExecuteSqlAsync($"INSERT INTO \"Catalog_Sellers\" (\"UserId\", \"DisplayName\", \"Tagline\", \"Bio\", \"VacationMode\", \"MemberSinceUtc\") VALUES ('pooled-1', 'Pooled', '', '', FALSE, {DateTimeOffset.UnixEpoch})");
            Assert.Equal(1, await commerce.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"Catalog_Sellers\" WHERE \"UserId\" = 'pooled-1'").SingleAsync());
            await transaction.RollbackAsync();
        }

        // The context given back to the pool comes out again on the next scope's connection, with nothing tracked.
        await using (var scope = scopes.CreateScope(tenant))
        {
            var connection = scope.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection;
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            Assert.NotSame(first, connection);
            Assert.Same(connection, catalog.Database.GetDbConnection());
            Assert.Null(catalog.Database.CurrentTransaction);
            Assert.Empty(catalog.ChangeTracker.Entries());
            Assert.Equal(0, await catalog.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM \"Catalog_Sellers\" WHERE \"UserId\" = 'pooled-1'").SingleAsync());
        }
    }

    /// <summary>A commit wakes the waiter; a rollback raises no signal, so the waiter finds the lock free on its next try.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ASqliteWriterWaitsForTheHolderToFinishThenWrites(bool holderCommits)
    {
        var tenant = await app.CreateTenantAsync($"Writers{holderCommits}", prefix: $"writers-{holderCommits}".ToLowerInvariant());
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();
        await ExecuteAsync(scopes, tenant, "CREATE TABLE \"Test_Writes\" (\"Id\" INTEGER PRIMARY KEY, \"Who\" TEXT NOT NULL)");

        await using var holder = scopes.CreateScope(tenant);
        var held = (SqliteConnection)holder.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection;
        await using var transaction = (SqliteTransaction)await held.BeginTransactionAsync();
        await RunAsync(held, "INSERT INTO \"Test_Writes\" (\"Who\") VALUES ('holder')", transaction);

        // Another scope's write cannot finish while the holder has the write lock ...
        var waiter = Task.Run(() => ExecuteAsync(scopes, tenant, "INSERT INTO \"Test_Writes\" (\"Who\") VALUES ('waiter')"));
        await Task.Delay(300);
        Assert.False(waiter.IsCompleted);

        // ... and goes through once the holder is done, instead of failing as "database is locked".
        if (holderCommits)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        await waiter.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(holderCommits ? ["holder", "waiter"] : ["waiter"], await WhoAsync(scopes, tenant));
    }

    [Fact]
    public async Task TheWriteAheadLogIsStillCheckpointedAsCommitsGoOn()
    {
        var tenant = await app.CreateTenantAsync("Checkpoints", prefix: "checkpoints");
        var scopes = app.Services.GetRequiredService<TenantScopeFactory>();
        await ExecuteAsync(scopes, tenant, "CREATE TABLE \"Test_Blobs\" (\"Id\" INTEGER PRIMARY KEY, \"Data\" BLOB NOT NULL)");

        // 1,500 commits of three pages or so each (a row of two pages and its parent): without a checkpoint the log
        // would hold over 4,000 pages; checkpointed every 1,000, it starts again from the beginning each time.
        await using (var scope = scopes.CreateScope(tenant))
        {
            var connection = (SqliteConnection)scope.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection;
            for (var i = 0; i < 1500; i++)
            {
                await RunAsync(connection, "INSERT INTO \"Test_Blobs\" (\"Data\") VALUES (zeroblob(5000))");
            }
        }

        await using (var scope = scopes.CreateScope(tenant))
        {
            var connection = (SqliteConnection)scope.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection;
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var pagesInLog = reader.GetInt32(1);
            Assert.InRange(pagesInLog, 0, 2 * SqliteWriterWakeup.CheckpointPages);
        }
    }

    private static async Task ExecuteAsync(TenantScopeFactory scopes, Tenant tenant, string sql)
    {
        await using var scope = scopes.CreateScope(tenant);
        await RunAsync((SqliteConnection)scope.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection, sql);
    }

    private static async Task RunAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> WhoAsync(TenantScopeFactory scopes, Tenant tenant)
    {
        await using var scope = scopes.CreateScope(tenant);
        await using var command = scope.ServiceProvider.GetRequiredService<ITenantDatabase>().Connection.CreateCommand();
        command.CommandText = "SELECT \"Who\" FROM \"Test_Writes\" ORDER BY \"Id\"";
        await using var reader = await command.ExecuteReaderAsync();
        var who = new List<string>();
        while (await reader.ReadAsync())
        {
            who.Add(reader.GetString(0));
        }

        return who;
    }
}
