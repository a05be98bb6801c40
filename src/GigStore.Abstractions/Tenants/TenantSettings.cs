using System.Text.Json.Serialization;

namespace GigStore.Tenants;

[JsonConverter(typeof(JsonStringEnumConverter<TenantState>))]
public enum TenantState
{
    Uninitialized,
    Running,
    Disabled,
}

[JsonConverter(typeof(JsonStringEnumConverter<DatabaseProvider>))]
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>One entry of App_Data/tenants.json.</summary>
public sealed class TenantSettings
{
    public const string DefaultName = "Default";

    public string Name { get; set; } = "";
    public TenantState State { get; set; } = TenantState.Uninitialized;
    public List<string> HostNames { get; set; } = [];

    /// <summary>Requests to /t/{UrlPrefix}/... go to this tenant.</summary>
    public string? UrlPrefix { get; set; }

    public DatabaseProvider DatabaseProvider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty for SQLite means App_Data/Sites/{Name}/gigstore.db.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The recipe the tenant was (or will be) set up from.</summary>
    public string? Recipe { get; set; }

    public DateTimeOffset CreatedUtc { get; set; } = DateTimeOffset.UtcNow;

    [JsonIgnore]
    public bool IsDefault => string.Equals(Name, DefaultName, StringComparison.OrdinalIgnoreCase);

    public TenantSettings Clone() => new()
    {
        Name = Name,
        State = State,
        HostNames = [.. HostNames],
        UrlPrefix = UrlPrefix,
        DatabaseProvider = DatabaseProvider,
        ConnectionString = ConnectionString,
        Recipe = Recipe,
        CreatedUtc = CreatedUtc,
    };
}
