using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GigStore.Users.Data;

public sealed class GigUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedUtc { get; set; } = DateTimeOffset.UtcNow;
}

public sealed class UsersDb(DbContextOptions<UsersDb> options) : IdentityDbContext<GigUser>(options)
{
    public const string HistoryTable = "__Migrations_Users";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<GigUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(100);
        });
    }
}
