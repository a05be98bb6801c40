using GigStore.Shell.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Catalog.Data;

/// <summary>The outbox of buyer-visible gig changes (<see cref="GigChange"/>), empty on upgrade: followers start from a full rebuild.</summary>
[DbContext(typeof(CatalogDb))]
[Migration("20261122000600_CatalogGigChanges")]
internal sealed class CatalogGigChanges : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Catalog_GigChanges",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                GigId = table.Column<int>(nullable: false),
                ChangedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Catalog_GigChanges", x => x.Id);
                table.ForeignKey("FK_Catalog_GigChanges_Catalog_Gigs_GigId", x => x.GigId, "Catalog_Gigs", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Catalog_GigChanges_GigId", "Catalog_GigChanges", "GigId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Catalog_GigChanges");
}
