using Amazon.CDK.AWS.AutoScaling;

namespace Headroom.Blocks.Chaos;

/// <summary>A fleet experiments may stop or terminate: its name ("web", a service's, "worker") and its group.</summary>
public sealed record ChaosFleet(string Name, IAutoScalingGroup Group);

/// <summary>The database experiments reboot: its primary's ARN, whether it has a standby to fail over to, and the
/// endpoints the fleets reach it by (the latency experiment slows traffic to these).</summary>
public sealed record ChaosDatabase(string InstanceArn, bool MultiAz, IReadOnlyList<string> Endpoints);

/// <summary>The cache experiments cut power to: its replication group's ID and whether it is Multi-AZ
/// (FIS's power interruption needs Multi-AZ with automatic failover).</summary>
public sealed record ChaosCache(string ReplicationGroupId, bool MultiAz);

/// <summary>The chaos block's settings and what it is wired to.</summary>
public sealed record ChaosProps : ChaosSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public ChaosProps(ChaosSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>Such as "headroom-staging": prefixes the templates' Name tags.</summary>
    public required string NamePrefix { get; init; }
    /// <summary>"/headroom/staging": each template's ID is published under {path}/chaos/{experiment}/template-id.</summary>
    public required string ParameterPath { get; init; }
    /// <summary>Tags every resource of this environment carries, such as project=headroom, environment=staging: the
    /// experiment role may stop, terminate or run commands only on instances that carry all of them.</summary>
    public required IReadOnlyDictionary<string, string> ScopeTags { get; init; }
    /// <summary>The environment's zones; <see cref="ChaosSettings.Zone"/> must be one of them.</summary>
    public required IReadOnlyList<string> AvailabilityZones { get; init; }
    /// <summary>The environment's composite "site degraded" alarm: every experiment stops when it fires.</summary>
    public required IAlarm SiteDegraded { get; init; }
    /// <summary>The fleets behind the load balancer, web first.</summary>
    public required IReadOnlyList<ChaosFleet> WebFleets { get; init; }
    /// <summary>The queue workers, or null without queues.</summary>
    public ChaosFleet? Workers { get; init; }
    public ChaosDatabase? Database { get; init; }
    public ChaosCache? Cache { get; init; }
    /// <summary>Where the game-day runbook is, linked from each experiment's description.</summary>
    public string RunbookLink { get; init; } = "docs/runbooks/game-day.md";

    /// <summary>The zone the zone and cache experiments impair.</summary>
    public string ImpairedZone => Zone ?? AvailabilityZones[0];

    /// <summary>The settings' rules and what the wiring must agree with.</summary>
    public void CheckWiring(ISettingsReport r)
    {
        Check(r);
        if (r.Check(AvailabilityZones.Count >= 2, nameof(AvailabilityZones), AvailabilityZones, "must list the environment's zones (at least two)"))
            r.Check(Zone is null || AvailabilityZones.Contains(Zone), nameof(Zone), Zone, $"must be one of the environment's zones: {string.Join(", ", AvailabilityZones)}");
        r.Check(WebFleets.Count >= 1, nameof(WebFleets), WebFleets.Count, "must name the web fleet");
        r.Check(ScopeTags.Count >= 1, nameof(ScopeTags), ScopeTags.Count, "must name the tags that make a resource this environment's");
    }
}
