namespace GigStore.Commands;

/// <summary>
/// A command a module offers on the host's command line, <c>GigStore.Web {Name} [args]</c> (for example
/// <c>search-rebuild --tenant Default</c>): it runs instead of the web server, after every tenant's database is
/// brought up to date, and its result is the process's exit code.
/// </summary>
public interface IShellCommand
{
    string Name { get; }

    /// <summary>One line: arguments and what it does.</summary>
    string Usage { get; }

    Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken cancellationToken);
}
