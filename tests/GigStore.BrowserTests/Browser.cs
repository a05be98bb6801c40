using System.Text.Json;
using Microsoft.Playwright;

namespace GigStore.BrowserTests;

/// <summary>Paths and helpers shared by the browser tests.</summary>
internal static class Browser
{
    /// <summary>Debian's Chromium: `playwright install` cannot download a browser here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    /// <summary>The folder holding GigStore.sln, found by walking up from the test's output folder.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ProjectFolder => Path.Combine(RepositoryRoot, "tests", "GigStore.BrowserTests");

    public static string ScreenshotFolder => Path.Combine(ProjectFolder, "screenshots");

    public static string AxeScript => Path.Combine(ProjectFolder, "node_modules", "axe-core", "axe.min.js");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium).");
        }

        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// For waits on an address: the new page's DOM is enough (assertions wait for what they need). Waiting
    /// for the "load" event has been seen to miss a page that loaded while the wait began, on a busy machine.
    /// </summary>
    public static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Opens a page and fails the test unless it answered 2xx.</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Ok, $"GET {path} answered {response.Status} {response.StatusText}.");
    }

    /// <summary>Fills and submits the sign-in form the page shows; waits for the next page when the sign-in should succeed.</summary>
    public static async Task SignInAsync(IPage page, string email, string password, bool expectSignedIn = true)
    {
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true });

        // Waiting for the next page by its address, not by load events: a load-state wait that begins
        // while the redirect is under way has been seen to miss the new page's load on a busy machine.
        // A refused sign-in stays on the form; its caller waits for the message.
        if (expectSignedIn)
        {
            await ClickAndWaitForUrlAsync(page, signIn, url => !url.Contains("/account/login", StringComparison.Ordinal));
        }
        else
        {
            await signIn.ClickAsync();
        }
    }

    /// <summary>
    /// Clicks what navigates and waits for the page at the new address. The wait starts before the click:
    /// begun after it, on a busy machine, it has missed a navigation that was already under way.
    /// </summary>
    public static async Task ClickAndWaitForUrlAsync(IPage page, ILocator target, Func<string, bool> url)
    {
        var navigated = page.WaitForURLAsync(url, Loaded);
        await target.ClickAsync();
        await navigated;
    }

    public static async Task<string> ScreenshotAsync(IPage page, string fileName)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, fileName);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>
    /// Runs axe-core's WCAG 2 A/AA rules on the page; returns every violation, one entry per element,
    /// how many rules passed (none passing means axe did not really run), and the checks axe could not
    /// decide by itself ("needs review", e.g. text on a gradient), as "rule: target".
    /// </summary>
    public static async Task<(IReadOnlyList<AxeViolation> Violations, int RulesPassed, IReadOnlyList<string> NeedsReview)> RunAxeAsync(IPage page)
    {
        if (!File.Exists(AxeScript))
        {
            throw new InvalidOperationException($"{AxeScript} is missing: run `npm ci` in {ProjectFolder}.");
        }

        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Path = AxeScript });
        }

        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
                const results = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
                const violations = results.violations.flatMap(v => v.nodes.map(n => ({
                    id: v.id,
                    impact: n.impact || v.impact || 'unknown',
                    help: v.help,
                    target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '),
                    summary: n.failureSummary || '',
                })));
                const incomplete = results.incomplete.flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(', ')}`));
                return { passed: results.passes.length, violations, incomplete };
            }
            """);
        IReadOnlyList<AxeViolation> violations = [.. result.GetProperty("violations").EnumerateArray().Select(v => new AxeViolation(
            v.GetProperty("id").GetString()!,
            v.GetProperty("impact").GetString()!,
            v.GetProperty("help").GetString()!,
            v.GetProperty("target").GetString()!,
            v.GetProperty("summary").GetString()!))];
        return (
            violations,
            result.GetProperty("passed").GetInt32(),
            [.. result.GetProperty("incomplete").EnumerateArray().Select(e => e.GetString()!)]);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GigStore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No GigStore.sln above {AppContext.BaseDirectory}.");
    }
}

internal sealed record AxeViolation(string Id, string Impact, string Help, string Target, string Summary)
{
    public bool IsSeriousOrCritical => Impact is "serious" or "critical";

    public override string ToString() => $"[{Impact}] {Id}: {Target} ({Help}){(Summary.Length > 0 ? " — " + Summary.ReplaceLineEndings(" ") : "")}";
}
