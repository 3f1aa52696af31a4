using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.App.Config.Sections;

public enum WarmPoolState { Stopped, Running, Hibernated }

public enum SpotStrategy { PriceCapacityOptimized, CapacityOptimized, CapacityOptimizedPrioritized, LowestPrice }

/// <summary>
/// An EC2 Auto Scaling fleet: instances, image, user data, capacity, rollout, warm pool, Spot and
/// schedules. Used by the web tier (web.fleet) and meant for the worker tier too; how a fleet scales on
/// load is the tier's own section.
/// </summary>
public sealed partial class FleetConfig : IConfigSection
{
    [Field("an EC2 instance type (`m7i.large`, `c7g.large`: Graviton gets the arm64 image)")]
    public string InstanceType { get; set; } = "t3.medium";

    /// <summary>Unset: one instance per zone.</summary>
    [Field("0–1000, ≤ max; ≥ zone count in production", Default = "zone count")]
    public int? MinCapacity { get; set; }
    [Field("1–1000")]
    public int MaxCapacity { get; set; } = 10;
    /// <summary>Unset: start at minCapacity and leave the size to scaling.</summary>
    [Field("within min and max", Default = "unset (start at min)")]
    public int? DesiredCapacity { get; set; }

    /// <summary>A fixed AMI; unset (with amiSsmParameter unset): the latest Amazon Linux 2023.</summary>
    [Field("`ami-…`; not with `amiSsmParameter`", Default = "latest Amazon Linux 2023")]
    public string? AmiId { get; set; }
    /// <summary>An SSM parameter holding the AMI id, resolved at deploy time.</summary>
    [Field("an SSM parameter name; not with `amiId`", Default = "latest Amazon Linux 2023")]
    public string? AmiSsmParameter { get; set; }

    /// <summary>A user-data script, relative to the repository root; unset: the tier's default.</summary>
    [Field("a file relative to the repository root, 1 byte to 16 KB", Default = "the built-in default (above)")]
    public string? UserDataFile { get; set; }

    [Field("8–16384")]
    public int RootVolumeGiB { get; set; } = 20;
    [Field("`/dev/…`")]
    public string RootDeviceName { get; set; } = "/dev/xvda";
    [Field("0–7200")]
    public int HealthCheckGraceSeconds { get; set; } = 300;
    [Field("0–3600")]
    public int DefaultInstanceWarmupSeconds { get; set; } = 120;

    public RollingUpdateConfig RollingUpdate { get; set; } = new();
    [Field("not with mixed instances, not with `rollingUpdate.waitOnResourceSignals` (pool instances would signal). A rolling update does not replace instances already in the pool: after a launch-template change they keep the old one until they are used and replaced")]
    public WarmPoolConfig? WarmPool { get; set; }
    [Field("on-demand base capacity, Spot above it; not with a warm pool")]
    public MixedInstancesConfig? MixedInstances { get; set; }
    [Field("capacity changes on a schedule")]
    public List<ScheduledActionConfig> ScheduledActions { get; set; } = [];

    /// <summary>EC2 takes at most 16 KB of user data before base64.</summary>
    public const int MaxUserDataBytes = 16 * 1024;
    public const int MaxCapacityLimit = 1000;

    [GeneratedRegex(@"^[a-z][a-z0-9]*[0-9][a-z0-9]*(-flex)?\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]?xlarge|metal(-[0-9]+xl)?)\z")]
    private static partial Regex InstanceTypePattern();
    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})\\z")] private static partial Regex AmiPattern();
    [GeneratedRegex(@"^/[A-Za-z0-9_.\-/]{1,1000}\z")] private static partial Regex SsmParameterPattern();
    [GeneratedRegex("^/dev/[a-z0-9]+\\z")] private static partial Regex DevicePattern();

    public int EffectiveMinCapacity(EnvironmentConfig env) => MinCapacity ?? env.AvailabilityZones.Count;

    /// <summary>The user-data file's full path, or null for the default.</summary>
    public string? UserDataFullPath(EnvironmentConfig env) =>
        UserDataFile is null ? null : Path.GetFullPath(Path.Combine(RepositoryRoot(env), UserDataFile));

    /// <summary>The folder holding environments/: paths in config are relative to it.</summary>
    public static string RepositoryRoot(EnvironmentConfig env) =>
        Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(env.File))!) ?? ".";

    public static bool ValidInstanceType(string type) => InstanceTypePattern().IsMatch(type);

    public void Validate(ConfigValidator v, string path)
    {
        var env = v.Root;
        var zones = env.AvailabilityZones.Count;
        ValidateInstanceType(v, $"{path}.instanceType", InstanceType);

        var min = EffectiveMinCapacity(env);
        var capacityOk = v.Range($"{path}.maxCapacity", MaxCapacity, 1, MaxCapacityLimit);
        if (MinCapacity is { } setMin)
            capacityOk &= v.Range($"{path}.minCapacity", setMin, 0, MaxCapacityLimit);
        if (capacityOk)
        {
            capacityOk = v.Check(min <= MaxCapacity, MinCapacity is null ? $"{path}.maxCapacity" : $"{path}.minCapacity",
                MinCapacity is null ? MaxCapacity : min,
                MinCapacity is null
                    ? $"must be at least minCapacity, which defaults to the zone count ({min})"
                    : $"must not exceed maxCapacity ({MaxCapacity})");
        }
        if (env.Production)
            v.Check(min >= zones, $"{path}.minCapacity", min,
                $"must be at least {zones} in production, one instance per zone, so losing a zone leaves capacity running");
        if (DesiredCapacity is { } desired && capacityOk)
            v.Check(desired >= min && desired <= MaxCapacity, $"{path}.desiredCapacity", desired, $"must be within minCapacity and maxCapacity [{min}, {MaxCapacity}]");

        if (AmiId is not null && AmiSsmParameter is not null)
            v.Error($"{path}.amiSsmParameter", AmiSsmParameter, "give either amiId or amiSsmParameter, not both");
        v.Matches($"{path}.amiId", AmiId, AmiPattern(), "must be an AMI id such as ami-0123456789abcdef0");
        v.Matches($"{path}.amiSsmParameter", AmiSsmParameter, SsmParameterPattern(),
            "must be an SSM parameter name such as /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");

        v.Range($"{path}.rootVolumeGiB", RootVolumeGiB, 8, 16384);
        v.Matches($"{path}.rootDeviceName", RootDeviceName, DevicePattern(), "must be a device name such as /dev/xvda");
        v.Range($"{path}.healthCheckGraceSeconds", HealthCheckGraceSeconds, 0, 7200);
        v.Range($"{path}.defaultInstanceWarmupSeconds", DefaultInstanceWarmupSeconds, 0, 3600);

        RollingUpdate.Validate(v, $"{path}.rollingUpdate");
        // A batch is taken out of service at once: larger than the baseline's share above
        // minHealthyPercent, it would break the very guarantee minHealthyPercent states.
        var baseline = DesiredCapacity ?? min;
        var largestBatch = Math.Max(1, baseline * (100 - RollingUpdate.MinHealthyPercent) / 100);
        if (RollingUpdate.MaxBatchSize is { } batch && batch > largestBatch)
            v.Error($"{path}.rollingUpdate.maxBatchSize", batch,
                $"must be at most {largestBatch}: a larger batch takes more than {100 - RollingUpdate.MinHealthyPercent}% of the fleet's baseline ({baseline} instances) out of service at once");
        if (WarmPool is not null)
        {
            WarmPool.Validate(v, $"{path}.warmPool");
            if (MixedInstances is not null)
                v.Error($"{path}.warmPool", null, "cannot be combined with mixedInstances (Auto Scaling warm pools take a single instance type, no Spot)");
            // Instances entering the pool run user data too: their cfn-signal would count as a healthy
            // replacement during a rolling update although they serve nothing.
            if (RollingUpdate.WaitOnResourceSignals)
                v.Error($"{path}.warmPool", null, "cannot be combined with rollingUpdate.waitOnResourceSignals: warm-pool instances run user data and would signal success without serving");
            if (WarmPool.MaxPreparedCapacity is { } prepared)
                v.Check(prepared >= min && prepared <= MaxCapacity, $"{path}.warmPool.maxPreparedCapacity", prepared,
                    $"must be within minCapacity and maxCapacity [{min}, {MaxCapacity}]: it counts in-service and warm instances together");
        }
        if (MixedInstances is not null)
        {
            MixedInstances.Validate(v, $"{path}.mixedInstances");
            var arm = Blocks.Fleet.Fleet.IsArm(InstanceType);
            for (var i = 0; i < MixedInstances.InstanceTypes.Count; i++)
            {
                var type = MixedInstances.InstanceTypes[i];
                if (ValidInstanceType(type))
                    v.Check(Blocks.Fleet.Fleet.IsArm(type) == arm, $"{path}.mixedInstances.instanceTypes[{i}]", type,
                        $"must have the same CPU architecture as instanceType '{InstanceType}' ({(arm ? "arm64" : "x86_64")}): they share one image");
            }
            if (env.Production)
                v.Check(MixedInstances.OnDemandBaseCapacity >= zones || MixedInstances.OnDemandPercentageAboveBaseCapacity == 100,
                    $"{path}.mixedInstances.onDemandBaseCapacity", MixedInstances.OnDemandBaseCapacity,
                    $"must be at least {zones} in production when Spot is used, so a Spot reclaim never takes the per-zone minimum");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ScheduledActions.Count; i++)
        {
            var actionPath = $"{path}.scheduledActions[{i}]";
            ScheduledActions[i].Validate(v, actionPath);
            v.Check(names.Add(ScheduledActions[i].Name), $"{actionPath}.name", ScheduledActions[i].Name, "must not repeat a name used before");
        }
    }

    /// <summary>The user-data file exists, fits, and uses only known @@VARIABLES@@.</summary>
    public void ValidateUserData(ConfigValidator v, string path, IReadOnlyList<string> appVariables)
    {
        if (UserDataFile is not { } file) return;
        var field = $"{path}.userDataFile";
        if (!v.Check(file.Length > 0 && !file.Contains('\0') && !Path.IsPathRooted(file), field, file, "must be a path relative to the repository root, such as userdata/web.sh"))
            return;
        var full = UserDataFullPath(v.Root)!;
        // Inside the repository, also once symbolic links are followed: a path that climbs out would put any
        // readable file of the build machine into the launch template.
        var root = RepositoryRoot(v.Root);
        if (!Inside(root, full))
        {
            v.Error(field, file, $"must stay inside the repository ({root}); it resolves to {full}");
            return;
        }
        if (!File.Exists(full))
        {
            v.Error(field, file, $"the file does not exist (looked for {full})");
            return;
        }
        if (ResolveLinks(full) is { } target && !Inside(ResolveLinks(root) ?? root, target))
        {
            v.Error(field, file, $"must stay inside the repository ({root}); it is a link to {target}");
            return;
        }
        var bytes = new FileInfo(full).Length;
        if (!v.Check(bytes is > 0 and <= MaxUserDataBytes, field, file, $"must be a non-empty file of at most {MaxUserDataBytes} bytes (EC2's user-data limit); it has {bytes}"))
            return;
        var unknown = Blocks.Fleet.Fleet.UnknownVariables(File.ReadAllText(full), appVariables).ToList();
        v.Check(unknown.Count == 0, field, file,
            $"uses unknown variables {string.Join(", ", unknown.Select(u => $"@@{u}@@"))}; known: " +
            string.Join(", ", appVariables.Concat(Blocks.Fleet.Fleet.BlockUserDataVariables).Select(n => $"@@{n}@@")));
    }

    private static bool Inside(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    /// <summary>The path with every symbolic link along it followed, or null when nothing along it is a link.</summary>
    private static string? ResolveLinks(string path)
    {
        var resolved = Path.GetPathRoot(path) ?? "/";
        var changed = false;
        foreach (var part in Path.GetRelativePath(resolved, path).Split(Path.DirectorySeparatorChar))
        {
            resolved = Path.Combine(resolved, part);
            for (var hops = 0; hops < 40 && new FileInfo(resolved).LinkTarget is { } link; hops++)
            {
                resolved = Path.GetFullPath(link, Path.GetDirectoryName(resolved)!);
                changed = true;
            }
        }
        return changed ? resolved : null;
    }

    public static void ValidateInstanceType(ConfigValidator v, string path, string type) =>
        v.Check(ValidInstanceType(type), path, type, "must be an EC2 instance type such as t3.medium, m7i.large or c7i-flex.xlarge");
}

public sealed class RollingUpdateConfig : IConfigSection
{
    /// <summary>Share of the fleet's baseline (desired, else min) kept in service while instances are replaced.</summary>
    [Field("0–100")]
    public int MinHealthyPercent { get; set; } = 90;
    /// <summary>Unset: the baseline's share above minHealthyPercent, at least 1.</summary>
    [Field("1–1000", Default = "baseline × (100 − minHealthyPercent)%, at least 1")]
    public int? MaxBatchSize { get; set; }
    /// <summary>Wait after each batch, or with waitOnResourceSignals, the time new instances have to signal.</summary>
    [Field("0–60 (1–60 with signals: the time to signal)")]
    public int PauseMinutes { get; set; } = 5;
    /// <summary>New instances report health with cfn-signal; the rollout waits for them and rolls back without.</summary>
    [Field("`true`: new instances must run `cfn-signal`")]
    public bool WaitOnResourceSignals { get; set; }

    public void Validate(ConfigValidator v, string path)
    {
        v.Range($"{path}.minHealthyPercent", MinHealthyPercent, 0, 100);
        if (MaxBatchSize is { } batch)
            v.Range($"{path}.maxBatchSize", batch, 1, FleetConfig.MaxCapacityLimit);
        v.Range($"{path}.pauseMinutes", PauseMinutes, WaitOnResourceSignals ? 1 : 0, 60,
            WaitOnResourceSignals ? "how long new instances have to signal; CloudFormation allows up to an hour" : "CloudFormation allows up to an hour");
    }
}

public sealed class WarmPoolConfig : IConfigSection
{
    [Field("0–1000")]
    public int MinSize { get; set; }
    /// <summary>In-service plus warm instances at most; unset: the fleet's maxCapacity.</summary>
    [Field("within `minCapacity` and `maxCapacity`", Default = "the fleet's `maxCapacity`")]
    public int? MaxPreparedCapacity { get; set; }
    [Field("`stopped`, `running`, `hibernated`")]
    public WarmPoolState PoolState { get; set; } = WarmPoolState.Stopped;
    [Field("`true`/`false`")]
    public bool ReuseOnScaleIn { get; set; } = true;

    public void Validate(ConfigValidator v, string path) =>
        v.Range($"{path}.minSize", MinSize, 0, FleetConfig.MaxCapacityLimit);
}

public sealed class MixedInstancesConfig : IConfigSection
{
    /// <summary>Further instance types besides fleet.instanceType, in order of preference.</summary>
    [Field("1–19 more instance types, same architecture", Default = "none; **required**")]
    public List<string> InstanceTypes { get; set; } = [];
    [Field("0–1000; ≥ zone count in production with Spot")]
    public int OnDemandBaseCapacity { get; set; }
    [Field("0–100")]
    public int OnDemandPercentageAboveBaseCapacity { get; set; } = 100;
    [Field("`priceCapacityOptimized`, `capacityOptimized`, `capacityOptimizedPrioritized`, `lowestPrice`")]
    public SpotStrategy SpotAllocationStrategy { get; set; } = SpotStrategy.PriceCapacityOptimized;

    public void Validate(ConfigValidator v, string path)
    {
        v.Check(InstanceTypes.Count is >= 1 and <= 19, $"{path}.instanceTypes", InstanceTypes,
            "must list 1 to 19 further instance types (Auto Scaling takes up to 20 with fleet.instanceType)");
        for (var i = 0; i < InstanceTypes.Count; i++)
            FleetConfig.ValidateInstanceType(v, $"{path}.instanceTypes[{i}]", InstanceTypes[i]);
        v.Range($"{path}.onDemandBaseCapacity", OnDemandBaseCapacity, 0, FleetConfig.MaxCapacityLimit);
        v.Range($"{path}.onDemandPercentageAboveBaseCapacity", OnDemandPercentageAboveBaseCapacity, 0, 100);
    }
}

public sealed partial class ScheduledActionConfig : IConfigSection
{
    [Field("letters, digits, `-`, up to 64; unique", Default = "required")]
    public string Name { get; set; } = "";
    /// <summary>Five-field cron (minute hour day-of-month month day-of-week); quote it in YAML.</summary>
    [Field("five-field cron, quoted", Default = "required")]
    public string Schedule { get; set; } = "";
    /// <summary>IANA time zone such as Europe/Dublin; unset: UTC.</summary>
    [Field("an IANA time zone", Default = "UTC")]
    public string? TimeZone { get; set; }
    [Field("at least one of `minCapacity`, `maxCapacity`, `desiredCapacity`")]
    public int? MinCapacity { get; set; }
    [Field("at least one of `minCapacity`, `maxCapacity`, `desiredCapacity`")]
    public int? MaxCapacity { get; set; }
    [Field("at least one of `minCapacity`, `maxCapacity`, `desiredCapacity`")]
    public int? DesiredCapacity { get; set; }
    /// <summary>ISO 8601 with offset, such as 2026-11-20T00:00:00Z: the action is active from then.</summary>
    [Field("ISO 8601 with offset")]
    public string? StartTime { get; set; }
    [Field("ISO 8601 with offset")]
    public string? EndTime { get; set; }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}\\z")] private static partial Regex NamePattern();
    [GeneratedRegex(@"^(UTC|Etc/[A-Za-z0-9+\-]+|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+\-]+){1,2})\z")] private static partial Regex TimeZonePattern();
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})\z")] private static partial Regex TimePattern();

    public DateTimeOffset? ParsedStart => Parse(StartTime);
    public DateTimeOffset? ParsedEnd => Parse(EndTime);

    public void Validate(ConfigValidator v, string path)
    {
        var env = v.Root;
        if (v.Required($"{path}.name", Name, "a name for the action, such as black-friday-up"))
            v.Matches($"{path}.name", Name, NamePattern(), "must be letters, digits and '-', at most 64 characters");
        if (v.Required($"{path}.schedule", Schedule, "a five-field cron expression such as \"0 6 27 11 *\""))
        {
            if (!CronExpression.TryParse(Schedule, out _, out var error))
                v.Error($"{path}.schedule", Schedule, $"is not a valid cron expression: {error}");
        }
        if (TimeZone is { } zone)
            v.Check(TimeZonePattern().IsMatch(zone) && KnownZone(zone), $"{path}.timeZone", zone, "must be an IANA time zone such as Europe/Dublin or UTC");

        if (MinCapacity is null && MaxCapacity is null && DesiredCapacity is null)
            v.Error(path, null, "must set at least one of minCapacity, maxCapacity, desiredCapacity");
        var ok = true;
        if (MinCapacity is { } min) ok &= v.Range($"{path}.minCapacity", min, 0, FleetConfig.MaxCapacityLimit);
        if (MaxCapacity is { } max) ok &= v.Range($"{path}.maxCapacity", max, 1, FleetConfig.MaxCapacityLimit);
        if (DesiredCapacity is { } desired) ok &= v.Range($"{path}.desiredCapacity", desired, 0, FleetConfig.MaxCapacityLimit);
        if (ok && MinCapacity is { } lo && MaxCapacity is { } hi)
            v.Check(lo <= hi, $"{path}.minCapacity", lo, $"must not exceed this action's maxCapacity ({hi})");
        if (ok && DesiredCapacity is { } d)
            v.Check((MinCapacity is null || d >= MinCapacity) && (MaxCapacity is null || d <= MaxCapacity), $"{path}.desiredCapacity", d,
                "must be within this action's minCapacity and maxCapacity");
        if (env.Production && MinCapacity is { } prodMin)
            v.Check(prodMin >= env.AvailabilityZones.Count, $"{path}.minCapacity", prodMin,
                $"must be at least {env.AvailabilityZones.Count} in production, one instance per zone");

        var start = CheckTime(v, $"{path}.startTime", StartTime);
        var end = CheckTime(v, $"{path}.endTime", EndTime);
        if (start is not null && end is not null)
            v.Check(end > start, $"{path}.endTime", EndTime, "must be after startTime");
    }

    private static DateTimeOffset? CheckTime(ConfigValidator v, string path, string? text)
    {
        if (text is null) return null;
        var parsed = Parse(text);
        v.Check(parsed is not null, path, text, "must be an ISO 8601 time with an offset, such as 2026-11-27T06:00:00Z");
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
