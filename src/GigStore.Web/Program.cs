using GigStore.Shell;
using GigStore.Shell.Commands;
using GigStore.Shell.Modules;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(o =>
{
    o.IncludeScopes = false;
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss ";
});
builder.WebHost.UseStaticWebAssets();

try
{
    builder.AddGigStore(typeof(Program).Assembly);
}
catch (ModuleCatalogException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

var app = builder.Build();

// `GigStore.Web <command> [args]` runs a module's command (e.g. search-rebuild) instead of the web server.
if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

app.UseGigStore();
await app.RunAsync();
return 0;

public partial class Program;
