using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using GigStore.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.BrowserTests;

/// <summary>
/// The real GigStore host on Kestrel, on a port of 127.0.0.1 that Kestrel picks, with its own fresh App_Data folder
/// (deleted on dispose). The default tenant is set up from the marketplace recipe on start.
/// </summary>
public sealed class GigStoreServer : WebApplicationFactory<Program>
{
    public const string AdminEmail = TestStore.AdminEmail;
    public const string AdminPassword = TestStore.AdminPassword;

    private readonly TestStore _store = new();

    public GigStoreServer()
    {
        // Port 0: Kestrel binds a free port itself, so parallel runs cannot race for one.
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string AppDataPath => _store.AppData;

    /// <summary>The address the browser opens, without a trailing slash; known once <see cref="Start"/> returned.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Starts Kestrel (the default tenant is set up before this returns) and reads the bound address.</summary>
    public GigStoreServer Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.Single().TrimEnd('/');
        return this;
    }

    /// <summary>More configuration for the host (e.g. "GigStore:Stripe:ApiBaseUrl"), set before <see cref="Start"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _store.Configure(builder);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store.Delete();
    }
}
