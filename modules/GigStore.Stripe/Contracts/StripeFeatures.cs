namespace GigStore.Stripe.Contracts;

public static class StripeFeatures
{
    public const string Stripe = "GigStore.Stripe";
}
