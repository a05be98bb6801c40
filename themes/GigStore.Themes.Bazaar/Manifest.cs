using GigStore.Modules;

[assembly: Theme("Bazaar", Name = "Bazaar", Description = "A warm, friendly marketplace storefront: cream background, rounded cards, serif headings.")]
