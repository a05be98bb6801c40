using Microsoft.AspNetCore.Hosting;

namespace GigStore.Testing;

/// <summary>
/// How every test host is set up: a fresh App_Data folder, and a known first admin for the default
/// tenant (which the marketplace recipe sets up on start). Linked into each test project.
/// </summary>
internal sealed class TestStore
{
    public const string AdminEmail = "admin@gigstore.test";
    public const string AdminPassword = "Admin-pass-123!";

    public string AppData { get; } = Path.Combine(Path.GetTempPath(), "gigstore-tests", Guid.NewGuid().ToString("N"));

    public void Configure(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(AppData);
        builder.UseEnvironment("Development");
        builder.UseSetting("GigStore:AppDataPath", AppData);
        builder.UseSetting("GigStore:AdminEmail", AdminEmail);
        builder.UseSetting("GigStore:AdminPassword", AdminPassword);
    }

    /// <summary>Removes the folder once the host is gone (SQLite's pooled connections closed first).</summary>
    public void Delete()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(AppData, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS's temp cleanup rather than failing the run.
        }
    }
}
