
namespace Headroom.App.Config.Sections;

/// <summary>
/// An EC2 Auto Scaling fleet: overrides of the fleet block's settings (<see cref="FleetSettings"/>: instances,
/// image, capacity, rollout, warm pool, Spot and schedules), the user-data file, and production's policy. Used
/// by the web tier (web.fleet) and the worker tier (queues.workers.fleet); how a fleet scales on load is the
/// tier's own section.
/// </summary>
[SectionFields] public sealed partial class FleetConfig : IConfigSection, IOverrides<FleetSettings>
{
    /// <summary>A user-data script, relative to the repository root; unset: the tier's default.</summary>
    [Field("a file relative to the repository root, 1 byte to 16 KB", Default = "the built-in default (above)")]
    [AppOnly("the app reads the file and gives the block its text")]
    public string? UserDataFile { get; set; }

    public RollingUpdateConfig RollingUpdate { get; set; } = new();
    [Field("not with mixed instances, not with `rollingUpdate.waitOnResourceSignals` (pool instances would signal). A rolling update does not replace instances already in the pool: after a launch-template change they keep the old one until they are used and replaced")]
    public WarmPoolConfig? WarmPool { get; set; }
    [Field("on-demand base capacity, Spot above it; not with a warm pool")]
    public MixedInstancesConfig? MixedInstances { get; set; }

    /// <summary>EC2 takes at most 16 KB of user data before base64.</summary>
    public const int MaxUserDataBytes = 16 * 1024;

    public FleetSettings Apply(FleetSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        // One instance per zone unless the file says otherwise.
        MinCapacity = MinCapacity ?? environment.AvailabilityZones.Count,
        RollingUpdate = RollingUpdate.Apply(d.RollingUpdate, environment),
        WarmPool = Overrides.Optional(WarmPool, d.WarmPool, environment),
        MixedInstances = Overrides.Optional(MixedInstances, d.MixedInstances, environment),
    };

    /// <summary>The user-data file's full path, or null for the default.</summary>
    public string? UserDataFullPath(EnvironmentConfig env) =>
        UserDataFile is null ? null : Path.GetFullPath(Path.Combine(RepositoryRoot(env), UserDataFile));

    /// <summary>The folder holding environments/: paths in config are relative to it.</summary>
    public static string RepositoryRoot(EnvironmentConfig env) =>
        Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(env.File))!) ?? ".";

    public void Validate(ConfigValidator v, string path)
    {
        var env = v.Root;
        var zones = env.AvailabilityZones.Count;
        var settings = Settings(env);
        // Production's policy, on top of what the block allows.
        if (env.Production)
        {
            v.Check(settings.MinCapacity >= zones, $"{path}.minCapacity", settings.MinCapacity,
                $"must be at least {zones} in production, one instance per zone, so losing a zone leaves capacity running");
            if (settings.MixedInstances is { } mixed)
                v.Check(mixed.OnDemandBaseCapacity >= zones || mixed.OnDemandPercentageAboveBaseCapacity == 100,
                    $"{path}.mixedInstances.onDemandBaseCapacity", mixed.OnDemandBaseCapacity,
                    $"must be at least {zones} in production when Spot is used, so a Spot reclaim never takes the per-zone minimum");
            for (var i = 0; i < settings.ScheduledActions.Count; i++)
                if (settings.ScheduledActions[i].MinCapacity is { } actionMin)
                    v.Check(actionMin >= zones, $"{path}.scheduledActions[{i}].minCapacity", actionMin,
                        $"must be at least {zones} in production, one instance per zone");
        }
        var report = v.Report(path, GetType());
        // Left out, minCapacity is the zone count: when that exceeds maxCapacity, the file's maxCapacity is what to change.
        settings.Check(MinCapacity is not null ? report : new DefaultMinimum(report, zones));
    }

    private sealed class DefaultMinimum(ISettingsReport inner, int zones) : ISettingsReport
    {
        public void Problem(string setting, object? value, string allowed)
        {
            if (setting == nameof(FleetSettings.MinCapacity))
                inner.Problem(nameof(FleetSettings.MaxCapacity), null, $"must be at least minCapacity, which defaults to the zone count ({zones})");
            else
                inner.Problem(setting, value, allowed);
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
        Blocks.Fleet.Fleet.CheckUserData(v, field, file, File.ReadAllText(full), appVariables);
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
}

[SectionFields] public sealed partial class RollingUpdateConfig : IOverrides<RollingUpdateSettings>;

[SectionFields] public sealed partial class WarmPoolConfig : IOverrides<WarmPoolSettings>;

[SectionFields] public sealed partial class MixedInstancesConfig : IOverrides<MixedInstancesSettings>;

[SectionFields] public sealed partial class ScheduledActionConfig : IOverrides<ScheduledActionSettings>;
