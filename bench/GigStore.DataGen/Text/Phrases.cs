using GigStore.Catalog.Gigs;

namespace GigStore.DataGen.Text;

/// <summary>The words every kind of gig shares: who it is for, how the seller works, what they promise.</summary>
internal static class Phrases
{
    public static readonly string[] Adjectives =
    [
        "professional", "modern", "unique", "custom", "high quality", "stunning", "clean", "creative", "eye-catching", "premium", "affordable", "engaging",
        "expert", "fast", "elegant", "bold", "simple", "powerful", "beautiful", "original", "responsive", "polished", "outstanding", "reliable",
    ];

    /// <summary>What some sellers add to a title when it leaves room.</summary>
    public static readonly string[] TitleEndings =
    [
        "in 24 hours", "with unlimited revisions", "within 48 hours", "fast", "professionally", "at an affordable price", "with source files",
        "in 3 days", "for a fair price", "with free revisions", "from scratch", "that stands out",
    ];

    public static readonly string[] Audiences =
    [
        "your brand", "your business", "your startup", "your small business", "your company", "your online store", "your agency", "your YouTube channel",
        "your podcast", "your restaurant", "your SaaS", "your nonprofit", "your shop", "your website", "coaches and consultants", "real estate agents",
        "ecommerce brands", "local businesses", "your app", "your book", "your clinic", "your law firm", "your gym", "your bakery", "your coffee shop",
        "your event", "your church", "your school", "your hotel", "your salon", "your band", "your blog", "your product launch", "your Etsy shop",
        "your Amazon store", "your fitness brand", "your tech startup", "your construction company", "your real estate business", "your photography business",
    ];

    public static readonly string[] Industries =
    [
        "e-commerce", "SaaS", "real estate", "healthcare", "fitness", "education", "fintech", "hospitality", "fashion", "beauty", "travel", "gaming",
        "legal", "non-profit", "construction", "food and beverage", "automotive", "crypto", "coaching", "pet care",
    ];

    public static readonly string[] Qualities =
        ["clear", "consistent", "original", "polished", "reliable", "tailored to you", "easy to use", "professional", "on brand", "carefully checked", "ready to use", "built to last"];

    public static readonly string[] Hooks =
    [
        "Need someone to {0}?", "Looking for a freelancer who can {0}?", "Are you searching for someone to {0}?", "Want an expert to {0}?",
        "Hi! I am here to {0}.", "Welcome! In this gig I {0}.", "You are in the right place if you want me to {0}.",
    ];

    public static readonly string[] Offers =
    [
        "Every {0} I deliver is {1} and {2}, on time and with clear communication.",
        "My focus is simple: a {0} that works for {3}, delivered when I say it will be.",
        "You get a {0} that is {1}, {2} and made for {3}.",
        "I take care of the whole {0}, so you can focus on running {3}.",
    ];

    public static readonly string[] Experience =
    [
        "With {0} years of experience in {1}, I have completed more than {2} orders for clients in {3} and {4}.",
        "I have worked on {1} projects for {3} and {4} clients for {0} years.",
        "Since I started {0} years ago, {1} has been my full-time work, with {2}+ happy clients so far.",
    ];

    public static readonly string[][] Processes =
    [
        ["You share your brief and examples you like.", "I send a first draft within the delivery time.", "We refine it together until you are happy.", "You receive the final files, ready to use."],
        ["We agree on the goals and the scope.", "I get to work and keep you updated.", "You review the result and ask for changes.", "I deliver the final version with everything you need."],
        ["Send me your requirements after ordering.", "I ask questions if anything is unclear.", "You get a first version to review.", "I polish the details and deliver."],
        ["Tell me about your project and your deadline.", "I plan the work and confirm the details with you.", "I deliver on time, with a short summary.", "Revisions are quick and friendly."],
    ];

    public static readonly string[] Reasons =
    [
        "fast replies, honest timelines and revisions until it is right.", "clear communication and no surprises.", "I treat every project like my own business.",
        "on-time delivery, every time.", "friendly support, even after the order is complete.", "attention to detail that shows in the result.",
    ];

    public static readonly string[] Keywords =
        ["Whether you need {0}, {1} or {2}, I tailor the work to your goals.", "Typical projects: {0}, {1} and {2}.", "Clients come to me for {0}, {1} and {2}.", "I work on {0}, {1} and {2} every day."];

    public static readonly string[] Closings =
    [
        "Message me before ordering if you are not sure which package fits.", "Order now and let's get started!", "Feel free to contact me with any questions.",
        "Custom offers are available for larger projects.", "Looking forward to working with you!", "Have a look at the packages below and pick the one that fits.",
    ];

    public static readonly string[] Headings = ["What you get", "What is included", "In every order"];

    public static readonly string[] BasicNames = ["Basic", "Starter", "Essential", "Lite", "Bronze"];
    public static readonly string[] StandardNames = ["Standard", "Business", "Plus", "Silver", "Pro"];
    public static readonly string[] PremiumNames = ["Premium", "Ultimate", "Complete", "Gold", "Enterprise"];

    public static readonly string[] BasicDescriptions =
        ["The essentials: one {0}, done well.", "A simple {0} to get you started.", "Everything you need for a small project.", "One {0} with the basics covered."];

    public static readonly string[] StandardDescriptions =
        ["More options and the files you need for your {0}.", "A complete {0} with extra revisions.", "The most popular choice for growing businesses.", "A polished {0} with source files."];

    public static readonly string[] PremiumDescriptions =
    [
        "Everything included, priority support and unlimited revisions.", "The full package: {0}, extras and fast turnaround.", "For serious projects: the best {0} I can make.",
        "All features, priority delivery and support after the order.",
    ];

    public static readonly FaqItem[] Faq =
    [
        new("How do we start?", "Order a package, answer the questions, and I start as soon as I have what I need."),
        new("What if I need changes?", "Every package includes revisions; message me and I will adjust the work."),
        new("Can you work to a tight deadline?", "Often, yes. Message me first and add the fast delivery extra if it is offered."),
        new("Do you sign an NDA?", "Yes. Your project and files stay confidential."),
        new("Can I get a custom offer?", "Of course. Tell me what you need and I will send you an offer."),
        new("What do you need from me?", "The answers to the questions after ordering, and any files or examples you have."),
    ];

    public static readonly RequirementQuestion[] Requirements =
    [
        new("Describe what you need in a few sentences.", RequirementKind.Text, true),
        new("Do you have examples or files to share?", RequirementKind.File, false),
        new("Who is your target audience?", RequirementKind.Text, false),
        new("How soon do you need it?", RequirementKind.SingleChoice, true, ["As soon as possible", "Within a week", "No rush"]),
        new("Is there anything else I should know?", RequirementKind.Text, false),
    ];

    public static readonly string[] TaglineTemplates =
    [
        "{0} {1} for {2}", "{1} specialist, {3}+ years of experience", "I help {2} with {4}", "{0} {4}, delivered on time", "Your go-to expert for {4}",
    ];
}
