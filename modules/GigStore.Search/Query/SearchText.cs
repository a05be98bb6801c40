using System.Globalization;
using System.Text;

namespace GigStore.Search.Query;

/// <summary>
/// How search reads text: words are runs of letters and digits, lower-cased, accents removed. Whatever a
/// buyer types (quotes, *, -, brackets, NEAR, emoji) becomes a list of such words, so no query syntax
/// is ever built from raw input.
/// </summary>
public static class SearchText
{
    /// <summary>Words a query uses at most; the rest are ignored.</summary>
    public const int MaxWords = 12;

    /// <summary>Longer words are cut (no real word is this long).</summary>
    public const int MaxWordLength = 40;

    /// <summary>
    /// Words that carry no meaning in a marketplace search ("I need someone to fix my WordPress site"). The
    /// SQLite index leaves them out too (<see cref="WithoutStopWords"/>), so a change to this list changes
    /// what an index holds: bump <c>SqliteIndexFile.SchemaVersion</c> with it.
    /// </summary>
    private static readonly HashSet<string> StopWords = new(
    [
        "a", "an", "and", "the", "to", "for", "of", "in", "on", "at", "by", "with", "from", "into", "my", "our", "your",
        "me", "i", "we", "you", "it", "its", "is", "are", "be", "need", "needs", "want", "wants", "looking", "someone",
        "somebody", "who", "can", "could", "will", "would", "please", "help", "do", "does", "get", "some", "any", "or",
        "that", "this", "these", "those", "as", "so", "very", "just", "also",
    ], StringComparer.Ordinal);

    /// <summary>
    /// The stop words for <see cref="WithoutStopWords"/>, each packed into a number (a byte per letter): a
    /// rebuild looks up every short word of a million gigs' text, and hashing a number is several times
    /// cheaper than hashing the word's characters.
    /// </summary>
    private static readonly HashSet<ulong> PackedStopWords = [.. StopWords.Select(w => w.Length <= 8 ? Pack(w) : throw new InvalidOperationException($"Stop word '{w}' is longer than 8 letters, which a number cannot hold."))];

    private static readonly int LongestStopWord = StopWords.Max(w => w.Length);

    /// <summary>By length, the first letters of the stop words of that length (bit 0 for 'a'): most words are let through on this alone.</summary>
    private static readonly uint[] StopWordFirstLetters = [.. Enumerable.Range(0, LongestStopWord + 1)
        .Select(length => StopWords.Where(w => w.Length == length).Aggregate(0u, (bits, w) => bits | (1u << (w[0] - 'a'))))];

    /// <summary>The text being built by <see cref="WithoutStopWords"/>, one per thread (a rebuild strips a million gigs' text).</summary>
    [ThreadStatic]
    private static StringBuilder? withoutStopWords;

    public static IReadOnlyList<string> Words(string? text, int maxWords = MaxWords)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        if (System.Text.Ascii.IsValid(text))
        {
            return AsciiWords(text, maxWords, words);
        }

        var normalized = WithoutLoneSurrogates(text).Normalize(NormalizationForm.FormD);
        var word = new StringBuilder();
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (word.Length < MaxWordLength)
                {
                    word.Append(char.ToLowerInvariant(c));
                }
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
                if (words.Count == maxWords)
                {
                    return words;
                }
            }
        }

        if (word.Length > 0 && words.Count < maxWords)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>
    /// <see cref="Words"/> for plain ASCII text (nearly every title and tag): nothing to decompose, so
    /// letters and digits are read directly — the same words, several times faster, which a rebuild of a
    /// million gigs feels.
    /// </summary>
    private static List<string> AsciiWords(string text, int maxWords, List<string> words)
    {
        Span<char> word = stackalloc char[MaxWordLength];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (length < MaxWordLength)
                {
                    word[length++] = char.ToLowerInvariant(c);
                }
            }
            else if (length > 0)
            {
                words.Add(new string(word[..length]));
                length = 0;
                if (words.Count == maxWords)
                {
                    return words;
                }
            }
        }

        if (length > 0 && words.Count < maxWords)
        {
            words.Add(new string(word[..length]));
        }

        return words;
    }

    /// <summary>Half a surrogate pair is not text (and Unicode normalization refuses it): dropped.</summary>
    private static string WithoutLoneSurrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                var clean = new StringBuilder(text.Length);
                for (var j = 0; j < text.Length; j++)
                {
                    if (char.IsHighSurrogate(text[j]) && j + 1 < text.Length && char.IsLowSurrogate(text[j + 1]))
                    {
                        clean.Append(text[j]).Append(text[++j]);
                    }
                    else if (!char.IsSurrogate(text[j]))
                    {
                        clean.Append(text[j]);
                    }
                }

                return clean.ToString();
            }
        }

        return text;
    }

    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>
    /// <paramref name="text"/> without its stop words, as the SQLite index holds it: a query never searches
    /// them (<see cref="MeaningfulWords"/>), and they are a third of a description's words, so FTS5 tokenizes,
    /// stems and stores a third less. Elasticsearch's <c>english</c> analyzer leaves stop words out the same
    /// way. Only runs of ASCII letters and digits are taken out — FTS5's unicode61 tokenizer reads exactly
    /// those as words, and the separators around them stay — while a run with any other character is kept
    /// whole, so every word left is tokenized as it was. Returns <paramref name="text"/> itself when it has
    /// no stop word.
    /// </summary>
    public static string WithoutStopWords(string text)
    {
        // One pass, a character at a time (a rebuild reads a million gigs' text): each run of characters
        // between ASCII separators is packed as it is read, and looked up only when it is short, ASCII, and
        // starts with a letter some stop word of its length starts with.
        StringBuilder? kept = null;
        var copied = 0;
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (c < 0x80 && !char.IsAsciiLetterOrDigit(c))
            {
                i++;
                continue;
            }

            var start = i;
            var ascii = true;
            ulong packed = 0;
            for (; i < span.Length; i++)
            {
                c = span[i];
                if (c >= 0x80)
                {
                    ascii = false;
                }
                else if (char.IsAsciiLetterOrDigit(c))
                {
                    packed = Pack(packed, c);
                }
                else
                {
                    break;
                }
            }

            // A run starting with a digit gets some bit of the mask (the shift count wraps): it is then
            // looked up, and never found.
            var length = i - start;
            if (ascii && length <= LongestStopWord
                && (StopWordFirstLetters[length] & (1u << ((span[start] | 0x20) - 'a'))) != 0
                && PackedStopWords.Contains(packed))
            {
                kept ??= (withoutStopWords ??= new StringBuilder(4096)).Clear();
                kept.Append(text, copied, start - copied);
                copied = i;
            }
        }

        return kept is null ? text : kept.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Up to 8 ASCII letters and digits, lower-cased, one byte each.</summary>
    private static ulong Pack(ReadOnlySpan<char> word)
    {
        ulong packed = 0;
        foreach (var c in word)
        {
            packed = Pack(packed, c);
        }

        return packed;
    }

    /// <summary>One more ASCII letter or digit after <paramref name="packed"/>, lower-cased (a digit has the case bit already).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(ulong packed, char c) => (packed << 8) | (uint)(c | 0x20);

    /// <summary>The words that matter: stop words removed, unless nothing else is left.</summary>
    public static IReadOnlyList<string> MeaningfulWords(IReadOnlyList<string> words)
    {
        var meaningful = words.Where(w => !IsStopWord(w)).ToList();
        return meaningful.Count == 0 ? words : meaningful;
    }

    /// <summary>Edits (insert, delete, substitute, swap neighbours) allowed in a word of this length for it to count as a typo.</summary>
    public static int AllowedEdits(int length) => length switch
    {
        < 4 => 0,
        < 8 => 1,
        _ => 2,
    };

    /// <summary>Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring), stopping early above <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
