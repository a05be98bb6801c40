using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GigStore.Catalog.Data;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Catalog.Sellers;

/// <summary>
/// A seller's handle, the name in their profile address (/sellers/maya-lindqvist): 3–30 lower-case
/// letters, digits, hyphens or underscores, starting and ending with a letter or digit, unique in the
/// tenant. A new profile's handle comes from the display name; a collision, a reserved word or a stem
/// shorter than three characters gets a numeric suffix ("_2"). A stem never contains an underscore, so
/// a suffixed handle can never be another seller's plain stem.
/// </summary>
public static partial class SellerHandles
{
    public const int MinLength = 3;
    public const int MaxLength = 30;

    /// <summary>How long a derived stem may be, leaving room for a suffix such as "_123".</summary>
    public const int StemLength = 24;

    public const string Rule = "Use 3–30 lower-case letters, digits, hyphens or underscores, starting and ending with a letter or digit.";

    /// <summary>Words that name the site's own pages or would pass for staff.</summary>
    public static readonly FrozenSet<string> Reserved = FrozenSet.ToFrozenSet(
    [
        "about", "account", "accounts", "admin", "administrator", "api", "assets", "buyer", "buyers", "cart", "categories",
        "category", "checkout", "contact", "content", "edit", "error", "gig", "gigs", "gigstore", "health", "help", "inbox",
        "login", "logout", "mail", "me", "media", "messages", "moderator", "new", "null", "official", "openapi", "order",
        "orders", "privacy", "profile", "register", "robots", "root", "search", "security", "seller", "sellers", "settings",
        "signin", "signup", "sitemap", "staff", "static", "support", "system", "terms", "undefined", "www",
    ], StringComparer.Ordinal);

    /// <summary>Letters without their marks, for the characters that have no decomposition.</summary>
    private static readonly FrozenDictionary<char, string> Special = new Dictionary<char, string>
    {
        ['ß'] = "ss", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe", ['ø'] = "o", ['Ø'] = "o",
        ['ł'] = "l", ['Ł'] = "l", ['đ'] = "d", ['Đ'] = "d", ['ð'] = "d", ['Ð'] = "d", ['þ'] = "th", ['Þ'] = "th",
        ['ı'] = "i", ['ħ'] = "h", ['Ħ'] = "h", ['ŧ'] = "t", ['Ŧ'] = "t", ['ŀ'] = "l", ['Ŀ'] = "l",
    }.ToFrozenDictionary();

    /// <summary>
    /// The code points <see cref="MapChar"/> knows: Basic Latin, Latin-1, Latin Extended-A and -B,
    /// combining diacritical marks and Latin Extended Additional. Everything else separates words.
    /// </summary>
    private static readonly (int First, int Last)[] MappedRanges = [(0x20, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF)];

    /// <summary>Why <paramref name="handle"/> cannot be a handle, or null if it can (whether it is free is checked against the database).</summary>
    public static string? Problem(string? handle)
    {
        if (string.IsNullOrEmpty(handle) || !Pattern().IsMatch(handle))
        {
            return Rule;
        }

        return Reserved.Contains(handle) ? $"\"{handle}\" is reserved. Choose another handle." : null;
    }

    /// <summary>"Tomás Okafor" → "tomas-okafor": lower-case ASCII letters and digits, words joined by hyphens, at most <see cref="StemLength"/> characters.</summary>
    public static string Stem(string displayName)
    {
        var stem = new StringBuilder();
        foreach (var c in displayName.Normalize(NormalizationForm.FormC))
        {
            switch (MapChar(c))
            {
                case null:
                    if (stem.Length > 0 && stem[^1] != '-')
                    {
                        stem.Append('-');
                    }

                    break;
                case var mapped:
                    stem.Append(mapped);
                    break;
            }
        }

        var text = stem.ToString().TrimEnd('-');
        return text.Length > StemLength ? text[..StemLength].TrimEnd('-') : text;
    }

    /// <summary>Whether a derived stem may be a handle without a suffix.</summary>
    public static bool StandsAlone(string stem) => stem.Length >= MinLength && !Reserved.Contains(stem);

    /// <summary>
    /// What a character becomes in a stem: itself for a-z and 0-9, lower case for A-Z, the base letter
    /// for an accented Latin letter, nothing for a combining mark, and null (a word break) for anything else.
    /// </summary>
    public static string? MapChar(char c)
    {
        if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
        {
            return c.ToString();
        }

        if (c is >= 'A' and <= 'Z')
        {
            return char.ToLowerInvariant(c).ToString();
        }

        if (!MappedRanges.Any(r => c >= r.First && c <= r.Last))
        {
            return null;
        }

        if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
        {
            return "";
        }

        if (Special.TryGetValue(c, out var special))
        {
            return special;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return decomposed.Length > 1
            && char.IsAsciiLetter(decomposed[0])
            && decomposed.Skip(1).All(m => CharUnicodeInfo.GetUnicodeCategory(m) == UnicodeCategory.NonSpacingMark)
                ? char.ToLowerInvariant(decomposed[0]).ToString()
                : null;
    }

    /// <summary>Every character <see cref="MapChar"/> turns into letters, digits or nothing, with what it becomes (for the SQL backfill of existing sellers).</summary>
    public static IEnumerable<(char Char, string Mapped)> MappedChars() =>
        from range in MappedRanges
        from code in Enumerable.Range(range.First, range.Last - range.First + 1)
        let mapped = MapChar((char)code)
        where mapped is not null
        select ((char)code, mapped);

    /// <summary>A free handle for a new profile, from the seller's display name.</summary>
    public static async Task<string> DeriveAsync(CatalogDb db, string displayName, CancellationToken ct)
    {
        var stem = Stem(displayName);
        if (stem.Length == 0)
        {
            stem = "seller";
        }

        // The stem itself first, then stem_2, stem_3, ...; a stem that cannot stand alone starts at stem_1.
        var alone = StandsAlone(stem);
        for (var n = 1; ; n++)
        {
            var candidate = alone && n == 1 ? stem : $"{stem}_{n}";
            if (await IsFreeAsync(db, candidate, null, ct))
            {
                return candidate;
            }
        }
    }

    /// <summary>Whether no other seller has <paramref name="handle"/> now or had it before (old handles keep redirecting).</summary>
    public static async Task<bool> IsFreeAsync(CatalogDb db, string handle, string? userId, CancellationToken ct) =>
        !db.Sellers.Local.Any(s => s.Handle == handle && s.UserId != userId)
        && !await db.Sellers.AnyAsync(s => s.Handle == handle && s.UserId != userId, ct)
        && !await db.SellerHandles.AnyAsync(h => h.Handle == handle && h.UserId != userId, ct);

    /// <summary>
    /// Gives the profile a new handle (checked and free); the old one is kept so its links redirect.
    /// Taking back one's own earlier handle removes it from the old ones.
    /// </summary>
    public static async Task ChangeAsync(CatalogDb db, SellerProfile profile, string handle, CancellationToken ct)
    {
        if (profile.Handle == handle)
        {
            return;
        }

        if (await db.SellerHandles.FirstOrDefaultAsync(h => h.Handle == handle, ct) is { } previous)
        {
            if (previous.UserId != profile.UserId)
            {
                throw new InvalidOperationException($"The handle '{handle}' belonged to another seller.");
            }

            db.SellerHandles.Remove(previous);
        }

        // A profile made in this request has had no public address yet, so its derived handle leaves nothing behind.
        var published = db.Entry(profile).State != EntityState.Added;
        if (published && !await db.SellerHandles.AnyAsync(h => h.Handle == profile.Handle, ct))
        {
            db.SellerHandles.Add(new SellerHandle { Handle = profile.Handle, UserId = profile.UserId });
        }

        profile.Handle = handle;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{1,28}[a-z0-9]$")]
    private static partial Regex Pattern();
}
