using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace GigStore.Shell.Data;

/// <summary>
/// Wakes a writer waiting for a tenant database's write lock when the lock is released, instead of letting it sleep.
/// SQLite has one writer per database file; a connection that finds the lock taken calls its busy handler, and
/// SQLite's own (busy_timeout) sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries whatever the holder does. Write
/// transactions here take well under a millisecond, so under concurrent checkouts waiters slept far longer than the
/// lock was held: both cores sat a fifth idle while requests waited, and the slowest waited 25–100 ms.
/// This busy handler waits on the file's own signal instead, which the WAL hook raises after every commit, once the
/// lock is free (SQLite calls it then); a rollback raises nothing, so a waiter also tries again after at most
/// <see cref="LongestNap"/>. The WAL hook replaces SQLite's automatic checkpoint, so it checkpoints as that did, once
/// the log holds <see cref="CheckpointPages"/> pages. A writer in another process (a command-line tool) still commits
/// without raising the signal here; its waiters then try again every <see cref="LongestNap"/>.
/// After <see cref="GiveUpAfter"/> a waiter gives up and its statement fails with SQLITE_BUSY, as busy_timeout did.
/// </summary>
internal static class SqliteWriterWakeup
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    /// <summary>The longest a waiter waits for a signal before trying again anyway.</summary>
    public static readonly TimeSpan LongestNap = TimeSpan.FromMilliseconds(2);

    /// <summary>SQLite's default for automatic checkpoints (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).</summary>
    public const int CheckpointPages = 1000;

    private const string Library = "e_sqlite3";

    // Kept in static fields: native code holds pointers to these delegates for the life of the process.
    private static readonly BusyHandler Busy = OnBusy;
    private static readonly WalHook Committed = OnCommitted;
    private static readonly IntPtr BusyPointer = Marshal.GetFunctionPointerForDelegate(Busy);
    private static readonly IntPtr CommittedPointer = Marshal.GetFunctionPointerForDelegate(Committed);

    /// <summary>One per database file for the life of the process (a handful of tenants); the native hooks get its handle.</summary>
    private static readonly ConcurrentDictionary<string, IntPtr> Files = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static long _waitingSince;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr file, int count);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int WalHook(IntPtr file, IntPtr db, IntPtr databaseName, int pages);

    /// <summary>Installs the busy handler and the WAL hook on an open connection to a database file in WAL mode.</summary>
    public static void Attach(SqliteConnection connection)
    {
        var handle = connection.Handle?.DangerousGetHandle() ?? throw new InvalidOperationException("The connection is not open.");
        var file = Files.GetOrAdd(
            Path.GetFullPath(connection.DataSource),
            static _ => GCHandle.ToIntPtr(GCHandle.Alloc(new WriteLockSignal())));
        Check(sqlite3_busy_handler(handle, BusyPointer, file), "sqlite3_busy_handler");
        sqlite3_wal_hook(handle, CommittedPointer, file);
    }

    private static int OnBusy(IntPtr file, int count)
    {
        try
        {
            var now = Stopwatch.GetTimestamp();
            if (count == 0)
            {
                _waitingSince = now;
            }
            else if (Stopwatch.GetElapsedTime(_waitingSince, now) >= GiveUpAfter)
            {
                return 0;
            }

            ((WriteLockSignal)GCHandle.FromIntPtr(file).Target!).Wait(LongestNap);
            return 1;
        }
        catch
        {
            // Nothing may unwind into SQLite; giving up makes the statement fail with SQLITE_BUSY.
            return 0;
        }
    }

    private static int OnCommitted(IntPtr file, IntPtr db, IntPtr databaseName, int pages)
    {
        try
        {
            if (pages >= CheckpointPages)
            {
                // What SQLite's automatic checkpoint did (a passive checkpoint, after the lock is released); a busy
                // checkpoint is simply left to a later commit, as SQLite does.
                sqlite3_wal_checkpoint(db, databaseName);
            }

            ((WriteLockSignal)GCHandle.FromIntPtr(file).Target!).Released();
        }
        catch
        {
            // Nothing may unwind into SQLite; waiters try again after their nap.
        }

        return 0;
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed with SQLite error {result}.");
        }
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_busy_handler(IntPtr db, IntPtr handler, IntPtr argument);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr sqlite3_wal_hook(IntPtr db, IntPtr hook, IntPtr argument);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_wal_checkpoint(IntPtr db, IntPtr databaseName);

    /// <summary>Waiters sleep on it until a commit releases the lock (all of them wake: one wins, the rest wait again).</summary>
    private sealed class WriteLockSignal
    {
        private readonly object _gate = new();
        private int _waiting;

        public void Wait(TimeSpan longest)
        {
            lock (_gate)
            {
                _waiting++;
                try
                {
                    Monitor.Wait(_gate, longest);
                }
                finally
                {
                    _waiting--;
                }
            }
        }

        public void Released()
        {
            // Most commits find nobody waiting: no lock taken for them.
            if (Volatile.Read(ref _waiting) == 0)
            {
                return;
            }

            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }
}
