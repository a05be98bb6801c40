using System.Net;
using System.Text;
using GigStore.Search.Query;

namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// Marks the words of a page of hits that the query matched, in the title and in a short excerpt of the
/// description — in memory, because asking FTS5's highlight() per hit re-runs the match expression (and
/// its prefix expansions) every time. A text word counts as matched when it is one of the plan's
/// alternatives, begins with a prefix alternative, or has the same stem by the usual English endings
/// (what the porter tokenizer matched).
/// </summary>
internal sealed class Highlighter
{
    private static readonly string[] Endings = ["ings", "ing", "ers", "er", "ies", "es", "ed", "ly", "s"];

    private readonly HashSet<string> _stems = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public Highlighter(TextMatcher.Plan plan)
    {
        foreach (var alternative in plan.Groups.SelectMany(g => g.Alternatives))
        {
            if (alternative.EndsWith('*'))
            {
                _prefixes.Add(alternative[..^1]);
            }
            else
            {
                _stems.Add(Stem(alternative));
            }
        }
    }

    /// <summary>The whole text, HTML-encoded, matched words in &lt;mark&gt;; null when nothing matched.</summary>
    public string? Mark(string text)
    {
        var html = new StringBuilder(text.Length + 32);
        var any = false;
        var position = 0;
        foreach (var (start, length) in Tokens(text))
        {
            html.Append(WebUtility.HtmlEncode(text[position..start]));
            var word = text.Substring(start, length);
            if (Matches(word))
            {
                html.Append("<mark>").Append(WebUtility.HtmlEncode(word)).Append("</mark>");
                any = true;
            }
            else
            {
                html.Append(WebUtility.HtmlEncode(word));
            }

            position = start + length;
        }

        html.Append(WebUtility.HtmlEncode(text[position..]));
        return any ? html.ToString() : null;
    }

    /// <summary>About <paramref name="words"/> words of <paramref name="text"/> around its first matched word, marked; null when none matched.</summary>
    public string? Snippet(string text, int words = 24)
    {
        var tokens = Tokens(text);
        var first = tokens.FindIndex(t => Matches(text.Substring(t.Start, t.Length)));
        if (first < 0)
        {
            return null;
        }

        var from = Math.Max(0, first - (words / 3));
        var to = Math.Min(tokens.Count, from + words);
        var start = tokens[from].Start;
        var end = to == tokens.Count ? text.Length : tokens[to - 1].Start + tokens[to - 1].Length;
        var marked = Mark(text[start..end]);
        return (from > 0 ? "…" : "") + marked + (to < tokens.Count ? "…" : "");
    }

    private bool Matches(string word)
    {
        var lower = SearchText.Words(word, 1) is [var w] ? w : word.ToLowerInvariant();
        if (_stems.Contains(Stem(lower)))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Stem(string word)
    {
        foreach (var ending in Endings)
        {
            if (word.Length > ending.Length + 2 && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }

    /// <summary>Runs of letters and digits: where each starts and how long it is.</summary>
    private static List<(int Start, int Length)> Tokens(string text)
    {
        var tokens = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                tokens.Add((start, i - start));
                start = -1;
            }
        }

        return tokens;
    }
}
