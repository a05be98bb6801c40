using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Shell.Data;

/// <summary>The shell's own tables in each tenant database: enabled features, site settings and the email outbox.</summary>
public sealed class ShellDb(DbContextOptions<ShellDb> options) : DbContext(options)
{
    public const string HistoryTable = "__Migrations_Shell";

    public DbSet<ShellFeatureRow> Features => Set<ShellFeatureRow>();

    public DbSet<ShellSettingRow> Settings => Set<ShellSettingRow>();

    internal DbSet<ShellEmailRow> Emails => Set<ShellEmailRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ShellFeatureRow>(e =>
        {
            e.ToTable("Shell_Features");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(200);
        });
        modelBuilder.Entity<ShellSettingRow>(e =>
        {
            e.ToTable("Shell_Settings");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(200);
        });
        modelBuilder.Entity<ShellEmailRow>(e =>
        {
            e.ToTable("Shell_Emails");
            e.HasKey(x => x.Id);
            e.Property(x => x.ToAddress).HasMaxLength(ShellEmailRow.MaxAddressLength);
            e.Property(x => x.ToName).HasMaxLength(ShellEmailRow.MaxNameLength);
            e.Property(x => x.Subject).HasMaxLength(ShellEmailRow.MaxSubjectLength);
            e.Property(x => x.LastError).HasMaxLength(ShellEmailRow.MaxErrorLength);
            e.Property(x => x.ClaimToken).HasMaxLength(32);
            e.HasIndex(x => x.NextAttemptUtc);
            e.HasIndex(x => x.ClaimToken);
            e.HasIndex(x => x.SentUtc);
        });
    }
}

public sealed class ShellFeatureRow
{
    public string Id { get; set; } = "";
    public DateTimeOffset EnabledUtc { get; set; }
}

public sealed class ShellSettingRow
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>
/// An email in the outbox (<see cref="GigStore.Email.IEmailOutbox"/>). Due while <see cref="NextAttemptUtc"/> is set and
/// past; a sender claims it by writing its <see cref="ClaimToken"/> and an expiry, so no other node sends it
/// meanwhile. Sent and given-up emails have no next attempt.
/// </summary>
internal sealed class ShellEmailRow
{
    public const int MaxAddressLength = 254;
    public const int MaxNameLength = 200;
    public const int MaxSubjectLength = 500;
    public const int MaxErrorLength = 2000;

    public long Id { get; set; }
    public string ToAddress { get; set; } = "";
    public string? ToName { get; set; }
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    public DateTimeOffset CreatedUtc { get; set; }
    public DateTimeOffset? SentUtc { get; set; }

    /// <summary>Sending attempts made, successful or not.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptUtc { get; set; }
    public string? LastError { get; set; }
    public string? ClaimToken { get; set; }
    public DateTimeOffset? ClaimExpiresUtc { get; set; }
}

[DbContext(typeof(ShellDb))]
[Migration("20261122000000_ShellInitial")]
public sealed class ShellInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Shell_Features",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 200, nullable: false),
                EnabledUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Shell_Features", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Shell_Settings",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 200, nullable: false),
                Value = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Shell_Settings", x => x.Key));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Shell_Settings");
        migrationBuilder.DropTable("Shell_Features");
    }
}
