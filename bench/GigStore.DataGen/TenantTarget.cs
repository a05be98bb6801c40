using System.Text.Json;
using GigStore.Tenants;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen;

/// <summary>The tenant's SQLite database, found the way the host finds it: tenants.json, then Sites/{tenant}/gigstore.db.</summary>
internal sealed record TenantTarget(string Name, string DatabasePath, string ConnectionString)
{
    public static TenantTarget Locate(string appData, string tenantName)
    {
        if (!Directory.Exists(appData))
        {
            throw new DataGenException($"{appData} does not exist. Pass the host's App_Data folder (start the host once to create it).");
        }

        var file = Path.Combine(appData, "tenants.json");
        if (!File.Exists(file))
        {
            throw new DataGenException($"{file} does not exist: start the host once on this App_Data so it sets up the default tenant.");
        }

        List<TenantSettings> tenants;
        try
        {
            tenants = JsonSerializer.Deserialize<TenantsFile>(File.ReadAllText(file), JsonSerializerOptions.Web)?.Tenants ?? [];
        }
        catch (JsonException ex)
        {
            throw new DataGenException($"{file} is not a valid tenants file: {ex.Message}");
        }

        var tenant = tenants.FirstOrDefault(t => string.Equals(t.Name, tenantName, StringComparison.OrdinalIgnoreCase))
            ?? throw new DataGenException($"There is no tenant '{tenantName}' in {file} (tenants: {string.Join(", ", tenants.Select(t => t.Name))}).");
        if (tenant.State == TenantState.Uninitialized)
        {
            throw new DataGenException($"Tenant '{tenant.Name}' is not set up yet: start the host so it runs the tenant's recipe, then stop it.");
        }

        if (tenant.DatabaseProvider != DatabaseProvider.Sqlite)
        {
            throw new DataGenException($"Tenant '{tenant.Name}' uses {tenant.DatabaseProvider}; the generator writes SQLite databases only.");
        }

        // Same defaults as the host's TenantDatabase: Sites/{tenant}/gigstore.db unless the tenant names its own.
        var builder = string.IsNullOrWhiteSpace(tenant.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(appData, "Sites", tenant.Name, "gigstore.db") }
            : new SqliteConnectionStringBuilder(tenant.ConnectionString);
        if (!File.Exists(builder.DataSource))
        {
            throw new DataGenException($"Tenant '{tenant.Name}' has no database at {builder.DataSource}: start the host once so it sets the tenant up.");
        }

        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.ForeignKeys = true;
        builder.Pooling = false;

        // A host holding the database open makes the generator wait this long before it says so.
        builder.DefaultTimeout = 3;
        return new TenantTarget(tenant.Name, Path.GetFullPath(builder.DataSource), builder.ToString());
    }

    private sealed class TenantsFile
    {
        public List<TenantSettings> Tenants { get; set; } = [];
    }
}
