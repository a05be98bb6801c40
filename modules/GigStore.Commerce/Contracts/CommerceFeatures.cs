namespace GigStore.Commerce.Contracts;

public static class CommerceFeatures
{
    public const string Checkout = "GigStore.Commerce";
    public const string TestPayments = "GigStore.Commerce.TestPayments";
}
