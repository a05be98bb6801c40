using System.Globalization;
using Bogus;
using GigStore.Catalog.Data;
using GigStore.Catalog.Sellers;
using GigStore.DataGen.Taxonomy;
using GigStore.DataGen.Text;

namespace GigStore.DataGen.Sellers;

/// <summary>A generated seller: their account, their profile, and what they sell (indexes into the gig categories).</summary>
internal sealed record GeneratedSeller(
    string UserId,
    string Email,
    string DisplayName,
    string Handle,
    string Tagline,
    string Bio,
    bool VacationMode,
    DateTimeOffset MemberSinceUtc,
    List<string> Skills,
    List<SellerLanguage> Languages,
    string Country,
    int? ResponseTimeHours,
    SellerLevel Level,
    int TopIndex,
    int[] Favourites,
    string SecurityStamp,
    string ConcurrencyStamp);

/// <summary>
/// Makes the sellers, one after another from the seller stream of the seed: a name in their
/// country's locale, a unique handle derived from it as the catalogue derives handles, a speciality
/// (a top category and one to three favourite subcategories), a level that grows with the years
/// since they joined (about half are New, a few TopRated), 1–3 languages and about 2% on vacation.
/// </summary>
internal sealed class SellerFactory(IReadOnlyList<GigCategory> categories, GigPlan plan, int seed, SellerIdentities identities)
{
    /// <summary>Generated accounts' email domain: never a real mailbox.</summary>
    public const string EmailDomain = "datagen.gigstore.local";

    private static readonly string[] StudioWords = ["Studio", "Creative", "Labs", "Media", "Digital", "Works", "Design", "Solutions"];

    private readonly Dictionary<string, Faker> _fakers = [];
    private readonly double[] _topWeights = [.. Catalogue.Top.Select(t => t.Weight)];

    public List<GeneratedSeller> Make(int count)
    {
        var random = Seeds.Random(seed, Seeds.Sellers);
        var sellers = new List<GeneratedSeller>(count);
        for (var i = 0; i < count; i++)
        {
            sellers.Add(MakeOne(random, i));
        }

        return sellers;
    }

    private GeneratedSeller MakeOne(Random random, int index)
    {
        var country = Countries.All[random.Weighted(Countries.Weights)];
        var faker = FakerFor(country.Locale, random);
        var first = faker.Name.FirstName();
        var last = faker.Name.LastName();
        var displayName = random.Chance(0.08) ? $"{last} {random.Pick(StudioWords)}" : random.Chance(0.1) ? $"{first} {last[0]}." : $"{first} {last}";
        var handle = identities.Handle(displayName);

        var topIndex = random.Weighted(_topWeights);
        var inTop = Enumerable.Range(0, categories.Count).Where(c => categories[c].TopIndex == topIndex).ToList();
        if (inTop.Count == 0)
        {
            inTop = [.. Enumerable.Range(0, categories.Count)];
        }

        var favourites = random.Sample(inTop, random.Next(1, 4)).ToArray();
        var main = categories[favourites[0]];
        var joined = plan.JoinedAt(index, random);
        var years = (plan.Now - joined).TotalDays / 365;
        var experience = Math.Max(1, (int)years + random.Next(0, 8));
        return new GeneratedSeller(
            UserId: identities.UserId(random),
            Email: $"{handle}@{EmailDomain}",
            DisplayName: displayName,
            Handle: handle,
            Tagline: Tagline(random, main, experience),
            Bio: Bio(random, first, main, experience, country),
            VacationMode: random.Chance(0.02),
            MemberSinceUtc: joined,
            Skills: Skills(random, favourites),
            Languages: Languages(random, country),
            Country: country.Code,
            ResponseTimeHours: random.Chance(0.2) ? null : 1 + (int)(23 * Math.Pow(random.NextDouble(), 3)),
            Level: Level(random, years),
            TopIndex: topIndex,
            Favourites: favourites,
            SecurityStamp: SecurityStamp(random),
            ConcurrencyStamp: random.NextGuid());
    }

    /// <summary>One Faker per locale, seeded from the seller stream, so names repeat with the seed.</summary>
    private Faker FakerFor(string locale, Random random)
    {
        if (!_fakers.TryGetValue(locale, out var faker))
        {
            faker = new Faker(locale) { Random = new Randomizer(random.Next()) };
            _fakers[locale] = faker;
        }

        return faker;
    }

    private static string Tagline(Random random, GigCategory main, int experience)
    {
        var adjective = random.Pick(Phrases.Adjectives);
        var tagline = string.Format(
            CultureInfo.InvariantCulture,
            random.Pick(Phrases.TaglineTemplates),
            char.ToUpperInvariant(adjective[0]) + adjective[1..],
            main.Sub.Name,
            random.Pick(Phrases.Audiences),
            experience,
            main.Sub.Name.ToLowerInvariant());
        return tagline.Length <= 120 ? tagline : main.Sub.Name;
    }

    private static string Bio(Random random, string first, GigCategory main, int experience, Country country) =>
        $"Hi, I'm {first}. I have worked in {main.Sub.Name.ToLowerInvariant()} for {experience} year{(experience == 1 ? "" : "s")}, "
        + $"based in {SellerProfileInput.CountryName(country.Code) ?? country.Code}. {random.Pick(main.Top.Flavor)}";

    private List<string> Skills(Random random, int[] favourites) =>
        [.. random.Sample(favourites.SelectMany(f => categories[f].Sub.Tags).Distinct().Where(t => t.Length <= 30).ToList(), random.Next(3, 7))];

    private static List<SellerLanguage> Languages(Random random, Country country)
    {
        var languages = new List<SellerLanguage> { new(country.Language, "Native") };
        if (country.Language != "English")
        {
            languages.Add(new("English", random.Pick(["Fluent", "Fluent", "Conversational", "Conversational", "Basic"])));
        }

        if (random.Chance(0.25) && languages.Count < 3)
        {
            var extra = random.Pick(Countries.Extra);
            if (languages.All(l => l.Language != extra))
            {
                languages.Add(new(extra, random.Pick(["Basic", "Conversational", "Fluent"])));
            }
        }

        return languages;
    }

    /// <summary>Longer-standing sellers rank higher; overall about half are New and a few percent TopRated.</summary>
    private static SellerLevel Level(Random random, double years)
    {
        double[] weights = years switch
        {
            < 0.5 => [92, 8, 0, 0],
            < 1.5 => [68, 26, 5, 1],
            < 3 => [52, 31, 14, 3],
            _ => [42, 33, 20, 5],
        };
        return (SellerLevel)random.Weighted(weights);
    }

    /// <summary>What Identity puts in a new account: 32 base-32 characters.</summary>
    private static string SecurityStamp(Random random)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        return string.Create(32, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
