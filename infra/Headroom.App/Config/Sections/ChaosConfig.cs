using Headroom.Blocks.Chaos;

namespace Headroom.App.Config.Sections;

/// <summary>The `chaos:` section: overrides of the chaos block's settings (<see cref="ChaosSettings"/>). On outside
/// production unless the file turns it off; in production only when the file turns it on.</summary>
public sealed class ChaosConfig : IConfigSection, IOverrides<ChaosSettings>
{
    [Field("`true`/`false`: FIS experiment templates for this environment", Default = "`true`; `false` in production")]
    public bool? Enabled { get; set; }
    [Field("one or more of `zonePower`, `fleetTermination`, `databaseFailover`, `cacheFailover`, `cpuStress`, `databaseLatency`, no repeats", Default = "all six")]
    public List<ChaosExperiment>? Experiments { get; set; }
    [Field("one of the environment's `availabilityZones`: the zone the zone and cache experiments impair", Default = "the first zone")]
    public string? Zone { get; set; }
    [Field("ISO 8601 as FIS writes it, `PT1M`–`PT1H`")]
    public string? ZonePowerDuration { get; set; }
    [Field("ISO 8601, `PT1M`–`PT1H`: CPU stress, latency, the cache's power loss")]
    public string? StressDuration { get; set; }
    [Field("1–50 % of each web-facing fleet's running instances")]
    public int? TerminatePercent { get; set; }
    [Field("1–100 %")]
    public int? CpuLoadPercent { get; set; }
    [Field("1–100 % of the web fleet's instances (CPU stress, latency)")]
    public int? StressedPercent { get; set; }
    [Field("1–5000 ms added to each packet to the database")]
    public int? LatencyMilliseconds { get; set; }
    [Field("up to 4 CloudWatch alarm names of this account and region that also stop every experiment", Default = "none")]
    public List<string>? StopAlarms { get; set; }
    [Field("a CloudWatch Logs retention (the experiments' log)")]
    public int? LogRetentionDays { get; set; }

    public ChaosSettings Apply(ChaosSettings d, EnvironmentConfig environment) => d with
    {
        // Production runs experiments only when its file asks for them.
        Enabled = Enabled ?? (d.Enabled && !environment.Production),
        Experiments = Experiments ?? d.Experiments,
        Zone = Zone ?? d.Zone,
        ZonePowerDuration = ZonePowerDuration ?? d.ZonePowerDuration,
        StressDuration = StressDuration ?? d.StressDuration,
        TerminatePercent = TerminatePercent ?? d.TerminatePercent,
        CpuLoadPercent = CpuLoadPercent ?? d.CpuLoadPercent,
        StressedPercent = StressedPercent ?? d.StressedPercent,
        LatencyMilliseconds = LatencyMilliseconds ?? d.LatencyMilliseconds,
        StopAlarms = StopAlarms ?? d.StopAlarms,
        LogRetentionDays = LogRetentionDays ?? d.LogRetentionDays,
    };

    /// <summary>The block's settings for this environment.</summary>
    public ChaosSettings Settings(EnvironmentConfig environment) => Apply(new ChaosSettings(), environment);

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        if (settings.Zone is { } zone)
            v.Check(v.Root.AvailabilityZones.Contains(zone), $"{path}.zone", zone,
                $"must be one of the environment's availabilityZones: {string.Join(", ", v.Root.AvailabilityZones)}");
    }
}
