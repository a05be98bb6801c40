using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using GigStore.Tenants;
using Microsoft.Extensions.Options;

namespace GigStore.Shell.Tenants;

public sealed class ShellOptions
{
    /// <summary>Where tenants.json and Sites/{tenant}/ live.</summary>
    public string AppDataPath { get; set; } = "App_Data";

    /// <summary>Where *.recipe.json files are read from.</summary>
    public string RecipesPath { get; set; } = "recipes";

    /// <summary>The recipe the default tenant is set up from on first start.</summary>
    public string DefaultRecipe { get; set; } = "marketplace";

    /// <summary>First admin of the default tenant; when no password is given one is generated and printed once.</summary>
    public string AdminEmail { get; set; } = "admin@gigstore.local";

    public string? AdminPassword { get; set; }

    /// <summary>
    /// Whether this process runs modules' background jobs on their intervals (default). Off for a node
    /// that should only serve requests, and for tests that drive jobs themselves.
    /// </summary>
    public bool RunBackgroundJobs { get; set; } = true;
}

/// <summary>
/// The tenants of this installation, as listed in App_Data/tenants.json. The list is replaced as a
/// whole on every change, and written to disk atomically (temp file, then rename).
/// </summary>
public sealed partial class TenantRegistry
{
    public const string PrefixSegment = "t";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _file;
    private volatile Snapshot _snapshot;

    public TenantRegistry(IOptions<ShellOptions> options)
    {
        AppDataPath = Path.GetFullPath(options.Value.AppDataPath);
        _file = Path.Combine(AppDataPath, "tenants.json");
        _snapshot = Snapshot.Of(Load(options.Value).Select(s => new Tenant(s, SiteFolder(s.Name))));
    }

    public string AppDataPath { get; }

    public IReadOnlyList<Tenant> Tenants => _snapshot.All;

    public Tenant Default => _snapshot.All.First(t => t.IsDefault);

    public Tenant? Find(string name) => _snapshot.ByName.GetValueOrDefault(name);

    public string SiteFolder(string tenantName) => Path.Combine(AppDataPath, "Sites", tenantName);

    /// <summary>By host name, then by /t/{prefix}, then the default tenant.</summary>
    public (Tenant? Tenant, string? Prefix) Resolve(string host, string path)
    {
        var snapshot = _snapshot;
        if (snapshot.ByHost.TryGetValue(host, out var byHost))
        {
            return (byHost, null);
        }

        var prefixStart = "/" + PrefixSegment + "/";
        if (path.StartsWith(prefixStart, StringComparison.OrdinalIgnoreCase))
        {
            var end = path.IndexOf('/', prefixStart.Length);
            var prefix = end < 0 ? path[prefixStart.Length..] : path[prefixStart.Length..end];
            return (snapshot.ByPrefix.GetValueOrDefault(prefix), prefix);
        }

        return (snapshot.ByName.GetValueOrDefault(TenantSettings.DefaultName), null);
    }

    /// <summary>Problems with a new tenant's name, prefix or host names, by field.</summary>
    public IReadOnlyDictionary<string, string> Check(TenantSettings settings)
    {
        var errors = new Dictionary<string, string>();
        var snapshot = _snapshot;
        if (!NamePattern().IsMatch(settings.Name))
        {
            errors["Name"] = "Use 2–40 letters, digits or hyphens, starting with a letter.";
        }
        else if (snapshot.ByName.ContainsKey(settings.Name))
        {
            errors["Name"] = $"A tenant named '{settings.Name}' already exists.";
        }

        if (string.IsNullOrEmpty(settings.UrlPrefix) && settings.HostNames.Count == 0)
        {
            errors["UrlPrefix"] = "Give a URL prefix or a host name, so requests can reach the tenant.";
        }

        if (!string.IsNullOrEmpty(settings.UrlPrefix))
        {
            if (!PrefixPattern().IsMatch(settings.UrlPrefix))
            {
                errors["UrlPrefix"] = "Use 2–40 lower-case letters, digits or hyphens.";
            }
            else if (snapshot.ByPrefix.ContainsKey(settings.UrlPrefix))
            {
                errors["UrlPrefix"] = $"The prefix '{settings.UrlPrefix}' is already used by another tenant.";
            }
        }

        foreach (var host in settings.HostNames)
        {
            if (Uri.CheckHostName(host) is UriHostNameType.Unknown || host.Contains(':'))
            {
                errors["HostNames"] = $"'{host}' is not a valid host name.";
            }
            else if (snapshot.ByHost.ContainsKey(host))
            {
                errors["HostNames"] = $"The host name '{host}' is already used by another tenant.";
            }
        }

        if (settings.DatabaseProvider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            errors["ConnectionString"] = "A PostgreSQL tenant needs a connection string.";
        }

        return errors;
    }

    /// <summary>Adds or replaces the tenant and saves tenants.json. Runtime state of a replaced tenant is kept.</summary>
    public async Task<Tenant> SaveAsync(TenantSettings settings, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var existing = Find(settings.Name);
            var tenant = new Tenant(settings.Clone(), SiteFolder(settings.Name));
            if (existing is not null)
            {
                tenant.State = existing.State;
            }

            var all = _snapshot.All.Where(t => !string.Equals(t.Name, settings.Name, StringComparison.OrdinalIgnoreCase)).Append(tenant).ToList();
            await WriteAsync(all.Select(t => t.Settings), cancellationToken);
            _snapshot = Snapshot.Of(all);
            return tenant;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Keeps an in-memory runtime state for a tenant that is being set up and not yet listed.</summary>
    public Tenant Prepare(TenantSettings settings) => new(settings.Clone(), SiteFolder(settings.Name));

    private async Task WriteAsync(IEnumerable<TenantSettings> tenants, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(AppDataPath);
        var temp = _file + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await JsonSerializer.SerializeAsync(stream, new TenantsFile { Tenants = [.. tenants.OrderBy(t => t.IsDefault ? 0 : 1).ThenBy(t => t.Name)] }, Json, cancellationToken);
        }

        File.Move(temp, _file, overwrite: true);
    }

    private List<TenantSettings> Load(ShellOptions options)
    {
        List<TenantSettings> tenants = [];
        if (File.Exists(_file))
        {
            try
            {
                tenants = JsonSerializer.Deserialize<TenantsFile>(File.ReadAllText(_file), Json)?.Tenants ?? [];
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"{_file} is not valid: {ex.Message}", ex);
            }
        }

        if (!tenants.Any(t => t.IsDefault))
        {
            tenants.Insert(0, new TenantSettings { Name = TenantSettings.DefaultName, State = TenantState.Uninitialized, Recipe = options.DefaultRecipe });
        }

        return tenants;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{1,39}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex PrefixPattern();

    private sealed class TenantsFile
    {
        public List<TenantSettings> Tenants { get; set; } = [];
    }

    private sealed record Snapshot(
        IReadOnlyList<Tenant> All,
        FrozenDictionary<string, Tenant> ByName,
        FrozenDictionary<string, Tenant> ByHost,
        FrozenDictionary<string, Tenant> ByPrefix)
    {
        public static Snapshot Of(IEnumerable<Tenant> tenants)
        {
            var all = tenants.ToList();
            return new Snapshot(
                all,
                all.ToFrozenDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase),
                all.SelectMany(t => t.Settings.HostNames.Select(h => (h, t))).ToFrozenDictionary(x => x.h, x => x.t, StringComparer.OrdinalIgnoreCase),
                all.Where(t => !string.IsNullOrEmpty(t.Settings.UrlPrefix)).ToFrozenDictionary(t => t.Settings.UrlPrefix!, StringComparer.OrdinalIgnoreCase));
        }
    }
}
