using System.Globalization;

namespace GigStore.DataGen;

/// <summary>Values in the form EF Core's SQLite provider stores them, so the host reads generated rows like its own.</summary>
internal static class SqliteValues
{
    /// <summary>EF Core's text form of a DateTimeOffset on SQLite: "2026-11-22 08:18:14.0028159+00:00".</summary>
    public static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static object Date(DateTimeOffset? value) => value is { } v ? Date(v) : DBNull.Value;
}
