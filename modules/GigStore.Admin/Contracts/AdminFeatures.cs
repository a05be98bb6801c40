namespace GigStore.Admin.Contracts;

public static class AdminFeatures
{
    public const string Admin = "GigStore.Admin";
}
