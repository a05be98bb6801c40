namespace GigStore.Modules;

/// <summary>
/// The controller or action belongs to the admin area: it uses the admin theme and requires the
/// Administrator role.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AdminAttribute : Attribute;
