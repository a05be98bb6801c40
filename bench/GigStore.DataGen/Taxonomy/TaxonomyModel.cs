namespace GigStore.DataGen.Taxonomy;

/// <summary>
/// A category attribute the generator adds (when its category is new). <paramref name="KeepCase"/>: the
/// options are names (WordPress, Python) and keep their capitals inside a title.
/// </summary>
internal sealed record AttributeDef(string Key, string Name, string[] Options, bool MultiSelect = false, bool Required = false, bool KeepCase = false);

/// <summary>A question and answer a seller of this kind of gig often puts in the FAQ.</summary>
internal sealed record FaqDef(string Question, string Answer);

/// <summary>
/// A subcategory and what its gigs are made of. <paramref name="Titles"/> are templates: "{key}" is the
/// gig's value of that attribute (or one of <see cref="Attributes"/>' options when the tenant's
/// category has other attributes), "{adj}" an adjective and "{audience}" who it is for ("your brand").
/// <paramref name="Noun"/> names one delivery ("logo"), <paramref name="Deliverables"/> are short
/// (2–40 characters) and become package features and "What you get" bullets.
/// </summary>
internal sealed record SubcategoryDef(
    string Slug,
    string Name,
    string Description,
    string Noun,
    AttributeDef[] Attributes,
    string[] Titles,
    string[] Tags,
    string[] Deliverables,
    string[] Extras,
    FaqDef[] Faq);

/// <summary>
/// A top category. <paramref name="Weight"/> is its share of sellers, <paramref name="PriceFactor"/>
/// scales its prices (programming costs more than proofreading), <paramref name="Flavor"/> are
/// sentences about how its sellers work.
/// </summary>
internal sealed record TopCategoryDef(
    string Slug,
    string Name,
    string Description,
    double Weight,
    double PriceFactor,
    string[] Flavor,
    SubcategoryDef[] Subcategories);
