using GigStore.Modules;
using GigStore.Users.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Users.Admin;

public sealed record UserRow(string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsLockedOut, DateTimeOffset CreatedUtc);

public sealed record UsersPage(IReadOnlyList<UserRow> Users, string? Query, int Total);

[Admin]
[Route("admin/users")]
public sealed class UsersAdminController(UsersDb db, TimeProvider clock) : Controller
{
    private const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var normalized = q.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(normalized) || u.DisplayName.ToUpper().Contains(normalized));
        }

        var total = await query.CountAsync(ct);
        var users = await query.OrderBy(u => u.NormalizedEmail).Take(PageSize).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var rows = users.Select(u => new UserRow(
            u.Email!,
            u.DisplayName,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order()],
            u.LockoutEnd is { } end && end > now,
            u.CreatedUtc)).ToList();
        return View(new UsersPage(rows, q, total));
    }
}
