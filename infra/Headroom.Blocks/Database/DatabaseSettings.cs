using Headroom.Blocks.Catalog;

namespace Headroom.Blocks.Database;

/// <summary>How RDS Proxy pools connections to the primary.</summary>
public sealed record DatabaseProxySettings
{
    /// <summary>Share of the primary's max_connections the proxy may open, 1 to 100.</summary>
    [Field("1–100 (share of the primary's `max_connections`)")] public int MaxConnectionsPercent { get; init; } = 90;
    /// <summary>Share kept open while idle, 0 to <see cref="MaxConnectionsPercent"/>.</summary>
    [Field("0 to `maxConnectionsPercent`")] public int MaxIdleConnectionsPercent { get; init; } = 50;
    /// <summary>A client connection idle this long is closed.</summary>
    [Field("1–28800")] public int IdleClientTimeoutSeconds { get; init; } = 1800;
    /// <summary>How long a client waits for a pooled connection before an error.</summary>
    [Field("0–3600")] public int BorrowTimeoutSeconds { get; init; } = 120;

    /// <summary>What RDS Proxy accepts: idle connections are part of the pool.</summary>
    public void Check(ISettingsReport r)
    {
        if (r.Range(nameof(MaxConnectionsPercent), MaxConnectionsPercent, 1, 100, "a share of the primary's max_connections"))
            r.Range(nameof(MaxIdleConnectionsPercent), MaxIdleConnectionsPercent, 0, MaxConnectionsPercent,
                "idle connections are part of the pool, so at most maxConnectionsPercent");
        r.Range(nameof(IdleClientTimeoutSeconds), IdleClientTimeoutSeconds, 1, 28800, "up to 8 hours");
        r.Range(nameof(BorrowTimeoutSeconds), BorrowTimeoutSeconds, 0, 3600, "up to an hour");
    }
}

/// <summary>What a database is, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public partial record DatabaseSettings
{
    /// <summary>A PostgreSQL major version ("16": RDS picks and upgrades the minor) or a full one ("16.4").</summary>
    [Field("a PostgreSQL major (13–17; RDS picks and upgrades the minor) or `major.minor`")] public string EngineVersion { get; init; } = "16";
    /// <summary>Such as db.r7g.large.</summary>
    [Field("`db.<family>.<size>`")] public string InstanceClass { get; init; } = "db.t4g.medium";
    /// <summary>A standby in another zone takes over on failure.</summary>
    [Field("`true`/`false`; must be `true` in production", Default = "`true` in production, else `false`")] public bool MultiAz { get; init; } = true;

    /// <summary>Read replicas, 0 to 15, spread over the zones.</summary>
    [Field("0–15")] public int Replicas { get; init; }
    /// <summary>The replicas' class; null: the primary's.</summary>
    [Field("`db.<family>.<size>`", Default = "the primary's class")] public string? ReplicaInstanceClass { get; init; }
    /// <summary>Replica number (1-based, as text) to its own class.</summary>
    [Field("replica number (1…`replicas`) → `db.<family>.<size>`")] public Dictionary<string, string> ReplicaInstanceClassOverrides { get; init; } = [];

    /// <summary>The port of the primary and replicas; the proxy listens on PostgreSQL's own 5432.</summary>
    [Field("1150–65535, not 5432")] public int Port { get; init; } = 5433;
    [Field("a letter then up to 62 letters, digits, `_`; not `postgres`, `template0/1`, `rdsadmin`")] public string DatabaseName { get; init; } = "shop";
    public string MasterUsername { get; init; } = "headroom_admin";

    [Field("20–65536")] public int AllocatedStorageGiB { get; init; } = 20;
    /// <summary>Storage autoscaling grows the volume up to this.</summary>
    [Field("at least 10% above `allocatedStorageGiB`, at most 65536")] public int MaxAllocatedStorageGiB { get; init; } = 100;

    [Field("1–35; 7–35 in production")] public int BackupRetentionDays { get; init; } = 7;
    /// <summary>Daily UTC window, hh:mm-hh:mm.</summary>
    [Field("daily UTC `hh:mm-hh:mm`, at least 30 minutes")] public string BackupWindow { get; init; } = "02:00-03:00";
    /// <summary>Weekly UTC window, ddd:hh:mm-ddd:hh:mm.</summary>
    [Field("weekly UTC `ddd:hh:mm-ddd:hh:mm`, 30 minutes to 24 hours, not overlapping `backupWindow`")] public string MaintenanceWindow { get; init; } = "sun:03:30-sun:04:30";
    [Field("`true`/`false`; must be `true` in production", Default = "`true` in production, else `false`")] public bool DeletionProtection { get; init; } = true;

    /// <summary>log_min_duration_statement: -1 off, 0 every statement.</summary>
    [Field("-1 (off) to 3600000; 0 logs every statement")] public int SlowQueryMilliseconds { get; init; } = 500;
    /// <summary>idle_in_transaction_session_timeout; 0 off.</summary>
    [Field("0 (off) to 86400")] public int IdleInTransactionTimeoutSeconds { get; init; } = 60;
    /// <summary>Days between rotations of the master password.</summary>
    [Field("1–365")] public int PasswordRotationDays { get; init; } = 30;
    /// <summary>Retention of the exported PostgreSQL logs; a CloudWatch Logs retention value.</summary>
    [Field("a CloudWatch Logs retention")] public int LogRetentionDays { get; init; } = 30;

    public DatabaseProxySettings Proxy { get; init; } = new();

    /// <summary>Each replica's class, replica 1 first.</summary>
    public IReadOnlyList<string> ReplicaInstanceClasses =>
        Enumerable.Range(1, Math.Max(0, Replicas))
            .Select(n => ReplicaInstanceClassOverrides.GetValueOrDefault(n.ToString(CultureInfo.InvariantCulture)) ?? ReplicaInstanceClass ?? InstanceClass)
            .ToList();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\z")] private static partial Regex VersionPattern();
    [GeneratedRegex(@"^db\.[a-z][a-z0-9-]*\.[a-z0-9]+\z")] private static partial Regex InstanceClassPattern();
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9_]{0,62}\z")] private static partial Regex DatabaseNamePattern();

    private static readonly string[] ReservedNames = ["postgres", "template0", "template1", "rdsadmin"];
    private const string ClassHint = "must be an RDS instance class db.<family>.<size>, such as db.r7g.large";

    /// <summary>What RDS accepts, and what Headroom insists on (a non-default port, backups on, classes the alarms can size).</summary>
    public void Check(ISettingsReport r)
    {
        if (r.Matches(nameof(EngineVersion), EngineVersion, VersionPattern(), "must be a PostgreSQL version: a major version such as 16, or major.minor such as 16.4"))
            r.Check(int.TryParse(EngineVersion.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && Database.SupportedMajorVersions.Contains(major),
                nameof(EngineVersion), EngineVersion, $"must be a supported PostgreSQL major version: {string.Join(", ", Database.SupportedMajorVersions)}");
        r.Matches(nameof(InstanceClass), InstanceClass, InstanceClassPattern(), ClassHint);
        KnownClass(r, nameof(InstanceClass), InstanceClass);

        r.Range(nameof(Replicas), Replicas, 0, Database.MaxReplicas, "RDS allows up to 15 read replicas per primary");
        r.Matches(nameof(ReplicaInstanceClass), ReplicaInstanceClass, InstanceClassPattern(), ClassHint);
        if (Replicas > 0) KnownClass(r, nameof(ReplicaInstanceClass), ReplicaInstanceClass);
        foreach (var (number, instanceClass) in ReplicaInstanceClassOverrides)
        {
            var setting = $"{nameof(ReplicaInstanceClassOverrides)}.{number}";
            r.Check(int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Replicas,
                setting, number, Replicas == 0 ? "names a replica, but there are none (replicas: 0)" : $"must name a replica by number, 1 to {Replicas}");
            r.Matches(setting, instanceClass, InstanceClassPattern(), ClassHint);
            KnownClass(r, setting, instanceClass);
        }

        if (r.Range(nameof(Port), Port, 1150, 65535, "RDS PostgreSQL takes 1150 to 65535"))
            r.Check(Port != Database.ProxyPort, nameof(Port), Port, "must not be PostgreSQL's default 5432: the instances take a non-default port (the proxy keeps 5432)");
        if (r.Matches(nameof(DatabaseName), DatabaseName, DatabaseNamePattern(), "must be a letter then up to 62 letters, digits or _"))
            r.Check(!ReservedNames.Contains(DatabaseName, StringComparer.OrdinalIgnoreCase), nameof(DatabaseName), DatabaseName,
                $"must not be a name PostgreSQL or RDS reserve ({string.Join(", ", ReservedNames)})");

        if (r.Range(nameof(AllocatedStorageGiB), AllocatedStorageGiB, 20, 65536, "gp3 volumes are 20 GiB to 64 TiB"))
        {
            var least = (AllocatedStorageGiB * 11 + 9) / 10; // 10% above, rounded up, in whole GiB
            r.Range(nameof(MaxAllocatedStorageGiB), MaxAllocatedStorageGiB, least, 65536,
                "storage autoscaling's ceiling: at least 10% above allocatedStorageGiB, at most 64 TiB");
        }

        r.Range(nameof(BackupRetentionDays), BackupRetentionDays, 1, 35, "0 would turn off backups, which replicas and point-in-time recovery need");
        var backup = TimeWindows.Daily(r, nameof(BackupWindow), BackupWindow, 30);
        var maintenance = TimeWindows.Weekly(r, nameof(MaintenanceWindow), MaintenanceWindow, 30);
        if (backup is { } b && maintenance is { } m)
            r.Check(!TimeWindows.Overlap(b, m), nameof(MaintenanceWindow), MaintenanceWindow, $"must not overlap backupWindow ({BackupWindow}); RDS refuses overlapping windows");

        r.Range(nameof(SlowQueryMilliseconds), SlowQueryMilliseconds, -1, 3_600_000, "-1 turns slow-query logging off, 0 logs every statement");
        r.Range(nameof(IdleInTransactionTimeoutSeconds), IdleInTransactionTimeoutSeconds, 0, 86400, "0 turns it off; at most a day");
        r.Range(nameof(PasswordRotationDays), PasswordRotationDays, 1, 365);
        r.OneOf(nameof(LogRetentionDays), LogRetentionDays, Settings.LogRetentionDays);
        Proxy.Check(r.Under(nameof(Proxy)));
    }

    /// <summary>
    /// The database alarms judge freeable memory and connections against the class's memory, so a class
    /// must be one the instance-class catalog (<see cref="DbInstanceClasses"/>) knows.
    /// </summary>
    private static void KnownClass(ISettingsReport r, string setting, string? instanceClass)
    {
        // A malformed class is the pattern's error above; here only well-formed ones nobody can size.
        if (instanceClass is null || !instanceClass.StartsWith("db.", StringComparison.Ordinal) || instanceClass.Count(c => c == '.') != 2) return;
        r.Check(DbInstanceClasses.Find(instanceClass) is not null, setting, instanceClass,
            "the database alarms need the class's memory; known classes: db.t*, db.m*, db.r*, db.x2g and db.z1d families");
    }
}
