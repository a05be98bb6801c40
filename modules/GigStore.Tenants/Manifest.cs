using GigStore.Admin.Contracts;
using GigStore.Modules;

[assembly: Module(Name = "Tenants", Description = "The operator's tenant management.", Category = "Infrastructure")]
[assembly: Feature("GigStore.Tenants", Name = "Tenants", Description = "Create storefronts from recipes, disable and re-enable them. Default tenant only.", DefaultTenantOnly = true, Dependencies = [AdminFeatures.Admin])]
