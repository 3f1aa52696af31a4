namespace Headroom.Blocks.Fleet;

/// <summary>
/// A five-field Unix cron expression, as EC2 Auto Scaling scheduled actions take it:
/// <c>minute hour day-of-month month day-of-week</c>. Each field is <c>*</c>, a value, a range
/// <c>a-b</c>, either with a step (<c>*/15</c>, <c>8-18/2</c>), or a comma-separated list of those;
/// months and weekdays may be names (JAN, MON). Parsed completely, so that a schedule Auto Scaling would
/// reject, or one that can never fire (30 2 = 30 February), fails validation instead of the deploy.
/// </summary>
public sealed class CronExpression
{
    private sealed record Field(string Name, int Min, int Max, string[]? Names);

    private static readonly Field[] Fields =
    [
        new("minute", 0, 59, null),
        new("hour", 0, 23, null),
        new("day of month", 1, 31, null),
        new("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        new("day of week", 0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    private static readonly int[] DaysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private CronExpression(IReadOnlyList<SortedSet<int>> values, bool dayOfMonthAny, bool dayOfWeekAny)
    {
        Minutes = values[0];
        Hours = values[1];
        DaysOfMonth = values[2];
        Months = values[3];
        DaysOfWeek = values[4];
        DayOfMonthAny = dayOfMonthAny;
        DayOfWeekAny = dayOfWeekAny;
    }

    public IReadOnlySet<int> Minutes { get; }
    public IReadOnlySet<int> Hours { get; }
    public IReadOnlySet<int> DaysOfMonth { get; }
    public IReadOnlySet<int> Months { get; }
    /// <summary>0 is Sunday.</summary>
    public IReadOnlySet<int> DaysOfWeek { get; }
    public bool DayOfMonthAny { get; }
    public bool DayOfWeekAny { get; }

    public static CronExpression Parse(string text) =>
        TryParse(text, out var cron, out var error) ? cron! : throw new FormatException(error);

    public static bool TryParse(string? text, out CronExpression? cron, out string error)
    {
        cron = null;
        var parts = (text ?? "").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length)
        {
            error = $"must have 5 fields (minute hour day-of-month month day-of-week), not {parts.Length}";
            return false;
        }
        var values = new List<SortedSet<int>>();
        for (var i = 0; i < Fields.Length; i++)
        {
            if (!TryParseField(parts[i], Fields[i], out var set, out error))
            {
                error = $"{Fields[i].Name} field '{parts[i]}': {error}";
                return false;
            }
            values.Add(set);
        }
        var dayOfMonthAny = parts[2] == "*";
        var dayOfWeekAny = parts[4] == "*";
        // With a day of week given, cron fires on either match, so only a day-of-month-only schedule
        // can name days that do not exist.
        if (!dayOfMonthAny && dayOfWeekAny && !values[3].Any(m => values[2].Any(d => d <= DaysInMonth[m - 1])))
        {
            error = "never fires: none of the days of month exists in the months given";
            return false;
        }
        cron = new CronExpression(values, dayOfMonthAny, dayOfWeekAny);
        error = "";
        return true;
    }

    private static bool TryParseField(string text, Field field, out SortedSet<int> set, out string error)
    {
        set = [];
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                error = "has an empty list item";
                return false;
            }
            var stepAt = item.IndexOf('/');
            var range = stepAt < 0 ? item : item[..stepAt];
            var step = 1;
            if (stepAt >= 0 && (!int.TryParse(item[(stepAt + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > field.Max - field.Min + 1))
            {
                error = $"the step after '/' must be a whole number from 1 to {field.Max - field.Min + 1}";
                return false;
            }
            int from, to;
            if (range == "*")
            {
                (from, to) = (field.Min, field.Max);
            }
            else
            {
                var dash = range.IndexOf('-');
                if (!TryValue(dash < 0 ? range : range[..dash], field, out from, out error)) return false;
                if (dash < 0)
                {
                    if (stepAt >= 0)
                    {
                        error = "a step needs '*' or a range before it, such as */15 or 0-30/5";
                        return false;
                    }
                    to = from;
                }
                else
                {
                    if (!TryValue(range[(dash + 1)..], field, out to, out error)) return false;
                    if (to < from)
                    {
                        error = $"range {range} runs backwards";
                        return false;
                    }
                }
            }
            for (var v = from; v <= to; v += step) set.Add(v);
        }
        error = "";
        return true;
    }

    private static bool TryValue(string text, Field field, out int value, out string error)
    {
        error = "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            if (value >= field.Min && value <= field.Max) return true;
            error = $"{value} is outside {field.Min}-{field.Max}";
            return false;
        }
        if (field.Names is { } names)
        {
            var index = Array.IndexOf(names, text.ToUpperInvariant());
            if (index >= 0)
            {
                value = field.Min + index;
                return true;
            }
        }
        error = field.Names is null
            ? $"'{text}' is not a number from {field.Min} to {field.Max}"
            : $"'{text}' is not a number from {field.Min} to {field.Max} or one of {string.Join(", ", field.Names)}";
        return false;
    }
}
