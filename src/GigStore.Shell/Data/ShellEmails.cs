using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Shell.Data;

/// <summary>The email outbox (<see cref="ShellEmailRow"/>), empty on upgrade. Written by hand; provider-neutral.</summary>
[DbContext(typeof(ShellDb))]
[Migration("20261201000000_ShellEmails")]
internal sealed class ShellEmails : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Shell_Emails",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                ToAddress = table.Column<string>(maxLength: ShellEmailRow.MaxAddressLength, nullable: false),
                ToName = table.Column<string>(maxLength: ShellEmailRow.MaxNameLength, nullable: true),
                Subject = table.Column<string>(maxLength: ShellEmailRow.MaxSubjectLength, nullable: false),
                TextBody = table.Column<string>(nullable: false),
                HtmlBody = table.Column<string>(nullable: true),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
                SentUtc = table.Column<DateTimeOffset>(nullable: true),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptUtc = table.Column<DateTimeOffset>(nullable: true),
                LastError = table.Column<string>(maxLength: ShellEmailRow.MaxErrorLength, nullable: true),
                ClaimToken = table.Column<string>(maxLength: 32, nullable: true),
                ClaimExpiresUtc = table.Column<DateTimeOffset>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Shell_Emails", x => x.Id));
        migrationBuilder.CreateIndex("IX_Shell_Emails_NextAttemptUtc", "Shell_Emails", "NextAttemptUtc");
        migrationBuilder.CreateIndex("IX_Shell_Emails_ClaimToken", "Shell_Emails", "ClaimToken");
        migrationBuilder.CreateIndex("IX_Shell_Emails_SentUtc", "Shell_Emails", "SentUtc");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Shell_Emails");
}
