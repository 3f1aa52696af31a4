using Headroom.Blocks.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Headroom.Blocks.Catalog;
using Headroom.Blocks.Database;

namespace Headroom.App.Config.Sections;

/// <summary>RDS Proxy's connection pool.</summary>
public sealed class DatabaseProxyConfig
{
    [Field("1–100 (share of the primary's `max_connections`)")]
    public int MaxConnectionsPercent { get; set; } = 90;
    [Field("0 to `maxConnectionsPercent`")]
    public int MaxIdleConnectionsPercent { get; set; } = 50;
    [Field("1–28800")]
    public int IdleClientTimeoutSeconds { get; set; } = 1800;
    [Field("0–3600")]
    public int BorrowTimeoutSeconds { get; set; } = 120;

    public void Validate(ConfigValidator v, string path)
    {
        if (v.Range($"{path}.maxConnectionsPercent", MaxConnectionsPercent, 1, 100, "a share of the primary's max_connections"))
            v.Range($"{path}.maxIdleConnectionsPercent", MaxIdleConnectionsPercent, 0, MaxConnectionsPercent,
                "idle connections are part of the pool, so at most maxConnectionsPercent");
        v.Range($"{path}.idleClientTimeoutSeconds", IdleClientTimeoutSeconds, 1, 28800, "up to 8 hours");
        v.Range($"{path}.borrowTimeoutSeconds", BorrowTimeoutSeconds, 0, 3600, "up to an hour");
    }
}

/// <summary>The `database:` section: RDS PostgreSQL primary, read replicas and RDS Proxy.</summary>
public sealed partial class DatabaseConfig : IConfigSection
{
    /// <summary>A major version ("16": RDS picks and upgrades the minor) or major.minor ("16.4").</summary>
    [Field("a PostgreSQL major (13–17; RDS picks and upgrades the minor) or `major.minor`")]
    public string EngineVersion { get; set; } = "16";
    [Field("`db.<family>.<size>`")]
    public string InstanceClass { get; set; } = "db.t4g.medium";
    /// <summary>Unset: on in production, off elsewhere.</summary>
    [Field("`true`/`false`; must be `true` in production", Default = "`true` in production, else `false`")]
    public bool? MultiAz { get; set; }

    [Field("0–15")]
    public int Replicas { get; set; }
    /// <summary>Unset: the primary's class.</summary>
    [Field("`db.<family>.<size>`", Default = "the primary's class")]
    public string? ReplicaInstanceClass { get; set; }
    /// <summary>Replica number (1-based) to its own class.</summary>
    [Field("replica number (1…`replicas`) → `db.<family>.<size>`")]
    public Dictionary<string, string> ReplicaInstanceClassOverrides { get; set; } = [];

    [Field("1150–65535, not 5432")]
    public int Port { get; set; } = 5433;
    [Field("a letter then up to 62 letters, digits, `_`; not `postgres`, `template0/1`, `rdsadmin`")]
    public string DatabaseName { get; set; } = "shop";
    [Field("20–65536")]
    public int AllocatedStorageGiB { get; set; } = 20;
    [Field("at least 10% above `allocatedStorageGiB`, at most 65536")]
    public int MaxAllocatedStorageGiB { get; set; } = 100;

    [Field("1–35; 7–35 in production")]
    public int BackupRetentionDays { get; set; } = 7;
    [Field("daily UTC `hh:mm-hh:mm`, at least 30 minutes")]
    public string BackupWindow { get; set; } = "02:00-03:00";
    [Field("weekly UTC `ddd:hh:mm-ddd:hh:mm`, 30 minutes to 24 hours, not overlapping `backupWindow`")]
    public string MaintenanceWindow { get; set; } = "sun:03:30-sun:04:30";
    /// <summary>Unset: on in production, off elsewhere.</summary>
    [Field("`true`/`false`; must be `true` in production", Default = "`true` in production, else `false`")]
    public bool? DeletionProtection { get; set; }

    [Field("-1 (off) to 3600000; 0 logs every statement")]
    public int SlowQueryMilliseconds { get; set; } = 500;
    [Field("0 (off) to 86400")]
    public int IdleInTransactionTimeoutSeconds { get; set; } = 60;
    [Field("1–365")]
    public int PasswordRotationDays { get; set; } = 30;
    [Field("a CloudWatch Logs retention")]
    public int LogRetentionDays { get; set; } = 30;
    public DatabaseProxyConfig Proxy { get; set; } = new();

    public bool EffectiveMultiAz(EnvironmentConfig env) => MultiAz ?? env.Production;
    public bool EffectiveDeletionProtection(EnvironmentConfig env) => DeletionProtection ?? env.Production;

    /// <summary>Each replica's class, replica 1 first.</summary>
    public IReadOnlyList<string> ReplicaClasses() =>
        Enumerable.Range(1, Math.Max(0, Replicas))
            .Select(n => ReplicaInstanceClassOverrides.GetValueOrDefault(n.ToString(CultureInfo.InvariantCulture)) ?? ReplicaInstanceClass ?? InstanceClass)
            .ToList();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\z")] private static partial Regex VersionPattern();
    [GeneratedRegex(@"^db\.[a-z][a-z0-9-]*\.[a-z0-9]+\z")] private static partial Regex InstanceClassPattern();
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_]{0,62}\z")] private static partial Regex DatabaseNamePattern();

    private static readonly string[] ReservedNames = ["postgres", "template0", "template1", "rdsadmin"];
    private const string ClassHint = "must be an RDS instance class db.<family>.<size>, such as db.r7g.large";

    public void Validate(ConfigValidator v, string path)
    {
        var production = v.Root.Production;
        if (v.Matches($"{path}.engineVersion", EngineVersion, VersionPattern(), "must be a PostgreSQL version: a major version such as 16, or major.minor such as 16.4"))
            v.Check(int.TryParse(EngineVersion.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && Database.SupportedMajorVersions.Contains(major),
                $"{path}.engineVersion", EngineVersion, $"must be a supported PostgreSQL major version: {string.Join(", ", Database.SupportedMajorVersions)}");
        v.Matches($"{path}.instanceClass", InstanceClass, InstanceClassPattern(), ClassHint);
        KnownClass(v, $"{path}.instanceClass", InstanceClass);
        if (production)
            v.Check(MultiAz != false, $"{path}.multiAz", MultiAz, "must be true in production (a standby in another zone takes over on failure), or left out");

        v.Range($"{path}.replicas", Replicas, 0, Database.MaxReplicas, "RDS allows up to 15 read replicas per primary");
        if (ReplicaInstanceClass is not null) v.Matches($"{path}.replicaInstanceClass", ReplicaInstanceClass, InstanceClassPattern(), ClassHint);
        if (Replicas > 0) KnownClass(v, $"{path}.replicaInstanceClass", ReplicaInstanceClass);
        foreach (var (number, instanceClass) in ReplicaInstanceClassOverrides)
        {
            var overridePath = $"{path}.replicaInstanceClassOverrides.{number}";
            v.Check(int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Replicas,
                overridePath, number, Replicas == 0 ? "names a replica, but there are none (replicas: 0)" : $"must name a replica by number, 1 to {Replicas}");
            v.Matches(overridePath, instanceClass, InstanceClassPattern(), ClassHint);
            KnownClass(v, overridePath, instanceClass);
        }

        if (v.Range($"{path}.port", Port, 1150, 65535, "RDS PostgreSQL takes 1150 to 65535"))
            v.Check(Port != Database.ProxyPort, $"{path}.port", Port, "must not be PostgreSQL's default 5432: the instances take a non-default port (the proxy keeps 5432)");
        if (v.Matches($"{path}.databaseName", DatabaseName, DatabaseNamePattern(), "must be a letter then up to 62 letters, digits or _"))
            v.Check(!ReservedNames.Contains(DatabaseName, StringComparer.OrdinalIgnoreCase), $"{path}.databaseName", DatabaseName,
                $"must not be a name PostgreSQL or RDS reserve ({string.Join(", ", ReservedNames)})");

        if (v.Range($"{path}.allocatedStorageGiB", AllocatedStorageGiB, 20, 65536, "gp3 volumes are 20 GiB to 64 TiB"))
        {
            var least = (AllocatedStorageGiB * 11 + 9) / 10; // 10% above, rounded up, in whole GiB
            v.Range($"{path}.maxAllocatedStorageGiB", MaxAllocatedStorageGiB, least, 65536,
                "storage autoscaling's ceiling: at least 10% above allocatedStorageGiB, at most 64 TiB");
        }

        if (production)
            v.Range($"{path}.backupRetentionDays", BackupRetentionDays, 7, 35, "production keeps at least a week of backups and point-in-time recovery");
        else
            v.Range($"{path}.backupRetentionDays", BackupRetentionDays, 1, 35, "0 would turn off backups, which replicas and point-in-time recovery need");
        var backup = TimeWindows.Daily(v, $"{path}.backupWindow", BackupWindow, 30);
        var maintenance = TimeWindows.Weekly(v, $"{path}.maintenanceWindow", MaintenanceWindow, 30);
        if (backup is { } b && maintenance is { } m)
            v.Check(!TimeWindows.Overlap(b, m), $"{path}.maintenanceWindow", MaintenanceWindow, $"must not overlap backupWindow ({BackupWindow}); RDS refuses overlapping windows");
        if (production)
            v.Check(DeletionProtection != false, $"{path}.deletionProtection", DeletionProtection, "must be true in production, or left out");

        v.Range($"{path}.slowQueryMilliseconds", SlowQueryMilliseconds, -1, 3_600_000, "-1 turns slow-query logging off, 0 logs every statement");
        v.Range($"{path}.idleInTransactionTimeoutSeconds", IdleInTransactionTimeoutSeconds, 0, 86400, "0 turns it off; at most a day");
        v.Range($"{path}.passwordRotationDays", PasswordRotationDays, 1, 365);
        v.OneOf($"{path}.logRetentionDays", LogRetentionDays, NetworkConfig.RetentionDays);
        Proxy.Validate(v, $"{path}.proxy");
    }

    /// <summary>
    /// The database alarms judge freeable memory and connections against the class's memory, so a class
    /// must be one the instance-class catalog (<see cref="DbInstanceClasses"/>) knows.
    /// </summary>
    private static void KnownClass(ConfigValidator v, string path, string? instanceClass)
    {
        // A malformed class is the pattern's error above; here only well-formed ones nobody can size.
        if (instanceClass is null || !instanceClass.StartsWith("db.", StringComparison.Ordinal) || instanceClass.Count(c => c == '.') != 2) return;
        v.Check(DbInstanceClasses.Find(instanceClass) is not null, path, instanceClass,
            "the database alarms need the class's memory; known classes: db.t*, db.m*, db.r*, db.x2g and db.z1d families");
    }
}
