using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Catalog.Data;

/// <summary>Edits to a live gig can wait for review (moderation) while the live content stays: when they were submitted.</summary>
[DbContext(typeof(CatalogDb))]
[Migration("20261122000500_CatalogDraftReview")]
internal sealed class CatalogDraftReview : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>("DraftSubmittedUtc", "Catalog_Gigs", nullable: true);
        migrationBuilder.CreateIndex("IX_Catalog_Gigs_DraftSubmittedUtc", "Catalog_Gigs", "DraftSubmittedUtc");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Catalog_Gigs_DraftSubmittedUtc", "Catalog_Gigs");
        migrationBuilder.DropColumn("DraftSubmittedUtc", "Catalog_Gigs");
    }
}
