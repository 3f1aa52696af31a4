namespace Headroom.Blocks.Common;

/// <summary>
/// Where a block's settings report a broken rule. Each rule is written once, in the settings record's
/// <c>Check</c>; the block enforces it on what it is given (<see cref="Settings.Enforce"/>), and the app reports
/// it against the YAML field that set the value, with file, line and column.
/// </summary>
public interface ISettingsReport
{
    /// <param name="setting">The settings property, by <c>nameof</c>; nested settings as "Proxy.BorrowTimeoutSeconds".</param>
    /// <param name="value">What it holds.</param>
    /// <param name="allowed">What it may hold, as a sentence fragment: "must be from 0 to 5".</param>
    void Problem(string setting, object? value, string allowed);
}

/// <summary>The rule shapes the settings records use, and the report a block throws from.</summary>
public static partial class Settings
{
    public static bool Check(this ISettingsReport report, bool condition, string setting, object? value, string allowed)
    {
        if (!condition) report.Problem(setting, value, allowed);
        return condition;
    }

    public static bool Range(this ISettingsReport report, string setting, int value, int min, int max, string? why = null) =>
        report.Check(value >= min && value <= max, setting, value, $"must be from {min} to {max}{(why is null ? "" : $" ({why})")}");

    public static bool Range(this ISettingsReport report, string setting, double value, double min, double max, string? why = null) =>
        report.Check(value >= min && value <= max, setting, value,
            $"must be from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}{(why is null ? "" : $" ({why})")}");

    public static bool Matches(this ISettingsReport report, string setting, string? value, Regex pattern, string allowed) =>
        value is null || report.Check(pattern.IsMatch(value), setting, value, allowed);

    public static bool OneOf<T>(this ISettingsReport report, string setting, T value, IReadOnlyCollection<T> allowed) =>
        report.Check(allowed.Contains(value), setting, value, $"must be one of: {string.Join(", ", allowed)}");

    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\z")] private static partial Regex EmailPattern();

    /// <summary>A list of e-mail recipients (alarms, budgets): each an address of at most 254 characters, none repeated.</summary>
    public static void EmailAddresses(this ISettingsReport report, string setting, IReadOnlyList<string> emails)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < emails.Count; i++)
        {
            var at = $"{setting}[{i}]";
            if (report.Check(emails[i].Length <= 254 && EmailPattern().IsMatch(emails[i]), at, emails[i], "must be an e-mail address such as oncall@example.com"))
                report.Check(seen.Add(emails[i]), at, emails[i], "must not repeat an address listed before");
        }
    }

    /// <summary>The settings under <paramref name="prefix"/> ("Proxy", "Actions[2]"), reported as "Proxy.X"; a problem
    /// of the whole (setting "") as the prefix itself.</summary>
    public static ISettingsReport Under(this ISettingsReport report, string prefix) => new Prefixed(report, prefix);

    /// <summary>Runs a check and throws every problem it reports at once: what a block does with the props it is given.</summary>
    public static void Enforce(string block, Action<ISettingsReport> check)
    {
        var problems = new Collected();
        check(problems);
        if (problems.Lines.Count > 0)
            throw new ArgumentException($"{block}: " + string.Join("; ", problems.Lines));
    }

    /// <summary>CloudWatch Logs accepts only these retention periods (days).</summary>
    public static readonly IReadOnlyList<int> LogRetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    private sealed class Collected : ISettingsReport
    {
        public List<string> Lines { get; } = [];
        public void Problem(string setting, object? value, string allowed) =>
            Lines.Add($"{(setting.Length == 0 ? "" : setting + " ")}{allowed} (got {Format(value)})");
    }

    private sealed class Prefixed(ISettingsReport inner, string prefix) : ISettingsReport
    {
        public void Problem(string setting, object? value, string allowed) =>
            inner.Problem(setting.Length == 0 ? prefix : $"{prefix}.{setting}", value, allowed);
    }

    private static string Format(object? value) => value switch
    {
        null => "nothing",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => value.ToString() ?? "",
    };
}
