using System.Globalization;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>Reads the sizes <c>_cat</c> APIs print: "260b", "88.1kb", "3.2gb", or plain bytes.</summary>
internal static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("pb", 1L << 50), ("tb", 1L << 40), ("gb", 1L << 30), ("mb", 1L << 20), ("kb", 1L << 10), ("b", 1),
    ];

    public static long Parse(string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        foreach (var (unit, factor) in Units)
        {
            if (value.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(value[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return (long)Math.Round(number * factor);
            }
        }

        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0;
    }
}
