using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Shell.Data;

/// <summary>The shell's own tables in each tenant database: enabled features and site settings.</summary>
public sealed class ShellDb(DbContextOptions<ShellDb> options) : DbContext(options)
{
    public const string HistoryTable = "__Migrations_Shell";

    public DbSet<ShellFeatureRow> Features => Set<ShellFeatureRow>();

    public DbSet<ShellSettingRow> Settings => Set<ShellSettingRow>();

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
