using System.Text.RegularExpressions;
using Bogus;
using GigStore.Catalog.Data;
using GigStore.Catalog.Gigs;
using GigStore.DataGen.Sellers;
using GigStore.DataGen.Taxonomy;
using GigStore.DataGen.Text;

namespace GigStore.DataGen.Gigs;

/// <summary>
/// Makes gigs a unit (a thousand) at a time. Unit k draws from its own stream of the seed, so units
/// can be made on any thread, in any order, and the rows still depend on the seed alone. About 97% of gigs are
/// published, 2% paused after being live and 1% drafts that were never published.
/// </summary>
internal sealed partial class GigFactory(GigPlan plan, IReadOnlyList<GeneratedSeller> sellers, IReadOnlyList<GigCategory> categories, ImagePool images, int seed, GigChecker? checker = null)
{
    public const string Currency = "USD";

    private readonly int[][] _byTop = [.. Enumerable.Range(0, Catalogue.Top.Length)
        .Select(t => Enumerable.Range(0, categories.Count).Where(c => categories[c].TopIndex == t).ToArray())];

    public GigRow[] MakeUnit(int unit, int from, int count)
    {
        var random = Seeds.Random(seed, Seeds.Gigs, unit);
        var faker = new Faker("en") { Random = new Randomizer(Seeds.For(seed, Seeds.Gigs + 100, unit)) };
        var rows = new GigRow[count];
        for (var i = 0; i < count; i++)
        {
            var (row, content) = Make(random, faker, from + i);
            if (checker?.Wants(from + i) == true)
            {
                checker.Check(row, content, from + i);
            }

            rows[i] = row;
        }

        return rows;
    }

    private (GigRow Row, GigContent Content) Make(Random random, Faker faker, int index)
    {
        var seller = sellers[plan.SellerOfGig[index]];
        var category = categories[Category(random, seller)];
        var chosen = Attributes(random, category.Attributes);
        var title = TitleBuilder.Build(random, category.Sub, chosen);
        var tags = Tags(random, category, chosen);
        var pricing = PackageBuilder.Build(random, category, seller.Level);
        var pool = images.For(category.CategoryId);
        var gallery = random.Sample(pool, Math.Min(pool.Count, random.Next(1, 4)));
        var content = new GigContent
        {
            Title = title,
            CategoryId = category.CategoryId,
            SubcategoryId = category.SubcategoryId,
            Attributes = chosen,
            Tags = tags,
            Description = DescriptionBuilder.Build(random, faker, new DescriptionInput(category.Top, category.Sub, title, category.Attributes, chosen, tags)),
            Faq = random.Chance(0.4) ? Faq(random, category.Sub) : [],
            Requirements = random.Chance(0.75) ? [.. random.Sample(Phrases.Requirements, random.Next(1, 4))] : [],
            Gallery = [.. gallery.Select(g => g.Image)],
            PackageFeatures = pricing.Features,
            Packages = pricing.Packages,
            Extras = pricing.Extras,
            Currency = Currency,
        };

        var created = plan.CreatedAt(index, random);
        if (created <= seller.MemberSinceUtc)
        {
            created = seller.MemberSinceUtc + TimeSpan.FromMinutes(1 + random.Next(60));
        }

        var json = content.ToJson();
        var roll = random.NextDouble();
        if (roll >= 0.99)
        {
            // A draft the seller never published: no live content, no listing columns, no record.
            var saves = random.Next(0, 3);
            var updated = saves == 0 ? created : Between(random, created, plan.Now, 0.2);
            return (new GigRow(seller.UserId, GigService.Slugify(title), GigState.Draft, title, null, null, null, Currency, null, null, json, null,
                created, updated, null, saves, GigStats.None), content);
        }

        var published = Min(created + TimeSpan.FromMinutes(2 + (random.NextDouble() * 72 * 60)), plan.Now);
        var version = 1;
        var changed = published;
        if (random.Chance(0.3))
        {
            version += random.Next(1, 6);
            changed = Between(random, published, plan.Now, 1);
        }

        var state = GigState.Published;
        if (roll >= 0.97)
        {
            state = GigState.Paused;
            version++;
            changed = Between(random, changed, plan.Now, 1);
        }

        return (new GigRow(seller.UserId, GigService.Slugify(title), state, title, content.CategoryId, content.SubcategoryId, content.StartingPriceMinor, Currency,
            content.MinDeliveryDays, json, null, gallery.Count > 0 ? gallery[0].CoverJson : null, created, changed, published, version, GigStats.Make(random, seller.Level)), content);
    }

    /// <summary>Mostly one of the seller's favourite subcategories, sometimes another of their category, rarely anything.</summary>
    private int Category(Random random, GeneratedSeller seller)
    {
        var roll = random.NextDouble();
        var sameTop = _byTop[seller.TopIndex];
        return roll < 0.75 ? random.Pick(seller.Favourites)
            : roll < 0.95 && sameTop.Length > 0 ? random.Pick(sameTop)
            : random.Next(categories.Count);
    }

    /// <summary>A value for every required attribute and most others: one option, or up to three for a multi-select.</summary>
    private static Dictionary<string, string[]> Attributes(Random random, IReadOnlyList<CategoryAttribute> attributes)
    {
        var chosen = new Dictionary<string, string[]>();
        foreach (var attribute in attributes)
        {
            if (attribute.Options.Count == 0 || (!attribute.Required && random.Chance(0.2)))
            {
                continue;
            }

            var count = attribute.MultiSelect ? random.Next(1, Math.Min(3, attribute.Options.Count) + 1) : 1;
            var picked = random.Sample(attribute.Options, count);
            chosen[attribute.Key] = [.. attribute.Options.Where(picked.Contains)];
        }

        return chosen;
    }

    /// <summary>3–5 search tags (the catalogue allows five): the subcategory's words and the gig's attribute values that make valid tags.</summary>
    private static string[] Tags(Random random, GigCategory category, Dictionary<string, string[]> chosen)
    {
        var candidates = random.Sample(category.Sub.Tags, category.Sub.Tags.Length);
        candidates.InsertRange(random.Next(0, 3), chosen.Values.SelectMany(v => v).Select(v => v.ToLowerInvariant()).Take(2));
        return [.. candidates.Where(t => TagPattern().IsMatch(t)).Distinct(StringComparer.OrdinalIgnoreCase).Take(random.Next(3, 6))];
    }

    private static FaqItem[] Faq(Random random, SubcategoryDef sub)
    {
        var own = sub.Faq.Select(f => new FaqItem(f.Question, f.Answer));
        return [.. random.Sample<FaqItem>([.. own, .. Phrases.Faq], random.Next(2, 5))];
    }

    private static DateTimeOffset Between(Random random, DateTimeOffset from, DateTimeOffset to, double share) =>
        to <= from ? from : from + ((to - from) * (random.NextDouble() * share));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>The catalogue's rule for a tag (GigValidator): 2–30 letters, digits, spaces or hyphens.</summary>
    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N} -]{1,29}$")]
    private static partial Regex TagPattern();
}
