using System.Globalization;
using GigStore.Catalog.Categories;
using GigStore.Catalog.Data;
using GigStore.Commerce;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace GigStore.Search.Query;

/// <summary>
/// The search's state in the URL, the same for the results page and the JSON API:
/// <c>q</c> text, <c>category</c> slug (a top category or a subcategory), <c>a.{attribute key}</c> options
/// (repeatable), <c>min</c>/<c>max</c> starting price in the store's currency as typed ("25", "25.50"),
/// <c>delivery</c> 1|3|7 days, <c>level</c> new|level1|level2|top (repeatable), <c>rating</c> 4|4.5,
/// <c>lang</c> and <c>country</c> (repeatable), <c>online</c> 1 (sellers online now) or 0, <c>sort</c> (see <see cref="Sorts"/>),
/// <c>page</c>, <c>size</c>.
/// Anything else is ignored; a value that cannot be read is an error for its parameter.
/// </summary>
public static class SearchQueryBinder
{
    public const string AttributePrefix = "a.";

    /// <summary>Deepest result reachable by paging (as search engines limit it too).</summary>
    public const int MaxResultWindow = 10_000;

    public static readonly IReadOnlyDictionary<string, SearchSort> Sorts = new Dictionary<string, SearchSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = SearchSort.Relevance,
        ["best-selling"] = SearchSort.BestSelling,
        ["rating"] = SearchSort.Rating,
        ["price-asc"] = SearchSort.PriceLowToHigh,
        ["price-desc"] = SearchSort.PriceHighToLow,
        ["newest"] = SearchSort.Newest,
    };

    public static readonly IReadOnlyDictionary<string, SellerLevel> Levels = new Dictionary<string, SellerLevel>(StringComparer.OrdinalIgnoreCase)
    {
        ["new"] = SellerLevel.New,
        ["level1"] = SellerLevel.Level1,
        ["level2"] = SellerLevel.Level2,
        ["top"] = SellerLevel.TopRated,
    };

    public static string SortValue(SearchSort sort) => Sorts.First(s => s.Value == sort).Key;

    public static string LevelValue(SellerLevel level) => Levels.First(l => l.Value == level).Key;

    /// <summary>Reads the query; errors are keyed by parameter name.</summary>
    public static (SearchQuery Query, Dictionary<string, string[]> Errors) Bind(IQueryCollection values, CategoryTree categories, string currency)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string key, string message) => errors[key] = [message];

        var text = (values["q"].ToString() ?? "").Trim();
        if (text.Length > SearchQuery.MaxTextLength)
        {
            Error("q", $"Search for at most {SearchQuery.MaxTextLength} characters.");
            text = text[..SearchQuery.MaxTextLength];
        }

        int? categoryId = null;
        int? subcategoryId = null;
        CategoryNode? category = null;
        if (values["category"].ToString() is { Length: > 0 } slug)
        {
            category = categories.Find(slug);
            if (category is null)
            {
                Error("category", $"There is no category '{slug}'.");
            }
            else if (category.ParentId is { } parent)
            {
                categoryId = parent;
                subcategoryId = category.Id;
            }
            else
            {
                categoryId = category.Id;
            }
        }

        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, options) in values.Where(v => v.Key.StartsWith(AttributePrefix, StringComparison.Ordinal)))
        {
            var key = name[AttributePrefix.Length..];
            var chosen = options.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o!.Trim()).Distinct().ToList();
            if (chosen.Count == 0)
            {
                continue;
            }

            // Attributes belong to the chosen category (or its subcategories): an unknown key or option is a mistake in the link.
            var known = category is null ? null : AttributesOf(category, categories).FirstOrDefault(a => a.Key == key);
            if (category is null)
            {
                Error(name, "Choose a category before filtering by its attributes.");
            }
            else if (known is null)
            {
                Error(name, $"'{key}' is not an attribute of {category.Name}.");
            }
            else if (chosen.FirstOrDefault(o => !known.Options.Contains(o)) is { } unknown)
            {
                Error(name, $"'{unknown}' is not an option of {known.Name}.");
            }
            else
            {
                attributes[key] = chosen;
            }
        }

        var min = Price("min");
        var max = Price("max");
        if (min is not null && max is not null && min > max)
        {
            Error("max", "The highest price must not be below the lowest.");
        }

        int? delivery = null;
        if (values["delivery"].ToString() is { Length: > 0 } days && days != "any")
        {
            if (int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && FacetNames.DeliveryBuckets.Contains(d))
            {
                delivery = d;
            }
            else
            {
                Error("delivery", "Delivery is 1, 3 or 7 days, or any.");
            }
        }

        var levels = new List<SellerLevel>();
        foreach (var level in values["level"].Where(l => !string.IsNullOrEmpty(l)))
        {
            if (Levels.TryGetValue(level!, out var value))
            {
                levels.Add(value);
            }
            else
            {
                Error("level", $"'{level}' is not a seller level (new, level1, level2, top).");
            }
        }

        double? rating = null;
        if (values["rating"].ToString() is { Length: > 0 } r)
        {
            if (double.TryParse(r, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && FacetNames.RatingBuckets.Contains(value))
            {
                rating = value;
            }
            else
            {
                Error("rating", "Rating is 4 or 4.5 (and up).");
            }
        }

        var online = false;
        if (values["online"].ToString() is { Length: > 0 } o)
        {
            online = o == FacetNames.OnlineValue;
            if (!online && o != "0")
            {
                Error("online", "Online is 1 (sellers online now only) or 0.");
            }
        }

        var sort = SearchSort.Relevance;
        if (values["sort"].ToString() is { Length: > 0 } s && !Sorts.TryGetValue(s, out sort))
        {
            Error("sort", $"Sort by one of: {string.Join(", ", Sorts.Keys)}.");
        }

        var size = Int("size", SearchQuery.DefaultPageSize, 1, SearchQuery.MaxPageSize);
        var page = Int("page", 1, 1, MaxResultWindow / size);

        var query = new SearchQuery
        {
            Text = text,
            CategoryId = categoryId,
            SubcategoryId = subcategoryId,
            Attributes = attributes,
            MinPriceMinor = min,
            MaxPriceMinor = max,
            MaxDeliveryDays = delivery,
            SellerLevels = levels.Distinct().ToList(),
            MinRating = rating,
            Languages = List("lang", 40),
            Countries = List("country", 2).Select(c => c.ToUpperInvariant()).ToList(),
            OnlineOnly = online,
            Sort = sort,
            Page = page,
            PageSize = size,
            PriceBucketBoundsMinor = PriceBuckets(currency),
        };
        return (query, errors);

        long? Price(string key)
        {
            var typed = values[key].ToString();
            if (string.IsNullOrWhiteSpace(typed))
            {
                return null;
            }

            if (Money.TryParse(typed, currency, out var money) && money.Minor >= 0)
            {
                return money.Minor;
            }

            Error(key, $"Enter an amount such as 25 or 25.50.");
            return null;
        }

        int Int(string key, int fallback, int low, int high)
        {
            var typed = values[key].ToString();
            if (string.IsNullOrEmpty(typed))
            {
                return fallback;
            }

            if (int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high)
            {
                return value;
            }

            Error(key, $"Must be a whole number from {low} to {high}.");
            return fallback;
        }

        List<string> List(string key, int maxLength) =>
            [.. values[key].Where(v => !string.IsNullOrWhiteSpace(v) && v!.Length <= maxLength).Select(v => v!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Take(20)];
    }

    /// <summary>The attributes a category's filters offer: its own and, for a top category, its subcategories' (each key once).</summary>
    public static IReadOnlyList<AttributeNode> AttributesOf(CategoryNode category, CategoryTree categories) =>
        [.. category.Attributes.Concat(categories.Children(category.Id).SelectMany(c => c.Attributes)).DistinctBy(a => a.Key)];

    /// <summary>Price facet buckets: under 25, 25–50, 50–100, 100–250, 250–500, 500 and up (major units of the currency).</summary>
    public static IReadOnlyList<long> PriceBuckets(string currency)
    {
        var scale = (long)Math.Pow(10, Money.MinorDigits(currency)) * (currency == "JPY" ? 100 : 1);
        return [25 * scale, 50 * scale, 100 * scale, 250 * scale, 500 * scale];
    }
}

/// <summary>Links that change one part of the current search (a facet value, the sort, the page), keeping the rest.</summary>
public sealed class SearchLinks(string path, IQueryCollection current)
{
    public string Path => path;

    public string Toggle(string name, string value)
    {
        var values = current[name].Where(v => v is not null).Select(v => v!).ToList();
        var next = values.Contains(value) ? values.Where(v => v != value).ToArray() : [.. values, value];
        return With(name, next);
    }

    public bool IsOn(string name, string value) => current[name].Contains(value);

    public string Set(string name, string? value) => With(name, value is null ? [] : [value]);

    public string Remove(string name, string? value = null) =>
        value is null ? With(name, []) : With(name, [.. current[name].Where(v => v != value).Select(v => v!)]);

    /// <summary>Clears a category and the attribute filters that belong to it.</summary>
    public string SetCategory(string? slug) => Build(current
        .Where(p => p.Key != "category" && p.Key != "page" && !p.Key.StartsWith(SearchQueryBinder.AttributePrefix, StringComparison.Ordinal))
        .Select(p => (p.Key, p.Value))
        .Concat(slug is null ? [] : [("category", new StringValues(slug))]));

    /// <summary>Sets both ends of the price range (a budget bucket).</summary>
    public string SetPriceRange(string? min, string? max) => Build(current
        .Where(p => p.Key is not "min" and not "max" and not "page")
        .Select(p => (p.Key, p.Value))
        .Concat(min is null ? [] : [("min", new StringValues(min))])
        .Concat(max is null ? [] : [("max", new StringValues(max))]));

    public string Page(int page) => Build(current.Where(p => p.Key != "page").Select(p => (p.Key, p.Value)).Concat(page > 1 ? [("page", new StringValues(page.ToString(CultureInfo.InvariantCulture)))] : []));

    public string ClearAll() => Build(current.Where(p => p.Key is "q" or "sort").Select(p => (p.Key, p.Value)));

    private string With(string name, string[] values) => Build(current
        .Where(p => p.Key != name && p.Key != "page")
        .Select(p => (p.Key, p.Value))
        .Concat(values.Length == 0 ? [] : [(name, new StringValues(values))]));

    private string Build(IEnumerable<(string Key, StringValues Value)> parameters)
    {
        var query = QueryString.Create(parameters.SelectMany(p => p.Value.Where(v => !string.IsNullOrEmpty(v)).Select(v => new KeyValuePair<string, string?>(p.Key, v))));
        return path + query.ToUriComponent();
    }
}
