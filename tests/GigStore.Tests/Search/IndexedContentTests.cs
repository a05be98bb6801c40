using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GigStore.Catalog.Gigs;
using GigStore.Search.Indexing;

namespace GigStore.Tests.Search;

/// <summary>The rebuild's reader of a gig's live document reads what the catalogue wrote, and stops early only when it has all of it.</summary>
public sealed class IndexedContentTests
{
    private static readonly GigContent Content = new()
    {
        Title = "I will design a \"minimalist\" logo — fast",
        CategoryId = 3,
        SubcategoryId = 7,
        Attributes = new() { ["logo-style"] = ["Minimalist", "Vintage"], ["file-format"] = ["SVG"] },
        Tags = ["logo", "brand identity"],
        Description = "**Clean** marks.\nUnicode: café, 日本, emoji 🎨.",
        Faq = [new FaqItem("Do you do revisions?", "Yes, *three*."), new FaqItem("Sources?", "SVG and AI.")],
        Requirements = [new RequirementQuestion("Your brand name?", RequirementKind.Text, true)],
        Gallery = [new GalleryImage("img1", 1200, 800, [400, 800, 1200])],
        PackageFeatures = ["Source file"],
        Packages = [new PackageOffer(PackageTier.Basic, "Basic", "One concept", 2500, 3, 2, [true])],
        Currency = "EUR",
    };

    [Fact]
    public void ReadsTheTextAndCategoryOfADocumentAsTheCatalogueWritesIt() =>
        AssertReadAs(Content, Content.ToJson());

    [Fact]
    public void ReadsTheSameFromADocumentWhoseFieldsAreInAnotherOrderOrMissing()
    {
        // Reading stops once every field is read, so one that comes late must still be found; a missing or
        // null one keeps its default and reading goes on to the end.
        var json = JsonNode.Parse(Content.ToJson())!.AsObject();
        var reordered = new JsonObject();
        foreach (var name in new[] { "packages", "faq", "gallery", "tags", "description", "requirements", "attributes", "extras", "subcategoryId", "currency", "packageFeatures", "categoryId", "title" })
        {
            reordered[name] = json[name]?.DeepClone();
        }

        AssertReadAs(Content, reordered.ToJsonString());

        reordered["subcategoryId"] = null;
        reordered.Remove("faq");
        AssertReadAs(Content with { SubcategoryId = null, Faq = [] }, reordered.ToJsonString());
    }

    [Fact]
    public void ADocumentThatIsNotAnObjectIsAnError()
    {
        Assert.ThrowsAny<JsonException>(() => IndexedContent.Read("[1, 2]"u8));
        Assert.ThrowsAny<JsonException>(() => IndexedContent.Read("{\"title\": 5}"u8));
    }

    private static void AssertReadAs(GigContent expected, string json)
    {
        var read = IndexedContent.Read(Encoding.UTF8.GetBytes(json));
        Assert.Equal(expected.Title, read.Title);
        Assert.Equal(expected.CategoryId, read.CategoryId);
        Assert.Equal(expected.SubcategoryId, read.SubcategoryId);
        Assert.Equal(expected.Attributes.OrderBy(a => a.Key).Select(a => (a.Key, string.Join('|', a.Value))), read.Attributes.OrderBy(a => a.Key).Select(a => (a.Key, string.Join('|', a.Value))));
        Assert.Equal(expected.Tags, read.Tags);
        Assert.Equal(expected.Description, read.Description);
        Assert.Equal(expected.Faq, read.Faq);
    }
}
