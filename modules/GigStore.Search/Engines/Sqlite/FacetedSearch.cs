using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
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
    private const int FilterOnline = 8;
    private const int FirstAttributeFilter = 9;

    private readonly DocColumns _c;
    private readonly SearchQuery _q;
    private readonly RankingSettings _ranking;
    private readonly long _nowSeconds;
    private readonly double[] _quality;
    private readonly int _active;

    // The filters as plain fields, read once per document (the query's nullable and list properties cost more than the test).
    private readonly int _category;
    private readonly int _subcategory;
    private readonly long _minPrice;
    private readonly long _maxPrice;
    private readonly int _maxDelivery;
    private readonly float _minRating;
    private readonly long[] _priceBounds;

    /// <summary>The bits of the active attribute filters: a document failing any other filter counts for no attribute value.</summary>
    private readonly int _attributeBits;
    private readonly ulong _languageMask;
    private readonly HashSet<int> _countries = [];
    private readonly int _levelMask;

    /// <summary>Whether each seller number is online now (<see cref="DocColumns.OnlineSellers"/>); empty when neither the filter nor the count needs it.</summary>
    private readonly bool[] _online;

    /// <summary>Per active attribute filter: its bit and accepted value ids.</summary>
    private readonly (int Bit, HashSet<int> Values)[] _attributeFilters;

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
    private long _onlineCount;

    private readonly PriorityQueue<int, (double Score, int Id)> _top = new();
    private readonly int _keep;

    /// <summary>Documents passing every filter; and, per filter, those failing only it (all a facet can count besides).</summary>
    private readonly List<int> _passing = [];
    private readonly List<int>[] _failingOnly = new List<int>[32];

    public FacetedSearch(DocColumns columns, SearchQuery query, RankingSettings ranking, DateTimeOffset now)
    {
        _c = columns;
        _q = query;
        _ranking = ranking;
        _nowSeconds = now.ToUnixTimeSeconds();
        _quality = query.Sort == SearchSort.Relevance ? columns.QualityMemo(ranking, now) : [];
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

        if (query.OnlineOnly)
        {
            active |= 1 << FilterOnline;
        }

        _online = query.OnlineOnly || query.OnlineSellerIds.Count > 0 ? columns.OnlineSellers(query.OnlineSellerIds) : [];

        var bit = FirstAttributeFilter;
        var attributeFilters = new List<(int Bit, HashSet<int> Values)>();
        foreach (var (key, options) in query.Attributes.Where(a => a.Value.Count > 0).Take(31 - FirstAttributeFilter))
        {
            var values = options.Select(o => columns.AttributeValueId($"{key}:{o}")).Where(id => id >= 0).ToHashSet();
            attributeFilters.Add((1 << bit, values));
            var prefix = key + ":";
            for (var v = 0; v < columns.AttributeValues.Count; v++)
            {
                if (columns.AttributeValues[v].StartsWith(prefix, StringComparison.Ordinal))
                {
                    _valueFilterBit[v] = 1 << bit;
                }
            }

            active |= 1 << bit;
            _attributeBits |= 1 << bit;
            bit++;
        }

        _active = active;
        _category = query.CategoryId ?? 0;
        _subcategory = query.SubcategoryId ?? 0;
        _minPrice = query.MinPriceMinor ?? long.MinValue;
        _maxPrice = query.MaxPriceMinor ?? long.MaxValue;
        _maxDelivery = query.MaxDeliveryDays ?? int.MaxValue;
        _minRating = (float)(query.MinRating ?? 0);
        _priceBounds = [.. query.PriceBucketBoundsMinor];
        _attributeFilters = [.. attributeFilters];
    }

    public long Total { get; private set; }

    /// <summary>
    /// Considers the live documents of <paramref name="slots"/> with their text scores (bm25 made positive),
    /// or, with <paramref name="slots"/> null, every live document with a text score of 1. A document
    /// counts for a facet when it fails no filter but that facet's own: one pass sorts the documents into
    /// those passing every filter and those failing exactly one, then each facet is counted over its lists
    /// a column at a time.
    /// </summary>
    public void AddAll(int[]? slots, float[]? scores)
    {
        const int categoryFilters = (1 << FilterCategory) | (1 << FilterSubcategory);
        var alive = _c.Alive;
        var category = _c.Category;
        var count = slots?.Length ?? _c.Count;
        for (var i = 0; i < count; i++)
        {
            var slot = slots is null ? i : slots[i];
            if (!alive[slot])
            {
                continue;
            }

            var failed = Failed(slot);
            if (failed == 0)
            {
                _passing.Add(slot);
                Keep(slot, scores is null ? 1 : scores[i]);
            }
            else if ((failed & ~categoryFilters) == 0)
            {
                // Most text matches of a search in a category: outside it (or its subcategory) and passing the
                // rest, they count for the category facet; failing only the subcategory, for that facet too.
                _categoryCounts[category[slot]]++;
                if (failed == 1 << FilterSubcategory)
                {
                    (_failingOnly[FilterSubcategory] ??= []).Add(slot);
                }
            }
            else if ((failed & (failed - 1)) == 0 && failed != 1 << FilterOnline)
            {
                // One filter failed. Not the online filter: a gig failing only that is an offline seller's,
                // which counts for no facet (the online facet counts online sellers' gigs alone).
                (_failingOnly[BitOperations.TrailingZeroCount(failed)] ??= []).Add(slot);
            }
        }

        Total = _passing.Count;
        CountFacets();
    }

    private int Failed(int slot)
    {
        var active = _active;
        if (active == 0)
        {
            return 0;
        }

        var failed = 0;
        if ((active & (1 << FilterCategory)) != 0 && _c.Category[slot] != _category)
        {
            failed |= 1 << FilterCategory;
        }

        if ((active & (1 << FilterSubcategory)) != 0 && _c.Subcategory[slot] != _subcategory)
        {
            failed |= 1 << FilterSubcategory;
        }

        if ((active & (1 << FilterPrice)) != 0)
        {
            var price = _c.Price[slot];
            if (price < _minPrice || price > _maxPrice)
            {
                failed |= 1 << FilterPrice;
            }
        }

        if ((active & (1 << FilterDelivery)) != 0 && _c.Delivery[slot] > _maxDelivery)
        {
            failed |= 1 << FilterDelivery;
        }

        if ((active & (1 << FilterLevel)) != 0 && (_levelMask & (1 << _c.Level[slot])) == 0)
        {
            failed |= 1 << FilterLevel;
        }

        if ((active & (1 << FilterRating)) != 0 && (_c.Reviews[slot] == 0 || _c.Rating[slot] < _minRating))
        {
            failed |= 1 << FilterRating;
        }

        if ((active & (1 << FilterLanguage)) != 0 && (_c.Languages[slot] & _languageMask) == 0)
        {
            failed |= 1 << FilterLanguage;
        }

        if ((active & (1 << FilterCountry)) != 0 && !_countries.Contains(_c.Country[slot]))
        {
            failed |= 1 << FilterCountry;
        }

        if ((active & (1 << FilterOnline)) != 0 && !_online[_c.Seller[slot]])
        {
            failed |= 1 << FilterOnline;
        }

        if (_attributeBits != 0)
        {
            var values = _c.Attributes[slot];
            foreach (var (bit, accepted) in _attributeFilters)
            {
                var has = false;
                foreach (var value in values)
                {
                    if (accepted.Contains(value))
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
        }

        return failed;
    }

    /// <summary>Each facet over the documents passing every filter, then over those failing only its own filter.</summary>
    private void CountFacets()
    {
        var passing = CollectionsMarshal.AsSpan(_passing);

        // Category: those failing only the category filters were counted in the pass.
        CountBy(passing, _c.Category, _categoryCounts);
        CountBy(passing, _c.Subcategory, _subcategoryCounts);
        CountBy(FailingOnly(FilterSubcategory), _c.Subcategory, _subcategoryCounts);
        CountPrices(passing);
        CountPrices(FailingOnly(FilterPrice));
        CountDelivery(passing);
        CountDelivery(FailingOnly(FilterDelivery));
        CountLevels(passing);
        CountLevels(FailingOnly(FilterLevel));
        CountRatings(passing);
        CountRatings(FailingOnly(FilterRating));
        CountLanguages(passing);
        CountLanguages(FailingOnly(FilterLanguage));
        CountCountries(passing);
        CountCountries(FailingOnly(FilterCountry));

        // Online sellers' gigs among those passing every other filter: with the filter on, all that pass.
        _onlineCount = (_active & (1 << FilterOnline)) != 0 ? passing.Length : CountOnline(passing);

        // Attribute values: every value over the passing documents; a filtered key's values also over the
        // documents failing only that key's filter.
        CountAttributes(passing, 0);
        foreach (var (bit, _) in _attributeFilters)
        {
            CountAttributes(FailingOnly(BitOperations.TrailingZeroCount(bit)), bit);
        }
    }

    private ReadOnlySpan<int> FailingOnly(int filter) => _failingOnly[filter] is { } failing ? CollectionsMarshal.AsSpan(failing) : [];

    /// <summary>One count per document by its value in an id column (category, subcategory).</summary>
    private static void CountBy(ReadOnlySpan<int> slots, int[] column, long[] counts)
    {
        foreach (var slot in slots)
        {
            counts[column[slot]]++;
        }
    }

    private void CountPrices(ReadOnlySpan<int> slots)
    {
        var price = _c.Price;
        foreach (var slot in slots)
        {
            _priceCounts[PriceBucket(price[slot])]++;
        }
    }

    private void CountDelivery(ReadOnlySpan<int> slots)
    {
        var delivery = _c.Delivery;
        var buckets = FacetNames.DeliveryBuckets;
        foreach (var slot in slots)
        {
            var days = delivery[slot];
            for (var b = 0; b < buckets.Length; b++)
            {
                if (days <= buckets[b])
                {
                    _deliveryCounts[b]++;
                }
            }
        }
    }

    private void CountLevels(ReadOnlySpan<int> slots)
    {
        var level = _c.Level;
        foreach (var slot in slots)
        {
            _levelCounts[level[slot]]++;
        }
    }

    private void CountRatings(ReadOnlySpan<int> slots)
    {
        var (reviews, rating) = (_c.Reviews, _c.Rating);
        var buckets = FacetNames.RatingBuckets;
        foreach (var slot in slots)
        {
            if (reviews[slot] > 0)
            {
                for (var b = 0; b < buckets.Length; b++)
                {
                    if (rating[slot] >= buckets[b])
                    {
                        _ratingCounts[b]++;
                    }
                }
            }
        }
    }

    private void CountLanguages(ReadOnlySpan<int> slots)
    {
        var spoken = _c.Languages;
        foreach (var slot in slots)
        {
            var languages = spoken[slot];
            while (languages != 0)
            {
                _languageCounts[BitOperations.TrailingZeroCount(languages)]++;
                languages &= languages - 1;
            }
        }
    }

    private void CountCountries(ReadOnlySpan<int> slots)
    {
        var country = _c.Country;
        foreach (var slot in slots)
        {
            if (country[slot] >= 0)
            {
                _countryCounts[country[slot]]++;
            }
        }
    }

    private long CountOnline(ReadOnlySpan<int> slots)
    {
        var (seller, online) = (_c.Seller, _online);
        if (online.Length == 0)
        {
            return 0;
        }

        long count = 0;
        foreach (var slot in slots)
        {
            if (online[seller[slot]])
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Attribute values of the documents: all of them (<paramref name="onlyFilterBit"/> 0), or only those of the filter with that bit.</summary>
    private void CountAttributes(ReadOnlySpan<int> slots, int onlyFilterBit)
    {
        var attributes = _c.Attributes;
        foreach (var slot in slots)
        {
            foreach (var value in attributes[slot])
            {
                if (value < _attributeCounts.Length && (onlyFilterBit == 0 || _valueFilterBit[value] == onlyFilterBit))
                {
                    _attributeCounts[value]++;
                }
            }
        }
    }

    private int PriceBucket(long price)
    {
        var bounds = _priceBounds;
        var bucket = 0;
        while (bucket < bounds.Length && price >= bounds[bucket])
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

    /// <summary><see cref="Signals.Quality"/> for a slot, remembered by the columns for these weights and this hour.</summary>
    private double Quality(int slot)
    {
        var quality = _quality[slot];
        if (double.IsNaN(quality))
        {
            quality = Signals.Quality(_ranking, _c.Rating[slot], _c.Reviews[slot], _c.Orders[slot], (SellerLevel)_c.Level[slot], (_nowSeconds - _c.Published[slot]) / 86_400.0);
            _quality[slot] = quality;
        }

        return quality;
    }

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
            [FacetNames.Online] = [new FacetCount(FacetNames.OnlineValue, _onlineCount)],
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
