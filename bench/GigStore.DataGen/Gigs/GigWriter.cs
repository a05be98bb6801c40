using Microsoft.Data.Sqlite;

namespace GigStore.DataGen.Gigs;

/// <summary>
/// Inserts gigs with one prepared statement, many rows per transaction. No Catalog_GigChanges rows: a
/// search index rebuild reads every gig anyway, and a million outbox rows would only be deleted again.
/// </summary>
internal sealed class GigWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SlugAllocator _slugs;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _values;
    private SqliteTransaction? _transaction;
    private int _inTransaction;

    public GigWriter(SqliteConnection connection, SlugAllocator slugs)
    {
        _connection = connection;
        _slugs = slugs;
        string[] columns =
        [
            "SellerId", "Slug", "State", "RejectionReason", "Title", "CategoryId", "SubcategoryId", "StartingPriceMinor", "Currency", "MinDeliveryDays",
            "LiveJson", "DraftJson", "CoverJson", "CreatedUtc", "UpdatedUtc", "PublishedUtc", "DraftSubmittedUtc", "Version", "RatingAverage", "ReviewCount", "OrdersCompleted",
        ];
        _insert = connection.CreateCommand();
        _insert.CommandText = $"""
            INSERT INTO "Catalog_Gigs" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
            VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))});
            """;
        _values = [.. columns.Select((_, i) => _insert.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" }))];
    }

    /// <summary>
    /// Writes the rows, committing every <paramref name="commitEvery"/> rows (and when <see cref="Flush"/>
    /// is called); <paramref name="written"/> hears the count written so far every thousand rows.
    /// </summary>
    public void Write(IReadOnlyList<GigRow> rows, int commitEvery, Action<long> written)
    {
        foreach (var row in rows)
        {
            if (_transaction is null)
            {
                _transaction = _connection.BeginTransaction();
                _insert.Transaction = _transaction;
            }

            Insert(row);
            _inTransaction++;
            Written++;
            if (_inTransaction >= commitEvery)
            {
                Flush();
            }

            if (Written % 1000 == 0)
            {
                written(Written);
            }
        }
    }

    /// <summary>Gigs written, committed or not.</summary>
    public long Written { get; private set; }

    /// <summary>Gigs written and committed.</summary>
    public long Committed { get; private set; }

    /// <summary>Commits what was written since the last commit.</summary>
    public void Flush()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        _inTransaction = 0;
        Committed = Written;
    }

    private void Insert(GigRow row)
    {
        object?[] values =
        [
            row.SellerId, _slugs.Allocate(row.SlugStem), row.State.ToString(), null, row.Title, row.CategoryId, row.SubcategoryId, row.StartingPriceMinor, row.Currency,
            row.MinDeliveryDays, row.LiveJson, row.DraftJson, row.CoverJson, SqliteValues.Date(row.CreatedUtc), SqliteValues.Date(row.UpdatedUtc),
            SqliteValues.Date(row.PublishedUtc), null, row.Version, row.Stats.RatingAverage, row.Stats.ReviewCount, row.Stats.OrdersCompleted,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            _values[i].Value = values[i] ?? DBNull.Value;
        }

        _insert.ExecuteNonQuery();
    }

    /// <summary>Rolls back what was not committed.</summary>
    public void Dispose()
    {
        _transaction?.Dispose();
        _insert.Dispose();
    }
}
