using System.Globalization;
using System.Text;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// A tenant's index names: the alias <c>{prefix}{tenant}-gigs</c> and behind it one index per build,
/// <c>{alias}-v{yyyyMMddHHmmssfff}-m{mapping version}</c> (UTC), so names sort in build order and say which
/// mapping they were made with (builds before the mapping was versioned end at the time: version 1).
/// </summary>
public static class ElasticsearchIndexNames
{
    private const string Suffix = "-gigs";

    /// <summary>Leaves room under Elasticsearch's 255-byte limit for the suffix and the version.</summary>
    private const int MaxBaseLength = 200;

    public static string Alias(string prefix, string tenant) => Sanitize(prefix + tenant) + Suffix;

    public static string Versioned(string alias, DateTimeOffset builtUtc, int mappingVersion = GigIndex.MappingVersion) =>
        alias + "-v" + builtUtc.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + MappingMark + mappingVersion.ToString(CultureInfo.InvariantCulture);

    /// <summary>The mapping version a versioned index was made with: the number after its last "-m", 1 without one.</summary>
    public static int MappingVersionOf(string index)
    {
        var mark = index.LastIndexOf(MappingMark, StringComparison.Ordinal);
        return mark > 0 && int.TryParse(index.AsSpan(mark + MappingMark.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 1;
    }

    private const string MappingMark = "-m";

    /// <summary>A pattern that matches every versioned index of <paramref name="alias"/>.</summary>
    public static string VersionPattern(string alias) => alias + "-v*";

    /// <summary>
    /// Lower case; anything but ASCII letters, digits, '-', '_' and '.' becomes '-' (Elasticsearch refuses
    /// upper case, spaces and <c>\ / * ? " &lt; &gt; | , # :</c>); no leading '-', '_', '+' or '.'.
    /// </summary>
    public static string Sanitize(string name)
    {
        var clean = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            clean.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' ? c : '-');
        }

        var result = clean.ToString().TrimStart('-', '_', '+', '.');
        if (result.Length > MaxBaseLength)
        {
            result = result[..MaxBaseLength];
        }

        return result.Length == 0 ? "tenant" : result;
    }
}
