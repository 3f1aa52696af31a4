using Amazon.CDK.AWS.EC2;

namespace Headroom.Blocks.Database;

/// <summary>How the proxy pools connections to the primary.</summary>
public sealed class DatabaseProxyPool
{
    /// <summary>Share of the primary's max_connections the proxy may open, 1 to 100.</summary>
    public int MaxConnectionsPercent { get; init; } = 90;
    /// <summary>Share kept open while idle, 0 to <see cref="MaxConnectionsPercent"/>.</summary>
    public int MaxIdleConnectionsPercent { get; init; } = 50;
    /// <summary>A client connection idle this long is closed.</summary>
    public int IdleClientTimeoutSeconds { get; init; } = 1800;
    /// <summary>How long a client waits for a pooled connection before an error.</summary>
    public int BorrowTimeoutSeconds { get; init; } = 120;
}

public sealed class DatabaseProps
{
    /// <summary>Prefix for descriptions, such as "headroom-prod".</summary>
    public required string NamePrefix { get; init; }
    public required IVpc Vpc { get; init; }

    /// <summary>The zones replicas are spread over, round-robin in zone-letter order.</summary>
    public required IReadOnlyList<string> AvailabilityZones { get; init; }

    /// <summary>The only security groups admitted: to the proxy (the write endpoint) and the replicas.</summary>
    public required IReadOnlyList<ISecurityGroup> ClientSecurityGroups { get; init; }

    /// <summary>A PostgreSQL major version ("16", RDS picks and upgrades the minor) or a full one ("16.4").</summary>
    public required string EngineVersion { get; init; }

    /// <summary>Such as db.r7g.large.</summary>
    public required string InstanceClass { get; init; }

    public bool MultiAz { get; init; } = true;

    /// <summary>One instance class per read replica (0 to 15 replicas).</summary>
    public IReadOnlyList<string> ReplicaInstanceClasses { get; init; } = [];

    /// <summary>The port of the primary and replicas; the proxy listens on PostgreSQL's own 5432.</summary>
    public int Port { get; init; } = 5433;

    public string DatabaseName { get; init; } = "app";
    public string MasterUsername { get; init; } = "headroom_admin";

    public int AllocatedStorageGiB { get; init; } = 20;
    /// <summary>Storage autoscaling grows the volume up to this.</summary>
    public int MaxAllocatedStorageGiB { get; init; } = 100;

    public int BackupRetentionDays { get; init; } = 7;
    /// <summary>Daily UTC window, hh:mm-hh:mm.</summary>
    public string BackupWindow { get; init; } = "02:00-03:00";
    /// <summary>Weekly UTC window, ddd:hh:mm-ddd:hh:mm.</summary>
    public string MaintenanceWindow { get; init; } = "sun:03:30-sun:04:30";

    public bool DeletionProtection { get; init; } = true;

    /// <summary>log_min_duration_statement: -1 off, 0 every statement.</summary>
    public int SlowQueryMilliseconds { get; init; } = 500;
    /// <summary>idle_in_transaction_session_timeout; 0 off.</summary>
    public int IdleInTransactionTimeoutSeconds { get; init; } = 60;

    public DatabaseProxyPool Proxy { get; init; } = new();

    public int PasswordRotationDays { get; init; } = 30;

    /// <summary>Retention of the exported PostgreSQL logs; a CloudWatch Logs retention value.</summary>
    public int LogRetentionDays { get; init; } = 30;

    /// <summary>Where endpoints, port and secret ARN are published in SSM, such as /headroom/prod/db; null publishes nothing.</summary>
    public string? ParameterPrefix { get; init; }
}
