using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.Lambda;

namespace Headroom.Blocks.Cache;

/// <summary>
/// An ElastiCache Redis or Valkey replication group (CDK has no L2 for it): TLS in transit with an AUTH
/// token from Secrets Manager, encryption at rest with a customer-managed key, a non-default port,
/// daily snapshots, the slow log in CloudWatch, and a parameter group for the eviction policy. The AUTH
/// token is rotated on a schedule by a function of its own (see <see cref="CacheTokenRotation"/>).
/// Reachable only from the client security groups. Deleting or replacing it takes a final snapshot.
/// </summary>
public sealed class Cache : Construct
{
    public const int MaxReplicas = 5;
    public const int MaxShards = 500;
    // Minutes, not a Duration: a CDK value in a static field would start the jsii runtime whenever config
    // validation reads this class's constants (seconds per refused file).
    /// <summary>The rotation function may wait this long for a modify to finish (Lambda's maximum), in minutes.</summary>
    public const int RotationTimeoutMinutes = 15;

    /// <summary>Engine versions this block knows the parameter group family of.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> SupportedVersions = new Dictionary<string, IReadOnlyList<string>>
    {
        ["redis"] = ["6.0", "6.2", "7.0", "7.1"],
        ["valkey"] = ["7.2", "8.0", "8.1"],
    };

    public static readonly IReadOnlyList<string> MaxMemoryPolicies =
    [
        "volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu", "volatile-random", "allkeys-random", "volatile-ttl", "noeviction",
    ];

    public CfnReplicationGroup ReplicationGroup { get; }
    /// <summary>The AUTH token clients send; a plain string secret.</summary>
    public ISecret AuthToken { get; }
    public IKey EncryptionKey { get; }
    public SecurityGroup SecurityGroup { get; }
    public LogGroup SlowLog { get; }
    /// <summary>Rotates <see cref="AuthToken"/> with ElastiCache's ROTATE strategy.</summary>
    public Function TokenRotation { get; }

    /// <summary>Where clients write: the primary endpoint, or the configuration endpoint in cluster mode.</summary>
    public string PrimaryEndpoint { get; }
    /// <summary>Where clients read: the reader endpoint (spreads over replicas), or the configuration endpoint in cluster mode.</summary>
    public string ReaderEndpoint { get; }
    public int Port { get; }
    public string NodeType { get; }
    /// <summary>Every node: shards x (1 + replicas).</summary>
    public int NodeCount { get; }
    /// <summary>Node groups: 1 without cluster mode.</summary>
    public int Shards { get; }
    /// <summary>Replicas of each node group's primary.</summary>
    public int ReplicasPerShard { get; }
    public bool ClusterMode { get; }

    public Cache(Construct scope, string id, CacheProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(Cache), props.Check);
        var family = ParameterGroupFamily(props.EngineName, props.EngineVersion)!;
        Port = props.Port;
        NodeType = props.NodeType;
        NodeCount = props.Shards * (1 + props.Replicas);
        Shards = props.ClusterMode ? props.Shards : 1;
        ReplicasPerShard = props.Replicas;
        ClusterMode = props.ClusterMode;

        EncryptionKey = props.EncryptionKey ?? new Key(this, "Key", new KeyProps
        {
            Description = $"{props.NamePrefix} cache: data at rest, AUTH token",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        // Letters and digits only: an AUTH token may not hold '@', '"' or '/'.
        AuthToken = new Secret(this, "AuthToken", new SecretProps
        {
            Description = $"{props.NamePrefix} cache AUTH token",
            EncryptionKey = EncryptionKey,
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true },
            // Kept like the database's credentials: the group authenticates with it, and its rotation
            // schedule would stop a stack deletion that tried to delete it.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Vpc,
            Description = $"{props.NamePrefix} cache: the clients only",
            AllowAllOutbound = false,
        });
        foreach (var client in props.ClientSecurityGroups)
            SecurityGroup.AddIngressRule(client, Amazon.CDK.AWS.EC2.Port.Tcp(props.Port), "clients to the cache");

        var subnetGroup = new CfnSubnetGroup(this, "SubnetGroup", new CfnSubnetGroupProps
        {
            Description = $"{props.NamePrefix} cache subnets",
            SubnetIds = props.Vpc.SelectSubnets(new SubnetSelection { SubnetType = props.Subnets == CacheSubnets.Private ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED }).SubnetIds,
        });
        var parameters = new CfnParameterGroup(this, "Parameters", new CfnParameterGroupProps
        {
            CacheParameterGroupFamily = family,
            Description = $"{props.NamePrefix} {props.EngineName} {props.EngineVersion}",
            Properties = new Dictionary<string, string>
            {
                ["maxmemory-policy"] = props.MaxMemoryPolicy,
                ["cluster-enabled"] = props.ClusterMode ? "yes" : "no",
            },
        });

        // Kept with the stack gone, like the flow logs: slow-log history is what explains an incident.
        SlowLog = new LogGroup(this, "SlowLog", new LogGroupProps { RemovalPolicy = RemovalPolicy.RETAIN });
        ((CfnLogGroup)SlowLog.Node.DefaultChild!).RetentionInDays = props.LogRetentionDays;

        ReplicationGroup = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = $"{props.NamePrefix} cache",
            Engine = props.EngineName,
            EngineVersion = props.EngineVersion,
            CacheNodeType = props.NodeType,
            CacheParameterGroupName = parameters.Ref,
            CacheSubnetGroupName = subnetGroup.Ref,
            SecurityGroupIds = [SecurityGroup.SecurityGroupId],
            Port = props.Port,
            NumCacheClusters = props.ClusterMode ? null : 1 + props.Replicas,
            NumNodeGroups = props.ClusterMode ? props.Shards : null,
            ReplicasPerNodeGroup = props.ClusterMode ? props.Replicas : null,
            MultiAzEnabled = props.EffectiveMultiAz,
            AutomaticFailoverEnabled = props.EffectiveAutomaticFailover,
            TransitEncryptionEnabled = true,
            TransitEncryptionMode = "required",
            AtRestEncryptionEnabled = true,
            KmsKeyId = EncryptionKey.KeyArn,
            // A dynamic reference: CloudFormation resolves it at deploy time, the template holds only the ARN.
            AuthToken = AuthToken.SecretValue.UnsafeUnwrap(),
            SnapshotRetentionLimit = props.SnapshotRetentionDays,
            SnapshotWindow = props.SnapshotWindow,
            PreferredMaintenanceWindow = props.MaintenanceWindow,
            AutoMinorVersionUpgrade = true,
            LogDeliveryConfigurations = new object[]
            {
                new CfnReplicationGroup.LogDeliveryConfigurationRequestProperty
                {
                    LogType = "slow-log",
                    LogFormat = "json",
                    DestinationType = "cloudwatch-logs",
                    DestinationDetails = new CfnReplicationGroup.DestinationDetailsProperty
                    {
                        CloudWatchLogsDetails = new CfnReplicationGroup.CloudWatchLogsDestinationDetailsProperty { LogGroup = SlowLog.LogGroupName },
                    },
                },
            },
        });
        // Deleting or replacing the group takes a final snapshot first (DeletionPolicy and UpdateReplacePolicy).
        ReplicationGroup.ApplyRemovalPolicy(RemovalPolicy.SNAPSHOT);

        PrimaryEndpoint = props.ClusterMode ? ReplicationGroup.AttrConfigurationEndPointAddress : ReplicationGroup.AttrPrimaryEndPointAddress;
        ReaderEndpoint = props.ClusterMode ? ReplicationGroup.AttrConfigurationEndPointAddress : ReplicationGroup.AttrReaderEndPointAddress;

        if (props.ParameterPrefix is { } prefix)
        {
            Parameter("PrimaryEndpointParameter", "primary-endpoint", PrimaryEndpoint, "where to write (the configuration endpoint in cluster mode)");
            Parameter("ReaderEndpointParameter", "reader-endpoint", ReaderEndpoint, "where to read (the configuration endpoint in cluster mode)");
            Parameter("PortParameter", "port", props.Port.ToString(CultureInfo.InvariantCulture), "cache port (TLS required)");
            Parameter("AuthSecretArnParameter", "auth-secret-arn", AuthToken.SecretArn, "Secrets Manager secret holding the AUTH token");
        }

        TokenRotation = AddTokenRotation(props);

        void Parameter(string parameterId, string name, string value, string description) =>
            AppSettings.Publish(this, parameterId, $"{prefix}/{name}", value, description);
    }

    /// <summary>
    /// The rotation function, its role and log group, and the schedule. The function calls only AWS APIs,
    /// so it runs outside the VPC. Its role has no managed policy: one inline policy, each statement on
    /// this cache's own resources, "*" only for GetRandomPassword (which has no resource).
    /// </summary>
    private Function AddTokenRotation(CacheProps props)
    {
        var stack = Stack.Of(this);
        var logs = new LogGroup(this, "AuthTokenRotationLogs", new LogGroupProps { RemovalPolicy = RemovalPolicy.RETAIN });
        ((CfnLogGroup)logs.Node.DefaultChild!).RetentionInDays = props.LogRetentionDays;
        var groupArn = stack.FormatArn(new ArnComponents
        {
            Service = "elasticache",
            Resource = "replicationgroup",
            ResourceName = ReplicationGroup.Ref,
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        });
        var role = new Role(this, "AuthTokenRotationRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"{props.NamePrefix} cache AUTH token rotation",
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["rotation"] = new(new PolicyDocumentProps
                {
                    Statements =
                    [
                        Allow([logs.LogGroupArn], "logs:CreateLogStream", "logs:PutLogEvents"),
                        Allow([AuthToken.SecretArn], "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
                            "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"),
                        Allow(["*"], "secretsmanager:GetRandomPassword"),
                        Allow([groupArn], "elasticache:ModifyReplicationGroup", "elasticache:DescribeReplicationGroups"),
                        // The secret's key, only through Secrets Manager: reading the token and writing the new one.
                        new PolicyStatement(new PolicyStatementProps
                        {
                            Actions = ["kms:Decrypt", "kms:GenerateDataKey"],
                            Resources = [EncryptionKey.KeyArn],
                            Conditions = new Dictionary<string, object>
                            {
                                ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = $"secretsmanager.{stack.Region}.amazonaws.com" },
                            },
                        }),
                    ],
                }),
            },
        });
        var function = new Function(this, "AuthTokenRotationFunction", new FunctionProps
        {
            Description = $"{props.NamePrefix} cache: rotates the AUTH token (ElastiCache ROTATE)",
            // CDK 2.160 knows no nodejs24.x; the runtime does take inline code.
            Runtime = new Runtime("nodejs24.x", RuntimeFamily.NODEJS, new LambdaRuntimeProps { SupportsInlineCode = true }),
            Handler = "index.handler",
            Code = Code.FromInline(CacheTokenRotation.Source),
            Role = role,
            LogGroup = logs,
            Timeout = Duration.Minutes(RotationTimeoutMinutes),
            MemorySize = 256,
            Environment = new Dictionary<string, string> { [CacheTokenRotation.GroupVariable] = ReplicationGroup.Ref },
        });
        var invoke = new CfnPermission(this, "AuthTokenRotationInvoke", new CfnPermissionProps
        {
            Action = "lambda:InvokeFunction",
            FunctionName = function.FunctionArn,
            Principal = "secretsmanager.amazonaws.com",
            SourceAccount = stack.Account,
        });
        var schedule = new CfnRotationSchedule(this, "AuthTokenRotationSchedule", new CfnRotationScheduleProps
        {
            SecretId = AuthToken.SecretArn,
            RotationLambdaArn = function.FunctionArn,
            RotationRules = new CfnRotationSchedule.RotationRulesProperty
            {
                ScheduleExpression = props.AuthTokenRotationDays == 1 ? "rate(1 day)" : $"rate({props.AuthTokenRotationDays} days)",
            },
        });
        // Creating the schedule rotates at once: Secrets Manager must already be allowed to invoke.
        schedule.AddDependency(invoke);
        return function;

        static PolicyStatement Allow(string[] resources, params string[] actions) =>
            new(new PolicyStatementProps { Actions = actions, Resources = resources });
    }

    /// <summary>Lets a fleet's role read the AUTH token; safe across stacks (see <see cref="Common.SecretGrants"/>).</summary>
    public void GrantAuthTokenRead(Amazon.CDK.AWS.IAM.IGrantable grantee) => Common.SecretGrants.GrantRead(AuthToken, EncryptionKey, grantee);

    /// <summary>The parameter group family of an engine version, or null when it is not supported.</summary>
    public static string? ParameterGroupFamily(string engine, string version)
    {
        if (!SupportedVersions.TryGetValue(engine, out var versions) || !versions.Contains(version)) return null;
        var major = version.Split('.')[0];
        return engine == "redis" && major == "6" ? "redis6.x" : engine + major;
    }
}
