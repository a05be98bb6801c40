namespace GigStore.Users.Contracts;

public static class UsersFeatures
{
    public const string Users = "GigStore.Users";
    public const string Registration = "GigStore.Users.Registration";
}

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Seller = "Seller";
    public const string Buyer = "Buyer";

    public static readonly IReadOnlyList<string> All = [Administrator, Seller, Buyer];
}

public static class UsersRecipe
{
    /// <summary>RecipeValidationContext.Items key: Dictionary&lt;string email, string[] roles&gt; of users created earlier in the recipe.</summary>
    public const string DeclaredUsersKey = "users.declared";
}
