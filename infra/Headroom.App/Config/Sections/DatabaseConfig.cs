using Headroom.Blocks.Database;

namespace Headroom.App.Config.Sections;

/// <summary>The `database.proxy:` section: overrides of RDS Proxy's pool settings (<see cref="DatabaseProxySettings"/>).</summary>
public sealed class DatabaseProxyConfig : IOverrides<DatabaseProxySettings>
{
    [Field("1–100 (share of the primary's `max_connections`)")]
    public int? MaxConnectionsPercent { get; set; }
    [Field("0 to `maxConnectionsPercent`")]
    public int? MaxIdleConnectionsPercent { get; set; }
    [Field("1–28800")]
    public int? IdleClientTimeoutSeconds { get; set; }
    [Field("0–3600")]
    public int? BorrowTimeoutSeconds { get; set; }

    public DatabaseProxySettings Apply(DatabaseProxySettings d, EnvironmentConfig environment) => d with
    {
        MaxConnectionsPercent = MaxConnectionsPercent ?? d.MaxConnectionsPercent,
        MaxIdleConnectionsPercent = MaxIdleConnectionsPercent ?? d.MaxIdleConnectionsPercent,
        IdleClientTimeoutSeconds = IdleClientTimeoutSeconds ?? d.IdleClientTimeoutSeconds,
        BorrowTimeoutSeconds = BorrowTimeoutSeconds ?? d.BorrowTimeoutSeconds,
    };
}

/// <summary>The `database:` section: overrides of the database block's settings (<see cref="DatabaseSettings"/>), and production's policy.</summary>
public sealed class DatabaseConfig : IConfigSection, IOverrides<DatabaseSettings>
{
    /// <summary>A major version ("16": RDS picks and upgrades the minor) or major.minor ("16.4").</summary>
    [Field("a PostgreSQL major (13–17; RDS picks and upgrades the minor) or `major.minor`")]
    public string? EngineVersion { get; set; }
    [Field("`db.<family>.<size>`")]
    public string? InstanceClass { get; set; }
    /// <summary>Unset: on in production, off elsewhere.</summary>
    [Field("`true`/`false`; must be `true` in production", Default = "`true` in production, else `false`")]
    public bool? MultiAz { get; set; }

    [Field("0–15")]
    public int? Replicas { get; set; }
    [Field("`db.<family>.<size>`", Default = "the primary's class")]
    public string? ReplicaInstanceClass { get; set; }
    /// <summary>Replica number (1-based) to its own class.</summary>
    [Field("replica number (1…`replicas`) → `db.<family>.<size>`")]
    public Dictionary<string, string>? ReplicaInstanceClassOverrides { get; set; }

    [Field("1150–65535, not 5432")]
    public int? Port { get; set; }
    [Field("a letter then up to 62 letters, digits, `_`; not `postgres`, `template0/1`, `rdsadmin`")]
    public string? DatabaseName { get; set; }
    [Field("20–65536")]
    public int? AllocatedStorageGiB { get; set; }
    [Field("at least 10% above `allocatedStorageGiB`, at most 65536")]
    public int? MaxAllocatedStorageGiB { get; set; }

    [Field("1–35; 7–35 in production")]
    public int? BackupRetentionDays { get; set; }
    [Field("daily UTC `hh:mm-hh:mm`, at least 30 minutes")]
    public string? BackupWindow { get; set; }
    [Field("weekly UTC `ddd:hh:mm-ddd:hh:mm`, 30 minutes to 24 hours, not overlapping `backupWindow`")]
    public string? MaintenanceWindow { get; set; }
    /// <summary>Unset: on in production, off elsewhere.</summary>
    [Field("`true`/`false`; must be `true` in production", Default = "`true` in production, else `false`")]
    public bool? DeletionProtection { get; set; }

    [Field("-1 (off) to 3600000; 0 logs every statement")]
    public int? SlowQueryMilliseconds { get; set; }
    [Field("0 (off) to 86400")]
    public int? IdleInTransactionTimeoutSeconds { get; set; }
    [Field("1–365")]
    public int? PasswordRotationDays { get; set; }
    [Field("a CloudWatch Logs retention")]
    public int? LogRetentionDays { get; set; }
    public DatabaseProxyConfig Proxy { get; set; } = new();

    /// <summary>The file's values over the block's defaults; Multi-AZ and deletion protection follow production unless set.</summary>
    public DatabaseSettings Apply(DatabaseSettings d, EnvironmentConfig environment) => d with
    {
        EngineVersion = EngineVersion ?? d.EngineVersion,
        InstanceClass = InstanceClass ?? d.InstanceClass,
        MultiAz = MultiAz ?? environment.Production,
        Replicas = Replicas ?? d.Replicas,
        ReplicaInstanceClass = ReplicaInstanceClass ?? d.ReplicaInstanceClass,
        ReplicaInstanceClassOverrides = ReplicaInstanceClassOverrides ?? d.ReplicaInstanceClassOverrides,
        Port = Port ?? d.Port,
        DatabaseName = DatabaseName ?? d.DatabaseName,
        AllocatedStorageGiB = AllocatedStorageGiB ?? d.AllocatedStorageGiB,
        MaxAllocatedStorageGiB = MaxAllocatedStorageGiB ?? d.MaxAllocatedStorageGiB,
        BackupRetentionDays = BackupRetentionDays ?? d.BackupRetentionDays,
        BackupWindow = BackupWindow ?? d.BackupWindow,
        MaintenanceWindow = MaintenanceWindow ?? d.MaintenanceWindow,
        DeletionProtection = DeletionProtection ?? environment.Production,
        SlowQueryMilliseconds = SlowQueryMilliseconds ?? d.SlowQueryMilliseconds,
        IdleInTransactionTimeoutSeconds = IdleInTransactionTimeoutSeconds ?? d.IdleInTransactionTimeoutSeconds,
        PasswordRotationDays = PasswordRotationDays ?? d.PasswordRotationDays,
        LogRetentionDays = LogRetentionDays ?? d.LogRetentionDays,
        Proxy = Proxy.Apply(d.Proxy, environment),
    };

    /// <summary>The block's settings for this environment.</summary>
    public DatabaseSettings Settings(EnvironmentConfig environment) => Apply(new DatabaseSettings(), environment);

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // Production's policy, on top of what the block allows.
        if (!v.Root.Production) return;
        v.Check(MultiAz != false, $"{path}.multiAz", MultiAz, "must be true in production (a standby in another zone takes over on failure), or left out");
        if (settings.BackupRetentionDays >= 1) // below that, the block's own rule speaks
            v.Check(settings.BackupRetentionDays >= 7, $"{path}.backupRetentionDays", settings.BackupRetentionDays,
                "must be at least 7 in production: production keeps at least a week of backups and point-in-time recovery");
        v.Check(DeletionProtection != false, $"{path}.deletionProtection", DeletionProtection, "must be true in production, or left out");
    }
}
