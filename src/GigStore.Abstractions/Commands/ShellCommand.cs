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

/// <summary>A progress bar on the console for long commands: redrawn in place on a terminal, a line every few seconds otherwise.</summary>
public sealed class ConsoleProgress(string label, long total) : IProgress<long>
{
    private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _lastLine = TimeSpan.MinValue;

    public void Report(long done)
    {
        var elapsed = _watch.Elapsed;
        var terminal = !Console.IsOutputRedirected;
        if (!terminal && elapsed - _lastLine < TimeSpan.FromSeconds(5) && done < total)
        {
            return;
        }

        _lastLine = elapsed;
        var fraction = total <= 0 ? 1 : Math.Min(1, done / (double)total);
        var rate = done / Math.Max(elapsed.TotalSeconds, 0.001);
        var eta = rate > 0 && total > done ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
        const int width = 30;
        var filled = (int)Math.Round(fraction * width);
        var line = $"{label} [{new string('#', filled)}{new string('.', width - filled)}] {fraction,4:P0} {done:N0}/{total:N0} {rate:N0}/s ETA {eta:mm\\:ss}";
        if (terminal)
        {
            Console.Write("\r" + line.PadRight(Math.Max(line.Length, Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 120) : line.Length)));
        }
        else
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Ends the bar's line with the total time.</summary>
    public void Done(long done)
    {
        Report(done);
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }

        Console.WriteLine($"{label}: {done:N0} in {_watch.Elapsed.TotalSeconds:N1} s ({done / Math.Max(_watch.Elapsed.TotalSeconds, 0.001):N0}/s)");
    }
}
