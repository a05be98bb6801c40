using System.Text.RegularExpressions;
using GigStore.DataGen.Taxonomy;

namespace GigStore.DataGen.Text;

/// <summary>"I will design a minimalist logo for your startup": a subcategory's template with the gig's own attribute values.</summary>
internal static partial class TitleBuilder
{
    public const int MinLength = 15;
    public const int MaxLength = 80;

    public static string Build(Random random, SubcategoryDef def, IReadOnlyDictionary<string, string[]> chosen)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var title = Fill(random, random.Pick(def.Titles), def, chosen);
            if (random.Chance(0.3))
            {
                var ending = random.Pick(Phrases.TitleEndings);
                if (title.Length + ending.Length + 1 <= MaxLength && !AlreadyPromises().IsMatch(title))
                {
                    title = $"{title} {ending}";
                }
            }

            if (title.Length is >= MinLength and <= MaxLength)
            {
                return title;
            }
        }

        return $"I will deliver a {def.Noun} for you";
    }

    /// <summary>The template's slots filled in, spaces tidied and "a" made "an" before a vowel.</summary>
    public static string Fill(Random random, string template, SubcategoryDef def, IReadOnlyDictionary<string, string[]> chosen)
    {
        var text = Slot().Replace(template, m => Value(random, m.Groups[1].Value, def, chosen));
        text = Spaces().Replace(text, " ").Trim();
        return Article().Replace(text, m => m.Groups[1].Value + "n" + m.Groups[2].Value);
    }

    /// <summary>An option as it reads inside a sentence: "Minimalist" → "minimalist", while "WordPress", "3D" or a name keep their case.</summary>
    public static string InSentence(string option, bool keepCase) =>
        keepCase || option.Length < 2 || !char.IsUpper(option[0]) || !char.IsLower(option[1]) ? option : char.ToLowerInvariant(option[0]) + option[1..];

    private static string Value(Random random, string slot, SubcategoryDef def, IReadOnlyDictionary<string, string[]> chosen)
    {
        var attribute = def.Attributes.FirstOrDefault(a => a.Key == slot);
        if (chosen.TryGetValue(slot, out var values) && values.Length > 0)
        {
            return InSentence(random.Pick(values), attribute?.KeepCase ?? false);
        }

        return slot switch
        {
            "adj" => random.Pick(Phrases.Adjectives),
            "audience" => random.Pick(Phrases.Audiences),
            _ when attribute is not null => InSentence(random.Pick(attribute.Options), attribute.KeepCase),
            _ => "",
        };
    }

    /// <summary>A title that already names a time, revisions or a price has no room for another promise.</summary>
    [GeneratedRegex(@"\d|hour|day|revision|fast|scratch|price|affordable", RegexOptions.IgnoreCase)]
    private static partial Regex AlreadyPromises();

    [GeneratedRegex(@"\{([a-z0-9-]+)\}")]
    private static partial Regex Slot();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    /// <summary>"a" before a word that starts with a vowel sound (not "a unique", "a user").</summary>
    [GeneratedRegex(@"\b([Aa])( (?:[aeioAEIO]|u(?!ni|s[eu])|U(?!ni|s[eu])|hour|RPG|SEO|MVP|ML\b))")]
    private static partial Regex Article();
}
