using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GigStore.BrowserTests;

/// <summary>Runs axe-core (WCAG 2 A/AA) on pages as a test visits them; logs everything and collects serious or critical violations.</summary>
internal sealed class Accessibility(ITestOutputHelper output)
{
    private readonly List<string> _serious = [];

    public async Task CheckAsync(IPage page, string name)
    {
        var (violations, rulesPassed, needsReview) = await Browser.RunAxeAsync(page);
        Assert.True(rulesPassed > 0, $"axe-core checked no rule on the {name}: is the script loaded?");
        output.WriteLine($"axe {name}: {rulesPassed} rules passed, {violations.Count} violations");
        foreach (var violation in violations)
        {
            output.WriteLine($"axe {name}: {violation}");
            if (violation.IsSeriousOrCritical)
            {
                _serious.Add($"{name}: {violation}");
            }
        }

        foreach (var item in needsReview)
        {
            output.WriteLine($"axe {name}: needs review (not failed): {item}");
        }
    }

    public void AssertNoneSerious() =>
        Assert.True(_serious.Count == 0, "Serious or critical accessibility violations (axe-core, wcag2a + wcag2aa):\n" + string.Join("\n", _serious));
}
