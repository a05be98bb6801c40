namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// Close spellings as Elasticsearch's <c>fuzziness: AUTO</c> sees them (edits allowed by word length,
/// a swap of two neighbouring letters is one edit), and "did you mean": the typed words with each one the
/// hits do not contain replaced by the closest word they do.
/// </summary>
internal static class Spelling
{
    private static readonly HashSet<string> Endings = ["s", "es", "ed", "d", "ing", "er", "ers", "ly"];

    /// <summary>AUTO: none up to 2 letters, one up to 5, two beyond.</summary>
    public static int AllowedEdits(string word) => word.Length switch
    {
        <= 2 => 0,
        <= 5 => 1,
        _ => 2,
    };

    /// <summary>Edits between two words: insertions, deletions, substitutions and adjacent swaps (optimal string alignment).</summary>
    public static int Distance(string a, string b) => Query.SearchText.Distance(a, b, Math.Max(a.Length, b.Length));

    /// <summary>Whether <paramref name="candidate"/> is within AUTO's edits of <paramref name="typed"/>.</summary>
    public static bool IsClose(string typed, string candidate) =>
        Math.Abs(typed.Length - candidate.Length) <= AllowedEdits(typed) && Distance(typed, candidate) <= AllowedEdits(typed);

    /// <summary>
    /// Whether the hits contain <paramref name="typed"/> as it is: the same word, a word it begins (a prefix
    /// being typed), or the word with an ending the English stemmer removes ("logos" for "logo").
    /// </summary>
    public static bool IsContained(string typed, string candidate) =>
        candidate.StartsWith(typed, StringComparison.Ordinal)
        || (typed.StartsWith(candidate, StringComparison.Ordinal) && Endings.Contains(typed[candidate.Length..]));

    /// <summary>
    /// The typed words with each misspelt one replaced by the closest of <paramref name="found"/> (fewest
    /// edits, then the most frequent); null when no word changes.
    /// </summary>
    public static string? Correct(IReadOnlyList<string> typed, IEnumerable<string> found)
    {
        var frequency = found.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var corrected = new List<string>(typed.Count);
        var changed = false;
        foreach (var word in typed)
        {
            if (frequency.Keys.Any(candidate => IsContained(word, candidate)))
            {
                corrected.Add(word);
                continue;
            }

            var best = frequency
                .Where(f => IsClose(word, f.Key))
                .OrderBy(f => Distance(word, f.Key))
                .ThenByDescending(f => f.Value)
                .ThenBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => f.Key)
                .FirstOrDefault();
            changed |= best is not null;
            corrected.Add(best ?? word);
        }

        return changed ? string.Join(' ', corrected) : null;
    }
}
