using GigStore.Commerce;

namespace GigStore.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("25", "USD", 2500)]
    [InlineData("25.5", "USD", 2550)]
    [InlineData("1,200.50", "USD", 120050)]
    [InlineData(" $25 ", "USD", 2500)]
    [InlineData("1200", "JPY", 1200)]
    [InlineData("0", "EUR", 0)]
    public void ReadsWhatPeopleType(string text, string currency, long minor)
    {
        Assert.True(Money.TryParse(text, currency, out var money));
        Assert.Equal(new Money(minor, currency), money);
    }

    [Theory]
    [InlineData("", "USD")]
    [InlineData("sixty", "USD")]
    [InlineData("-5", "USD")]
    [InlineData("25.555", "USD")]
    [InlineData("12.5", "JPY")]
    [InlineData("92233720368547758.08", "USD")]
    [InlineData("79228162514264337593543950335", "USD")]
    public void RefusesWhatIsNotAnAmountOfTheCurrency(string text, string currency) =>
        Assert.False(Money.TryParse(text, currency, out _));

    [Theory]
    [InlineData(2500, "USD", "$25", "25")]
    [InlineData(2550, "USD", "$25.50", "25.50")]
    [InlineData(120000, "EUR", "€1,200", "1200")]
    [InlineData(1200, "JPY", "¥1,200", "1200")]
    public void FormatsForPagesAndForms(long minor, string currency, string page, string field)
    {
        Assert.Equal(page, new Money(minor, currency).Format());
        Assert.Equal(field, new Money(minor, currency).FormatNumber(grouping: false));
    }
}
