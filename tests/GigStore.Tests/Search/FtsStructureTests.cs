using GigStore.Search.Engines.Sqlite;
using Microsoft.Data.Sqlite;

namespace GigStore.Tests.Search;

/// <summary>FTS5's structure record as SQLite itself writes it.</summary>
public sealed class FtsStructureTests
{
    [Fact]
    public void ReadsWhatFts5WroteAndWritesItBackByteForByte()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE fts USING fts5(body); INSERT INTO fts(fts, rank) VALUES ('automerge', 0); INSERT INTO fts(fts, rank) VALUES ('hashsize', 67108864);");
        for (var i = 0; i < 5; i++)
        {
            // One transaction, one segment on the first level; the later ones are bigger (larger page numbers).
            Execute(connection, $"INSERT INTO fts(body) {Numbers(1 + (i * 30_000))} SELECT 'word' || value || ' shared text' FROM n;");
        }

        var record = SqliteIndexFile.ReadStructure(connection);
        var structure = FtsStructure.Read(record);

        Assert.NotNull(structure);
        Assert.Equal(5, structure.SegmentCount);
        Assert.Equal(5, Assert.Single(structure.Levels).Segments.Count);
        Assert.All(structure.Levels[0].Segments, s => Assert.True(s.Id > 0 && s.FirstPage >= 1 && s.LastPage >= s.FirstPage));
        Assert.Contains(structure.Levels[0].Segments, s => s.LastPage - s.FirstPage > 127); // page numbers of two varint bytes
        Assert.Equal(record, structure.ToRecord());
        Assert.Null(structure.WithLoneSegmentOnItsLevel(4));
    }

    [Fact]
    public void ALoneSegmentMovedUpIsAnIndexFts5ReadsAndKeepsWritingTo()
    {
        var path = Path.Combine(Path.GetTempPath(), "gigstore-fts-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var writer = Open(path))
            {
                Execute(writer, $"CREATE VIRTUAL TABLE fts USING fts5(body); INSERT INTO fts(body) {Numbers(3_000)} SELECT 'word' || value || ' shared' FROM n;");
                var raised = FtsStructure.Read(SqliteIndexFile.ReadStructure(writer))!.WithLoneSegmentOnItsLevel(4);
                Assert.NotNull(raised);
                Assert.Null(raised.WithLoneSegmentOnItsLevel(4));
                using var update = writer.CreateCommand();
                update.CommandText = $"UPDATE fts_data SET block = $block WHERE id = {FtsStructure.RowId}";
                update.Parameters.AddWithValue("$block", raised.ToRecord());
                update.ExecuteNonQuery();
            }

            using var connection = Open(path);
            var structure = FtsStructure.Read(SqliteIndexFile.ReadStructure(connection))!;
            var segment = Assert.Single(structure.Levels[^1].Segments);
            var pages = segment.LastPage - segment.FirstPage + 1;
            Assert.True(pages > 4, $"{pages} leaf pages");
            Assert.Equal(Math.Ceiling(Math.Log(pages, 4)), structure.Levels.Count - 1);
            Assert.All(structure.Levels.SkipLast(1), l => Assert.Empty(l.Segments));
            Execute(connection, "INSERT INTO fts(body) VALUES ('word9999 shared'); INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0);");
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM fts WHERE fts MATCH 'shared'";
            Assert.Equal(3001L, count.ExecuteScalar());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(16, 2)]
    [InlineData(17, 3)]
    [InlineData(125_000, 9)] // a million gigs
    public void ALoneSegmentGoesToTheLevelOfItsSize(int pages, int level)
    {
        var structure = new FtsStructure(7, 3, [new FtsStructure.Level(0, [new FtsStructure.Segment(1, 1, pages)])]);
        var placed = structure.WithLoneSegmentOnItsLevel(4);
        Assert.NotNull(placed);
        Assert.Equal(level + 1, placed.Levels.Count);
        Assert.Equal(new FtsStructure.Segment(1, 1, pages), Assert.Single(placed.Levels[level].Segments));
        Assert.Equal(placed.ToRecord(), FtsStructure.Read(placed.ToRecord())!.ToRecord());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 1, 0xFF, 0x00, 0x00, 0x01, 1, 1, 0, 0, 1, 1, 1, 5 })] // the V2 layout
    [InlineData(new byte[] { 0, 0, 0, 1, 1, 2, 0, 0, 1, 1, 1, 5 })] // says two segments, lists one
    [InlineData(new byte[] { 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 5, 9 })] // a byte left over
    [InlineData(new byte[] { 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 6, 5 })] // last page before the first
    [InlineData(new byte[] { 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0x85 })] // cut inside a varint
    public void AnythingElseIsNotRead(byte[] record) => Assert.Null(FtsStructure.Read(record));

    /// <summary>A table <c>n</c> of the numbers 1 to <paramref name="count"/> in column <c>value</c>.</summary>
    private static string Numbers(int count) => $"WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < {count})";

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
