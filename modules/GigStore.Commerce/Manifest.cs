using GigStore.Catalog.Contracts;
using GigStore.Commerce.Contracts;
using GigStore.Modules;

[assembly: Module(Name = "Commerce", Description = "Cart, checkout (service fee, tax, coupons), payment providers and orders.", Category = "Commerce")]
[assembly: Feature(CommerceFeatures.Checkout, Name = "Checkout", Description = "Buyers put packages and extras in a cart and pay; an order per gig is created once the payment provider confirms the payment.", Dependencies = [CatalogFeatures.Gigs])]
[assembly: Feature(CommerceFeatures.TestPayments, Name = "Test payments", Description = "A clearly labelled test-mode card form that takes Stripe's test card numbers: for demo stores and trying the checkout without real money.", Dependencies = [CommerceFeatures.Checkout])]
