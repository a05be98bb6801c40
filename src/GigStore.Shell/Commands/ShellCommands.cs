using GigStore.Commands;
using GigStore.Shell.Tenants;
using GigStore.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Shell.Commands;

/// <summary>Runs a module's <see cref="IShellCommand"/> when the host is started with its name as the first argument.</summary>
public static class ShellCommands
{
    /// <summary>The command's exit code, or null when the arguments name no command (the host then serves the web).</summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        var commands = app.Services.GetServices<IShellCommand>().ToList();
        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            Console.Error.WriteLine($"Unknown command '{args[0]}'. Commands:");
            foreach (var known in commands)
            {
                Console.Error.WriteLine($"  {known.Name} {known.Usage}");
            }

            return 2;
        }

        // Databases up to date first, as at start-up; no tenant is set up from here.
        var registry = app.Services.GetRequiredService<TenantRegistry>();
        var setup = app.Services.GetRequiredService<TenantSetupService>();
        foreach (var tenant in registry.Tenants.Where(t => t.Settings.State == TenantState.Running))
        {
            await setup.MigrateAsync(tenant, CancellationToken.None);
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await command.RunAsync(app.Services, args[1..], cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
    }
}
