using GigStore.Catalog.Data;

namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// The filter, facet and ranking columns of every document of an index, in memory as arrays (one slot
/// per document), loaded from the index's <c>docs</c> table and kept current from its generations. Filters
/// and facet counts run over these — a pass over a hundred thousand matches takes about a millisecond,
/// where GROUP BY queries per facet would take tens. Text never lives here.
/// Reads take the read lock; applying changes takes the write lock briefly.
/// </summary>
internal sealed class DocColumns
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<int, int> _slotOf = [];
    private readonly Interner _attributeValues = new();
    private readonly Interner _languages = new();
    private readonly Interner _countries = new();
    private readonly Interner _sellers = new();
    private int _count;

    public int[] Ids = new int[1024];
    public bool[] Alive = new bool[1024];
    public int[] Category = new int[1024];
    public int[] Subcategory = new int[1024];
    public long[] Price = new long[1024];
    public int[] Delivery = new int[1024];
    public byte[] Level = new byte[1024];
    public float[] Rating = new float[1024];
    public int[] Reviews = new int[1024];
    public int[] Orders = new int[1024];
    public long[] Published = new long[1024];
    public ulong[] Languages = new ulong[1024];
    public int[] Country = new int[1024];

    /// <summary>Each slot's seller as a small number (interned ids): who is online is a lookup in an array by it (<see cref="OnlineSellers"/>).</summary>
    public int[] Seller = new int[1024];

    /// <summary>Interned "key:option" ids of each slot's attribute values.</summary>
    public int[][] Attributes = new int[1024][];

    private QualityValues? _quality;

    private OnlineMask? _online;

    /// <summary>Writes kept in the change log at most, and gigs named in it at most.</summary>
    public const int LogGenerations = 256;
    public const int LogIds = 20_000;

    private readonly LinkedList<Change> _log = new();
    private int _logged;

    /// <summary>The index generation these columns reflect.</summary>
    public long Generation { get; private set; }

    /// <summary>Slots in use (some may be dead).</summary>
    public int Count => _count;

    public int AliveCount { get; private set; }

    /// <summary>The largest category or subcategory id of any document (facet counts are arrays by id).</summary>
    public int MaxCategoryId { get; private set; }

    public IReadOnlyList<string> AttributeValues => _attributeValues.Values;

    public IReadOnlyList<string> LanguageNames => _languages.Values;

    public IReadOnlyList<string> CountryCodes => _countries.Values;

    public int AttributeValueId(string keyAndOption) => _attributeValues.Find(keyAndOption);

    public int LanguageId(string language) => _languages.Find(language);

    public int CountryId(string country) => _countries.Find(country);

    public bool TryGetSlot(int gigId, out int slot) => _slotOf.TryGetValue(gigId, out slot);

    /// <summary>
    /// The gigs written or removed after generation <paramref name="since"/>, when the change log still
    /// reaches back that far (it keeps the last <see cref="LogGenerations"/> writes of at most
    /// <see cref="LogIds"/> gigs): what a text's cached matches need to be brought up to date. Call with
    /// the read lock held.
    /// </summary>
    public bool TryChangedSince(long since, out HashSet<int> ids)
    {
        ids = [];
        if (since >= Generation)
        {
            return true;
        }

        for (var node = _log.Last; node is not null; node = node.Previous)
        {
            ids.UnionWith(node.Value.Ids);
            if (node.Value.From <= since)
            {
                return true;
            }
        }

        return false;
    }

    private void Log(long from, long to, List<int> ids)
    {
        _log.AddLast(new Change(from, to, [.. ids]));
        _logged += ids.Count;
        while (_log.First is { } first && (_log.Count > LogGenerations || _logged > LogIds))
        {
            _logged -= first.Value.Ids.Length;
            _log.RemoveFirst();
        }
    }

    /// <summary>
    /// Each slot's quality multiplier for <paramref name="ranking"/>, computed by the searches that need it
    /// (NaN until then) and kept for the hour of <paramref name="now"/> (recency moves by hundredths of a
    /// percent in an hour): a gig's quality is worked out once, not for every search it matches. Call with
    /// the read lock held; racing searches write the same values.
    /// </summary>
    public double[] QualityMemo(Ranking.RankingSettings ranking, DateTimeOffset now)
    {
        var hour = now.ToUnixTimeSeconds() / 3600;
        var memo = _quality;
        if (memo is null || memo.Hour != hour || memo.Ranking != ranking || memo.Values.Length < _count)
        {
            var values = new double[Ids.Length];
            Array.Fill(values, double.NaN);
            memo = new QualityValues(ranking, hour, values);
            _quality = memo;
        }

        return memo.Values;
    }

    /// <summary>
    /// Whether each seller (by <see cref="Seller"/> number) is one of <paramref name="online"/>. Remembered for
    /// the set it was made from (sets of online sellers are never changed once handed out): the catalogue hands
    /// out the same set to every search for several seconds, so it is worked out that often rather than per
    /// search. Call with the read lock held; racing searches make the same array.
    /// </summary>
    public bool[] OnlineSellers(IReadOnlySet<string> online)
    {
        var memo = _online;
        var sellers = _sellers.Values.Count;
        if (memo is not null && ReferenceEquals(memo.Online, online) && memo.IsOnline.Length == sellers)
        {
            return memo.IsOnline;
        }

        var isOnline = new bool[sellers];
        foreach (var id in online)
        {
            if (_sellers.Find(id) is var seller and >= 0)
            {
                isOnline[seller] = true;
            }
        }

        _online = new OnlineMask(online, isOnline);
        return isOnline;
    }

    public IDisposable Read()
    {
        _lock.EnterReadLock();
        return new Release(_lock, write: false);
    }

    /// <summary>Applies documents written and gigs removed since <see cref="Generation"/>.</summary>
    public void Apply(IEnumerable<IndexedDoc> changed, IEnumerable<int> deleted, long generation)
    {
        _lock.EnterWriteLock();
        try
        {
            var ids = new List<int>();
            foreach (var id in deleted)
            {
                ids.Add(id);
                if (_slotOf.Remove(id, out var slot) && Alive[slot])
                {
                    Alive[slot] = false;
                    AliveCount--;
                }
            }

            foreach (var doc in changed)
            {
                ids.Add(doc.Id);
                Set(doc);
            }

            if (generation > Generation)
            {
                // The first load is not a change: searches cannot have seen anything before it.
                if (Generation > 0)
                {
                    Log(Generation, generation, ids);
                }

                Generation = generation;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Set(IndexedDoc doc)
    {
        if (!_slotOf.TryGetValue(doc.Id, out var slot))
        {
            slot = _count++;
            if (slot == Ids.Length)
            {
                Grow();
            }

            _slotOf[doc.Id] = slot;
            Alive[slot] = true;
            AliveCount++;
        }

        if (_quality is { } quality && slot < quality.Values.Length)
        {
            quality.Values[slot] = double.NaN;
        }

        Ids[slot] = doc.Id;
        Category[slot] = doc.Category;
        Subcategory[slot] = doc.Subcategory ?? 0;
        MaxCategoryId = Math.Max(MaxCategoryId, Math.Max(doc.Category, doc.Subcategory ?? 0));
        Price[slot] = doc.Price;
        Delivery[slot] = doc.Delivery;
        Level[slot] = (byte)doc.Level;
        Rating[slot] = (float)doc.Rating;
        Reviews[slot] = doc.Reviews;
        Orders[slot] = doc.Orders;
        Published[slot] = doc.PublishedUnixSeconds;
        Country[slot] = doc.Country.Length == 0 ? -1 : _countries.Intern(doc.Country);
        Seller[slot] = _sellers.Intern(doc.Seller);

        ulong languages = 0;
        foreach (var language in Split(doc.Languages))
        {
            var id = _languages.Intern(language);
            if (id < 64)
            {
                languages |= 1UL << id;
            }
        }

        Languages[slot] = languages;
        Attributes[slot] = [.. Split(doc.Attributes).Select(_attributeValues.Intern).Distinct()];
    }

    private static IEnumerable<string> Split(string list) =>
        list.Length == 0 ? [] : list.Split(SqliteIndexFile.ListSeparator, StringSplitOptions.RemoveEmptyEntries);

    private void Grow()
    {
        var size = Ids.Length * 2;
        Array.Resize(ref Ids, size);
        Array.Resize(ref Alive, size);
        Array.Resize(ref Category, size);
        Array.Resize(ref Subcategory, size);
        Array.Resize(ref Price, size);
        Array.Resize(ref Delivery, size);
        Array.Resize(ref Level, size);
        Array.Resize(ref Rating, size);
        Array.Resize(ref Reviews, size);
        Array.Resize(ref Orders, size);
        Array.Resize(ref Published, size);
        Array.Resize(ref Languages, size);
        Array.Resize(ref Country, size);
        Array.Resize(ref Seller, size);
        Array.Resize(ref Attributes, size);
    }

    /// <summary>The gigs one write changed, taking the columns from generation <c>From</c> to <c>To</c>.</summary>
    private sealed record Change(long From, long To, int[] Ids);

    private sealed record QualityValues(Ranking.RankingSettings Ranking, long Hour, double[] Values);

    /// <summary>Whether each seller number is online, for the set of online sellers it was made from.</summary>
    private sealed record OnlineMask(IReadOnlySet<string> Online, bool[] IsOnline);

    /// <summary>Strings to small dense ids.</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public List<string> Values { get; } = [];

        public int Intern(string value)
        {
            if (!_ids.TryGetValue(value, out var id))
            {
                id = Values.Count;
                Values.Add(value);
                _ids[value] = id;
            }

            return id;
        }

        public int Find(string value) => _ids.GetValueOrDefault(value, -1);
    }

    private sealed class Release(ReaderWriterLockSlim rw, bool write) : IDisposable
    {
        public void Dispose()
        {
            if (write)
            {
                rw.ExitWriteLock();
            }
            else
            {
                rw.ExitReadLock();
            }
        }
    }
}
