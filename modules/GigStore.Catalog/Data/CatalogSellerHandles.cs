using GigStore.Catalog.Sellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Catalog.Data;

/// <summary>
/// Seller handles: a unique handle per seller (existing sellers get one from their display name, the
/// way a new profile does) and the table of handles a seller had before, which keep redirecting.
/// Also each gig's cover image as a listing column, so cards need not read the gig's document.
/// Upgrades existing tenants in place.
/// </summary>
[DbContext(typeof(CatalogDb))]
[Migration("20261122000400_CatalogSellerHandles")]
internal sealed class CatalogSellerHandles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Handle", "Catalog_Sellers", maxLength: SellerHandles.MaxLength, nullable: false, defaultValue: "");
        migrationBuilder.Sql(BackfillHandlesSql());
        migrationBuilder.CreateIndex("IX_Catalog_Sellers_Handle", "Catalog_Sellers", "Handle", unique: true);

        migrationBuilder.CreateTable(
            name: "Catalog_SellerHandles",
            columns: table => new
            {
                Handle = table.Column<string>(maxLength: SellerHandles.MaxLength, nullable: false),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Catalog_SellerHandles", x => x.Handle));
        migrationBuilder.CreateIndex("IX_Catalog_SellerHandles_UserId", "Catalog_SellerHandles", "UserId");

        // The cover is the first gallery image of the live content, as GigService writes it on publish.
        migrationBuilder.AddColumn<string>("CoverJson", "Catalog_Gigs", nullable: true);
        var firstImage = migrationBuilder.IsNpgsql() ? """("LiveJson"::jsonb -> 'gallery' -> 0)::text"""
            : migrationBuilder.IsSqlite() ? """json_extract("LiveJson", '$.gallery[0]')"""
            : throw new NotSupportedException($"No cover backfill for {migrationBuilder.ActiveProvider}.");
        migrationBuilder.Sql($"""UPDATE "Catalog_Gigs" SET "CoverJson" = {firstImage} WHERE "LiveJson" IS NOT NULL;""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("CoverJson", "Catalog_Gigs");
        migrationBuilder.DropTable("Catalog_SellerHandles");
        migrationBuilder.DropIndex("IX_Catalog_Sellers_Handle", "Catalog_Sellers");
        migrationBuilder.DropColumn("Handle", "Catalog_Sellers");
    }

    /// <summary>
    /// One UPDATE that both SQLite and PostgreSQL run: it walks each display name character by character
    /// through the same mapping as <see cref="SellerHandles.Stem"/> (a VALUES table made from
    /// <see cref="SellerHandles.MappedChars"/>; any other character is a word break), trims the stem to
    /// <see cref="SellerHandles.StemLength"/>, and numbers sellers with the same stem by seniority: the
    /// first keeps the bare stem, the others get "_2", "_3", ... (a stem that cannot stand alone starts
    /// at "_1"), just as <see cref="SellerHandles.DeriveAsync"/> would have named them one by one.
    /// </summary>
    internal static string BackfillHandlesSql()
    {
        static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

        var map = string.Join(",\n    ", SellerHandles.MappedChars().Select(m => $"({Literal(m.Char.ToString())}, {Literal(m.Mapped)})"));
        var reserved = string.Join(", ", SellerHandles.Reserved.Order(StringComparer.Ordinal).Select(Literal));
        return $"""
            WITH RECURSIVE
            charmap(c, r) AS (VALUES
                {map}),
            walk(uid, dname, pos, acc) AS (
                SELECT "UserId", "DisplayName", 1, CAST('' AS TEXT) FROM "Catalog_Sellers"
                UNION ALL
                SELECT walk.uid, walk.dname, walk.pos + 1,
                    CASE
                        WHEN m.r IS NOT NULL THEN walk.acc || m.r
                        WHEN walk.acc = '' OR substr(walk.acc, length(walk.acc), 1) = '-' THEN walk.acc
                        ELSE walk.acc || '-'
                    END
                FROM walk LEFT JOIN charmap m ON m.c = substr(walk.dname, walk.pos, 1)
                WHERE walk.pos <= length(walk.dname)),
            trimmed(uid, stem) AS (
                SELECT uid, rtrim(substr(rtrim(acc, '-'), 1, {SellerHandles.StemLength}), '-') FROM walk WHERE pos = length(dname) + 1),
            stems(uid, stem) AS (
                SELECT uid, CASE WHEN stem = '' THEN 'seller' ELSE stem END FROM trimmed),
            numbered(uid, stem, n, alone) AS (
                SELECT stems.uid, stems.stem,
                    row_number() OVER (PARTITION BY stems.stem ORDER BY s."MemberSinceUtc", s."UserId"),
                    CASE WHEN length(stems.stem) >= {SellerHandles.MinLength} AND stems.stem NOT IN ({reserved}) THEN 1 ELSE 0 END
                FROM stems JOIN "Catalog_Sellers" s ON s."UserId" = stems.uid)
            UPDATE "Catalog_Sellers" SET "Handle" = (
                SELECT CASE WHEN numbered.alone = 1 AND numbered.n = 1 THEN numbered.stem ELSE numbered.stem || '_' || CAST(numbered.n AS TEXT) END
                FROM numbered WHERE numbered.uid = "Catalog_Sellers"."UserId");
            """;
    }
}
