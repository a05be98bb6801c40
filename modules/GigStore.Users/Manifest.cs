using GigStore.Modules;
using GigStore.Users.Contracts;

[assembly: Module(Name = "Users", Description = "Accounts, sign-in, roles and lockout, per tenant.", Category = "Security")]
[assembly: Feature(UsersFeatures.Users, Name = "Users", Description = "Accounts, sign-in and sign-out, password change, lockout after repeated failures, roles Administrator, Seller and Buyer.", IsAlwaysEnabled = true)]
[assembly: Feature(UsersFeatures.Registration, Name = "Registration", Description = "Lets visitors create their own buyer or seller account.", Dependencies = [UsersFeatures.Users])]
