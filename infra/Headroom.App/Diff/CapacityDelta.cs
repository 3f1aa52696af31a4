using Headroom.App.Cost;

namespace Headroom.App.Diff;

/// <summary>One environment's capacity and cost before and after, in the spirit of Infracost's comment. A side the
/// models cannot read (absent, or a file this code no longer parses) is null.</summary>
public sealed record CapacityDelta(string Environment, CapacitySide? Before, CapacitySide? After)
{
    public bool Changed => Before != After;

    /// <summary>Both sides of every environment: the base's files read from git with this code's loader, the working tree's as loaded.</summary>
    public static IReadOnlyList<CapacityDelta> Of(IReadOnlyCollection<string> environments, Func<string, string?> baseFile, IReadOnlyList<EnvironmentConfig> head) =>
        environments.Select(name => new CapacityDelta(name,
            baseFile(name) is { } text ? Side(() => ConfigLoader.Parse(text, $"environments/{name}.yaml", name)) : null,
            head.FirstOrDefault(c => c.Name == name) is { } config ? Side(() => config) : null)).ToList();

    private static CapacitySide? Side(Func<EnvironmentConfig> config)
    {
        try
        {
            var plan = EnvironmentPlan.Of(config());
            var peak = plan.Capacity.Peak;
            return new CapacitySide(peak.Users, peak.Scenario.Name, peak.Bottleneck.Tier, plan.Cost.Baseline.TotalUsd, plan.Cost.PlannedPeakMonth.TotalUsd);
        }
        catch (Exception e) when (e is ConfigValidationException or CapacityInputException or UnpricedException)
        {
            return null;
        }
    }
}

/// <param name="PeakUsers">what the environment holds at its best peak (a scheduled peak, or every fleet at max)</param>
public sealed record CapacitySide(long PeakUsers, string PeakScenario, string Bottleneck, double BaselineUsd, double PeakMonthUsd)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public string Users => PeakUsers >= long.MaxValue ? "no limit" : PeakUsers.ToString("N0", Inv);
    public static string Usd(double usd) => "$" + usd.ToString("N0", Inv);

    /// <summary>"+1,234 (+12 %)", "−$50", or "±0".</summary>
    public static string Change(double before, double after, bool money)
    {
        var d = after - before;
        if (Math.Abs(d) < 0.5) return "±0";
        var text = (d > 0 ? "+" : "−") + (money ? "$" : "") + Math.Abs(d).ToString("N0", Inv);
        return before > 0 ? $"{text} ({(d > 0 ? "+" : "−")}{Math.Abs(d / before):P0})".Replace(" %", "%", StringComparison.Ordinal) : text;
    }
}
