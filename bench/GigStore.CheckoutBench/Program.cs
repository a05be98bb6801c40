using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

// Checkout benchmark (BENCHMARKS.md, "Checkout"): against a running store with the marketplace recipe and the
// test provider, BUYERS buyers each buy one gig after another for DURATION seconds: add to cart (answered with
// the priced cart), POST
// /api/checkout (timed; its Server-Timing header gives the store's time apart from the provider's call), the
// test card form, and the confirmation. Then every buyer's orders are counted against the purchases that
// completed: a duplicate or a lost order is reported.
// With --server-pid (the store's process on this machine) it also reports the store's CPU time per checkout and how
// idle the machine's cores were while it measured, from /proc: a figure less sensitive to a noisy machine than checkouts/s.
//   GigStore.CheckoutBench --url http://127.0.0.1:5182 [--buyers 50] [--duration 30] [--warmup 40] [--server-pid N]
var options = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
var url = options.GetValueOrDefault("url", "http://127.0.0.1:5182").TrimEnd('/');
var buyerCount = int.Parse(options.GetValueOrDefault("buyers", "50"), CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("duration", "30"), CultureInfo.InvariantCulture));
var warmup = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("warmup", "40"), CultureInfo.InvariantCulture));
int? serverPid = options.TryGetValue("server-pid", out var pidText) ? int.Parse(pidText, CultureInfo.InvariantCulture) : null;

// Sign-up is rate limited per client address (30 a minute): buyers come from several loopback addresses.
var buyers = new List<Buyer>();
var run = Guid.NewGuid().ToString("N")[..8];
Console.Error.Write($"registering {buyerCount} buyers ");
await Parallel.ForEachAsync(Enumerable.Range(0, buyerCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
{
    var buyer = new Buyer(url, IPAddress.Parse($"127.0.{1 + i / 20}.{1 + i % 20}"));
    await buyer.RegisterAsync($"bench-{run}-{i}@buyers.test");
    lock (buyers)
    {
        buyers.Add(buyer);
    }

    Console.Error.Write('.');
});
Console.Error.WriteLine();

var gigs = await buyers[0].GigIdsAsync();
Console.Error.WriteLine($"{gigs.Count} gigs to buy from; warm-up {warmup.TotalSeconds:0} s, then {duration.TotalSeconds:0} s measured");

var serverTimes = new ConcurrentBag<double>();
var providerTimes = new ConcurrentBag<double>();
var latencies = new ConcurrentBag<double>();
long completed = 0, failures = 0;
var started = Stopwatch.StartNew();
var end = warmup + duration;
var cpu = Task.Run(async () =>
{
    await Task.Delay(warmup);
    var before = CpuSample.Take(serverPid);
    await Task.Delay(duration);
    return CpuSample.Take(serverPid) - before;
});
await Task.WhenAll(buyers.Select((buyer, i) => Task.Run(async () =>
{
    var random = new Random(i);
    while (started.Elapsed < end)
    {
        try
        {
            var timing = await buyer.BuyAsync(gigs[random.Next(gigs.Count)]);
            if (started.Elapsed >= warmup && started.Elapsed < end)
            {
                serverTimes.Add(timing.Server);
                providerTimes.Add(timing.Provider);
                latencies.Add(timing.Latency);
                Interlocked.Increment(ref completed);
            }
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref failures);
            Console.Error.WriteLine($"buyer {i}: {ex.Message}");
        }
    }
})));

// Every purchase that completed is exactly one order of its buyer: none twice, none missing.
long duplicates = 0, lost = 0;
foreach (var buyer in buyers)
{
    var orders = await buyer.OrderCountAsync();
    duplicates += Math.Max(0, orders - buyer.Completed);
    lost += Math.Max(0, buyer.Completed - orders);
}

string P(ConcurrentBag<double> values, double q)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? "-" : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)].ToString("0.0", CultureInfo.InvariantCulture);
}

Console.WriteLine($"checkouts {completed} in {duration.TotalSeconds:0} s: {completed / duration.TotalSeconds:0.0}/s  buyers {buyerCount}  failures {failures}");
Console.WriteLine($"checkout API server time without the provider (ms): p50 {P(serverTimes, .5)}  p95 {P(serverTimes, .95)}  p99 {P(serverTimes, .99)}  max {P(serverTimes, 1)}");
Console.WriteLine($"provider start (test provider, ms): p50 {P(providerTimes, .5)}  p95 {P(providerTimes, .95)}");
Console.WriteLine($"checkout API round trip (ms): p50 {P(latencies, .5)}  p95 {P(latencies, .95)}  p99 {P(latencies, .99)}");
if (serverPid is not null && completed > 0)
{
    var used = await cpu;
    Console.WriteLine($"store CPU per checkout: {used.ProcessSeconds * 1000 / completed:0.00} ms  ({used.ProcessSeconds / duration.TotalSeconds:0.00} cores busy, machine idle {100 * used.IdleShare:0}%)");
}

Console.WriteLine($"orders: {buyers.Sum(b => b.Completed)} purchases completed in all, duplicates {duplicates}, lost {lost}");
return duplicates + lost + failures == 0 ? 0 : 1;

internal sealed partial class Buyer
{
    private readonly HttpClient _http;

    public Buyer(string url, IPAddress from)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(url) };
    }

    /// <summary>Purchases that completed (the store answered the card form with the paid checkout's page).</summary>
    public int Completed { get; private set; }

    public async Task RegisterAsync(string email)
    {
        var token = await TokenAsync("/account/register");
        var response = await _http.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["DisplayName"] = email.Split('@')[0], ["Email"] = email, ["Password"] = "Bench-pass-123!", ["ConfirmPassword"] = "Bench-pass-123!", ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Registering {email} answered {(int)response.StatusCode}.");
        }
    }

    public async Task<List<int>> GigIdsAsync()
    {
        var list = (await _http.GetFromJsonAsync<JsonObject>("/api/gigs?pageSize=100"))!["items"]!.AsArray();
        return [.. list.Select(g => g!["id"]!.GetValue<int>())];
    }

    /// <summary>Buys one gig's Basic package with the test card; the checkout call's timings.</summary>
    public async Task<(double Server, double Provider, double Latency)> BuyAsync(int gigId)
    {
        // The cart API answers an added gig with the priced cart: its total is what the buyer agrees to.
        var added = (await _http.PostAsJsonAsync("/api/cart/items", new { gigId, package = "Basic", extras = Array.Empty<int>(), quantity = 1 })).EnsureSuccessStatusCode();
        var total = (await added.Content.ReadFromJsonAsync<JsonObject>())!["price"]!["total"]!["minor"]!.GetValue<long>();
        var clock = Stopwatch.StartNew();
        var response = await _http.PostAsJsonAsync("/api/checkout", new { country = "US", provider = "test", expectedTotalMinor = total });
        var latency = clock.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Checkout answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var timing = response.Headers.GetValues("Server-Timing").Single();
        var payUrl = (await response.Content.ReadFromJsonAsync<JsonObject>())!["redirectUrl"]!.GetValue<string>();
        var token = await TokenAsync(payUrl);
        var paid = await _http.PostAsync(payUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Number"] = "4242424242424242", ["Expiry"] = "12/40", ["Cvc"] = "123", ["__RequestVerificationToken"] = token,
        }));
        if (paid.StatusCode != HttpStatusCode.Redirect || paid.Headers.Location?.OriginalString.StartsWith("/checkout/", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"Paying answered {(int)paid.StatusCode}.");
        }

        Completed++;
        return (Duration(timing, "checkout"), Duration(timing, "provider"), latency);
    }

    /// <summary>All of this buyer's orders, page after page (the API's Link: rel="next").</summary>
    public async Task<int> OrderCountAsync()
    {
        var count = 0;
        for (string? page = "/api/orders"; page is not null;)
        {
            var response = (await _http.GetAsync(page)).EnsureSuccessStatusCode();
            count += (await response.Content.ReadFromJsonAsync<JsonArray>())!.Count;
            page = response.Headers.TryGetValues("Link", out var links) ? NextLink().Match(links.First()) is { Success: true } m ? m.Groups[1].Value : null : null;
        }

        return count;
    }

    private async Task<string> TokenAsync(string path)
    {
        var html = await _http.GetStringAsync(path);
        return WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);
    }

    private static double Duration(string header, string name) =>
        double.Parse(Regex.Match(header, name + @";dur=([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("<([^>]+)>; rel=\"next\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

/// <summary>CPU time from /proc: one process's (user + system) and the whole machine's idle and total, in seconds.</summary>
internal readonly record struct CpuSample(double ProcessSeconds, double IdleSeconds, double TotalSeconds)
{
    // Linux reports both files in clock ticks of USER_HZ, 100 a second on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public double IdleShare => TotalSeconds > 0 ? IdleSeconds / TotalSeconds : 0;

    public static CpuSample Take(int? pid)
    {
        if (pid is null)
        {
            return default;
        }

        // /proc/<pid>/stat: the name in parentheses may hold spaces, so fields are counted after its closing one
        // (utime and stime are fields 14 and 15, the 12th and 13th after it).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var process = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new CpuSample(process / TicksPerSecond, (machine[3] + machine[4]) / TicksPerSecond, machine.Take(8).Sum() / TicksPerSecond);
    }

    public static CpuSample operator -(CpuSample a, CpuSample b) =>
        new(a.ProcessSeconds - b.ProcessSeconds, a.IdleSeconds - b.IdleSeconds, a.TotalSeconds - b.TotalSeconds);
}
