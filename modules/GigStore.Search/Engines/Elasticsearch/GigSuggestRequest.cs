using System.Text.Json.Nodes;
using GigStore.Search.Query;
using GigStore.Search.Ranking;

namespace GigStore.Search.Engines.Elasticsearch;

/// <summary>
/// Autocomplete: gigs whose title or tags hold what is being typed, from the <c>search_as_you_type</c>
/// fields — a <c>bool_prefix</c> multi_match (every word, the last as a prefix, in any order) or, for
/// typos, the same words with <c>fuzziness: AUTO</c> — best quality first. The answer lists the tags of
/// those gigs that match the typed words (Query suggestions, most common first) and then the gigs
/// themselves (Gig suggestions with their slugs). Categories are not suggested: the index has their ids
/// only, not their names and slugs.
/// </summary>
internal sealed class GigSuggestRequest(string text, int limit, DateTimeOffset now)
{
    /// <summary>Gigs read to gather suggestions from.</summary>
    private const int Candidates = 30;

    /// <summary>What was typed, as words; nothing to suggest for under two letters.</summary>
    public IReadOnlyList<string> Words { get; } = GigStore.Search.Query.SearchText.Words(text);

    public bool IsEmpty => limit <= 0 || Words.Sum(w => w.Length) < 2;

    public JsonObject Body()
    {
        var typed = string.Join(' ', Words);
        var prefix = new JsonArray();
        var fuzzy = new JsonArray();
        foreach (var field in new[] { GigIndex.TitleSuggest, GigIndex.TagsSuggest })
        {
            prefix.Add(field);
            prefix.Add(field + "._2gram");
            prefix.Add(field + "._3gram");
            fuzzy.Add(field);
        }

        var query = new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["should"] = new JsonArray(
                    new JsonObject { ["multi_match"] = new JsonObject { ["query"] = typed, ["type"] = "bool_prefix", ["fields"] = prefix, ["operator"] = "and" } },
                    new JsonObject { ["multi_match"] = new JsonObject { ["query"] = typed, ["type"] = "most_fields", ["fields"] = fuzzy, ["operator"] = "and", ["fuzziness"] = "AUTO" } }),
                ["minimum_should_match"] = 1,
            },
        };
        return new JsonObject
        {
            ["query"] = RankingFunctions.Apply(query, RankingSettings.Default, now),
            ["sort"] = new JsonArray(
                new JsonObject { ["_score"] = new JsonObject { ["order"] = "desc" } },
                new JsonObject { [GigIndex.GigId] = new JsonObject { ["order"] = "desc" } }),
            ["size"] = Candidates,
            ["_source"] = new JsonObject { ["includes"] = new JsonArray(GigIndex.GigId, GigIndex.Slug, GigIndex.Title, GigIndex.Tags) },
        };
    }

    /// <summary>Up to the limit: about half matching tags, the rest gigs.</summary>
    public IReadOnlyList<Suggestion> Read(SearchResponse response)
    {
        var hits = response.Hits.Hits;
        var tags = hits
            .SelectMany(hit => GigIndex.Strings(hit.Source, GigIndex.Tags).Distinct(StringComparer.OrdinalIgnoreCase))
            .Where(Matches)
            .GroupBy(tag => tag.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Length)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(Math.Max(1, limit / 2))
            .Select(g => new Suggestion(SuggestionKind.Query, g.Key));

        var suggestions = tags.ToList();
        suggestions.AddRange(hits
            .Select(hit => new Suggestion(SuggestionKind.Gig, GigIndex.String(hit.Source, GigIndex.Title), GigIndex.String(hit.Source, GigIndex.Slug)))
            .Where(s => s.Text.Length > 0 && s.Slug is { Length: > 0 })
            .Take(limit - suggestions.Count));
        return suggestions.Take(limit).ToList();
    }

    /// <summary>Whether a tag has, for every typed word, a word that starts with it or is a close spelling of it.</summary>
    private bool Matches(string tag)
    {
        var words = GigStore.Search.Query.SearchText.Words(tag, int.MaxValue);
        return Words.All(typed => words.Any(word => word.StartsWith(typed, StringComparison.Ordinal) || Spelling.IsClose(typed, word)));
    }
}
