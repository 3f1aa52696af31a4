namespace Headroom.Blocks.Fleet;

/// <summary>The state warm-pool instances wait in.</summary>
public enum WarmPoolState { Stopped, Running, Hibernated }

/// <summary>How Auto Scaling picks Spot capacity among the instance types.</summary>
public enum SpotStrategy { PriceCapacityOptimized, CapacityOptimized, CapacityOptimizedPrioritized, LowestPrice }

/// <summary>What a fleet is, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public partial record FleetSettings
{
    /// <summary>EC2 Auto Scaling's largest group Headroom accepts.</summary>
    public const int MaxCapacityLimit = 1000;

    /// <summary>Such as m7i.large; a Graviton type (c7g.large) gets the arm64 image.</summary>
    [Field("an EC2 instance type (`m7i.large`, `c7g.large`: Graviton gets the arm64 image)")] public string InstanceType { get; init; } = "t3.medium";
    /// <summary>The app sets it to the zone count when an environment leaves it out: one instance per zone.</summary>
    [Field("0–1000, ≤ max; ≥ zone count in production", Default = "zone count")] public int MinCapacity { get; init; } = 2;
    [Field("1–1000")] public int MaxCapacity { get; init; } = 10;
    /// <summary>Null: start at <see cref="MinCapacity"/> and leave the size to scaling.</summary>
    [Field("within min and max", Default = "unset (start at min)")] public int? DesiredCapacity { get; init; }

    /// <summary>A fixed AMI of the stack's region; null (with <see cref="AmiSsmParameter"/> null): the latest Amazon Linux 2023.</summary>
    [Field("`ami-…`; not with `amiSsmParameter`", Default = "latest Amazon Linux 2023")] public string? AmiId { get; init; }
    /// <summary>An SSM parameter holding the AMI id, resolved at deploy time.</summary>
    [Field("an SSM parameter name; not with `amiId`", Default = "latest Amazon Linux 2023")] public string? AmiSsmParameter { get; init; }

    [Field("8–16384")] public int RootVolumeGiB { get; init; } = 20;
    /// <summary>The AMI's root device; Amazon Linux uses /dev/xvda.</summary>
    [Field("`/dev/…`")] public string RootDeviceName { get; init; } = "/dev/xvda";
    [Field("0–7200")] public int HealthCheckGraceSeconds { get; init; } = 300;
    [Field("0–3600")] public int DefaultInstanceWarmupSeconds { get; init; } = 120;

    public RollingUpdateSettings RollingUpdate { get; init; } = new();
    /// <summary>Null: no warm pool.</summary>
    public WarmPoolSettings? WarmPool { get; init; }
    /// <summary>Null: on-demand instances of <see cref="InstanceType"/> only.</summary>
    public MixedInstancesSettings? MixedInstances { get; init; }
    [Field("capacity changes on a schedule")] public IReadOnlyList<ScheduledActionSettings> ScheduledActions { get; init; } = [];
    /// <summary>Target tracking on requests per target and CPU, for a fleet behind a load balancer; null: the caller scales it.</summary>
    public TargetTrackingSettings? TargetTracking { get; init; }

    /// <summary>What a rollout measures against: the desired capacity, else the minimum.</summary>
    public int Baseline => DesiredCapacity ?? MinCapacity;

    /// <summary>The largest batch that keeps <see cref="RollingUpdateSettings.MinHealthyPercent"/> of the baseline in
    /// service (at least 1): the default batch size, and the most a configured one may be.</summary>
    public int LargestBatchSize => Math.Max(1, Baseline * (100 - RollingUpdate.MinHealthyPercent) / 100);

    [GeneratedRegex(@"^[a-z][a-z0-9]*[0-9][a-z0-9]*(-flex)?\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]?xlarge|metal(-[0-9]+xl)?)\z")]
    private static partial Regex InstanceTypePattern();
    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})\\z")] private static partial Regex AmiPattern();
    [GeneratedRegex(@"^/[A-Za-z0-9_.\-/]{1,1000}\z")] private static partial Regex SsmParameterPattern();
    [GeneratedRegex("^/dev/[a-z0-9]+\\z")] private static partial Regex DevicePattern();

    public static bool ValidInstanceType(string type) => InstanceTypePattern().IsMatch(type);

    internal static bool CheckInstanceType(ISettingsReport r, string setting, string type) =>
        r.Check(ValidInstanceType(type), setting, type, "must be an EC2 instance type such as t3.medium, m7i.large or c7i-flex.xlarge");

    /// <summary>What EC2 Auto Scaling and CloudFormation accept, and what keeps a rollout from taking more of the fleet out than it says.</summary>
    public void Check(ISettingsReport r)
    {
        CheckInstanceType(r, nameof(InstanceType), InstanceType);

        var capacityOk = r.Range(nameof(MaxCapacity), MaxCapacity, 1, MaxCapacityLimit);
        capacityOk &= r.Range(nameof(MinCapacity), MinCapacity, 0, MaxCapacityLimit);
        if (capacityOk)
            capacityOk = r.Check(MinCapacity <= MaxCapacity, nameof(MinCapacity), MinCapacity, $"must not exceed maxCapacity ({MaxCapacity})");
        if (DesiredCapacity is { } desired && capacityOk)
            r.Check(desired >= MinCapacity && desired <= MaxCapacity, nameof(DesiredCapacity), desired,
                $"must be within minCapacity and maxCapacity [{MinCapacity}, {MaxCapacity}]");

        if (AmiId is not null && AmiSsmParameter is not null)
            r.Problem(nameof(AmiSsmParameter), AmiSsmParameter, "give either amiId or amiSsmParameter, not both");
        r.Matches(nameof(AmiId), AmiId, AmiPattern(), "must be an AMI id such as ami-0123456789abcdef0");
        r.Matches(nameof(AmiSsmParameter), AmiSsmParameter, SsmParameterPattern(),
            "must be an SSM parameter name such as /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");

        r.Range(nameof(RootVolumeGiB), RootVolumeGiB, 8, 16384);
        r.Matches(nameof(RootDeviceName), RootDeviceName, DevicePattern(), "must be a device name such as /dev/xvda");
        r.Range(nameof(HealthCheckGraceSeconds), HealthCheckGraceSeconds, 0, 7200);
        r.Range(nameof(DefaultInstanceWarmupSeconds), DefaultInstanceWarmupSeconds, 0, 3600);

        RollingUpdate.Check(r.Under(nameof(RollingUpdate)));
        // A batch is taken out of service at once: larger than the baseline's share above
        // minHealthyPercent, it would break the very guarantee minHealthyPercent states.
        if (RollingUpdate.MaxBatchSize is { } batch && batch > LargestBatchSize)
            r.Under(nameof(RollingUpdate)).Problem(nameof(RollingUpdateSettings.MaxBatchSize), batch,
                $"must be at most {LargestBatchSize}: a larger batch takes more than {100 - RollingUpdate.MinHealthyPercent}% of the fleet's baseline ({Baseline} instances) out of service at once");

        if (WarmPool is { } warm)
        {
            warm.Check(r.Under(nameof(WarmPool)));
            if (MixedInstances is not null)
                r.Problem(nameof(WarmPool), null, "cannot be combined with mixedInstances (Auto Scaling warm pools take a single instance type, no Spot)");
            // Instances entering the pool run user data too: their cfn-signal would count as a healthy
            // replacement during a rolling update although they serve nothing.
            if (RollingUpdate.WaitOnResourceSignals)
                r.Problem(nameof(WarmPool), null, "cannot be combined with rollingUpdate.waitOnResourceSignals: warm-pool instances run user data and would signal success without serving");
            if (warm.MaxPreparedCapacity is { } prepared)
                r.Under(nameof(WarmPool)).Check(prepared >= MinCapacity && prepared <= MaxCapacity, nameof(WarmPoolSettings.MaxPreparedCapacity), prepared,
                    $"must be within minCapacity and maxCapacity [{MinCapacity}, {MaxCapacity}]: it counts in-service and warm instances together");
        }
        if (MixedInstances is { } mixed)
        {
            var under = r.Under(nameof(MixedInstances));
            mixed.Check(under);
            var arm = Fleet.IsArm(InstanceType);
            for (var i = 0; i < mixed.InstanceTypes.Count; i++)
            {
                var type = mixed.InstanceTypes[i];
                if (ValidInstanceType(type))
                    under.Check(Fleet.IsArm(type) == arm, $"{nameof(MixedInstancesSettings.InstanceTypes)}[{i}]", type,
                        $"must have the same CPU architecture as instanceType '{InstanceType}' ({(arm ? "arm64" : "x86_64")}): they share one image");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ScheduledActions.Count; i++)
        {
            var action = r.Under($"{nameof(ScheduledActions)}[{i}]");
            ScheduledActions[i].Check(action);
            if (ScheduledActions[i].Name.Length > 0)
                action.Check(names.Add(ScheduledActions[i].Name), nameof(ScheduledActionSettings.Name), ScheduledActions[i].Name, "must not repeat a name used before");
        }
        TargetTracking?.Check(r.Under(nameof(TargetTracking)));
    }
}

/// <summary>How a launch-template change rolls through the group.</summary>
public sealed record RollingUpdateSettings
{
    /// <summary>Share of the baseline (desired, else min) kept in service while instances are replaced.</summary>
    [Field("0–100")] public int MinHealthyPercent { get; init; } = 90;
    /// <summary>Instances replaced at a time; null: <see cref="FleetSettings.LargestBatchSize"/>.</summary>
    [Field("1–1000", Default = "baseline × (100 − minHealthyPercent)%, at least 1")] public int? MaxBatchSize { get; init; }
    /// <summary>Wait after each batch; with <see cref="WaitOnResourceSignals"/>, the time new instances have to signal.</summary>
    [Field("0–60 (1–60 with signals: the time to signal)")] public int PauseMinutes { get; init; } = 5;
    /// <summary>New instances must run cfn-signal (the user-data variable @@SIGNAL_RESOURCE@@ names the
    /// group) once healthy; the update waits for them and rolls back if they never come.</summary>
    [Field("`true`: new instances must run `cfn-signal`")] public bool WaitOnResourceSignals { get; init; }

    public void Check(ISettingsReport r)
    {
        r.Range(nameof(MinHealthyPercent), MinHealthyPercent, 0, 100);
        if (MaxBatchSize is { } batch)
            r.Range(nameof(MaxBatchSize), batch, 1, FleetSettings.MaxCapacityLimit);
        r.Range(nameof(PauseMinutes), PauseMinutes, WaitOnResourceSignals ? 1 : 0, 60,
            WaitOnResourceSignals ? "how long new instances have to signal; CloudFormation allows up to an hour" : "CloudFormation allows up to an hour");
    }
}

/// <summary>Pre-initialized instances kept aside so scale-out does not wait for boot and user data.</summary>
public sealed record WarmPoolSettings
{
    [Field("0–1000")] public int MinSize { get; init; }
    /// <summary>In-service plus warm instances at most; null: up to the group's max capacity.</summary>
    [Field("within `minCapacity` and `maxCapacity`", Default = "the fleet's `maxCapacity`")] public int? MaxPreparedCapacity { get; init; }
    [Field("`stopped`, `running`, `hibernated`")] public WarmPoolState PoolState { get; init; } = WarmPoolState.Stopped;
    [Field("`true`/`false`")] public bool ReuseOnScaleIn { get; init; } = true;

    public void Check(ISettingsReport r) => r.Range(nameof(MinSize), MinSize, 0, FleetSettings.MaxCapacityLimit);
}

/// <summary>On-demand base capacity plus a share of Spot above it, over several instance types.</summary>
public sealed record MixedInstancesSettings
{
    /// <summary>Types besides the fleet's own instance type, in order of preference. Same architecture.</summary>
    [Field("1–19 more instance types, same architecture", Default = "none; **required**")] public IReadOnlyList<string> InstanceTypes { get; init; } = [];
    [Field("0–1000; ≥ zone count in production with Spot")] public int OnDemandBaseCapacity { get; init; }
    [Field("0–100")] public int OnDemandPercentageAboveBaseCapacity { get; init; } = 100;
    [Field("`priceCapacityOptimized`, `capacityOptimized`, `capacityOptimizedPrioritized`, `lowestPrice`")] public SpotStrategy SpotAllocationStrategy { get; init; } = SpotStrategy.PriceCapacityOptimized;

    public void Check(ISettingsReport r)
    {
        r.Check(InstanceTypes.Count is >= 1 and <= 19, nameof(InstanceTypes), InstanceTypes,
            "must list 1 to 19 further instance types (Auto Scaling takes up to 20 with fleet.instanceType)");
        for (var i = 0; i < InstanceTypes.Count; i++)
            FleetSettings.CheckInstanceType(r, $"{nameof(InstanceTypes)}[{i}]", InstanceTypes[i]);
        r.Range(nameof(OnDemandBaseCapacity), OnDemandBaseCapacity, 0, FleetSettings.MaxCapacityLimit);
        r.Range(nameof(OnDemandPercentageAboveBaseCapacity), OnDemandPercentageAboveBaseCapacity, 0, 100);
    }
}

/// <summary>A change of capacity on a schedule, such as raising min and max before a campaign.</summary>
public sealed partial record ScheduledActionSettings
{
    /// <summary>Letters, digits and '-'; names the action's construct, so keep it stable. Required.</summary>
    [Field("letters, digits, `-`, up to 64; unique", Default = "required")] public string Name { get; init; } = "";
    /// <summary>Five-field Unix cron (minute hour day-of-month month day-of-week). Required.</summary>
    [Field("five-field cron, quoted", Default = "required")] public string Schedule { get; init; } = "";
    /// <summary>IANA time zone the cron is read in, such as Europe/Dublin; null: UTC.</summary>
    [Field("an IANA time zone", Default = "UTC")] public string? TimeZone { get; init; }
    [Field("at least one of `minCapacity`, `maxCapacity`, `desiredCapacity`")] public int? MinCapacity { get; init; }
    [Field("at least one of `minCapacity`, `maxCapacity`, `desiredCapacity`")] public int? MaxCapacity { get; init; }
    [Field("at least one of `minCapacity`, `maxCapacity`, `desiredCapacity`")] public int? DesiredCapacity { get; init; }
    /// <summary>ISO 8601 with offset, such as 2026-11-20T00:00:00Z: the action is active from then.</summary>
    [Field("ISO 8601 with offset")] public string? StartTime { get; init; }
    /// <summary>ISO 8601 with offset: the action is active until then.</summary>
    [Field("ISO 8601 with offset")] public string? EndTime { get; init; }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}\\z")] private static partial Regex NamePattern();
    [GeneratedRegex(@"^(UTC|Etc/[A-Za-z0-9+\-]+|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+\-]+){1,2})\z")] private static partial Regex TimeZonePattern();
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})\z")] private static partial Regex TimePattern();

    public DateTimeOffset? ParsedStart => Parse(StartTime);
    public DateTimeOffset? ParsedEnd => Parse(EndTime);

    public void Check(ISettingsReport r)
    {
        if (r.Check(Name.Length > 0, nameof(Name), null, "is required: a name for the action, such as black-friday-up"))
            r.Matches(nameof(Name), Name, NamePattern(), "must be letters, digits and '-', at most 64 characters");
        if (r.Check(Schedule.Length > 0, nameof(Schedule), null, "is required: a five-field cron expression such as \"0 6 27 11 *\"")
            && !CronExpression.TryParse(Schedule, out _, out var error))
            r.Problem(nameof(Schedule), Schedule, $"is not a valid cron expression: {error}");
        if (TimeZone is { } zone)
            r.Check(TimeZonePattern().IsMatch(zone) && KnownZone(zone), nameof(TimeZone), zone, "must be an IANA time zone such as Europe/Dublin or UTC");

        if (MinCapacity is null && MaxCapacity is null && DesiredCapacity is null)
            r.Problem("", null, "must set at least one of minCapacity, maxCapacity, desiredCapacity");
        var ok = true;
        if (MinCapacity is { } min) ok &= r.Range(nameof(MinCapacity), min, 0, FleetSettings.MaxCapacityLimit);
        if (MaxCapacity is { } max) ok &= r.Range(nameof(MaxCapacity), max, 1, FleetSettings.MaxCapacityLimit);
        if (DesiredCapacity is { } desired) ok &= r.Range(nameof(DesiredCapacity), desired, 0, FleetSettings.MaxCapacityLimit);
        if (ok && MinCapacity is { } lo && MaxCapacity is { } hi)
            r.Check(lo <= hi, nameof(MinCapacity), lo, $"must not exceed this action's maxCapacity ({hi})");
        if (ok && DesiredCapacity is { } d)
            r.Check((MinCapacity is null || d >= MinCapacity) && (MaxCapacity is null || d <= MaxCapacity), nameof(DesiredCapacity), d,
                "must be within this action's minCapacity and maxCapacity");

        var start = CheckTime(r, nameof(StartTime), StartTime);
        var end = CheckTime(r, nameof(EndTime), EndTime);
        if (start is not null && end is not null)
            r.Check(end > start, nameof(EndTime), EndTime, "must be after startTime");
    }

    private static DateTimeOffset? CheckTime(ISettingsReport r, string setting, string? text)
    {
        if (text is null) return null;
        var parsed = Parse(text);
        r.Check(parsed is not null, setting, text, "must be an ISO 8601 time with an offset, such as 2026-11-27T06:00:00Z");
        return parsed;
    }

    private static DateTimeOffset? Parse(string? text) =>
        text is not null && TimePattern().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    /// <summary>Checked against the machine's time-zone database when it has one; the format alone otherwise.</summary>
    private static bool KnownZone(string zone)
    {
        if (zone == "UTC" || TimeZoneInfo.GetSystemTimeZones().Count == 0) return true;
        return TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);
    }
}

/// <summary>Target tracking for a fleet behind a load balancer: requests per instance and average CPU.</summary>
public sealed record TargetTrackingSettings
{
    /// <summary>Target of ALBRequestCountPerTarget: requests per instance per minute.</summary>
    [Field("1–1000000 requests per instance per minute")] public int RequestsPerTarget { get; init; } = 1000;
    /// <summary>Target of average CPU utilization, in percent.</summary>
    [Field("10–90")] public int CpuPercent { get; init; } = 50;

    public void Check(ISettingsReport r)
    {
        r.Range(nameof(RequestsPerTarget), RequestsPerTarget, 1, 1_000_000, "requests per instance per minute; 0 would never stop scaling out");
        r.Range(nameof(CpuPercent), CpuPercent, 10, 90, "average CPU an instance should run at");
    }
}
