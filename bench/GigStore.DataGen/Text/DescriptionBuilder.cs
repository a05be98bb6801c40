using System.Globalization;
using System.Text;
using Bogus;
using GigStore.Catalog.Data;
using GigStore.DataGen.Taxonomy;

namespace GigStore.DataGen.Text;

/// <summary>What a gig's Markdown description is written from.</summary>
internal sealed record DescriptionInput(
    TopCategoryDef Top,
    SubcategoryDef Sub,
    string Title,
    IReadOnlyList<CategoryAttribute> Attributes,
    IReadOnlyDictionary<string, string[]> Chosen,
    string[] Tags);

/// <summary>
/// A gig's Markdown description of 60–200 words: an opening paragraph, then some of "what you get",
/// "how I work", the category's way of working, keywords and reasons to choose the seller, and a
/// closing line. Mostly the subcategory's own words, so text search meets realistic vocabulary; Bogus
/// adds company names and technical or business jargon now and then, and rarely a line of lorem ipsum.
/// </summary>
internal static class DescriptionBuilder
{
    public const int MinWords = 60;
    public const int MaxWords = 200;

    public static string Build(Random random, Faker faker, DescriptionInput input)
    {
        var target = random.Next(MinWords, MaxWords + 1);
        var blocks = new List<string> { Opening(random, input) };
        var words = Words(blocks[0]);

        var optional = new List<Func<string>>
        {
            () => WhatYouGet(random, input),
            () => HowIWork(random),
            () => Flavor(random, input.Top, 2),
            () => KeywordLine(random, input),
            () => $"**Why buyers choose me:** {random.Pick(Phrases.Reasons)}",
            () => Jargon(random, faker, input),
        };
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(optional));

        var closing = random.Pick(Phrases.Closings);
        var closingWords = Words(closing);
        foreach (var make in optional)
        {
            var block = make();
            var count = Words(block);
            if (block.Length > 0 && words + count + closingWords <= target)
            {
                blocks.Add(block);
                words += count;
            }
        }

        // Short of the minimum: more of the category's own sentences, which are always short.
        for (var i = 0; words + closingWords < MinWords && i < 10; i++)
        {
            var sentence = Flavor(random, input.Top, 1);
            blocks.Add(sentence);
            words += Words(sentence);
        }

        blocks.Add(closing);
        return string.Join("\n\n", blocks);
    }

    private static string Opening(Random random, DescriptionInput input)
    {
        var phrase = input.Title.StartsWith("I will ", StringComparison.Ordinal) ? input.Title["I will ".Length..] : input.Title;
        var audience = random.Pick(Phrases.Audiences);
        var qualities = random.Sample(Phrases.Qualities, 2);
        var industries = random.Sample(Phrases.Industries, 2);
        var text = new StringBuilder();
        text.Append(string.Format(CultureInfo.InvariantCulture, random.Pick(Phrases.Hooks), phrase)).Append(' ');
        text.Append(string.Format(CultureInfo.InvariantCulture, random.Pick(Phrases.Offers), input.Sub.Noun, qualities[0], qualities[1], audience));
        if (random.Chance(0.7))
        {
            text.Append(' ').Append(string.Format(
                CultureInfo.InvariantCulture,
                random.Pick(Phrases.Experience),
                random.Next(2, 16),
                input.Sub.Name.ToLowerInvariant(),
                random.Next(2, 60) * 10,
                industries[0],
                industries[1]));
        }

        return text.ToString();
    }

    private static string WhatYouGet(Random random, DescriptionInput input)
    {
        var lines = new List<string> { $"## {random.Pick(Phrases.Headings)}", "" };
        lines.AddRange(random.Sample(input.Sub.Deliverables, random.Next(3, 6)).Select(d => $"- {d}"));
        foreach (var attribute in input.Attributes.Where(a => input.Chosen.ContainsKey(a.Key)))
        {
            lines.Add($"- **{attribute.Name}:** {string.Join(", ", input.Chosen[attribute.Key])}");
        }

        return string.Join("\n", lines);
    }

    private static string HowIWork(Random random)
    {
        var steps = random.Pick(Phrases.Processes);
        var count = random.Next(3, steps.Length + 1);
        return "## How I work\n\n" + string.Join("\n", steps.Take(count).Select((s, i) => $"{i + 1}. {s}"));
    }

    private static string Flavor(Random random, TopCategoryDef top, int count) => string.Join(" ", random.Sample(top.Flavor, count));

    private static string KeywordLine(Random random, DescriptionInput input)
    {
        var words = random.Sample(input.Sub.Tags.Concat(input.Tags).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), 3);
        return words.Count < 3 ? "" : string.Format(CultureInfo.InvariantCulture, random.Pick(Phrases.Keywords), words[0], words[1], words[2]);
    }

    /// <summary>Now and then a line in the category's jargon from Bogus; rarely a sentence of lorem ipsum, as real listings sometimes keep one.</summary>
    private static string Jargon(Random random, Faker faker, DescriptionInput input)
    {
        var roll = random.NextDouble();
        if (roll < 0.03)
        {
            return "P.S. " + faker.Lorem.Sentence();
        }

        if (roll > 0.3)
        {
            return "";
        }

        return input.Top.Slug switch
        {
            "programming-tech" or "data" => $"A recent project: a {faker.Hacker.Adjective()} {faker.Hacker.Noun()} for a {random.Pick(Phrases.Industries)} client.",
            "business" or "digital-marketing" => $"Clients hire me to {faker.Company.Bs()}.",
            _ => $"Recent clients include {faker.Company.CompanyName()} and {faker.Company.CompanyName()}.",
        };
    }

    /// <summary>Words as a reader counts them: Markdown's "-", "##" and "1." are not words.</summary>
    private static int Words(string text)
    {
        var count = 0;
        var inWord = false;
        var hasLetter = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                count += inWord && hasLetter ? 1 : 0;
                inWord = hasLetter = false;
                continue;
            }

            inWord = true;
            hasLetter |= char.IsLetter(c);
        }

        return count + (inWord && hasLetter ? 1 : 0);
    }
}
