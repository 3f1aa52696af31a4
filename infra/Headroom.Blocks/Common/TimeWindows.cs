namespace Headroom.Blocks.Common;

/// <summary>
/// The UTC time windows RDS and ElastiCache take: a daily one ("hh:mm-hh:mm", backups and snapshots)
/// and a weekly one ("ddd:hh:mm-ddd:hh:mm", maintenance). Both services refuse a pair that overlaps,
/// so the rules check that here, before a deploy finds out.
/// </summary>
public static partial class TimeWindows
{
    private const int Day = 24 * 60;
    private const int Week = 7 * Day;
    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    [GeneratedRegex(@"^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})\z")] private static partial Regex DailyPattern();
    [GeneratedRegex(@"^([a-z]{3}):([0-9]{2}):([0-9]{2})-([a-z]{3}):([0-9]{2}):([0-9]{2})\z")] private static partial Regex WeeklyPattern();

    /// <summary>A window as minutes from its start of period (day or week) and its length.</summary>
    public readonly record struct Window(int Start, int Minutes);

    /// <summary>Checks a daily window; null when it is not one (the error is reported).</summary>
    public static Window? Daily(ISettingsReport v, string path, string value, int minMinutes, int maxMinutes = Day)
    {
        var m = DailyPattern().Match(value);
        if (!m.Success || !TryTime(m.Groups[1].Value, m.Groups[2].Value, out var start) || !TryTime(m.Groups[3].Value, m.Groups[4].Value, out var end))
        {
            v.Problem(path, value, "must be a daily UTC window hh:mm-hh:mm, such as 02:00-03:00");
            return null;
        }
        var minutes = ((end - start) % Day + Day) % Day;
        return v.Check(minutes >= minMinutes && minutes <= maxMinutes, path, value, Length(minMinutes, maxMinutes))
            ? new Window(start, minutes) : null;
    }

    /// <summary>Checks a weekly window; null when it is not one (the error is reported).</summary>
    public static Window? Weekly(ISettingsReport v, string path, string value, int minMinutes, int maxMinutes = Day)
    {
        var m = WeeklyPattern().Match(value);
        int startDay = -1, endDay = -1, start = 0, end = 0;
        if (!m.Success
            || (startDay = Array.IndexOf(Days, m.Groups[1].Value)) < 0 || !TryTime(m.Groups[2].Value, m.Groups[3].Value, out start)
            || (endDay = Array.IndexOf(Days, m.Groups[4].Value)) < 0 || !TryTime(m.Groups[5].Value, m.Groups[6].Value, out end))
        {
            v.Problem(path, value, $"must be a weekly UTC window ddd:hh:mm-ddd:hh:mm with days {string.Join(", ", Days)}, such as sun:03:30-sun:04:30");
            return null;
        }
        var from = startDay * Day + start;
        var minutes = ((endDay * Day + end - from) % Week + Week) % Week;
        return v.Check(minutes >= minMinutes && minutes <= maxMinutes, path, value, Length(minMinutes, maxMinutes))
            ? new Window(from, minutes) : null;
    }

    /// <summary>True when the daily window, repeated every day, meets the weekly one.</summary>
    public static bool Overlap(Window daily, Window weekly)
    {
        for (var day = 0; day < 7; day++)
        {
            var start = day * Day + daily.Start;
            // Intervals on a circle: compare against the weekly window and its copies a week either side.
            for (var shift = -Week; shift <= Week; shift += Week)
            {
                var wStart = weekly.Start + shift;
                if (start < wStart + weekly.Minutes && wStart < start + daily.Minutes) return true;
            }
        }
        return false;
    }

    private static bool TryTime(string hours, string minutes, out int value)
    {
        var h = int.Parse(hours, CultureInfo.InvariantCulture);
        var m = int.Parse(minutes, CultureInfo.InvariantCulture);
        value = h * 60 + m;
        return h < 24 && m < 60;
    }

    private static string Length(int min, int max) =>
        max >= Day ? $"must last at least {min} minutes and at most 24 hours" : $"must last {min} to {max} minutes";
}
