using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Search.Data;

[DbContext(typeof(SearchDb))]
[Migration("20261122000100_SearchInitial")]
internal sealed class SearchInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Search_IndexState",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 100, nullable: true),
                LeaseExpiresUnixMs = table.Column<long>(nullable: false),
                LastIndexedUtc = table.Column<DateTimeOffset>(nullable: true),
                ChangesIndexed = table.Column<long>(nullable: false),
                RebuildRequested = table.Column<bool>(nullable: false),
                RebuiltUtc = table.Column<DateTimeOffset>(nullable: true),
                RebuildDocuments = table.Column<long>(nullable: false),
                RebuildMilliseconds = table.Column<long>(nullable: false),
                LastError = table.Column<string>(maxLength: 2000, nullable: true),
                LastErrorUtc = table.Column<DateTimeOffset>(nullable: true),
                FailedAttempts = table.Column<int>(nullable: false),
                NextAttemptUtc = table.Column<DateTimeOffset>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Search_IndexState", x => x.Id));
        migrationBuilder.CreateTable(
            name: "Search_Settings",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Json = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Search_Settings", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("Search_IndexState");
        migrationBuilder.DropTable("Search_Settings");
    }
}
