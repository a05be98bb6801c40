using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GigStore.Search.Engines.Sqlite;

/// <summary>
/// One statement prepared once on a connection and run for many rows, its values bound by position
/// straight into SQLite: for the index's writes of a million rows, where SqliteCommand looked every
/// parameter's name up again, boxed every number and copied every string into UTF-8 on each run (about a
/// tenth of a rebuild's time). Runs inside whatever transaction the connection has open.
/// </summary>
internal sealed class PreparedInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[4096];

    public PreparedInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    /// <summary>Parameters are numbered from 1 in the order they appear in the statement.</summary>
    public PreparedInsert Int(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public PreparedInsert Int(int index, long? value) => value is { } v ? Int(index, v) : Null(index);

    public PreparedInsert Real(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    /// <summary>Text as UTF-8 (the database's encoding), encoded into one reused buffer: SQLite copies a bound value at once.</summary>
    public PreparedInsert Text(int index, string? value)
    {
        if (value is null)
        {
            return Null(index);
        }

        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < most)
        {
            _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _utf8);
        return Check(raw.sqlite3_bind_text(_statement, index, _utf8.AsSpan(0, length)));
    }

    public PreparedInsert Null(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement with the values bound (each row binds every parameter again).</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _statement.Dispose();

    private PreparedInsert Check(int rc)
    {
        SqliteException.ThrowExceptionForRC(rc, _db);
        return this;
    }
}
