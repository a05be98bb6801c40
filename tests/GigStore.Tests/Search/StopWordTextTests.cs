using System.Text;
using GigStore.Search.Query;

namespace GigStore.Tests.Search;

/// <summary>What the SQLite index holds of a text: the same words, in the same order, less the stop words a query never searches.</summary>
public sealed class StopWordTextTests
{
    [Fact]
    public void StopWordsAreTakenOutAndEverythingElseStays()
    {
        Assert.Equal("  design  logo   startup — ", SearchText.WithoutStopWords("I will design a logo for your startup — "));
        Assert.Equal("Logo  Thé  it’s 3D", SearchText.WithoutStopWords("Logo FOR Thé The it’s 3D"));
        Assert.Equal("somebodys", SearchText.WithoutStopWords("somebodys"));

        // Nothing to take out: the same string, not a copy.
        var plain = "minimalist logo design";
        Assert.Same(plain, SearchText.WithoutStopWords(plain));
    }

    [Fact]
    public void TheWordsLeftAreTheWordsOfTheTextLessItsStopWords()
    {
        // Against a plain reading of the text: runs between ASCII separators (as FTS5's unicode61 sees ASCII),
        // a run left out when it is a stop word in any case and wholly ASCII.
        var random = new Random(7);
        var pieces = new[] { "the", "The", "A", "logo", "for", "FOR", "your", "somebody", "somebodyx", "é", "café", "日本", "🎨", "3d", "it", "i", "x" };
        var separators = new[] { " ", "  ", ",", ".", "-", "'", "\n", "’", "—", "" };
        for (var n = 0; n < 500; n++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 30); i > 0; i--)
            {
                text.Append(pieces[random.Next(pieces.Length)]).Append(separators[random.Next(separators.Length)]);
            }

            var input = text.ToString();
            var expected = Runs(input).Where(r => !(r.All(char.IsAscii) && SearchText.IsStopWord(r.ToLowerInvariant())));
            Assert.Equal(expected, Runs(SearchText.WithoutStopWords(input)));
        }

        static List<string> Runs(string text) =>
            [.. text.Split([.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !char.IsAsciiLetterOrDigit(c))], StringSplitOptions.RemoveEmptyEntries)];
    }
}
