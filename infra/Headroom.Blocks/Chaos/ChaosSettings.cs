namespace Headroom.Blocks.Chaos;

/// <summary>The experiments the chaos block can make, each an AWS FIS experiment template.</summary>
public enum ChaosExperiment
{
    /// <summary>One zone loses power: its web and worker instances stop, the Auto Scaling groups cannot launch
    /// there, the database fails over, the cache loses that zone's nodes (FIS's "AZ Availability: Power Interruption").</summary>
    ZonePower,
    /// <summary>A share of each web-facing fleet (web, every service) is terminated: one template per fleet.</summary>
    FleetTermination,
    /// <summary>The database primary reboots with a forced Multi-AZ failover.</summary>
    DatabaseFailover,
    /// <summary>The cache loses power in the zone of its primary: a replica takes over.</summary>
    CacheFailover,
    /// <summary>CPU stress on the web fleet (SSM document AWSFIS-Run-CPU-Stress).</summary>
    CpuStress,
    /// <summary>Network latency from the web fleet to the database (SSM document AWSFIS-Run-Network-Latency-Sources).</summary>
    DatabaseLatency,
}

/// <summary>Fault-injection experiments, as plain values: each default stated once, each rule in <see cref="Check"/>.</summary>
public partial record ChaosSettings
{
    /// <summary>Whether the environment gets experiment templates at all.</summary>
    [Field("`true`/`false`: FIS experiment templates for this environment", Default = "`true`; `false` in production")] public bool Enabled { get; init; } = true;

    /// <summary>Which experiments to make.</summary>
    [Field("one or more of `zonePower`, `fleetTermination`, `databaseFailover`, `cacheFailover`, `cpuStress`, `databaseLatency`, no repeats", Default = "all six")] public List<ChaosExperiment> Experiments { get; init; } =
    [
        ChaosExperiment.ZonePower, ChaosExperiment.FleetTermination, ChaosExperiment.DatabaseFailover,
        ChaosExperiment.CacheFailover, ChaosExperiment.CpuStress, ChaosExperiment.DatabaseLatency,
    ];

    /// <summary>The zone the zone and cache experiments impair; null: the environment's first zone.</summary>
    [Field("one of the environment's `availabilityZones`: the zone the zone and cache experiments impair", Default = "the first zone")] public string? Zone { get; init; }

    /// <summary>How long a zone stays without power (ISO 8601, as FIS writes durations).</summary>
    [Field("ISO 8601 as FIS writes it, `PT1M`–`PT1H`")] public string ZonePowerDuration { get; init; } = "PT10M";

    /// <summary>How long CPU stress, latency and the cache's power loss last (ISO 8601).</summary>
    [Field("ISO 8601, `PT1M`–`PT1H`: CPU stress, latency, the cache's power loss")] public string StressDuration { get; init; } = "PT5M";

    /// <summary>Share of a fleet's running instances terminated, percent.</summary>
    [Field("1–50 % of each web-facing fleet's running instances")] public int TerminatePercent { get; init; } = 33;

    /// <summary>CPU load the stress document holds on each stressed instance, percent.</summary>
    [Field("1–100 %")] public int CpuLoadPercent { get; init; } = 80;

    /// <summary>Share of the web fleet's instances stressed or slowed, percent.</summary>
    [Field("1–100 % of the web fleet's instances (CPU stress, latency)")] public int StressedPercent { get; init; } = 50;

    /// <summary>Delay added to each packet from the web fleet to the database, milliseconds.</summary>
    [Field("1–5000 ms added to each packet to the database")] public int LatencyMilliseconds { get; init; } = 200;

    /// <summary>CloudWatch alarms (names, this account and region) that stop every experiment, beside the site-degraded alarm.</summary>
    [Field("up to 4 CloudWatch alarm names of this account and region that also stop every experiment", Default = "none")] public List<string> StopAlarms { get; init; } = [];

    /// <summary>How long the experiments' log group keeps its entries, days.</summary>
    [Field("a CloudWatch Logs retention (the experiments' log)")] public int LogRetentionDays { get; init; } = 90;

    /// <summary>Headroom's ceiling for one experiment's faults: long enough to see recovery, short enough to watch.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);
    /// <summary>FIS's shortest action duration.</summary>
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    /// <summary>Stop conditions per template: the site-degraded alarm and at most this many more (FIS quota of 5 stop conditions per template, assumed).</summary>
    public const int MaxStopAlarms = 4;
    /// <summary>Headroom's ceiling for a termination: at most half a fleet, so the experiment tests replacement, not an outage.</summary>
    public const int MaxTerminatePercent = 50;
    /// <summary>Added latency ceiling: beyond it the experiment measures timeouts, not slowness.</summary>
    public const int MaxLatencyMilliseconds = 5000;

    [GeneratedRegex(@"^PT(?=[0-9])(?:([0-9]{1,2})H)?(?:([0-9]{1,4})M)?(?:([0-9]{1,5})S)?\z")] private static partial Regex DurationPattern();
    // CloudWatch alarm names: 1–255 characters, no control characters.
    [GeneratedRegex(@"^[^\x00-\x1f\x7f]{1,255}\z")] private static partial Regex AlarmNamePattern();

    /// <summary>An ISO 8601 duration of hours, minutes and seconds ("PT10M", "PT1H30M"), or null when it is not one.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (text is null || DurationPattern().Match(text) is not { Success: true } m) return null;
        int Part(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(Part(1), Part(2), Part(3));
    }

    public void Check(ISettingsReport r)
    {
        if (r.Check(Experiments.Count > 0, nameof(Experiments), Experiments, "must list at least one experiment (`enabled: false` turns them all off)"))
            r.Check(Experiments.Distinct().Count() == Experiments.Count, nameof(Experiments), Experiments, "must not repeat an experiment");
        for (var i = 0; i < Experiments.Count; i++)
            r.Check(Enum.IsDefined(Experiments[i]), $"{nameof(Experiments)}[{i}]", Experiments[i], "must be an experiment Headroom knows");
        CheckDuration(r, nameof(ZonePowerDuration), ZonePowerDuration);
        CheckDuration(r, nameof(StressDuration), StressDuration);
        r.Range(nameof(TerminatePercent), TerminatePercent, 1, MaxTerminatePercent, "of a fleet's running instances; at most half, so the rest serve");
        r.Range(nameof(CpuLoadPercent), CpuLoadPercent, 1, 100);
        r.Range(nameof(StressedPercent), StressedPercent, 1, 100, "of the web fleet's instances");
        r.Range(nameof(LatencyMilliseconds), LatencyMilliseconds, 1, MaxLatencyMilliseconds);
        if (r.Check(StopAlarms.Count <= MaxStopAlarms, nameof(StopAlarms), StopAlarms,
                $"must list at most {MaxStopAlarms} alarms: with the site-degraded alarm, FIS takes 5 stop conditions per template"))
        {
            for (var i = 0; i < StopAlarms.Count; i++)
                r.Matches($"{nameof(StopAlarms)}[{i}]", StopAlarms[i], AlarmNamePattern(), "must be a CloudWatch alarm name: 1 to 255 characters, no control characters");
            r.Check(StopAlarms.Distinct(StringComparer.Ordinal).Count() == StopAlarms.Count, nameof(StopAlarms), StopAlarms, "must not repeat an alarm");
        }
        r.OneOf(nameof(LogRetentionDays), LogRetentionDays, Settings.LogRetentionDays);
    }

    private static void CheckDuration(ISettingsReport r, string setting, string value)
    {
        var parsed = ParseDuration(value);
        if (r.Check(parsed is not null, setting, value, "must be an ISO 8601 duration in hours, minutes or seconds, as FIS writes them: PT10M, PT1H, PT90S"))
            r.Check(parsed >= MinDuration && parsed <= MaxDuration, setting, value,
                $"must be from {Iso(MinDuration)} to {Iso(MaxDuration)} (FIS acts for at least a minute; Headroom stops an experiment's faults within an hour)");
    }

    /// <summary>"PT1H", "PT10M", "PT90S": a duration as FIS writes it.</summary>
    public static string Iso(TimeSpan t) =>
        "PT" + (t.Hours > 0 ? $"{t.Hours}H" : "") + (t.Minutes > 0 ? $"{t.Minutes}M" : "") + (t.Seconds > 0 || t == TimeSpan.Zero ? $"{t.Seconds}S" : "");
}
