using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Catalog.Data;

/// <summary>
/// When each seller was last active, for "online now": a nullable column (existing sellers have never been
/// seen) and an index, since the online sellers are read as a range of it. Upgrades existing tenants in place.
/// </summary>
[DbContext(typeof(CatalogDb))]
[Migration("20261122000800_CatalogSellerLastSeen")]
internal sealed class CatalogSellerLastSeen : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>("LastSeenUtc", "Catalog_Sellers", nullable: true);
        migrationBuilder.CreateIndex("IX_Catalog_Sellers_LastSeenUtc", "Catalog_Sellers", "LastSeenUtc");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Catalog_Sellers_LastSeenUtc", "Catalog_Sellers");
        migrationBuilder.DropColumn("LastSeenUtc", "Catalog_Sellers");
    }
}
