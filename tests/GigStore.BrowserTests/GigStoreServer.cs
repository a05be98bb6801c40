using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GigStore.BrowserTests;

/// <summary>
/// The real GigStore host on Kestrel, on a free loopback port, with its own fresh App_Data folder
/// (deleted on dispose). The default tenant is set up from the marketplace recipe on start.
/// </summary>
public sealed class GigStoreServer : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@gigstore.test";
    public const string AdminPassword = "Admin-pass-123!";

    private readonly int _port = FreePort();

    public GigStoreServer()
    {
        AppDataPath = Path.Combine(Path.GetTempPath(), "gigstore-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(AppDataPath);
        UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
    }

    public string AppDataPath { get; }

    /// <summary>The address the browser opens, without a trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{_port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("GigStore:AppDataPath", AppDataPath);
        builder.UseSetting("GigStore:AdminEmail", AdminEmail);
        builder.UseSetting("GigStore:AdminPassword", AdminPassword);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(AppDataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS's temp cleanup rather than failing the run.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
