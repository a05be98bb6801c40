using System.Collections.Concurrent;
using System.Data.Common;
using GigStore.Data;
using GigStore.Tenants;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GigStore.Shell.Data;

internal sealed class TenantDatabase(ITenantAccessor tenants, TenantDbContextPools pools) : ITenantDatabase, IAsyncDisposable, IDisposable
{
    private DbConnection? _connection;

    public DatabaseProvider Provider => tenants.Tenant.Settings.DatabaseProvider;

    public DbConnection Connection => _connection ??= Create(tenants.Tenant);

    /// <summary>Set by <see cref="TenantMigrator"/> before it creates the scope's contexts to migrate them.</summary>
    public bool ForMigrations { get; set; }

    public TContext CreateContext<TContext>(string migrationsHistoryTable)
        where TContext : DbContext
    {
        if (ForMigrations)
        {
            // Migrations are written by hand without a model snapshot (EF design-time tools cannot be restored
            // here), so EF always sees pending model changes. Only Migrate() checks for them, and it runs once per
            // tenant and start: its contexts are built for it, outside the pool, with that warning off.
            var builder = new DbContextOptionsBuilder<TContext>();
            UseProvider(builder, Provider, migrationsHistoryTable);
            builder.UseLoggerFactory(pools.LoggerFactory);
            builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
            var migrating = (TContext)Activator.CreateInstance(typeof(TContext), builder.Options)!;
            migrating.Database.SetDbConnection(Connection);
            return migrating;
        }

        var context = pools.Factory<TContext>(Provider, migrationsHistoryTable).CreateDbContext();
        context.Database.SetDbConnection(Connection);
        return context;
    }

    /// <summary>The provider without a connection: each context is given its scope's connection when it is handed out.</summary>
    internal static void UseProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string migrationsHistoryTable)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(o => o.MigrationsHistoryTable(migrationsHistoryTable));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(o => o.MigrationsHistoryTable(migrationsHistoryTable));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {provider}.");
        }
    }

    public static string ConnectionStringFor(Tenant tenant) => tenant.Settings.DatabaseProvider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(tenant.Settings.ConnectionString) =>
            new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(tenant.DataFolder, "gigstore.db"),
                ForeignKeys = true,
                Pooling = true,
            }.ToString(),
        _ => tenant.Settings.ConnectionString ?? throw new InvalidOperationException($"Tenant '{tenant.Name}' has no connection string."),
    };

    private static DbConnection Create(Tenant tenant)
    {
        switch (tenant.Settings.DatabaseProvider)
        {
            case DatabaseProvider.Sqlite:
                // Open for the whole scope. Left closed, EF opens and closes it around every query, and each
                // open of a pooled SQLite connection runs PRAGMA foreign_keys and registers EF's SQL functions
                // again: with a few queries per page that was a visible share of a request's time. PostgreSQL
                // connections are left to EF, so a request does not hold one while its page renders.
                var sqlite = new SqliteConnection(ConnectionStringFor(tenant));
                sqlite.Open();

                // WAL with synchronous=NORMAL: a commit is in the log file when it returns, so a process that dies
                // loses nothing committed; only the OS crashing or the power failing before the log reaches the disk
                // could (SQLite's advice for WAL). FULL made every commit wait for the disk under the write lock.
                using (var pragma = sqlite.CreateCommand())
                {
                    pragma.CommandText = "PRAGMA synchronous = NORMAL;";
                    pragma.ExecuteNonQuery();
                }

                // A writer that finds the database locked waits until the holder commits (SqliteWriterWakeup).
                // Left to Microsoft.Data.Sqlite, it slept 150 ms between tries; SQLite's busy_timeout sleeps 1, 2,
                // 5, 10… ms whatever the holder does.
                SqliteWriterWakeup.Attach(sqlite);
                return sqlite;
            case DatabaseProvider.Postgres:
                return new NpgsqlConnection(ConnectionStringFor(tenant));
            default:
                throw new InvalidOperationException($"Unknown database provider {tenant.Settings.DatabaseProvider}.");
        }
    }

    public void Dispose() => _connection?.Dispose();

    public ValueTask DisposeAsync() => _connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Brings a tenant database up to date: every module's migrations, each recorded in its own history table.</summary>
internal sealed class TenantMigrator(IEnumerable<ModuleDatabase> databases, TenantDatabase database, IServiceProvider services)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        database.ForMigrations = true;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var command = database.Connection.CreateCommand();
            if (database.Connection.State != System.Data.ConnectionState.Open)
            {
                await database.Connection.OpenAsync(cancellationToken);
            }

            // WAL survives in the file: readers do not block the writer, and a crash loses no committed data.
            command.CommandText = "PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The shell's own tables first, then modules in registration order.
        foreach (var module in databases.OrderBy(d => d.ContextType == typeof(ShellDb) ? 0 : 1))
        {
            var context = (DbContext)services.GetRequiredService(module.ContextType);
            await context.Database.MigrateAsync(cancellationToken);
        }
    }

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (database.Connection.State != System.Data.ConnectionState.Open)
            {
                await database.Connection.OpenAsync(cancellationToken);
            }

            await using var command = database.Connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}

/// <summary>
/// Module DbContexts, pooled per context type and database provider for the whole process (the tenants share them).
/// Building a context is most of a small request's EF work: its options, the lookup of EF's internal service provider
/// for them, a service scope with the change tracker, the connection wrapper and the query pipeline. A pooled context
/// keeps those and only resets its state when it is given back, so each rental just takes the scope's connection.
/// </summary>
internal sealed class TenantDbContextPools(ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<(Type Context, DatabaseProvider Provider), object> _factories = new();

    public ILoggerFactory LoggerFactory => loggerFactory;

    public IDbContextFactory<TContext> Factory<TContext>(DatabaseProvider provider, string migrationsHistoryTable)
        where TContext : DbContext =>
        (IDbContextFactory<TContext>)_factories.GetOrAdd(
            (typeof(TContext), provider),
            static (key, state) =>
            {
                var builder = new DbContextOptionsBuilder<TContext>();
                TenantDatabase.UseProvider(builder, key.Provider, state.Table);
                builder.UseLoggerFactory(state.Logging);
                return new PooledDbContextFactory<TContext>(builder.Options);
            },
            (Table: migrationsHistoryTable, Logging: loggerFactory));
}
