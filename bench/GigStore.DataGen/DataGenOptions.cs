using System.Globalization;

namespace GigStore.DataGen;

/// <summary>What to generate and where, read from the command line.</summary>
internal sealed record DataGenOptions(string AppData, string Tenant, int Gigs, int Sellers, int Seed)
{
    public const string UsageText =
        "Usage: dotnet run -c Release --project bench/GigStore.DataGen -- --app-data PATH [--tenant Default] --gigs N [--sellers N (gigs/10)] [--seed 42]";

    /// <summary>The most gigs one run writes: the slugs and the seller of every gig are kept in memory.</summary>
    public const int MaxGigs = 10_000_000;

    /// <summary>The options, or the reason they are wrong (null when help was asked for and nothing is wrong).</summary>
    public static (DataGenOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? appData = null;
        var tenant = "Default";
        int? gigs = null;
        int? sellers = null;
        var seed = 42;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return (null, null);
            }

            if (name is not ("--app-data" or "--tenant" or "--gigs" or "--sellers" or "--seed"))
            {
                return (null, $"Unknown argument '{name}'.");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return (null, $"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--app-data":
                    appData = value;
                    break;
                case "--tenant":
                    tenant = value;
                    break;
                case "--gigs":
                    if (!TryCount(value, 1, MaxGigs, out var g))
                    {
                        return (null, $"--gigs must be a whole number from 1 to {MaxGigs:N0} ('{value}' is not).");
                    }

                    gigs = g;
                    break;
                case "--sellers":
                    if (!TryCount(value, 1, MaxGigs, out var s))
                    {
                        return (null, $"--sellers must be a whole number from 1 to {MaxGigs:N0} ('{value}' is not).");
                    }

                    sellers = s;
                    break;
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
                    {
                        return (null, $"--seed must be a whole number ('{value}' is not).");
                    }

                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(appData))
        {
            return (null, "--app-data is required: the host's App_Data folder (the one with tenants.json).");
        }

        if (gigs is null)
        {
            return (null, "--gigs is required: how many gigs to generate, e.g. 100000.");
        }

        if (string.IsNullOrWhiteSpace(tenant))
        {
            return (null, "--tenant must name a tenant.");
        }

        return (new DataGenOptions(Path.GetFullPath(appData), tenant, gigs.Value, sellers ?? Math.Max(1, gigs.Value / 10), seed), null);
    }

    private static bool TryCount(string text, int min, int max, out int value) =>
        int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
