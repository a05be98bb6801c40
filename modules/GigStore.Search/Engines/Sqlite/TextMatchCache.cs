namespace GigStore.Search.Engines.Sqlite;

/// <summary>A text search's plan and matches (gig id, text score), as the engine keeps them between searches.</summary>
internal sealed record TextResult(TextMatcher.Plan Plan, List<(int Id, double Score)> Matches, string? CorrectedText);

/// <summary>
/// Recent text matches of one index, valid for the index generation they were computed at: any write to
/// the index makes them stale. Bounded by the number of matches held (least recently used go first).
/// </summary>
internal sealed class TextMatchCache
{
    /// <summary>Matches held at most across entries (about 16 bytes each).</summary>
    public const long MaxMatches = 4_000_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();
    private long _held;

    public bool TryGet(string key, long generation, out TextResult result)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node) && node.Value.Generation == generation)
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                result = node.Value.Result;
                return true;
            }
        }

        result = null!;
        return false;
    }

    public void Set(string key, long generation, TextResult result, long matches)
    {
        if (matches > MaxMatches / 4)
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

            _entries[key] = _recent.AddFirst(new Entry(key, generation, result, Math.Max(1, matches)));
            _held += Math.Max(1, matches);
            while (_held > MaxMatches && _recent.Last is { } last)
            {
                _recent.RemoveLast();
                _entries.Remove(last.Value.Key);
                _held -= last.Value.Size;
            }
        }
    }

    private sealed record Entry(string Key, long Generation, TextResult Result, long Size);
}
