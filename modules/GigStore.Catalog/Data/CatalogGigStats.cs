using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Catalog.Data;

/// <summary>
/// What buyers rank and filter gigs by besides their content: a gig's rating, review count and
/// completed orders, and the seller's level. Orders and reviews (issue 6) keep them up to date.
/// </summary>
[DbContext(typeof(CatalogDb))]
[Migration("20261122000700_CatalogGigStats")]
internal sealed class CatalogGigStats : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<double>("RatingAverage", "Catalog_Gigs", nullable: false, defaultValue: 0d);
        migrationBuilder.AddColumn<int>("ReviewCount", "Catalog_Gigs", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>("OrdersCompleted", "Catalog_Gigs", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<string>("Level", "Catalog_Sellers", maxLength: 20, nullable: false, defaultValue: nameof(SellerLevel.New));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("RatingAverage", "Catalog_Gigs");
        migrationBuilder.DropColumn("ReviewCount", "Catalog_Gigs");
        migrationBuilder.DropColumn("OrdersCompleted", "Catalog_Gigs");
        migrationBuilder.DropColumn("Level", "Catalog_Sellers");
    }
}
