namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// A text search's plan and matches as the engine keeps them between searches: the matched documents'
/// slots in the in-memory columns of one index generation (<see cref="DocColumns"/>) and their text scores,
/// side by side — 8 bytes a match, and no id-to-slot lookups when the matches are read again.
/// <c>SomeWords</c>: gigs with only some of the words were added (too few had all of them).
/// <c>KeptSince</c>: when a write first left a gig's old score in place (a timestamp of the engine's clock), null while every score is FTS5's.
/// </summary>
internal sealed record TextResult(TextMatcher.Plan Plan, int[] Slots, float[] Scores, string? CorrectedText, bool SomeWords = false, long? KeptSince = null)
{
    public int Count => Slots.Length;
}

/// <summary>
/// Recent text matches of one index, with the index generation they were computed at: after a write the
/// engine brings them up to date for the gigs written instead of searching again. Bounded by the number
/// of matches held (least recently used go first).
/// </summary>
internal sealed class TextMatchCache(long maxMatches = TextMatchCache.DefaultMaxMatches)
{
    /// <summary>Matches held at most across entries by default: 32 million, 256 MB (8 bytes each).</summary>
    public const long DefaultMaxMatches = 32_000_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();
    private long _held;

    /// <summary>The matches last kept for <paramref name="key"/> and the index generation they reflect (perhaps an older one).</summary>
    public bool TryGet(string key, out TextResult result, out long generation)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                result = node.Value.Result;
                generation = node.Value.Generation;
                return true;
            }
        }

        result = null!;
        generation = 0;
        return false;
    }

    public void Set(string key, long generation, TextResult result)
    {
        // One search may take at most a quarter of the cache, so a few huge ones cannot flush the rest.
        long size = Math.Max(1, result.Count);
        if (size > maxMatches / 4)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.Remove(key, out var old))
            {
                _recent.Remove(old);
                _held -= old.Value.Size;
            }

            _entries[key] = _recent.AddFirst(new Entry(key, generation, result, size));
            _held += size;
            while (_held > maxMatches && _recent.Last is { } last)
            {
                _recent.RemoveLast();
                _entries.Remove(last.Value.Key);
                _held -= last.Value.Size;
            }
        }
    }

    private sealed record Entry(string Key, long Generation, TextResult Result, long Size);
}
