using System.ComponentModel.DataAnnotations;
using GigStore.Recipes;
using GigStore.Users.Contracts;
using GigStore.Users.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GigStore.Users.Recipes;

public sealed record RoleEntry(string Name);

public sealed record RolesStep(RoleEntry[] Roles);

/// <summary><c>{ "name": "roles", "roles": [{ "name": "Seller" }] }</c> — creates the roles that do not exist yet.</summary>
internal sealed class RolesStepHandler : RecipeStepHandler<RolesStep>
{
    public const string DeclaredRolesKey = "users.roles";

    public override string StepName => "roles";

    public static HashSet<string> DeclaredRoles(RecipeValidationContext context)
    {
        if (!context.Items.TryGetValue(DeclaredRolesKey, out var roles))
        {
            roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            context.Items[DeclaredRolesKey] = roles;
        }

        return (HashSet<string>)roles;
    }

    protected override void Validate(RolesStep step, RecipeValidationContext context)
    {
        if (step.Roles.Length == 0)
        {
            context.AddError("roles", "list at least one role");
        }

        for (var i = 0; i < step.Roles.Length; i++)
        {
            var name = step.Roles[i].Name;
            if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
            {
                context.AddError($"roles[{i}].name", "must be 1–64 characters");
                continue;
            }

            DeclaredRoles(context).Add(name.Trim());
        }
    }

    protected override async Task ExecuteAsync(RolesStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var roles = context.Services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in step.Roles)
        {
            if (!await roles.RoleExistsAsync(role.Name.Trim()))
            {
                Check(await roles.CreateAsync(new IdentityRole(role.Name.Trim())));
            }
        }
    }

    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>A user to create. Without a password the account gets a random one and cannot sign in until it is reset (demo sellers).</summary>
public sealed record UserEntry(string Email, string? Password = null, string? DisplayName = null, string[]? Roles = null);

public sealed record UsersStep(UserEntry[] Users);

/// <summary>
/// <c>{ "name": "users", "users": [{ "email": "...", "password": "...", "displayName": "...", "roles": ["Administrator"] }] }</c>.
/// A user that already exists (by email) keeps its password and gets any missing roles.
/// </summary>
internal sealed class UsersStepHandler : RecipeStepHandler<UsersStep>
{
    private static readonly EmailAddressAttribute EmailCheck = new();

    public override string StepName => "users";

    /// <summary>Users an earlier users step of the same recipe creates (email → roles), for later steps to check against.</summary>
    public static Dictionary<string, string[]> DeclaredUsers(RecipeValidationContext context)
    {
        if (!context.Items.TryGetValue(UsersRecipe.DeclaredUsersKey, out var users))
        {
            users = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            context.Items[UsersRecipe.DeclaredUsersKey] = users;
        }

        return (Dictionary<string, string[]>)users;
    }

    protected override void Validate(UsersStep step, RecipeValidationContext context)
    {
        var users = context.Services.GetRequiredService<UserManager<GigUser>>();
        var roles = context.Services.GetRequiredService<RoleManager<IdentityRole>>();
        var declared = RolesStepHandler.DeclaredRoles(context);
        var existingRoles = roles.Roles.Select(r => r.Name!).ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (step.Users.Length == 0)
        {
            context.AddError("users", "list at least one user");
        }

        for (var i = 0; i < step.Users.Length; i++)
        {
            var user = step.Users[i];
            if (string.IsNullOrWhiteSpace(user.Email) || !EmailCheck.IsValid(user.Email) || user.Email.Length > 256)
            {
                context.AddError($"users[{i}].email", $"'{user.Email}' is not a valid email address");
            }
            else if (!seen.Add(user.Email))
            {
                context.AddError($"users[{i}].email", $"'{user.Email}' is listed twice");
            }
            else
            {
                DeclaredUsers(context)[user.Email] = user.Roles ?? [];
            }

            if (user.DisplayName is { Length: > 100 })
            {
                context.AddError($"users[{i}].displayName", "must be at most 100 characters");
            }

            if (user.Password is not null)
            {
                foreach (var validator in users.PasswordValidators)
                {
                    var result = validator.ValidateAsync(users, new GigUser { Email = user.Email, UserName = user.Email }, user.Password).GetAwaiter().GetResult();
                    if (!result.Succeeded)
                    {
                        context.AddError($"users[{i}].password", string.Join(" ", result.Errors.Select(e => e.Description)));
                    }
                }
            }

            foreach (var role in user.Roles ?? [])
            {
                if (!declared.Contains(role) && !existingRoles.Contains(role, StringComparer.OrdinalIgnoreCase))
                {
                    context.AddError($"users[{i}].roles", $"role '{role}' does not exist; add it in a roles step first");
                }
            }
        }
    }

    protected override async Task ExecuteAsync(UsersStep step, RecipeExecutionContext context, CancellationToken cancellationToken)
    {
        var users = context.Services.GetRequiredService<UserManager<GigUser>>();
        foreach (var entry in step.Users)
        {
            var user = await users.FindByEmailAsync(entry.Email);
            if (user is null)
            {
                user = new GigUser
                {
                    Email = entry.Email,
                    UserName = entry.Email,
                    EmailConfirmed = true,
                    DisplayName = entry.DisplayName?.Trim() ?? entry.Email.Split('@')[0],
                };
                RolesStepHandler.Check(entry.Password is null
                    ? await users.CreateAsync(user, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) + "aA1!")
                    : await users.CreateAsync(user, entry.Password));
            }

            var current = await users.GetRolesAsync(user);
            var missing = (entry.Roles ?? []).Where(r => !current.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
            {
                RolesStepHandler.Check(await users.AddToRolesAsync(user, missing));
            }
        }
    }
}
