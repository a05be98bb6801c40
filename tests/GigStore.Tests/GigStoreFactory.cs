using System.Net;
using System.Text.RegularExpressions;
using GigStore.Shell.Modules;
using GigStore.Testing;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Tests;

/// <summary>
/// The real host over a fresh App_Data folder: on first start the default tenant is set up from the
/// marketplace recipe, the way a new user's store is.
/// </summary>
public sealed class GigStoreFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = TestStore.AdminEmail;
    public const string AdminPassword = TestStore.AdminPassword;

    private readonly TestStore _store = new();

    public string AppData => _store.AppData;

    /// <summary>More configuration for the host (e.g. "GigStore:Media:Storage"), set before its first use.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The host's clock (<see cref="TimeProvider"/>) instead of the system's, set before its first use.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>Services registered after the host's own (stand-ins for what a test needs in place of the real thing), set before its first use.</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _store.Configure(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }

        if (TestServices is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }

    /// <summary>
    /// For tests that run the jobs themselves on a clock they move: no background loop, and a <see cref="ManualClock"/>
    /// (the one already set when a class's tests share the host). Call before the host's first use.
    /// </summary>
    public ManualClock OnManualClock()
    {
        Settings["GigStore:RunBackgroundJobs"] = "false";
        Clock ??= ManualClock.FromNow();
        return (ManualClock)Clock;
    }

    public TenantRegistry Registry => Services.GetRequiredService<TenantRegistry>();

    public ModuleCatalog Catalog => Services.GetRequiredService<ModuleCatalog>();

    public HttpClient Browser(string? host = null) => CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri($"http://{host ?? "localhost"}"),
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    /// <summary>Creates a tenant from a recipe the way the operator's form does.</summary>
    public async Task<Tenant> CreateTenantAsync(string name, string recipe = "studio", string? prefix = null, string[]? hosts = null, DatabaseProvider provider = DatabaseProvider.Sqlite, string? connectionString = null, string adminEmail = "owner@tenant.test", string adminPassword = "Owner-pass-123!")
    {
        var settings = new TenantSettings
        {
            Name = name,
            UrlPrefix = hosts is null ? prefix ?? name.ToLowerInvariant() : prefix,
            HostNames = [.. hosts ?? []],
            DatabaseProvider = provider,
            ConnectionString = connectionString,
        };
        var result = await Services.GetRequiredService<TenantSetupService>().CreateAsync(new TenantSetupRequest(settings, recipe, adminEmail, adminPassword));
        Assert.True(result.Succeeded, string.Join("; ", result.FieldErrors.Select(e => $"{e.Key}: {e.Value}").Concat(result.RecipeErrors.Select(e => e.ToString()))));
        return result.Tenant!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store.Delete();
    }
}

public static partial class BrowserExtensions
{
    /// <summary>GETs a page with a form and returns its antiforgery token (the cookie is kept by the client).</summary>
    public static async Task<string> FormTokenAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {url}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formUrl, string postUrl, IDictionary<string, string> fields)
    {
        var token = await client.FormTokenAsync(formUrl);
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await client.PostAsync(postUrl, content);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string basePath, string email, string password) =>
        client.PostFormAsync($"{basePath}/account/login", $"{basePath}/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    /// <summary>Registers on a tenant's form (the default tenant's, or the one at <paramref name="basePath"/>) as buyer, or buyer and seller, and stays signed in.</summary>
    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string name, string email, string password, bool seller = false, string basePath = "")
    {
        var fields = new Dictionary<string, string>
        {
            ["DisplayName"] = name,
            ["Email"] = email,
            ["Password"] = password,
            ["ConfirmPassword"] = password,
        };
        if (seller)
        {
            fields["WantsToSell"] = "true";
        }

        return client.PostFormAsync($"{basePath}/account/register", $"{basePath}/account/register", fields);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
