using GigStore.Admin.Contracts;
using GigStore.Modules;
using GigStore.Users.Contracts;

[assembly: Module(Name = "Admin", Description = "The tenant's admin area: dashboard, features, branding and theme.", Category = "Infrastructure")]
[assembly: Feature(AdminFeatures.Admin, Name = "Admin", Description = "Dashboard, feature switches, site name, logo, accent colour and theme.", IsAlwaysEnabled = true, Dependencies = [UsersFeatures.Users])]
