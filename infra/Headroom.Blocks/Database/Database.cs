using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.RDS;
using InstanceType = Amazon.CDK.AWS.EC2.InstanceType;

namespace Headroom.Blocks.Database;

/// <summary>
/// RDS PostgreSQL: a primary (Multi-AZ when asked) in isolated subnets, read replicas spread over the
/// zones, and RDS Proxy in front of the primary. Storage, Performance Insights and the credentials
/// secret are encrypted with one customer-managed key. The master password is generated into Secrets
/// Manager and rotated by Secrets Manager's hosted rotation; it never appears in a template.
///
/// Who may connect: the clients reach the proxy (writes) and the replicas (reads); the primary admits
/// only the proxy and the rotation function.
/// </summary>
public sealed class Database : Construct
{
    /// <summary>RDS Proxy listens on the engine's own port; only the instances take a custom one.</summary>
    public const int ProxyPort = 5432;

    /// <summary>PostgreSQL major versions RDS offers and this block's parameter group covers.</summary>
    public static readonly IReadOnlyList<int> SupportedMajorVersions = [13, 14, 15, 16, 17];

    public const int MaxReplicas = 15;

    public DatabaseInstance Primary { get; }
    public IReadOnlyList<DatabaseInstanceReadReplica> Replicas { get; }
    public DatabaseProxy Proxy { get; }

    /// <summary>The master credentials (username, password, host, port, dbname), attached to the primary.</summary>
    public ISecret Secret { get; }
    public IKey EncryptionKey { get; }

    public SecurityGroup PrimarySecurityGroup { get; }
    /// <summary>Null when there are no replicas.</summary>
    public SecurityGroup? ReplicaSecurityGroup { get; }
    public SecurityGroup ProxySecurityGroup { get; }
    public SecurityGroup RotationSecurityGroup { get; }

    /// <summary>The proxy's endpoint: where the application writes (port <see cref="ProxyPort"/>).</summary>
    public string WriteEndpoint => Proxy.Endpoint;
    /// <summary>The replicas' endpoints (port <see cref="Port"/>); empty when there are none.</summary>
    public IReadOnlyList<string> ReplicaEndpoints => Replicas.Select(r => r.DbInstanceEndpointAddress).ToList();
    public int Port { get; }
    public string InstanceClass { get; }
    /// <summary>Storage allocated to every instance (replicas start from the primary's size).</summary>
    public int AllocatedStorageGiB { get; }
    public IReadOnlyList<string> ReplicaInstanceClasses { get; }

    public Database(Construct scope, string id, DatabaseProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(Database), props.Check);
        if (props.AvailabilityZones.Count == 0)
            throw new ArgumentException("AvailabilityZones must list the zones to spread replicas over", nameof(props));
        Port = props.Port;
        InstanceClass = props.InstanceClass;
        AllocatedStorageGiB = props.AllocatedStorageGiB;
        ReplicaInstanceClasses = props.ReplicaInstanceClasses;
        var isolated = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED };

        EncryptionKey = new Key(this, "Key", new KeyProps
        {
            Description = $"{props.NamePrefix} database: storage, Performance Insights, credentials",
            EnableKeyRotation = true,
            // Snapshots and backups stay readable only while the key exists.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        PrimarySecurityGroup = Group("PrimarySecurityGroup", "primary: the proxy and the rotation function only");
        ProxySecurityGroup = Group("ProxySecurityGroup", "proxy: the write endpoint of the clients");
        RotationSecurityGroup = Group("RotationSecurityGroup", "password rotation function");
        ReplicaSecurityGroup = ReplicaInstanceClasses.Count > 0 ? Group("ReplicaSecurityGroup", "read replicas: the read endpoints of the clients") : null;

        var dbPort = Amazon.CDK.AWS.EC2.Port.Tcp(props.Port);
        // The proxy's own rules to the primary come with the proxy target (DatabaseProxy adds them).
        PrimarySecurityGroup.AddIngressRule(RotationSecurityGroup, dbPort, "password rotation to the primary");
        RotationSecurityGroup.AddEgressRule(PrimarySecurityGroup, dbPort, "password rotation to the primary");
        // The rotation function calls the Secrets Manager API through the NAT gateways.
        RotationSecurityGroup.AddEgressRule(Peer.AnyIpv4(), Amazon.CDK.AWS.EC2.Port.Tcp(443), "Secrets Manager API");
        foreach (var client in props.ClientSecurityGroups)
        {
            ProxySecurityGroup.AddIngressRule(client, Amazon.CDK.AWS.EC2.Port.Tcp(ProxyPort), "clients to the write endpoint");
            ReplicaSecurityGroup?.AddIngressRule(client, dbPort, "clients to the read replicas");
        }

        var engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps
        {
            Version = PostgresEngineVersion.Of(props.EngineVersion, props.EngineVersion.Split('.')[0]),
        });
        var parameters = new ParameterGroup(this, "Parameters", new ParameterGroupProps
        {
            Engine = engine,
            Description = $"{props.NamePrefix} PostgreSQL {props.EngineVersion}",
            Parameters = new Dictionary<string, string>
            {
                ["rds.force_ssl"] = "1",
                ["log_min_duration_statement"] = Invariant(props.SlowQueryMilliseconds),
                ["idle_in_transaction_session_timeout"] = Invariant(props.IdleInTransactionTimeoutSeconds * 1000),
            },
        });
        var subnetGroup = new SubnetGroup(this, "SubnetGroup", new SubnetGroupProps
        {
            Vpc = props.Vpc,
            VpcSubnets = isolated,
            Description = $"{props.NamePrefix} database: isolated subnets",
        });
        var monitoringRole = new Role(this, "MonitoringRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("monitoring.rds.amazonaws.com"),
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("service-role/AmazonRDSEnhancedMonitoringRole")],
        });
        var credentials = new DatabaseSecret(this, "Secret", new DatabaseSecretProps
        {
            Username = props.MasterUsername,
            Dbname = props.DatabaseName,
            EncryptionKey = EncryptionKey,
        });
        // The rotation schedule denies deleting the secret, so a stack deletion would fail on it.
        credentials.ApplyRemovalPolicy(RemovalPolicy.RETAIN);

        Primary = new DatabaseInstance(this, "Primary", new DatabaseInstanceProps
        {
            Engine = engine,
            InstanceType = InstanceTypeOf(props.InstanceClass),
            Credentials = Credentials.FromSecret(credentials),
            DatabaseName = props.DatabaseName,
            Vpc = props.Vpc,
            SubnetGroup = subnetGroup,
            SecurityGroups = [PrimarySecurityGroup],
            PubliclyAccessible = false,
            Port = props.Port,
            MultiAz = props.MultiAz,
            ParameterGroup = parameters,
            StorageType = StorageType.GP3,
            AllocatedStorage = props.AllocatedStorageGiB,
            MaxAllocatedStorage = props.MaxAllocatedStorageGiB,
            StorageEncrypted = true,
            StorageEncryptionKey = EncryptionKey,
            BackupRetention = Duration.Days(props.BackupRetentionDays),
            PreferredBackupWindow = props.BackupWindow,
            PreferredMaintenanceWindow = props.MaintenanceWindow,
            CopyTagsToSnapshot = true,
            // Automated backups (and so point-in-time recovery) outlive the instance until they expire.
            DeleteAutomatedBackups = false,
            DeletionProtection = props.DeletionProtection,
            RemovalPolicy = RemovalPolicy.SNAPSHOT,
            AutoMinorVersionUpgrade = true,
            EnablePerformanceInsights = true,
            PerformanceInsightRetention = PerformanceInsightRetention.DEFAULT,
            PerformanceInsightEncryptionKey = EncryptionKey,
            MonitoringInterval = Duration.Seconds(60),
            MonitoringRole = monitoringRole,
            CloudwatchLogsExports = ["postgresql", "upgrade"],
            CloudwatchLogsRetention = RetentionOf(props.LogRetentionDays),
        });
        Secret = Primary.Secret!;

        // Hosted rotation: Secrets Manager deploys its own function into our private subnets (they
        // reach the Secrets Manager API through NAT; isolated subnets would need an interface endpoint).
        Secret.AddRotationSchedule("Rotation", new RotationScheduleOptions
        {
            HostedRotation = HostedRotation.PostgreSqlSingleUser(new SingleUserHostedRotationOptions
            {
                Vpc = props.Vpc,
                VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
                SecurityGroups = [RotationSecurityGroup],
            }),
            AutomaticallyAfter = Duration.Days(props.PasswordRotationDays),
        });

        var zones = props.AvailabilityZones.OrderBy(z => z[^1]).ToList();
        Replicas = ReplicaInstanceClasses.Select((instanceClass, i) =>
            new DatabaseInstanceReadReplica(this, $"Replica{i + 1}", new DatabaseInstanceReadReplicaProps
            {
                SourceDatabaseInstance = Primary,
                InstanceType = InstanceTypeOf(instanceClass),
                // Round-robin over the zones: losing one zone leaves the other replicas serving reads.
                AvailabilityZone = zones[i % zones.Count],
                Vpc = props.Vpc,
                SubnetGroup = subnetGroup,
                SecurityGroups = [ReplicaSecurityGroup!],
                PubliclyAccessible = false,
                Port = props.Port,
                ParameterGroup = parameters,
                StorageType = StorageType.GP3,
                MaxAllocatedStorage = props.MaxAllocatedStorageGiB,
                StorageEncrypted = true,
                StorageEncryptionKey = EncryptionKey,
                PreferredMaintenanceWindow = props.MaintenanceWindow,
                CopyTagsToSnapshot = true,
                // A replica holds no data of its own (RDS cannot snapshot one on deletion), and lowering
                // the replica count must be able to delete it.
                DeletionProtection = false,
                RemovalPolicy = RemovalPolicy.DESTROY,
                AutoMinorVersionUpgrade = true,
                EnablePerformanceInsights = true,
                PerformanceInsightRetention = PerformanceInsightRetention.DEFAULT,
                PerformanceInsightEncryptionKey = EncryptionKey,
                MonitoringInterval = Duration.Seconds(60),
                MonitoringRole = monitoringRole,
                CloudwatchLogsExports = ["postgresql", "upgrade"],
                CloudwatchLogsRetention = RetentionOf(props.LogRetentionDays),
            })).ToList();
        // A replica inherits encryption from its source; CloudFormation says StorageEncrypted must not be set
        // with SourceDBInstanceIdentifier (F3020), yet CDK 2.160 writes it. The key (KmsKeyId) stays.
        foreach (var replica in Replicas) ((CfnDBInstance)replica.Node.DefaultChild!).AddPropertyDeletionOverride("StorageEncrypted");

        Proxy = new DatabaseProxy(this, "Proxy", new DatabaseProxyProps
        {
            ProxyTarget = ProxyTarget.FromInstance(Primary),
            Secrets = [Secret],
            Vpc = props.Vpc,
            VpcSubnets = isolated,
            SecurityGroups = [ProxySecurityGroup],
            RequireTLS = true,
            IamAuth = false,
            ClientPasswordAuthType = ClientPasswordAuthType.POSTGRES_SCRAM_SHA_256,
            MaxConnectionsPercent = props.Proxy.MaxConnectionsPercent,
            MaxIdleConnectionsPercent = props.Proxy.MaxIdleConnectionsPercent,
            IdleClientTimeout = Duration.Seconds(props.Proxy.IdleClientTimeoutSeconds),
            BorrowTimeout = Duration.Seconds(props.Proxy.BorrowTimeoutSeconds),
        });

        if (props.ParameterPrefix is { } prefix) Publish(prefix);

        SecurityGroup Group(string groupId, string what) => new(this, groupId, new SecurityGroupProps
        {
            Vpc = props.Vpc,
            Description = $"{props.NamePrefix} database {what}",
            AllowAllOutbound = false,
        });
    }

    /// <summary>Lets a fleet's role read the credentials; safe across stacks (see <see cref="Common.SecretGrants"/>).</summary>
    public void GrantSecretRead(IGrantable grantee) => Common.SecretGrants.GrantRead(Secret, EncryptionKey, grantee);

    /// <summary>What the application reads to connect: endpoints, ports and the secret's ARN.</summary>
    private void Publish(string prefix)
    {
        Parameter("WriteEndpointParameter", "write-endpoint", WriteEndpoint, "RDS Proxy endpoint: writes and reads that must see them");
        Parameter("WritePortParameter", "write-port", Invariant(ProxyPort), "port of the write endpoint");
        // No replicas: reads go to the write endpoint, so the application needs no special case.
        new StringListParameter(this, "ReadEndpointsParameter", new StringListParameterProps
        {
            ParameterName = $"{prefix}/read-endpoints",
            StringListValue = Replicas.Count > 0 ? [.. ReplicaEndpoints] : [WriteEndpoint],
            Description = "read replica endpoints (the write endpoint when there are none)",
        });
        Parameter("ReadPortParameter", "read-port", Invariant(Replicas.Count > 0 ? Port : ProxyPort), "port of the read endpoints");
        Parameter("SecretArnParameter", "secret-arn", Secret.SecretArn, "Secrets Manager secret with username, password and dbname");

        void Parameter(string id, string name, string value, string description) =>
            AppSettings.Publish(this, id, $"{prefix}/{name}", value, description);
    }

    /// <summary>"db.r7g.large" to the EC2 instance type the RDS constructs take (they add "db." back).</summary>
    public static InstanceType InstanceTypeOf(string instanceClass) =>
        instanceClass.StartsWith("db.", StringComparison.Ordinal) && instanceClass.Count(c => c == '.') == 2
            ? new InstanceType(instanceClass[3..])
            : throw new ArgumentException($"'{instanceClass}' is not an RDS instance class such as db.r7g.large");

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static RetentionDays RetentionOf(int days) => days switch
    {
        1 => RetentionDays.ONE_DAY,
        3 => RetentionDays.THREE_DAYS,
        5 => RetentionDays.FIVE_DAYS,
        7 => RetentionDays.ONE_WEEK,
        14 => RetentionDays.TWO_WEEKS,
        30 => RetentionDays.ONE_MONTH,
        60 => RetentionDays.TWO_MONTHS,
        90 => RetentionDays.THREE_MONTHS,
        120 => RetentionDays.FOUR_MONTHS,
        150 => RetentionDays.FIVE_MONTHS,
        180 => RetentionDays.SIX_MONTHS,
        365 => RetentionDays.ONE_YEAR,
        400 => RetentionDays.THIRTEEN_MONTHS,
        545 => RetentionDays.EIGHTEEN_MONTHS,
        731 => RetentionDays.TWO_YEARS,
        1096 => RetentionDays.THREE_YEARS,
        1827 => RetentionDays.FIVE_YEARS,
        2192 => RetentionDays.SIX_YEARS,
        2557 => RetentionDays.SEVEN_YEARS,
        2922 => RetentionDays.EIGHT_YEARS,
        3288 => RetentionDays.NINE_YEARS,
        3653 => RetentionDays.TEN_YEARS,
        _ => throw new ArgumentException($"{days} is not a CloudWatch Logs retention period"),
    };
}
