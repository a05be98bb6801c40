using GigStore.Catalog.Contracts;
using GigStore.Media.Contracts;
using GigStore.Modules;
using GigStore.Users.Contracts;

[assembly: Module(Name = "Catalog", Description = "Categories, seller profiles and gigs with packages and extras.", Category = "Commerce")]
[assembly: Feature(CatalogFeatures.Gigs, Name = "Gigs", Description = "Sellers publish fixed-price gigs (up to three packages, extras, FAQ, requirements, gallery) in categories with their own attributes.", Dependencies = [UsersFeatures.Users, MediaFeatures.Images])]
[assembly: Feature(CatalogFeatures.Moderation, Name = "Gig moderation", Description = "New and edited gigs wait for an administrator's approval before they go live.", Dependencies = [CatalogFeatures.Gigs])]
