using GigStore.Commands;
using Microsoft.Data.Sqlite;

namespace GigStore.DataGen;

/// <summary>
/// GigStore's catalogue generator: fills a set-up tenant's SQLite database with categories, sellers
/// and gigs for search benchmarks. The host must be stopped while it runs.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var (options, error) = DataGenOptions.Parse(args);
        if (options is null)
        {
            if (error is null)
            {
                Console.WriteLine(DataGenOptions.UsageText);
                return 0;
            }

            Console.Error.WriteLine(error);
            Console.Error.WriteLine(DataGenOptions.UsageText);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            var report = await new CatalogGenerator(options, Console.Out, ConsoleProgress.ConsoleIsTerminal).RunAsync(cancel.Token);
            Print(report);
            return 0;
        }
        catch (DataGenException ex)
        {
            Console.Error.WriteLine($"Nothing generated: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped. The batches committed before stopping stay in the database; the search index must be rebuilt.");
            return 130;
        }
        catch (SqliteException ex)
        {
            Console.Error.WriteLine($"Database error (the batch in progress was rolled back): {ex.Message}");
            return 1;
        }
    }

    private static void Print(GenerationReport report)
    {
        var gigs = report.Gigs.Values.Sum();
        var states = string.Join(", ", report.Gigs.Where(s => s.Value > 0).Select(s => $"{s.Value:N0} {s.Key}"));
        Console.WriteLine();
        Console.WriteLine($"Done in {ConsoleProgress.Duration(report.Total)}: {report.Sellers:N0} sellers in {ConsoleProgress.Duration(report.SellersTime)}, "
            + $"{gigs:N0} gigs in {ConsoleProgress.Duration(report.GigsTime)} ({gigs / Math.Max(0.001, report.GigsTime.TotalSeconds):N0}/s; {states}).");
        Console.WriteLine($"Database: {report.DatabasePath}, {report.DatabaseBytes / 1048576.0:N1} MB.");
        Console.WriteLine();
        Console.WriteLine("The generated gigs are not in the catalogue's outbox (Catalog_GigChanges): rebuild the search index before searching them.");
    }
}
