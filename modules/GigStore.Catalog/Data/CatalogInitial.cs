using GigStore.Shell.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Catalog.Data;

/// <summary>Categories with their attributes, seller profiles, gigs and old gig slugs. Written by hand; provider-neutral.</summary>
[DbContext(typeof(CatalogDb))]
[Migration("20261122000200_CatalogInitial")]
internal sealed class CatalogInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Catalog_Categories",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                ParentId = table.Column<int>(nullable: true),
                Slug = table.Column<string>(maxLength: 80, nullable: false),
                Name = table.Column<string>(maxLength: 80, nullable: false),
                Description = table.Column<string>(maxLength: 500, nullable: false),
                Position = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Catalog_Categories", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Catalog_CategoryAttributes",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                CategoryId = table.Column<int>(nullable: false),
                Key = table.Column<string>(maxLength: 60, nullable: false),
                Name = table.Column<string>(maxLength: 80, nullable: false),
                MultiSelect = table.Column<bool>(nullable: false),
                Required = table.Column<bool>(nullable: false),
                OptionsJson = table.Column<string>(nullable: false),
                Position = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Catalog_CategoryAttributes", x => x.Id);
                table.ForeignKey("FK_Catalog_CategoryAttributes_Catalog_Categories_CategoryId", x => x.CategoryId, "Catalog_Categories", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Catalog_Sellers",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 100, nullable: false),
                Tagline = table.Column<string>(maxLength: 120, nullable: false),
                Bio = table.Column<string>(nullable: false),
                VacationMode = table.Column<bool>(nullable: false),
                MemberSinceUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Catalog_Sellers", x => x.UserId));

        migrationBuilder.CreateTable(
            name: "Catalog_Gigs",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                SellerId = table.Column<string>(nullable: false),
                Slug = table.Column<string>(maxLength: 100, nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                RejectionReason = table.Column<string>(nullable: true),
                Title = table.Column<string>(maxLength: 100, nullable: true),
                CategoryId = table.Column<int>(nullable: true),
                SubcategoryId = table.Column<int>(nullable: true),
                StartingPriceMinor = table.Column<long>(nullable: true),
                Currency = table.Column<string>(maxLength: 3, nullable: false),
                MinDeliveryDays = table.Column<int>(nullable: true),
                LiveJson = table.Column<string>(nullable: true),
                DraftJson = table.Column<string>(nullable: true),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
                UpdatedUtc = table.Column<DateTimeOffset>(nullable: false),
                PublishedUtc = table.Column<DateTimeOffset>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Catalog_Gigs", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Catalog_GigSlugs",
            columns: table => new
            {
                Slug = table.Column<string>(maxLength: 100, nullable: false),
                GigId = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Catalog_GigSlugs", x => x.Slug));

        migrationBuilder.CreateIndex("IX_Catalog_Categories_Slug", "Catalog_Categories", "Slug", unique: true);
        migrationBuilder.CreateIndex("IX_Catalog_Categories_ParentId", "Catalog_Categories", "ParentId");
        migrationBuilder.CreateIndex("IX_Catalog_CategoryAttributes_CategoryId_Key", "Catalog_CategoryAttributes", ["CategoryId", "Key"], unique: true);
        migrationBuilder.CreateIndex("IX_Catalog_Gigs_Slug", "Catalog_Gigs", "Slug", unique: true);
        migrationBuilder.CreateIndex("IX_Catalog_Gigs_SellerId", "Catalog_Gigs", "SellerId");
        migrationBuilder.CreateIndex("IX_Catalog_Gigs_State_CategoryId", "Catalog_Gigs", ["State", "CategoryId"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "Catalog_GigSlugs", "Catalog_Gigs", "Catalog_Sellers", "Catalog_CategoryAttributes", "Catalog_Categories" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
