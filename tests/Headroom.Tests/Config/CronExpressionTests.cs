using Headroom.Blocks.Fleet;
using CsCheck;

namespace Headroom.Tests.Config;

public sealed class CronExpressionTests
{
    [Theory]
    [InlineData("0 6 26 11 *")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 8-18/2 * * MON-FRI")]
    [InlineData("30 2 1,15 * *")]
    [InlineData("0 0 29 2 *")]
    [InlineData("59 23 31 DEC SAT")]
    [InlineData("0 0 * jan,jul sun")]
    [InlineData("0   6\t1 1 0")]
    public void Valid_schedules_parse(string text)
    {
        CronExpression.TryParse(text, out var cron, out var error).Should().BeTrue(error);
        cron.Should().NotBeNull();
    }

    [Fact]
    public void Fields_expand_to_the_values_they_select()
    {
        var cron = CronExpression.Parse("*/20 8-12/2 1,15 JAN-MAR mon-fri");

        cron.Minutes.Should().BeEquivalentTo([0, 20, 40]);
        cron.Hours.Should().BeEquivalentTo([8, 10, 12]);
        cron.DaysOfMonth.Should().BeEquivalentTo([1, 15]);
        cron.Months.Should().BeEquivalentTo([1, 2, 3]);
        cron.DaysOfWeek.Should().BeEquivalentTo([1, 2, 3, 4, 5]);
        cron.DayOfMonthAny.Should().BeFalse();
        CronExpression.Parse("0 0 * * *").DaysOfWeek.Should().HaveCount(7);
    }

    [Theory]
    [InlineData("0 6 26 11", "5 fields")]
    [InlineData("0 6 26 11 * 2027", "5 fields")]
    [InlineData("", "5 fields")]
    [InlineData("60 * * * *", "minute field '60': 60 is outside 0-59")]
    [InlineData("0 24 * * *", "hour field '24': 24 is outside 0-23")]
    [InlineData("0 0 0 * *", "day of month field '0': 0 is outside 1-31")]
    [InlineData("0 0 32 * *", "day of month field '32'")]
    [InlineData("0 0 * 13 *", "month field '13'")]
    [InlineData("0 0 * FOO *", "not a number from 1 to 12 or one of JAN")]
    [InlineData("0 0 * * 7", "day of week field '7': 7 is outside 0-6")]
    [InlineData("0 0 ? * MON", "day of month field '?'")]
    [InlineData("*/0 * * * *", "step after '/'")]
    [InlineData("5/10 * * * *", "a step needs '*' or a range")]
    [InlineData("0 18-8 * * *", "runs backwards")]
    [InlineData("0,,5 * * * *", "empty list item")]
    [InlineData("@daily", "5 fields")]
    [InlineData("0 0 30 2 *", "never fires")]
    [InlineData("0 0 31 4,6,9,11 *", "never fires")]
    public void Invalid_schedules_say_which_field_is_wrong(string text, string phrase)
    {
        CronExpression.TryParse(text, out var cron, out var error).Should().BeFalse();
        cron.Should().BeNull();
        error.Should().Contain(phrase);
    }

    [Fact]
    public void A_day_of_week_makes_an_impossible_day_of_month_fire_anyway()
    {
        // Unix cron fires when either the day of month or the day of week matches.
        CronExpression.TryParse("0 0 30 2 MON", out _, out _).Should().BeTrue();
    }

    [Fact]
    public void Random_text_never_throws_and_an_accepted_expression_has_five_non_empty_fields() =>
        Gen.String[Gen.Char["0123456789*/-, ?MONJAFEBxyz\t"], 0, 30].Sample(text =>
        {
            if (CronExpression.TryParse(text, out var cron, out var error))
            {
                cron!.Minutes.Should().NotBeEmpty();
                cron.Hours.Should().NotBeEmpty();
                cron.Months.Should().NotBeEmpty();
                cron.Minutes.Should().OnlyContain(m => m >= 0 && m <= 59);
            }
            else
            {
                error.Should().NotBeNullOrEmpty();
            }
        }, iter: 2000);
}
