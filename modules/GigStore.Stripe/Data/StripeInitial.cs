using GigStore.Shell.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Stripe.Data;

[DbContext(typeof(StripeDb))]
[Migration("20261202000100_StripeInitial")]
internal sealed class StripeInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Stripe_Settings",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                SecretKey = table.Column<string>(maxLength: 2000, nullable: true),
                ApiBaseUrl = table.Column<string>(maxLength: 500, nullable: true),
                UpdatedUtc = table.Column<DateTimeOffset>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Stripe_Settings", x => x.Id));
        migrationBuilder.CreateTable(
            name: "Stripe_WebhookSecrets",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                Secret = table.Column<string>(maxLength: 2000, nullable: false),
                AddedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Stripe_WebhookSecrets", x => x.Id));

        // The event id is the key: two deliveries of one event racing each other cannot both be recorded.
        migrationBuilder.CreateTable(
            name: "Stripe_ProcessedEvents",
            columns: table => new
            {
                EventId = table.Column<string>(maxLength: 255, nullable: false),
                Type = table.Column<string>(maxLength: 100, nullable: false),
                Reference = table.Column<string>(maxLength: 255, nullable: true),
                Outcome = table.Column<string>(maxLength: 40, nullable: true),
                ProcessedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Stripe_ProcessedEvents", x => x.EventId));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Stripe_Settings");
        migrationBuilder.DropTable("Stripe_WebhookSecrets");
        migrationBuilder.DropTable("Stripe_ProcessedEvents");
    }
}
