using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Media.Data;

/// <summary>The Media module's first table: the users who uploaded each image. Written by hand; provider-neutral.</summary>
[DbContext(typeof(MediaDb))]
[Migration("20261122000400_MediaImageOwners")]
internal sealed class MediaImageOwners : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Media_ImageOwners",
            columns: table => new
            {
                ImageId = table.Column<string>(maxLength: 20, nullable: false),
                OwnerId = table.Column<string>(maxLength: 450, nullable: false),
                UploadedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Media_ImageOwners", x => new { x.ImageId, x.OwnerId }));
        migrationBuilder.CreateIndex("IX_Media_ImageOwners_OwnerId", "Media_ImageOwners", "OwnerId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Media_ImageOwners");
}
