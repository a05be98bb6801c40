using System.Diagnostics;
using System.Globalization;

namespace GigStore.Commands;

/// <summary>
/// A progress bar for long commands (rebuilds, data generation): percentage, rate and time left. On a terminal the line is redrawn in place (\r)
/// a few times a second; redirected to a file or a CI log, a plain line is written every few seconds.
/// </summary>
public sealed class ConsoleProgress : IProgress<long>
{
    private const int Width = 30;
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly string _unit;
    private readonly long _total;
    private readonly TextWriter _output;
    private readonly bool _inPlace;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDrawn;
    private int _lastLength;

    public ConsoleProgress(string unit, long total, TextWriter output, bool inPlace)
    {
        _unit = unit;
        _total = Math.Max(1, total);
        _output = output;
        _inPlace = inPlace;
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Whether stdout is a terminal, where the bar redraws itself.</summary>
    public static bool ConsoleIsTerminal => !Console.IsOutputRedirected;

    public void Report(long done)
    {
        var now = _clock.Elapsed;
        if (_lastDrawn is { } last && now - last < (_inPlace ? TerminalInterval : LogInterval))
        {
            return;
        }

        _lastDrawn = now;
        Draw(done, final: false);
    }

    /// <summary>The last line, at whatever count the work ended, followed by a new line.</summary>
    public void Complete(long done)
    {
        Draw(done, final: true);
        if (_inPlace)
        {
            _output.WriteLine();
        }
    }

    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private void Draw(long done, bool final)
    {
        var elapsed = _clock.Elapsed;
        var share = Math.Clamp((double)done / _total, 0, 1);
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var left = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : (TimeSpan?)null;
        var filled = (int)Math.Round(share * Width);
        var time = final ? $"in {Duration(elapsed)}" : $"ETA {(left is { } l ? Duration(l) : "?")}";
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {share * 100,5:0.0}%  {done:N0}/{_total:N0} {_unit}  {rate:N0}/s  {time}");
        if (_inPlace)
        {
            _output.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else
        {
            _output.WriteLine(line);
        }

        _output.Flush();
    }
}
