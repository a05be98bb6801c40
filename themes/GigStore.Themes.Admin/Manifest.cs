using GigStore.Modules;

[assembly: Theme("Admin", Name = "Admin", Description = "A dense, neutral admin theme with a side navigation for tables and forms.", IsAdminTheme = true)]
