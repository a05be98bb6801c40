using GigStore.Commerce.Contracts;
using GigStore.Modules;
using GigStore.Stripe.Contracts;

[assembly: Module(Name = "Stripe", Description = "Stripe payments: hosted Checkout Sessions, signed webhooks, refunds.", Category = "Commerce")]
[assembly: Feature(StripeFeatures.Stripe, Name = "Stripe payments", Description = "Buyers pay on Stripe's hosted checkout page; orders are created when Stripe confirms the payment (webhook or server-side retrieval). Keys and webhook secrets are set per storefront.", Dependencies = [CommerceFeatures.Checkout])]
