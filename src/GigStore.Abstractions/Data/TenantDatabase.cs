using System.Data.Common;
using GigStore.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Data;

/// <summary>
/// The current tenant's database for this scope: one open connection shared by every module's
/// DbContext, so a recipe or a use case can span modules in one transaction.
/// </summary>
public interface ITenantDatabase
{
    DatabaseProvider Provider { get; }

    DbConnection Connection { get; }

    /// <summary>
    /// A module's DbContext on this tenant's connection, with the module's own migrations history table: taken from a
    /// pool of contexts per context type and database provider, and given back when the scope ends.
    /// </summary>
    TContext CreateContext<TContext>(string migrationsHistoryTable)
        where TContext : DbContext;
}

/// <summary>A module's DbContext: its migrations run when a tenant is set up or the app starts.</summary>
public sealed record ModuleDatabase(Type ContextType, string MigrationsHistoryTable);

public static class TenantDbContextServiceCollectionExtensions
{
    /// <summary>
    /// Registers a module's DbContext against the current tenant's database. Its schema comes from
    /// hand-written migrations in the module's assembly, recorded in <paramref name="migrationsHistoryTable"/>.
    /// </summary>
    public static IServiceCollection AddTenantDbContext<TContext>(this IServiceCollection services, string migrationsHistoryTable)
        where TContext : DbContext
    {
        services.AddScoped(sp => sp.GetRequiredService<ITenantDatabase>().CreateContext<TContext>(migrationsHistoryTable));
        services.AddSingleton(new ModuleDatabase(typeof(TContext), migrationsHistoryTable));
        return services;
    }
}
