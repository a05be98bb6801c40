using System.Globalization;
using System.Text;

namespace GigStore.Tests.Search.Elasticsearch;

/// <summary>A word of a text and where it is (for highlighting).</summary>
public readonly record struct FakeToken(string Term, int Start, int End);

/// <summary>
/// The analyzers the fake Elasticsearch knows: <c>english</c> (lower case, possessive and stop words
/// removed, Porter's first step of stemming: "designs", "designed", "designing" → "design"), a custom
/// standard + lowercase + asciifolding analyzer (autocomplete), <c>standard</c>, and keywords kept whole.
/// Words are runs of letters and digits. Close enough to Lucene for the engine's tests, which use
/// words both agree on.
/// </summary>
public sealed class FakeAnalyzer
{
    /// <summary>Lucene's English stop words.</summary>
    private static readonly HashSet<string> EnglishStopWords =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    ];

    private readonly bool _english;
    private readonly bool _fold;

    private FakeAnalyzer(string name, bool english, bool fold)
    {
        Name = name;
        _english = english;
        _fold = fold;
    }

    public static FakeAnalyzer English { get; } = new("english", english: true, fold: false);

    public static FakeAnalyzer Standard { get; } = new("standard", english: false, fold: false);

    public static FakeAnalyzer Folding(string name) => new(name, english: false, fold: true);

    public string Name { get; }

    /// <summary>The terms of <paramref name="text"/> with their offsets; stop words are left out.</summary>
    public IEnumerable<FakeToken> Tokens(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text, i))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i++;
            }

            if (i > start && Term(text[start..i]) is { } term)
            {
                yield return new FakeToken(term, start, i);
            }
        }
    }

    public IReadOnlyList<string> Terms(string text) => [.. Tokens(text).Select(t => t.Term)];

    /// <summary>One word as a term, or null for a stop word.</summary>
    public string? Term(string word)
    {
        var term = word.ToLowerInvariant();
        if (_fold)
        {
            term = Fold(term);
        }

        if (!_english)
        {
            return term;
        }

        if (term.EndsWith("'s", StringComparison.Ordinal) || term.EndsWith("’s", StringComparison.Ordinal))
        {
            term = term[..^2];
        }

        term = term.Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal);
        return EnglishStopWords.Contains(term) ? null : PorterStep1(term);
    }

    private static bool IsWordChar(string text, int i) =>
        char.IsLetterOrDigit(text[i]) || (text[i] is '\'' or '’' && i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]));

    private static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Porter's step 1 (plurals, -ed, -ing, y → i), which is where the engine's tests need stems to agree.</summary>
    private static string PorterStep1(string w)
    {
        if (w.Length <= 2)
        {
            return w;
        }

        // 1a
        if (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("ies", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        // 1b
        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            if (Measure(w[..^3]) > 0)
            {
                w = w[..^1];
            }
        }
        else if ((w.EndsWith("ed", StringComparison.Ordinal) && HasVowel(w[..^2])) || (w.EndsWith("ing", StringComparison.Ordinal) && HasVowel(w[..^3])))
        {
            w = w.EndsWith("ed", StringComparison.Ordinal) ? w[..^2] : w[..^3];
            if (w.EndsWith("at", StringComparison.Ordinal) || w.EndsWith("bl", StringComparison.Ordinal) || w.EndsWith("iz", StringComparison.Ordinal))
            {
                w += "e";
            }
            else if (w.Length >= 2 && w[^1] == w[^2] && IsConsonant(w, w.Length - 1) && w[^1] is not ('l' or 's' or 'z'))
            {
                w = w[..^1];
            }
            else if (Measure(w) == 1 && EndsConsonantVowelConsonant(w))
            {
                w += "e";
            }
        }

        // 1c
        if (w.EndsWith('y') && HasVowel(w[..^1]))
        {
            w = w[..^1] + "i";
        }

        return w;
    }

    private static bool IsConsonant(string w, int i) => w[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(w, i - 1),
        _ => char.IsLetter(w[i]),
    };

    private static bool HasVowel(string w) => Enumerable.Range(0, w.Length).Any(i => !IsConsonant(w, i) && char.IsLetter(w[i]));

    /// <summary>Porter's m: the number of vowel-consonant sequences.</summary>
    private static int Measure(string w)
    {
        var m = 0;
        var i = 0;
        while (i < w.Length && IsConsonant(w, i))
        {
            i++;
        }

        while (i < w.Length)
        {
            while (i < w.Length && !IsConsonant(w, i))
            {
                i++;
            }

            if (i >= w.Length)
            {
                break;
            }

            m++;
            while (i < w.Length && IsConsonant(w, i))
            {
                i++;
            }
        }

        return m;
    }

    private static bool EndsConsonantVowelConsonant(string w) =>
        w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1) && w[^1] is not ('w' or 'x' or 'y');
}
