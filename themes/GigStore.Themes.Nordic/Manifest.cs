using GigStore.Modules;

[assembly: Theme("Nordic", Name = "Nordic", Description = "A cool, structured storefront: navy header, monospace headings, square bordered cards.")]
