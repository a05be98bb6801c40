using System.Text;
using GigStore.Search.Query;
using Microsoft.Data.Sqlite;

namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// Turns a buyer's words into FTS5 MATCH expressions over the index's vocabulary. Every word becomes a
/// group of quoted alternatives — the word itself (FTS5 stems it), for the last word also the words it
/// begins, and for a word the index does not know its close spellings (trigram candidates within
/// <see cref="SearchText.AllowedEdits"/>) or the indexed words it is part of. Only words made of letters
/// and digits are ever quoted into an expression, so no user input is read as FTS5 syntax.
/// </summary>
internal static class TextMatcher
{
    /// <summary>Alternatives a group takes at most from each source (prefix, typo, substring).</summary>
    private const int MaxAlternatives = 6;

    /// <summary>The shortest last word searched as an open prefix ("desig"* finds "designer" in descriptions).</summary>
    private const int OpenPrefixLength = 4;

    public sealed record Group(string Word, IReadOnlyList<string> Alternatives, string? Correction);

    public sealed record Plan(IReadOnlyList<Group> Groups)
    {
        /// <summary>All groups must match.</summary>
        public string All => string.Join(" AND ", Groups.Select(Expression));

        /// <summary>
        /// All groups must match, through their listed words only: a group's open prefix ("lo"*) is dropped
        /// when it has completions, which FTS5 answers from a few doclists instead of merging every word
        /// with that beginning (autocomplete, where the most frequent completions are enough).
        /// </summary>
        public string AllListed => string.Join(" AND ", Groups.Select(g =>
            Expression(g.Alternatives.Count(a => !a.EndsWith('*')) > 0 ? g with { Alternatives = [.. g.Alternatives.Where(a => !a.EndsWith('*'))] } : g)));

        /// <summary>The words with their spelling corrections, when a word was corrected.</summary>
        public string? CorrectedText => Groups.Any(g => g.Correction is not null)
            ? string.Join(' ', Groups.Select(g => g.Correction ?? g.Word))
            : null;

        public static string Expression(Group group) =>
            "(" + string.Join(" OR ", group.Alternatives.Select(a => a.EndsWith('*') ? Quote(a[..^1]) + "*" : Quote(a))) + ")";
    }

    /// <summary>A plan for the meaningful words of <paramref name="words"/>; the last is taken as a prefix when <paramref name="lastIsPrefix"/>.</summary>
    public static Plan Build(SqliteConnection connection, IReadOnlyList<string> words, bool lastIsPrefix)
    {
        var meaningful = SearchText.MeaningfulWords(words);
        var groups = new List<Group>(meaningful.Count);
        for (var i = 0; i < meaningful.Count; i++)
        {
            var word = meaningful[i];
            var isLast = i == meaningful.Count - 1;
            var alternatives = new List<string>();
            string? correction = null;
            var known = DocumentFrequency(connection, word) > 0;
            if (known)
            {
                alternatives.Add(word);
            }

            if (isLast && lastIsPrefix && word.Length >= 2)
            {
                // The open prefix only from OpenPrefixLength letters: FTS5 (without prefix indexes, which
                // would triple a rebuild's work) merges every indexed word with that beginning, a handful
                // for "desig" but thousands for "de"; shorter beginnings take their listed completions.
                if (word.Length >= OpenPrefixLength)
                {
                    alternatives.Add(word + "*");
                }

                alternatives.AddRange(Completions(connection, word));
            }

            if (!known && word.Length >= 4)
            {
                var close = CloseSpellings(connection, word);
                if (close.Count > 0 && !(isLast && lastIsPrefix && alternatives.Count > 1))
                {
                    correction = close[0];
                    alternatives.AddRange(close);
                }
                else if (close.Count == 0)
                {
                    alternatives.AddRange(Containing(connection, word));
                }
            }

            if (alternatives.Count == 0)
            {
                // Nothing indexed is like it: the word itself, which matches nothing and says so.
                alternatives.Add(word);
            }

            groups.Add(new Group(word, alternatives.Distinct().ToList(), correction));
        }

        return new Plan(groups);
    }

    /// <summary>FTS5 string syntax: double quotes, inner quotes doubled (our words never have any).</summary>
    public static string Quote(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static long DocumentFrequency(SqliteConnection connection, string word)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT df FROM terms WHERE term = $term";
        command.Parameters.AddWithValue("$term", word);
        return command.ExecuteScalar() is long df ? df : 0;
    }

    /// <summary>The most frequent indexed words that begin with <paramref name="prefix"/> (what is being typed).</summary>
    public static List<string> Completions(SqliteConnection connection, string prefix, int limit = MaxAlternatives)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT term FROM terms WHERE term >= $from AND term < $to AND term <> $from ORDER BY df DESC LIMIT $limit";
        command.Parameters.AddWithValue("$from", prefix);
        command.Parameters.AddWithValue("$to", prefix + '\uffff');
        command.Parameters.AddWithValue("$limit", limit);
        return ReadStrings(command);
    }

    /// <summary>
    /// Indexed words within the allowed edits of <paramref name="word"/>, closest and most frequent first.
    /// Candidates share a trigram with it (the trigram index) or, for short words whose trigrams a typo
    /// can all break, the first letter and about the length.
    /// </summary>
    public static List<string> CloseSpellings(SqliteConnection connection, string word)
    {
        var allowed = SearchText.AllowedEdits(word.Length);
        if (allowed == 0)
        {
            return [];
        }

        var candidates = new Dictionary<string, long>(StringComparer.Ordinal);
        var trigrams = Enumerable.Range(0, word.Length - 2).Select(i => word.Substring(i, 3)).Distinct().ToList();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT t.term, t.df FROM terms_tri JOIN terms t ON t.id = terms_tri.rowid WHERE terms_tri MATCH $match AND length(t.term) BETWEEN $min AND $max";
            command.Parameters.AddWithValue("$match", string.Join(" OR ", trigrams.Select(Quote)));
            command.Parameters.AddWithValue("$min", word.Length - allowed);
            command.Parameters.AddWithValue("$max", word.Length + allowed);
            Read(command, candidates);
        }

        if (word.Length <= 6)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT term, df FROM terms WHERE term >= $from AND term < $to AND length(term) BETWEEN $min AND $max";
            command.Parameters.AddWithValue("$from", word[..1]);
            command.Parameters.AddWithValue("$to", word[..1] + '\uffff');
            command.Parameters.AddWithValue("$min", word.Length - allowed);
            command.Parameters.AddWithValue("$max", word.Length + allowed);
            Read(command, candidates);
        }

        return candidates
            .Select(c => (Term: c.Key, c.Value, Distance: SearchText.Distance(word, c.Key, allowed)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .ThenByDescending(c => c.Value)
            .Take(MaxAlternatives)
            .Select(c => c.Term)
            .ToList();
    }

    /// <summary>The most frequent indexed words that contain <paramref name="part"/> ("press" in "wordpress").</summary>
    private static List<string> Containing(SqliteConnection connection, string part)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT t.term FROM terms_tri JOIN terms t ON t.id = terms_tri.rowid WHERE terms_tri MATCH $match ORDER BY t.df DESC LIMIT $limit";
        command.Parameters.AddWithValue("$match", Quote(part));
        command.Parameters.AddWithValue("$limit", MaxAlternatives);
        return ReadStrings(command);
    }

    private static List<string> ReadStrings(SqliteCommand command)
    {
        var list = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private static void Read(SqliteCommand command, Dictionary<string, long> into)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            into[reader.GetString(0)] = reader.GetInt64(1);
        }
    }

    /// <summary>FTS5 highlight output (marks \u0001 … \u0002) as HTML: text encoded, marks as &lt;mark&gt;.</summary>
    public static string ToHtml(string marked)
    {
        var html = new StringBuilder(marked.Length + 16);
        foreach (var c in marked)
        {
            html.Append(c switch
            {
                '\u0001' => "<mark>",
                '\u0002' => "</mark>",
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return html.ToString();
    }
}
