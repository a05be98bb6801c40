using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using GigStore.Bench;

// GigStore benchmark: runs the real host (bin/Release) as a child process on a fresh App_Data and measures
//   - cold start: process start until /health answers 200 (first start sets up the default tenant),
//   - tenant creation through the operator's admin form: POST round trip, and POST sent until /t/{prefix}/ answers 200,
//   - restart with all the created tenants: process start until /health and the last tenant's home page answer 200.
// Usage: dotnet run -c Release --project bench/GigStore.Bench -- [--tenants N] [--cold-starts K] [--repo PATH] [--timeout SECONDS]
var options = BenchOptions.Parse(args);
if (options is null)
{
    return 2;
}

var repo = options.Repo ?? RepoRoot.Find();
if (repo is null)
{
    Console.Error.WriteLine("Could not find the repository (a folder with GigStore.sln) above the current folder or the bench's output folder; pass --repo PATH.");
    return 2;
}

var hostDll = Path.Combine(repo, "src", "GigStore.Web", "bin", "Release", "net10.0", "GigStore.Web.dll");
if (!File.Exists(hostDll))
{
    Console.Error.WriteLine($"The host is not built: {hostDll} is missing. Run `dotnet build -c Release src/GigStore.Web` (or run the bench with `dotnet run -c Release`, which builds it first).");
    return 2;
}

using var cancel = new CancellationTokenSource();
var hosts = new HostRegistry();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
    hosts.KillAll();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => hosts.KillAll();

Console.WriteLine($"GigStore benchmark: host {hostDll}");
Console.WriteLine($"  tenants: {options.Tenants}, cold starts: {options.ColdStarts}, start timeout: {options.Timeout.TotalSeconds:0} s");
Console.WriteLine();

var started = DateTimeOffset.UtcNow;
try
{
    var result = await Benchmark.RunAsync(hostDll, options, hosts, cancel.Token);
    Console.WriteLine();
    Console.WriteLine(Report.Markdown(result, started, Commit.Describe(repo)));
    return 0;
}
catch (BenchmarkException ex)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine($"BENCHMARK FAILED: {ex.Message}");
    if (ex.HostOutput is { Count: > 0 })
    {
        Console.Error.WriteLine("---- host output (last lines) ----");
        foreach (var line in ex.HostOutput)
        {
            Console.Error.WriteLine(line);
        }

        Console.Error.WriteLine("----------------------------------");
    }

    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
finally
{
    hosts.KillAll();
    hosts.DeleteFolders();
}

namespace GigStore.Bench
{
    internal sealed record BenchOptions(int Tenants, int ColdStarts, string? Repo, TimeSpan Timeout)
    {
        public static BenchOptions? Parse(string[] args)
        {
            var tenants = 20;
            var coldStarts = 3;
            string? repo = null;
            var timeout = TimeSpan.FromSeconds(90);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                try
                {
                    switch (args[i])
                    {
                        case "--tenants":
                            tenants = int.Parse(Next(), CultureInfo.InvariantCulture);
                            break;
                        case "--cold-starts":
                            coldStarts = int.Parse(Next(), CultureInfo.InvariantCulture);
                            break;
                        case "--repo":
                            repo = Path.GetFullPath(Next());
                            break;
                        case "--timeout":
                            timeout = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture));
                            break;
                        case "-h" or "--help":
                            Usage();
                            return null;
                        default:
                            throw new ArgumentException($"Unknown argument '{args[i]}'.");
                    }
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
                {
                    Console.Error.WriteLine(ex.Message);
                    Usage();
                    return null;
                }
            }

            if (tenants < 1 || coldStarts < 1)
            {
                Console.Error.WriteLine("--tenants and --cold-starts must be at least 1.");
                return null;
            }

            return new BenchOptions(tenants, coldStarts, repo, timeout);
        }

        private static void Usage() => Console.Error.WriteLine(
            "Usage: dotnet run -c Release --project bench/GigStore.Bench -- [--tenants N (20)] [--cold-starts K (3)] [--repo PATH] [--timeout SECONDS (90)]");
    }

    internal static class RepoRoot
    {
        public static string? Find()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "GigStore.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            return null;
        }
    }

    internal static class Commit
    {
        public static string Describe(string repo)
        {
            try
            {
                var head = Git(repo, "rev-parse --short HEAD").Trim();
                var dirty = Git(repo, "status --porcelain --untracked-files=no").Trim().Length > 0;
                return head.Length == 0 ? "unknown" : dirty ? $"{head} + uncommitted changes" : head;
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                return "unknown";
            }
        }

        private static string Git(string repo, string arguments)
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = repo,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("git did not start");
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "";
        }
    }

    internal sealed class BenchmarkException(string message, IReadOnlyList<string>? hostOutput = null) : Exception(message)
    {
        public IReadOnlyList<string>? HostOutput { get; } = hostOutput;
    }

    internal sealed record ColdStart(double HealthMs, double HomeMs);

    internal sealed record TenantRun(string Prefix, string Recipe, string Theme, double CreatedMs, double ServingMs, double FirstPageMs, int NotReadyAnswers);

    internal sealed record BenchmarkResult(
        int Tenants,
        IReadOnlyList<ColdStart> ColdStarts,
        IReadOnlyList<TenantRun> Runs,
        double RestartHealthMs,
        double RestartLastTenantMs);

    internal static class Benchmark
    {
        public const string AdminEmail = "admin@bench.test";
        public const string AdminPassword = "Bench-pass-123!";
        private static readonly string[] Recipes = ["marketplace", "studio"];
        private static readonly string[] Themes = ["Bazaar", "Nordic"];

        public static async Task<BenchmarkResult> RunAsync(string hostDll, BenchOptions options, HostRegistry hosts, CancellationToken ct)
        {
            // 1. Cold starts: each on a fresh, empty App_Data. The last host is kept for the tenant runs.
            var coldStarts = new List<ColdStart>();
            HostProcess? host = null;
            for (var i = 1; i <= options.ColdStarts; i++)
            {
                if (host is not null)
                {
                    hosts.Kill(host);
                }

                var appData = hosts.NewAppData();
                (host, var cold) = await StartAsync(hostDll, appData, hosts, options.Timeout, "/", ct);
                coldStarts.Add(cold);
                Console.WriteLine($"cold start {i}/{options.ColdStarts}: /health 200 after {cold.HealthMs:0} ms, home page / 200 after {cold.HomeMs:0} ms");
            }

            // 2. Sign in as the operator on the default tenant.
            using var admin = Http.Client(host!.BaseAddress, cookies: true);
            var signIn = await Forms.PostAsync(admin, "/account/login", "/account/login", new() { ["Email"] = AdminEmail, ["Password"] = AdminPassword }, ct);
            if (signIn.Status != HttpStatusCode.Redirect)
            {
                throw host.Fail($"Signing in as {AdminEmail} answered {(int)signIn.Status} instead of a redirect. {Forms.Errors(signIn.Body)}");
            }

            var tenantsPage = await admin.GetAsync("/admin/tenants", ct);
            if (tenantsPage.StatusCode != HttpStatusCode.OK)
            {
                throw host.Fail($"GET /admin/tenants answered {(int)tenantsPage.StatusCode} after signing in (expected 200).");
            }

            Console.WriteLine($"signed in as {AdminEmail}");

            // 3. Create the tenants one after another through the real admin form.
            using var visitor = Http.Client(host.BaseAddress, cookies: false);
            var runs = new List<TenantRun>();
            for (var i = 1; i <= options.Tenants; i++)
            {
                var run = await CreateTenantAsync(host, admin, visitor, i, ct);
                runs.Add(run);
                Console.WriteLine($"tenant {i}/{options.Tenants} {run.Prefix}: created in {run.CreatedMs:0} ms, serving after {run.ServingMs:0} ms ({run.Recipe}, {run.Theme}; first home page GET {run.FirstPageMs:0} ms, {run.NotReadyAnswers} not-200 answers before)");
            }

            // 4. Restart on the same App_Data, now with the default tenant and all the created ones.
            var lastPrefix = runs[^1].Prefix;
            var folder = host.AppData;
            hosts.Kill(host);
            var (restarted, restart) = await StartAsync(hostDll, folder, hosts, options.Timeout, $"/t/{lastPrefix}/", ct);
            Console.WriteLine($"restart with {options.Tenants + 1} tenants: /health 200 after {restart.HealthMs:0} ms, /t/{lastPrefix}/ 200 after {restart.HomeMs:0} ms");
            hosts.Kill(restarted);

            return new BenchmarkResult(options.Tenants, coldStarts, runs, restart.HealthMs, restart.HomeMs);
        }

        private static async Task<(HostProcess Host, ColdStart Timing)> StartAsync(string hostDll, string appData, HostRegistry hosts, TimeSpan timeout, string page, CancellationToken ct)
        {
            var host = hosts.Start(hostDll, appData);
            var health = await Http.WaitFor200Async(host, "/health", timeout, ct);
            var home = await Http.WaitFor200Async(host, page, timeout, ct);
            return (host, new ColdStart(Ms(host.StartedAt, health.At), Ms(host.StartedAt, home.At)));
        }

        private static async Task<TenantRun> CreateTenantAsync(HostProcess host, HttpClient admin, HttpClient visitor, int i, CancellationToken ct)
        {
            var prefix = $"bench-{i}";
            var recipe = Recipes[(i - 1) % 2];
            var theme = Themes[(i - 1) % 2];
            var token = await Forms.TokenAsync(admin, "/admin/tenants/create", ct);
            var fields = new Dictionary<string, string>
            {
                ["Input.Name"] = $"Bench{i}",
                ["Input.UrlPrefix"] = prefix,
                ["Input.HostName"] = "",
                ["Input.Recipe"] = recipe,
                ["Input.Theme"] = theme,
                ["Input.SiteName"] = "",
                ["Input.AdminEmail"] = $"owner{i}@bench.test",
                ["Input.AdminPassword"] = $"Owner-pass-{i}!",
                ["Input.DatabaseProvider"] = "Sqlite",
                ["Input.ConnectionString"] = "",
                ["__RequestVerificationToken"] = token,
            };

            // (a) POST round trip until the redirect answer; (b) from sending the POST until /t/{prefix}/ answers 200.
            var sent = Stopwatch.GetTimestamp();
            using var response = await admin.PostAsync("/admin/tenants/create", new FormUrlEncodedContent(fields), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var answered = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.EndsWith("/admin/tenants", StringComparison.Ordinal) != true)
            {
                throw host.Fail($"Creating tenant {prefix}: POST /admin/tenants/create answered {(int)response.StatusCode} (Location: {response.Headers.Location?.OriginalString ?? "none"}) instead of a redirect to /admin/tenants. {Forms.Errors(body)}");
            }

            var ready = await Http.WaitFor200Async(host, $"/t/{prefix}/", TimeSpan.FromSeconds(30), ct, visitor);
            var run = new TenantRun(prefix, recipe, theme, Ms(sent, answered), Ms(sent, ready.At), ready.LastRequestMs, ready.NotReadyAnswers);

            // Not timed: the page is the tenant's own, and its first admin can sign in.
            if (!ready.Body.Contains($"/t/{prefix}/", StringComparison.Ordinal))
            {
                throw host.Fail($"/t/{prefix}/ answered 200 but its page has no link under /t/{prefix}/: it does not look like the tenant's own home page.");
            }

            using var owner = Http.Client(host.BaseAddress, cookies: true);
            var ownerSignIn = await Forms.PostAsync(owner, $"/t/{prefix}/account/login", $"/t/{prefix}/account/login", new() { ["Email"] = fields["Input.AdminEmail"], ["Password"] = fields["Input.AdminPassword"] }, ct);
            if (ownerSignIn.Status != HttpStatusCode.Redirect)
            {
                throw host.Fail($"The first admin of {prefix} could not sign in at /t/{prefix}/account/login: {(int)ownerSignIn.Status}. {Forms.Errors(ownerSignIn.Body)}");
            }

            return run;
        }

        public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
    }

    internal sealed record Ready(long At, double LastRequestMs, int NotReadyAnswers, string Body);

    internal static class Http
    {
        public static HttpClient Client(Uri baseAddress, bool cookies) => new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies,
            CookieContainer = new CookieContainer(),
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(2),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

        /// <summary>Polls a page until it answers 200: connection errors and other answers are retried every 10 ms.</summary>
        public static async Task<Ready> WaitFor200Async(HostProcess host, string path, TimeSpan timeout, CancellationToken ct, HttpClient? client = null)
        {
            using var own = client is null ? Client(host.BaseAddress, cookies: false) : null;
            var http = client ?? own!;
            var start = Stopwatch.GetTimestamp();
            var notReady = 0;
            string last = "no answer yet";
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (host.HasExited)
                {
                    throw host.Fail($"The host exited with code {host.ExitCode} while waiting for {path} to answer 200 (last: {last}).");
                }

                if (Stopwatch.GetElapsedTime(start) > timeout)
                {
                    throw host.Fail($"{path} did not answer 200 within {timeout.TotalSeconds:0} s (last: {last}).");
                }

                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(path, ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    var at = Stopwatch.GetTimestamp();
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return new Ready(at, Benchmark.Ms(sent, at), notReady, body);
                    }

                    notReady++;
                    last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                }

                await Task.Delay(10, ct);
            }
        }
    }

    internal static partial class Forms
    {
        public static async Task<string> TokenAsync(HttpClient client, string url, CancellationToken ct)
        {
            using var response = await client.GetAsync(url, ct);
            var html = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchmarkException($"GET {url} answered {(int)response.StatusCode} (Location: {response.Headers.Location?.OriginalString ?? "none"}), expected the form.");
            }

            var match = TokenPattern().Match(html);
            return match.Success
                ? WebUtility.HtmlDecode(match.Groups[1].Value)
                : throw new BenchmarkException($"GET {url} has no __RequestVerificationToken hidden input.");
        }

        public static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string formUrl, string postUrl, Dictionary<string, string> fields, CancellationToken ct)
        {
            fields["__RequestVerificationToken"] = await TokenAsync(client, formUrl, ct);
            using var response = await client.PostAsync(postUrl, new FormUrlEncodedContent(fields), ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        /// <summary>The validation messages of a re-rendered form, for error reports.</summary>
        public static string Errors(string html)
        {
            var messages = ErrorPattern().Matches(html)
                .Select(m => WebUtility.HtmlDecode(TagPattern().Replace(m.Groups[1].Value, " ")).Trim())
                .Select(m => WhitespacePattern().Replace(m, " "))
                .Where(m => m.Length > 0)
                .Distinct()
                .ToList();
            return messages.Count > 0 ? "Form errors: " + string.Join(" | ", messages) : "";
        }

        [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial System.Text.RegularExpressions.Regex TokenPattern();

        [System.Text.RegularExpressions.GeneratedRegex("class=\"(?:field-error|validation-summary-errors)[^\"]*\"[^>]*>(.*?)</(?:span|div)>", System.Text.RegularExpressions.RegexOptions.Singleline)]
        private static partial System.Text.RegularExpressions.Regex ErrorPattern();

        [System.Text.RegularExpressions.GeneratedRegex("<[^>]+>")]
        private static partial System.Text.RegularExpressions.Regex TagPattern();

        [System.Text.RegularExpressions.GeneratedRegex("\\s+")]
        private static partial System.Text.RegularExpressions.Regex WhitespacePattern();
    }

    /// <summary>The host processes and App_Data folders of this run, so they are all cleaned up on any exit.</summary>
    internal sealed class HostRegistry
    {
        private readonly Lock _lock = new();
        private readonly List<HostProcess> _hosts = [];
        private readonly List<string> _folders = [];
        private readonly string _root = Path.Combine(Path.GetTempPath(), "gigstore-bench", Guid.NewGuid().ToString("N"));

        public string NewAppData()
        {
            var folder = Path.Combine(_root, $"App_Data-{_folders.Count + 1}");
            Directory.CreateDirectory(folder);
            lock (_lock)
            {
                _folders.Add(folder);
            }

            return folder;
        }

        public HostProcess Start(string hostDll, string appData)
        {
            var host = HostProcess.Start(hostDll, appData);
            lock (_lock)
            {
                _hosts.Add(host);
            }

            return host;
        }

        public void Kill(HostProcess host)
        {
            host.Kill();
            lock (_lock)
            {
                _hosts.Remove(host);
            }

            host.Dispose();
        }

        public void KillAll()
        {
            List<HostProcess> hosts;
            lock (_lock)
            {
                hosts = [.. _hosts];
                _hosts.Clear();
            }

            foreach (var host in hosts)
            {
                host.Kill();
                host.Dispose();
            }
        }

        public void DeleteFolders()
        {
            for (var attempt = 0; attempt < 5 && Directory.Exists(_root); attempt++)
            {
                try
                {
                    Directory.Delete(_root, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Thread.Sleep(200);
                }
            }

            if (Directory.Exists(_root))
            {
                Console.Error.WriteLine($"Could not delete {_root}.");
                return;
            }

            try
            {
                // The shared parent, when no other run is using it.
                var parent = Path.GetDirectoryName(_root)!;
                if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
                {
                    Directory.Delete(parent);
                }
            }
            catch (IOException)
            {
                // Another run created a folder in it meanwhile.
            }
        }
    }

    /// <summary>`dotnet GigStore.Web.dll` on a free port, with its output kept for error reports.</summary>
    internal sealed class HostProcess : IDisposable
    {
        private const int KeptLines = 200;
        private readonly Process _process;
        private readonly Queue<string> _output = new();

        private HostProcess(Process process, string appData, Uri baseAddress, long startedAt)
        {
            _process = process;
            AppData = appData;
            BaseAddress = baseAddress;
            StartedAt = startedAt;
        }

        public string AppData { get; }

        public Uri BaseAddress { get; }

        public long StartedAt { get; }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.HasExited ? _process.ExitCode : 0;

        public static HostProcess Start(string hostDll, string appData)
        {
            var port = FreePort();
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(hostDll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(hostDll);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
            info.Environment["GigStore__AppDataPath"] = appData;
            info.Environment["GigStore__AdminEmail"] = Benchmark.AdminEmail;
            info.Environment["GigStore__AdminPassword"] = Benchmark.AdminPassword;
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment.Remove("ASPNETCORE_URLS");
            info.Environment.Remove("DOTNET_ENVIRONMENT");

            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var host = new HostProcess(process, appData, new Uri($"http://127.0.0.1:{port}"), Stopwatch.GetTimestamp());
            process.OutputDataReceived += (_, e) => host.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
            if (!process.Start())
            {
                throw new BenchmarkException("`dotnet` did not start.");
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return host;
        }

        public BenchmarkException Fail(string message)
        {
            if (!_process.HasExited)
            {
                Thread.Sleep(200); // let the output of a failing request arrive
            }

            lock (_output)
            {
                return new BenchmarkException(message, [.. _output]);
            }
        }

        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        public void Dispose() => _process.Dispose();

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.Enqueue(line);
                while (_output.Count > KeptLines)
                {
                    _output.Dequeue();
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    internal static class Report
    {
        public static string Markdown(BenchmarkResult r, DateTimeOffset date, string commit)
        {
            var created = r.Runs.Select(x => x.CreatedMs).ToList();
            var serving = r.Runs.Select(x => x.ServingMs).ToList();
            var firstPage = r.Runs.Select(x => x.FirstPageMs).ToList();
            var coldHealth = r.ColdStarts.Select(x => x.HealthMs).ToList();
            var coldHome = r.ColdStarts.Select(x => x.HomeMs).ToList();
            var underTwo = serving.Count(s => s < 2000);
            var lines = new List<string>
            {
                $"### Tenant creation and cold start ({date:yyyy-MM-dd})",
                "",
                "| | |",
                "| --- | --- |",
                $"| Date (UTC) | {date:yyyy-MM-dd HH:mm} |",
                $"| Machine | {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}) |",
                $"| .NET | {RuntimeInformation.FrameworkDescription} |",
                $"| Commit | {commit} |",
                "| Host | `src/GigStore.Web/bin/Release/net10.0/GigStore.Web.dll`, Production, Kestrel on 127.0.0.1, SQLite, fresh App_Data |",
                $"| Command | `dotnet run -c Release --project bench/GigStore.Bench -- --tenants {r.Tenants} --cold-starts {r.ColdStarts.Count}` |",
                "",
                "| Measure (ms) | n | min | median | p95 | max |",
                "| --- | ---: | ---: | ---: | ---: | ---: |",
                Row("Create tenant: POST /admin/tenants/create round trip (until the redirect)", created),
                Row("Create tenant: POST sent until /t/{prefix}/ first answers 200 (**ready to serve**)", serving),
                Row("Create tenant: the first GET /t/{prefix}/ that answered 200, alone", firstPage),
                Row("Cold start, empty App_Data: process start until /health answers 200", coldHealth),
                Row("Cold start, empty App_Data: process start until home page / answers 200", coldHome),
                Row($"Restart with {r.Tenants + 1} tenants: process start until /health answers 200", [r.RestartHealthMs]),
                Row($"Restart with {r.Tenants + 1} tenants: process start until /t/bench-{r.Tenants}/ answers 200", [r.RestartLastTenantMs]),
                "",
                $"Ready to serve within 2 s: {underTwo} of {serving.Count} tenants (target: all). p95 is the nearest-rank percentile. Tenants alternate recipe marketplace/studio with theme Bazaar/Nordic; each is created after the previous one serves.",
            };
            return string.Join(Environment.NewLine, lines);
        }

        private static string Row(string name, IReadOnlyList<double> values)
        {
            var sorted = values.Order().ToList();
            return $"| {name} | {sorted.Count} | {F(sorted[0])} | {F(Median(sorted))} | {F(Percentile(sorted, 0.95))} | {F(sorted[^1])} |";
        }

        private static double Median(List<double> sorted) => sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

        private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        private static string F(double ms) => ms.ToString("0", CultureInfo.InvariantCulture);
    }
}
