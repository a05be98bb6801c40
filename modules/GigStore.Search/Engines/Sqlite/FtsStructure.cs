namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// FTS5's structure record — row 10 of its <c>_data</c> table — which lists the segments (b-trees) that
/// make up the index, level by level of its merge tree. A rebuild reads it to see how its build ended, and
/// rewrites it for one thing only: to move the one segment it built to the level its size belongs on
/// (<see cref="WithLoneSegmentOnItsLevel"/>; see <see cref="SqliteIndexFile"/>).
/// <para>
/// The layout, from SQLite's fts5_index.c ("Structure Records"), is stable on disk because every later
/// SQLite must read the indexes earlier ones wrote: a 4-byte cookie, then SQLite varints — number of
/// levels, number of segments, the write counter, and for each level the number of its segments in an
/// ongoing merge, its number of segments and, oldest first, each segment's id and first and last leaf page.
/// A record in the V2 layout (written once a table uses contentless-delete or secure-delete, which the
/// index does not: a marker after the cookie and more fields per segment) or anything that does not add up
/// is not read: <see cref="Read"/> returns null, and the rebuild merges with <c>optimize</c> and leaves the
/// index on level 1, where it stalls a later write (see <see cref="WithLoneSegmentOnItsLevel"/>).
/// FtsStructureTests fail if the bundled SQLite ever writes the index's record in another layout.
/// </para>
/// </summary>
internal sealed record FtsStructure(uint Cookie, ulong WriteCounter, IReadOnlyList<FtsStructure.Level> Levels)
{
    /// <summary>The row of the <c>_data</c> table that holds the record.</summary>
    public const long RowId = 10;

    public sealed record Level(int Merging, IReadOnlyList<Segment> Segments);

    public readonly record struct Segment(int Id, int FirstPage, int LastPage);

    public int SegmentCount => Levels.Sum(l => l.Segments.Count);

    /// <summary>The structure in <paramref name="record"/>, or null if it is not a V1 record that adds up.</summary>
    public static FtsStructure? Read(ReadOnlySpan<byte> record)
    {
        if (record.Length < 4)
        {
            return null;
        }

        var cookie = (uint)(record[0] << 24 | record[1] << 16 | record[2] << 8 | record[3]);
        if (record[4..].StartsWith((ReadOnlySpan<byte>)[0xFF, 0x00, 0x00, 0x01]))
        {
            return null;
        }

        var at = 4;
        if (!TryVarint(record, ref at, out var levelCount) || !TryVarint(record, ref at, out var segmentCount) || !TryVarint(record, ref at, out var writeCounter)
            || levelCount is 0 or > MaxLevels || segmentCount > 2_000)
        {
            return null;
        }

        var levels = new List<Level>((int)levelCount);
        for (var l = 0UL; l < levelCount; l++)
        {
            if (!TryVarint(record, ref at, out var merging) || !TryVarint(record, ref at, out var count) || merging > count || count > segmentCount)
            {
                return null;
            }

            var segments = new List<Segment>((int)count);
            for (var s = 0UL; s < count; s++)
            {
                if (!TryVarint(record, ref at, out var id) || !TryVarint(record, ref at, out var first) || !TryVarint(record, ref at, out var last)
                    || id is 0 or > int.MaxValue || first is 0 || last < first || last > int.MaxValue)
                {
                    return null;
                }

                segments.Add(new Segment((int)id, (int)first, (int)last));
            }

            levels.Add(new Level((int)merging, segments));
        }

        var structure = new FtsStructure(cookie, writeCounter, levels);
        return at == record.Length && (ulong)structure.SegmentCount == segmentCount ? structure : null;
    }

    /// <summary>FTS5 has 64 levels (FTS5_MAX_LEVEL).</summary>
    public const int MaxLevels = 64;

    /// <summary>
    /// The same index with its one segment moved to the level its size belongs on, or null when the
    /// structure is anything else (more segments, a merge under way) or the segment is there already.
    /// With automerge at <paramref name="mergeWidth"/>, FTS5 merges that many segments of a level into one
    /// on the next, so a segment grown from small writes to <c>P</c> leaf pages sits on level log(P) to that
    /// base. Put there, the segment is merged again only once later writes have added about as much to
    /// the levels below it; left lower, it is merged with the first small segments, and the incremental
    /// merge, paced for small segments, is finished inside one write when a level fills up (16 s at a
    /// million gigs, 240 single-gig writes after a rebuild on level 1).
    /// </summary>
    public FtsStructure? WithLoneSegmentOnItsLevel(int mergeWidth)
    {
        if (SegmentCount != 1 || Levels.Any(l => l.Merging > 0))
        {
            return null;
        }

        var current = Levels.Select((l, i) => (l, i)).First(x => x.l.Segments.Count == 1);
        var segment = current.l.Segments[0];
        var pages = segment.LastPage - segment.FirstPage + 1.0;
        var target = Math.Clamp((int)Math.Ceiling(Math.Log(pages, mergeWidth)), 1, MaxLevels - 1);
        if (target == current.i && Levels.Count == target + 1)
        {
            return null;
        }

        var levels = Enumerable.Range(0, target + 1).Select(i => new Level(0, i == target ? [segment] : [])).ToList();
        return this with { Levels = levels };
    }

    public byte[] ToRecord()
    {
        var bytes = new List<byte>(64) { (byte)(Cookie >> 24), (byte)(Cookie >> 16), (byte)(Cookie >> 8), (byte)Cookie };
        Varint(bytes, (ulong)Levels.Count);
        Varint(bytes, (ulong)SegmentCount);
        Varint(bytes, WriteCounter);
        foreach (var level in Levels)
        {
            Varint(bytes, (ulong)level.Merging);
            Varint(bytes, (ulong)level.Segments.Count);
            foreach (var segment in level.Segments)
            {
                Varint(bytes, (ulong)segment.Id);
                Varint(bytes, (ulong)segment.FirstPage);
                Varint(bytes, (ulong)segment.LastPage);
            }
        }

        return [.. bytes];
    }

    /// <summary>SQLite's varint: big-endian groups of 7 bits, the high bit set on every byte but the last; a ninth byte carries 8 bits.</summary>
    private static bool TryVarint(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 9; i++)
        {
            if (at >= data.Length)
            {
                return false;
            }

            var b = data[at++];
            if (i == 8)
            {
                value = value << 8 | b;
                return true;
            }

            value = value << 7 | (uint)(b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return true;
    }

    private static void Varint(List<byte> bytes, ulong value)
    {
        if (value > 0x00FF_FFFF_FFFF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The structure record's numbers are far below 2^56.");
        }

        Span<byte> groups = stackalloc byte[8];
        var n = 0;
        do
        {
            groups[n++] = (byte)(value & 0x7F);
            value >>= 7;
        }
        while (value != 0);

        for (var i = n - 1; i >= 0; i--)
        {
            bytes.Add((byte)(groups[i] | (i > 0 ? 0x80 : 0)));
        }
    }
}
