using System.Globalization;
using System.Numerics;
using GigStore.Catalog.Data;
using GigStore.Search.Query;
using GigStore.Search.Ranking;

namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// One pass over candidate documents (all, or those the text matched with their bm25) in the in-memory
/// columns: applies every filter, counts every facet with all filters but its own (a document that fails
/// only the filters a facet ignores still counts for that facet), and keeps the page's top documents by
/// the sort. Call with the columns' read lock held.
/// </summary>
internal sealed class FacetedSearch
{
    private const int FilterCategory = 0;
    private const int FilterSubcategory = 1;
    private const int FilterPrice = 2;
    private const int FilterDelivery = 3;
    private const int FilterLevel = 4;
    private const int FilterRating = 5;
    private const int FilterLanguage = 6;
    private const int FilterCountry = 7;
    private const int FirstAttributeFilter = 8;

    private readonly DocColumns _c;
    private readonly SearchQuery _q;
    private readonly RankingSettings _ranking;
    private readonly long _nowSeconds;


    private readonly int _active;
    private readonly ulong _languageMask;
    private readonly HashSet<int> _countries = [];
    private readonly int _levelMask;

    /// <summary>Per active attribute filter: its bit and accepted value ids.</summary>
    private readonly List<(int Bit, HashSet<int> Values)> _attributeFilters = [];

    /// <summary>Attribute value id → the bit of its key's filter (0 when its key is not filtered).</summary>
    private readonly int[] _valueFilterBit;

    // Counts.
    // Counts by id in arrays (category ids are small; countries are interned): a dictionary per document costs more than the rest of the pass.
    private readonly long[] _categoryCounts;
    private readonly long[] _subcategoryCounts;
    private readonly long[] _attributeCounts;
    private readonly long[] _deliveryCounts = new long[FacetNames.DeliveryBuckets.Length];
    private readonly long[] _priceCounts;
    private readonly long[] _levelCounts = new long[4];
    private readonly long[] _ratingCounts = new long[FacetNames.RatingBuckets.Length];
    private readonly long[] _languageCounts = new long[64];
    private readonly long[] _countryCounts;

    private readonly PriorityQueue<int, (double Score, int Id)> _top = new();
    private readonly int _keep;

    public FacetedSearch(DocColumns columns, SearchQuery query, RankingSettings ranking, DateTimeOffset now)
    {
        _c = columns;
        _q = query;
        _ranking = ranking;
        _nowSeconds = now.ToUnixTimeSeconds();
        _keep = query.Page * query.PageSize;
        _priceCounts = new long[query.PriceBucketBoundsMinor.Count + 1];
        _categoryCounts = new long[columns.MaxCategoryId + 1];
        _subcategoryCounts = new long[columns.MaxCategoryId + 1];
        _countryCounts = new long[columns.CountryCodes.Count];
        _attributeCounts = new long[columns.AttributeValues.Count];
        _valueFilterBit = new int[columns.AttributeValues.Count];

        var active = 0;
        if (query.CategoryId is not null)
        {
            active |= 1 << FilterCategory;
        }

        if (query.SubcategoryId is not null)
        {
            active |= 1 << FilterSubcategory;
        }

        if (query.MinPriceMinor is not null || query.MaxPriceMinor is not null)
        {
            active |= 1 << FilterPrice;
        }

        if (query.MaxDeliveryDays is not null)
        {
            active |= 1 << FilterDelivery;
        }

        if (query.SellerLevels.Count > 0)
        {
            active |= 1 << FilterLevel;
            foreach (var level in query.SellerLevels)
            {
                _levelMask |= 1 << (int)level;
            }
        }

        if (query.MinRating is not null)
        {
            active |= 1 << FilterRating;
        }

        if (query.Languages.Count > 0)
        {
            active |= 1 << FilterLanguage;
            foreach (var language in query.Languages)
            {
                var id = columns.LanguageId(language);
                if (id is >= 0 and < 64)
                {
                    _languageMask |= 1UL << id;
                }
            }
        }

        if (query.Countries.Count > 0)
        {
            active |= 1 << FilterCountry;
            foreach (var country in query.Countries)
            {
                _countries.Add(columns.CountryId(country));
            }
        }

        var bit = FirstAttributeFilter;
        foreach (var (key, options) in query.Attributes.Where(a => a.Value.Count > 0).Take(31 - FirstAttributeFilter))
        {
            var values = options.Select(o => columns.AttributeValueId($"{key}:{o}")).Where(id => id >= 0).ToHashSet();
            _attributeFilters.Add((1 << bit, values));
            var prefix = key + ":";
            for (var v = 0; v < columns.AttributeValues.Count; v++)
            {
                if (columns.AttributeValues[v].StartsWith(prefix, StringComparison.Ordinal))
                {
                    _valueFilterBit[v] = 1 << bit;
                }
            }

            active |= 1 << bit;
            bit++;
        }

        _active = active;
    }

    public long Total { get; private set; }

    /// <summary>Considers a document: <paramref name="textScore"/> is its bm25 as a positive number (1 without text).</summary>
    public void Add(int slot, double textScore)
    {
        var failed = Failed(slot);
        if (failed == 0)
        {
            Total++;
            Keep(slot, textScore);
        }

        // A document failing two unrelated filters counts for no facet.
        if (BitOperations.PopCount((uint)failed) > 2)
        {
            return;
        }

        Count(slot, failed);
    }

    private int Failed(int slot)
    {
        if (_active == 0)
        {
            return 0;
        }

        var failed = 0;
        var q = _q;
        if (q.CategoryId is { } category && _c.Category[slot] != category)
        {
            failed |= 1 << FilterCategory;
        }

        if (q.SubcategoryId is { } subcategory && _c.Subcategory[slot] != subcategory)
        {
            failed |= 1 << FilterSubcategory;
        }

        var price = _c.Price[slot];
        if ((q.MinPriceMinor is { } min && price < min) || (q.MaxPriceMinor is { } max && price > max))
        {
            failed |= 1 << FilterPrice;
        }

        if (q.MaxDeliveryDays is { } days && _c.Delivery[slot] > days)
        {
            failed |= 1 << FilterDelivery;
        }

        if (_levelMask != 0 && (_levelMask & (1 << _c.Level[slot])) == 0)
        {
            failed |= 1 << FilterLevel;
        }

        if (q.MinRating is { } rating && (_c.Reviews[slot] == 0 || _c.Rating[slot] < rating))
        {
            failed |= 1 << FilterRating;
        }

        if (q.Languages.Count > 0 && (_c.Languages[slot] & _languageMask) == 0)
        {
            failed |= 1 << FilterLanguage;
        }

        if (q.Countries.Count > 0 && !_countries.Contains(_c.Country[slot]))
        {
            failed |= 1 << FilterCountry;
        }

        foreach (var (bit, values) in _attributeFilters)
        {
            var has = false;
            foreach (var value in _c.Attributes[slot])
            {
                if (values.Contains(value))
                {
                    has = true;
                    break;
                }
            }

            if (!has)
            {
                failed |= bit;
            }
        }

        return failed;
    }

    private static bool Counts(int failed, int ignored) => (failed & ~ignored) == 0;

    private void Count(int slot, int failed)
    {
        const int categoryFilters = (1 << FilterCategory) | (1 << FilterSubcategory);
        if (Counts(failed, categoryFilters))
        {
            _categoryCounts[_c.Category[slot]]++;
        }

        if (Counts(failed, 1 << FilterSubcategory) && _c.Subcategory[slot] != 0)
        {
            _subcategoryCounts[_c.Subcategory[slot]]++;
        }

        if (Counts(failed, 1 << FilterPrice))
        {
            _priceCounts[PriceBucket(_c.Price[slot])]++;
        }

        if (Counts(failed, 1 << FilterDelivery))
        {
            for (var b = 0; b < FacetNames.DeliveryBuckets.Length; b++)
            {
                if (_c.Delivery[slot] <= FacetNames.DeliveryBuckets[b])
                {
                    _deliveryCounts[b]++;
                }
            }
        }

        if (Counts(failed, 1 << FilterLevel))
        {
            _levelCounts[_c.Level[slot]]++;
        }

        if (Counts(failed, 1 << FilterRating) && _c.Reviews[slot] > 0)
        {
            for (var b = 0; b < FacetNames.RatingBuckets.Length; b++)
            {
                if (_c.Rating[slot] >= FacetNames.RatingBuckets[b])
                {
                    _ratingCounts[b]++;
                }
            }
        }

        if (Counts(failed, 1 << FilterLanguage))
        {
            var languages = _c.Languages[slot];
            while (languages != 0)
            {
                var id = BitOperations.TrailingZeroCount(languages);
                _languageCounts[id]++;
                languages &= languages - 1;
            }
        }

        if (Counts(failed, 1 << FilterCountry) && _c.Country[slot] >= 0)
        {
            _countryCounts[_c.Country[slot]]++;
        }

        foreach (var value in _c.Attributes[slot])
        {
            if (value < _attributeCounts.Length && Counts(failed, _valueFilterBit[value]))
            {
                _attributeCounts[value]++;
            }
        }
    }

    private int PriceBucket(long price)
    {
        var bounds = _q.PriceBucketBoundsMinor;
        var bucket = 0;
        while (bucket < bounds.Count && price >= bounds[bucket])
        {
            bucket++;
        }

        return bucket;
    }

    private void Keep(int slot, double textScore)
    {
        var id = _c.Ids[slot];
        var score = _q.Sort switch
        {
            SearchSort.Relevance => textScore * Quality(slot),
            SearchSort.BestSelling => _c.Orders[slot],
            SearchSort.Rating => Signals.Rating(_c.Rating[slot], _c.Reviews[slot]) * 1e6 + _c.Reviews[slot],
            SearchSort.PriceLowToHigh => -_c.Price[slot],
            SearchSort.PriceHighToLow => _c.Price[slot],
            SearchSort.Newest => _c.Published[slot],
            _ => 0,
        };

        // A min-heap of the best kept so far; ties go to the newer (higher) gig id.
        var key = (score, id);
        if (_top.Count < _keep)
        {
            _top.Enqueue(slot, key);
        }
        else if (_top.TryPeek(out _, out var worst) && (score > worst.Score || (score == worst.Score && id > worst.Id)))
        {
            _top.DequeueEnqueue(slot, key);
        }
    }

    /// <summary><see cref="Signals.Quality"/> for a slot, without building dates per document.</summary>
    private double Quality(int slot) =>
        Signals.Quality(_ranking, _c.Rating[slot], _c.Reviews[slot], _c.Orders[slot], (SellerLevel)_c.Level[slot], (_nowSeconds - _c.Published[slot]) / 86_400.0);

    /// <summary>The requested page: (gig id, score) best first.</summary>
    public List<(int Id, double Score)> Page()
    {
        var all = new List<(int Id, double Score)>(_top.Count);
        while (_top.TryDequeue(out var slot, out var key))
        {
            all.Add((_c.Ids[slot], _q.Sort == SearchSort.Relevance ? key.Score : 0));
        }

        all.Reverse();
        return all.Skip((_q.Page - 1) * _q.PageSize).Take(_q.PageSize).ToList();
    }

    public Dictionary<string, IReadOnlyList<FacetCount>> Facets()
    {
        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>
        {
            [FacetNames.Category] = ByCount(_categoryCounts.Select((count, id) => (id.ToString(CultureInfo.InvariantCulture), count))),
            [FacetNames.Subcategory] = ByCount(_subcategoryCounts.Select((count, id) => (id.ToString(CultureInfo.InvariantCulture), count)).Where(c => c.Item1 != "0")),
            [FacetNames.Delivery] = [.. FacetNames.DeliveryBuckets.Select((b, i) => new FacetCount(b.ToString(CultureInfo.InvariantCulture), _deliveryCounts[i]))],
            [FacetNames.Price] = [.. _priceCounts.Select((count, i) => new FacetCount(PriceBucketValue(_q.PriceBucketBoundsMinor, i), count))],
            [FacetNames.SellerLevel] = ByCount(_levelCounts.Select((count, level) => (((SellerLevel)level).ToString(), count))),
            [FacetNames.Rating] = [.. FacetNames.RatingBuckets.Select((b, i) => new FacetCount(b.ToString(CultureInfo.InvariantCulture), _ratingCounts[i]))],
            [FacetNames.Language] = ByCount(_languageCounts.Select((count, id) => (id < _c.LanguageNames.Count ? _c.LanguageNames[id] : "", count))),
            [FacetNames.Country] = ByCount(_countryCounts.Select((count, id) => (_c.CountryCodes[id], count))),
        };

        foreach (var byKey in _attributeCounts
            .Select((count, id) => (Value: _c.AttributeValues[id], Count: count))
            .Where(a => a.Count > 0)
            .GroupBy(a => a.Value[..a.Value.IndexOf(':', StringComparison.Ordinal)]))
        {
            facets[FacetNames.AttributePrefix + byKey.Key] = ByCount(byKey.Select(a => (a.Value[(byKey.Key.Length + 1)..], a.Count)));
        }

        return facets;
    }

    /// <summary>The value of price bucket <paramref name="index"/>: "lo-hi" with empty open ends.</summary>
    public static string PriceBucketValue(IReadOnlyList<long> bounds, int index)
    {
        var lo = index == 0 ? "" : bounds[index - 1].ToString(CultureInfo.InvariantCulture);
        var hi = index == bounds.Count ? "" : bounds[index].ToString(CultureInfo.InvariantCulture);
        return $"{lo}-{hi}";
    }

    private static List<FacetCount> ByCount(IEnumerable<(string Value, long Count)> counts) =>
        [.. counts.Where(c => c.Count > 0 && c.Value.Length > 0).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).Select(c => new FacetCount(c.Value, c.Count))];
}
