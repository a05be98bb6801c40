namespace GigStore.Tests;

/// <summary>A clock that moves only when told to: its time and its timestamps move together, from <paramref name="start"/>.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _elapsed;

    /// <summary>Starts at the present, to the second (so times round-trip through any database unchanged).</summary>
    public static ManualClock FromNow() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timestamps start a day in, so none is zero.</summary>
    public override long GetTimestamp() => TimeSpan.TicksPerDay + Interlocked.Read(ref _elapsed);

    public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Read(ref _elapsed));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _elapsed, by.Ticks);
}
