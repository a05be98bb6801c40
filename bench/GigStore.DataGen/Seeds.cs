namespace GigStore.DataGen;

/// <summary>
/// Independent random streams derived from the run's seed, so that each batch of gigs can be made
/// on any thread and the data still depends on the seed alone.
/// </summary>
internal static class Seeds
{
    public const int Assignment = 1;
    public const int Sellers = 2;
    public const int Gigs = 3;

    public static int For(int seed, int stream, long index = 0)
    {
        var x = Mix((ulong)(uint)seed ^ ((ulong)stream << 32));
        x = Mix(x ^ (ulong)index);
        return (int)(x & 0x7FFF_FFFF);
    }

    public static Random Random(int seed, int stream, long index = 0) => new(For(seed, stream, index));

    /// <summary>SplitMix64's finalizer.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Random picks the generator makes everywhere.</summary>
internal static class RandomExtensions
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    /// <summary>An index into <paramref name="weights"/>, each chosen in proportion to its weight.</summary>
    public static int Weighted(this Random random, IReadOnlyList<double> weights)
    {
        var total = 0d;
        foreach (var w in weights)
        {
            total += w;
        }

        var x = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    /// <summary><paramref name="count"/> different items in random order (all of them if there are fewer).</summary>
    public static List<T> Sample<T>(this Random random, IReadOnlyList<T> items, int count)
    {
        // The first draws of a Fisher–Yates shuffle, on indexes kept on the stack: this runs dozens of times per gig.
        var n = items.Count;
        count = Math.Min(count, n);
        Span<int> indexes = n <= 256 ? stackalloc int[n] : new int[n];
        for (var i = 0; i < n; i++)
        {
            indexes[i] = i;
        }

        var sample = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, n);
            (indexes[i], indexes[j]) = (indexes[j], indexes[i]);
            sample.Add(items[indexes[i]]);
        }

        return sample;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(this Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A long-tailed count: 0 with probability <paramref name="zero"/>, else a Pareto draw around <paramref name="scale"/>.</summary>
    public static int LongTail(this Random random, double zero, double scale, double alpha, int max)
    {
        if (random.Chance(zero))
        {
            return 0;
        }

        var x = scale * (Math.Pow(1 - random.NextDouble(), -1 / alpha) - 1) + 1;
        return (int)Math.Min(max, Math.Floor(x));
    }

    /// <summary>A version 4 GUID from this stream, so user ids repeat with the seed.</summary>
    public static string NextGuid(this Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
