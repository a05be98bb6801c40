using System.Globalization;
using System.Text;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// Text as words: runs of letters and digits, lower-cased, accents removed. The engine sends each word
/// to Elasticsearch as a value of its own, so nothing a buyer types is read as query syntax.
/// </summary>
internal static class SearchWords
{
    /// <summary>Words a query uses at most; the rest are ignored.</summary>
    public const int MaxWords = 12;

    /// <summary>Longer words are cut (no real word is this long).</summary>
    public const int MaxWordLength = 40;

    public static IReadOnlyList<string> Split(string? text, int maxWords = MaxWords)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }

        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
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
}
