using System.Text.Json;
using System.Text.Json.Serialization;

namespace GigStore.Catalog.Gigs;

[JsonConverter(typeof(JsonStringEnumConverter<PackageTier>))]
public enum PackageTier
{
    Basic,
    Standard,
    Premium,
}

[JsonConverter(typeof(JsonStringEnumConverter<RequirementKind>))]
public enum RequirementKind
{
    Text,
    SingleChoice,
    MultipleChoice,
    File,
}

public sealed record PackageOffer(PackageTier Tier, string Name, string Description, long PriceMinor, int DeliveryDays, int? Revisions, bool[] Features)
{
    /// <summary>Null revisions means unlimited.</summary>
    public bool UnlimitedRevisions => Revisions is null;
}

public sealed record GigExtra(string Title, long PriceMinor, int ExtraDays, string? Description = null, PackageTier[]? Tiers = null)
{
    /// <summary>Whether the extra can be added to the <paramref name="tier"/> package (no tiers: to every package).</summary>
    public bool AppliesTo(PackageTier tier) => Tiers is null || Tiers.Contains(tier);
}

public sealed record FaqItem(string Question, string Answer);

public sealed record RequirementQuestion(string Question, RequirementKind Kind, bool Required, string[]? Options = null);

public sealed record GalleryImage(string Id, int Width, int Height, int[] Widths);

/// <summary>What a seller writes about a gig: stored as a document, live and draft.</summary>
public sealed record GigContent
{
    public string Title { get; init; } = "";
    public int CategoryId { get; init; }
    public int? SubcategoryId { get; init; }
    public Dictionary<string, string[]> Attributes { get; init; } = [];
    public string[] Tags { get; init; } = [];
    public string Description { get; init; } = "";
    public FaqItem[] Faq { get; init; } = [];
    public RequirementQuestion[] Requirements { get; init; } = [];
    public GalleryImage[] Gallery { get; init; } = [];
    public string[] PackageFeatures { get; init; } = [];
    public PackageOffer[] Packages { get; init; } = [];
    public GigExtra[] Extras { get; init; } = [];
    public string Currency { get; init; } = "USD";

    /// <summary>How many of the gig a buyer may order at once (1: no quantity is offered).</summary>
    public int MaxQuantity { get; init; } = 1;

    /// <summary>The most a buyer may order at once, at least one (what the gig page offers and the cart accepts).</summary>
    [JsonIgnore]
    public int MostPerOrder => Math.Max(1, MaxQuantity);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static GigContent FromJson(string json) => JsonSerializer.Deserialize<GigContent>(json, Json)!;

    public long? StartingPriceMinor => Packages.Length == 0 ? null : Packages.Min(p => p.PriceMinor);

    public int? MinDeliveryDays => Packages.Length == 0 ? null : Packages.Min(p => p.DeliveryDays);
}
