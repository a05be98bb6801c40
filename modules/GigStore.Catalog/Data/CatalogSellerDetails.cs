using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Catalog.Data;

/// <summary>Seller profiles gain an avatar, skills, languages with level, country and response time. Upgrades existing tenants in place.</summary>
[DbContext(typeof(CatalogDb))]
[Migration("20261122000300_CatalogSellerDetails")]
internal sealed class CatalogSellerDetails : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("AvatarJson", "Catalog_Sellers", nullable: true);
        migrationBuilder.AddColumn<string>("SkillsJson", "Catalog_Sellers", nullable: false, defaultValue: "[]");
        migrationBuilder.AddColumn<string>("LanguagesJson", "Catalog_Sellers", nullable: false, defaultValue: "[]");
        migrationBuilder.AddColumn<string>("Country", "Catalog_Sellers", maxLength: 2, nullable: true);
        migrationBuilder.AddColumn<int>("ResponseTimeHours", "Catalog_Sellers", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "AvatarJson", "SkillsJson", "LanguagesJson", "Country", "ResponseTimeHours" })
        {
            migrationBuilder.DropColumn(column, "Catalog_Sellers");
        }
    }
}
