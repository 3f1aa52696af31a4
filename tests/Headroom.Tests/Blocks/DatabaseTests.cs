using Headroom.Blocks.Database;
using static Headroom.Tests.Blocks.DatabasePins;

namespace Headroom.Tests.Blocks;

/// <summary>The Database block on bare stacks: two replicas, none, four spread with overrides, and the props it refuses.</summary>
public sealed class DatabaseTests(DatabaseTests.Cases cases) : IClassFixture<DatabaseTests.Cases>
{
    /// <summary>What the block requires, and the settings a case changes (object initializers only).</summary>
    public static DatabaseProps Props(IVpc vpc, IReadOnlyList<ISecurityGroup>? clients = null, IReadOnlyList<string>? replicas = null,
        int port = 5433, string instanceClass = "db.t4g.medium", int maxConnections = 90) => new()
    {
        NamePrefix = "test", Vpc = vpc, AvailabilityZones = [.. BlockHarness.Zones], ClientSecurityGroups = clients ?? [], EngineVersion = "16",
        InstanceClass = instanceClass, Replicas = replicas?.Count ?? 0, ReplicaInstanceClassOverrides = Overrides(replicas), Port = port, ParameterPrefix = "/headroom/test/db",
        Proxy = new DatabaseProxySettings { MaxConnectionsPercent = maxConnections },
    };

    /// <summary>Replica n's class, by its number from 1.</summary>
    private static Dictionary<string, string> Overrides(IReadOnlyList<string>? classes) =>
        (classes ?? []).Select((c, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), c)).ToDictionary(x => x.Key, x => x.c);

    private IReadOnlyList<TemplateResource> Data => cases.Resources("Replicated");
    private TemplateResource Primary => cases.Resource("Replicated", PrimaryId);

    [Fact]
    public void Stateful_resources_keep_their_pinned_logical_ids() =>
        DatabasePins.ShouldHold(Data.ToDictionary(r => r.LogicalId), [PrimaryId, Replica1Id, Replica2Id]);

    [Fact]
    public void The_primary_is_a_private_multi_az_postgres_of_the_given_class_on_a_non_default_port()
    {
        var primary = Primary;

        primary.Str("Engine").Should().Be("postgres");
        primary.Str("EngineVersion").Should().Be("16");
        primary.Str("DBInstanceClass").Should().Be("db.t4g.medium");
        primary.Prop("MultiAZ")!.Value.GetBoolean().Should().BeTrue("the block's default");
        primary.Prop("AvailabilityZone").Should().BeNull("a Multi-AZ primary lets RDS place primary and standby");
        primary.Prop("PubliclyAccessible")!.Value.GetBoolean().Should().BeFalse();
        primary.Str("Port").Should().Be("5433", "a non-default port");
        primary.Str("DBName").Should().Be("shop", "the block's default");
        Target(primary.Prop("DBParameterGroupName")).Should().Be(ParameterGroupId);
        Target(primary.Prop("DBSubnetGroupName")).Should().Be(SubnetGroupId);
    }

    [Fact]
    public void The_database_and_its_proxy_live_in_the_isolated_subnets()
    {
        SubnetIds(cases.Resource("Replicated", SubnetGroupId)).Should().Equal(BlockHarness.IsolatedSubnets);
        SubnetIds(cases.Resource("Replicated", ProxyId), "VpcSubnetIds").Should().Equal(BlockHarness.IsolatedSubnets);
    }

    [Fact]
    public void Storage_is_gp3_encrypted_with_the_rotating_customer_key_and_autoscales_to_the_ceiling()
    {
        var primary = Primary;
        var key = cases.Resource("Replicated", KeyId);

        primary.Str("StorageType").Should().Be("gp3");
        primary.Str("AllocatedStorage").Should().Be("20");
        primary.Prop("MaxAllocatedStorage")!.Value.GetInt32().Should().Be(100);
        primary.Prop("StorageEncrypted")!.Value.GetBoolean().Should().BeTrue();
        Target(primary.Prop("KmsKeyId")).Should().Be(KeyId);
        key.Prop("EnableKeyRotation")!.Value.GetBoolean().Should().BeTrue();
        CacheTests.Policies(key).Should().Be(("Retain", "Retain"), "snapshots stay readable only while the key exists");
    }

    [Fact]
    public void Backups_windows_and_deletion_keep_the_data()
    {
        var primary = Primary;

        primary.Prop("BackupRetentionPeriod")!.Value.GetInt32().Should().Be(7, "retention above 0 is point-in-time recovery");
        primary.Str("PreferredBackupWindow").Should().Be("02:00-03:00");
        primary.Str("PreferredMaintenanceWindow").Should().Be("sun:03:30-sun:04:30");
        primary.Prop("CopyTagsToSnapshot")!.Value.GetBoolean().Should().BeTrue();
        primary.Prop("DeleteAutomatedBackups")!.Value.GetBoolean().Should().BeFalse();
        primary.Prop("DeletionProtection")!.Value.GetBoolean().Should().BeTrue("the block's default");
        CacheTests.Policies(primary).Should().Be(("Snapshot", "Snapshot"));
    }

    [Fact]
    public void Performance_insights_enhanced_monitoring_and_log_exports_are_on_for_every_instance()
    {
        ShouldWatchEveryInstance(Data, 30);
    }

    [Fact]
    public void The_parameter_group_forces_tls_and_sets_slow_query_and_idle_transaction_limits()
    {
        cases.Template("Replicated").HasResourceProperties("AWS::RDS::DBParameterGroup", new Dictionary<string, object>
        {
            ["Family"] = "postgres16",
            ["Parameters"] = new Dictionary<string, object>
            {
                ["rds.force_ssl"] = "1",
                ["log_min_duration_statement"] = "500",
                ["idle_in_transaction_session_timeout"] = "60000",
            },
        });
    }

    [Fact]
    public void Read_replicas_are_encrypted_copies_of_the_primary_spread_over_the_zones_and_expendable()
    {
        var replicas = Data.Where(r => r.Prop("SourceDBInstanceIdentifier") is not null).ToList();

        replicas.Select(r => r.Str("AvailabilityZone")).Should().Equal("eu-west-1a", "eu-west-1b");
        foreach (var replica in replicas)
        {
            replica.Prop("SourceDBInstanceIdentifier")!.Value.ToString().Should().Contain(PrimaryId);
            replica.Str("DBInstanceClass").Should().Be("db.t4g.medium");
            // Encrypted with the primary's key; CloudFormation forbids StorageEncrypted on a replica (F3020).
            replica.Prop("StorageEncrypted").Should().BeNull();
            Target(replica.Prop("KmsKeyId")).Should().Be(KeyId);
            replica.Str("StorageType").Should().Be("gp3");
            replica.Str("Port").Should().Be("5433");
            Target(replica.Prop("DBParameterGroupName")).Should().Be(ParameterGroupId);
            // No data of their own: a lower replica count must be able to delete one.
            replica.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Delete");
        }
    }

    [Fact]
    public void A_tls_only_proxy_pools_connections_to_the_primary_with_the_default_limits()
    {
        var proxy = cases.Resource("Replicated", ProxyId);
        var group = cases.Resource("Replicated", ProxyTargetGroupId);

        proxy.Str("EngineFamily").Should().Be("POSTGRESQL");
        proxy.Prop("RequireTLS")!.Value.GetBoolean().Should().BeTrue();
        proxy.Prop("IdleClientTimeout")!.Value.GetInt32().Should().Be(1800);
        var auth = proxy.Prop("Auth")!.Value.EnumerateArray().Should().ContainSingle().Subject;
        auth.GetProperty("AuthScheme").GetString().Should().Be("SECRETS");
        auth.GetProperty("ClientPasswordAuthType").GetString().Should().Be("POSTGRES_SCRAM_SHA_256");
        Target(auth.GetProperty("SecretArn")).Should().Be(SecretAttachmentId);
        group.Prop("DBInstanceIdentifiers")!.Value.EnumerateArray().Select(i => Target(i)).Should().Equal(PrimaryId);
        Pool(Data).Should().Be((90, 50));
        group.Prop("ConnectionPoolConfigurationInfo")!.Value.GetProperty("ConnectionBorrowTimeout").GetInt32().Should().Be(120);
    }

    [Fact]
    public void Credentials_are_generated_into_secrets_manager_and_rotated_by_hosted_rotation_from_the_private_subnets()
    {
        var secret = cases.Resource("Replicated", SecretId);
        var primary = Primary;
        var rotation = HostedRotation(Data);
        var hosted = rotation.Prop("HostedRotationLambda")!.Value;

        var generated = secret.Prop("GenerateSecretString")!.Value;
        generated.GetProperty("GenerateStringKey").GetString().Should().Be("password");
        generated.GetProperty("SecretStringTemplate").GetString().Should().NotContain("password");
        secret.Prop("SecretString").Should().BeNull();
        Target(secret.Prop("KmsKeyId")).Should().Be(KeyId);
        IsSecretsManagerReference(primary.Prop("MasterUserPassword")!.Value).Should().BeTrue();
        primary.Prop("MasterUserPassword")!.Value.ToString().Should().Contain(SecretId);

        Target(rotation.Prop("SecretId")).Should().Be(SecretAttachmentId, "rotation starts once the secret knows its host");
        Schedule(rotation).Should().Be("rate(30 days)");
        hosted.GetProperty("RotationType").GetString().Should().Be("PostgreSQLSingleUser");
        Target(hosted.GetProperty("KmsKeyArn")).Should().Be(KeyId);
        Target(hosted.GetProperty("VpcSecurityGroupIds")).Should().StartWith("DatabaseRotationSecurityGroup");
        // Private subnets: the function reaches the Secrets Manager API through NAT.
        hosted.GetProperty("VpcSubnetIds").GetString()!.Split(',').Should().Equal(BlockHarness.PrivateSubnets);
        cases.Json("Replicated").Template.GetProperty("Transform").ToString().Should().Contain("AWS::SecretsManager-2020-07-23");
    }

    [Fact]
    public void Only_the_proxy_the_rotation_function_and_the_clients_are_admitted()
    {
        var ingress = Ingress(Data);

        ingress["DatabasePrimary"].Should().BeEquivalentTo(
            "DatabaseProxySecurityGroup:Endpoint.Port-Endpoint.Port", "DatabaseRotationSecurityGroup:5433-5433");
        ingress["DatabaseProxy"].Should().BeEquivalentTo("Web:5432-5432", "Worker:5432-5432");
        ingress["DatabaseReplica"].Should().BeEquivalentTo("Web:5433-5433", "Worker:5433-5433");
        ingress.Keys.Should().BeEquivalentTo("DatabasePrimary", "DatabaseProxy", "DatabaseReplica");
        Data.Where(r => r.Type == "AWS::EC2::SecurityGroup").Should().OnlyContain(g => g.Prop("SecurityGroupIngress") == null, "no inline (CIDR) ingress");
    }

    /// <summary>Ingress rules of the database's groups, by group ("DatabaseProxy"), as "Source:from-to".</summary>
    public static Dictionary<string, List<string>> Ingress(IEnumerable<TemplateResource> resources) =>
        resources.Where(r => r.Type == "AWS::EC2::SecurityGroupIngress" && Target(r.Prop("GroupId"))!.StartsWith("Database", StringComparison.Ordinal))
            .GroupBy(r => Target(r.Prop("GroupId"))!)
            .ToDictionary(g => g.Key[..g.Key.IndexOf("SecurityGroup", StringComparison.Ordinal)], g => g.Select(r => $"{Unhashed(Source(r))}:{Ports(r)}").ToList());

    [Fact]
    public void Endpoints_ports_and_the_secret_arn_are_published_under_the_parameter_prefix()
    {
        var parameters = Parameters(Data, "/headroom/test/db/");

        parameters.Keys.Should().BeEquivalentTo("write-endpoint", "write-port", "read-endpoints", "read-port", "secret-arn");
        Target(parameters["write-endpoint"].Prop("Value")).Should().Be(ProxyId);
        Attribute(parameters["write-endpoint"].Prop("Value")).Should().Be("Endpoint");
        parameters["write-port"].Str("Value").Should().Be("5432", "RDS Proxy listens on PostgreSQL's port");
        parameters["read-port"].Str("Value").Should().Be("5433");
        parameters["read-endpoints"].Str("Type").Should().Be("StringList");
        var read = parameters["read-endpoints"].Prop("Value")!.Value;
        // Several endpoints are joined with commas.
        var endpoints = read.GetProperty("Fn::Join")[1].EnumerateArray().ToList();
        endpoints.Select(e => Target(e)).Should().Equal(Replica1Id, Replica2Id);
        endpoints.Should().OnlyContain(e => Attribute(e) == "Endpoint.Address");
        Target(parameters["secret-arn"].Prop("Value")).Should().Be(SecretAttachmentId);
    }

    [Fact]
    public void Without_replicas_reads_go_to_the_proxy_and_no_replica_group_exists()
    {
        var solo = cases.Resources("Solo");
        var parameters = Parameters(solo, "/headroom/test/db/");

        solo.Should().ContainSingle(r => r.Type == "AWS::RDS::DBInstance");
        solo.Should().NotContain(r => r.LogicalId.StartsWith("DatabaseReplicaSecurityGroup", StringComparison.Ordinal));
        Target(parameters["read-endpoints"].Prop("Value")).Should().Be(ProxyId);
        parameters["read-port"].Str("Value").Should().Be("5432");
    }

    [Fact]
    public void Replicas_go_round_robin_over_the_zones_in_letter_order_with_per_replica_classes()
    {
        var data = cases.Resources("Spread");
        var replicas = data.Where(r => r.Prop("SourceDBInstanceIdentifier") is not null).ToList();
        var primary = cases.Resource("Spread", PrimaryId);
        var parameters = cases.Single("Spread", "AWS::RDS::DBParameterGroup").Prop("Parameters")!.Value;

        replicas.Select(r => r.Str("AvailabilityZone")).Should().Equal("eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a");
        replicas.Select(r => r.Str("DBInstanceClass")).Should().Equal("db.r7g.large", "db.r7g.large", "db.r7g.large", "db.r7g.xlarge");
        replicas.Should().OnlyContain(r => r.Str("Port") == "6432");
        (primary.Str("EngineVersion"), primary.Str("DBInstanceClass")).Should().Be(("15.7", "db.m7g.large"));
        cases.Single("Spread", "AWS::RDS::DBParameterGroup").Str("Family").Should().Be("postgres15");
        parameters.GetProperty("log_min_duration_statement").GetString().Should().Be("-1");
        parameters.GetProperty("idle_in_transaction_session_timeout").GetString().Should().Be("300000");
        Pool(data).Should().Be((100, 10));
        Schedule(HostedRotation(data)).Should().Be("rate(7 days)");
    }

    [Fact]
    public void The_preview_shows_primary_replicas_and_proxy_with_their_sizes()
    {
        var lines = IPreviewSection.All.Single(s => s.Title == "Database").Describe(cases.Environment("Replicated")).ToList();

        lines.Should().Contain(l => l.StartsWith("primary", StringComparison.Ordinal) && l.Contains("PostgreSQL 16") && l.Contains("db.t4g.medium") && l.Contains("Multi-AZ"));
        lines.Should().Contain(l => l.Contains("gp3 20 GiB") && l.Contains("autoscaling to 100 GiB") && l.Contains("encrypted (KMS)"));
        lines.Should().Contain(l => l.Contains("deletion protection on") && l.Contains("on delete: Snapshot"));
        lines.Should().Contain(l => l.StartsWith("replicas", StringComparison.Ordinal) && l.Contains("1: db.t4g.medium in eu-west-1a"));
        lines.Should().Contain(l => l.Contains("2: db.t4g.medium in eu-west-1b"));
        lines.Should().Contain(l => l.StartsWith("proxy", StringComparison.Ordinal) && l.Contains("TLS required") && l.Contains("pool 90%"));
        lines.Should().Contain(l => l.StartsWith("password", StringComparison.Ordinal) && l.Contains("rate(30 days)"));
    }

    public static TheoryData<string, Func<IVpc, DatabaseProps>> Refused => new()
    {
        { "*15 read replicas*", vpc => Props(vpc, replicas: Enumerable.Repeat("db.t4g.medium", 16).ToList()) },
        { "*non-default*", vpc => Props(vpc, port: 5432) },
        { "*db.r7g.large*", vpc => Props(vpc, instanceClass: "r7g.large") },
        { "*Proxy.MaxConnectionsPercent must be from 1 to 100*", vpc => Props(vpc, maxConnections: 101) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void The_block_refuses_props_the_service_would_refuse(string message, Func<IVpc, DatabaseProps> props)
    {
        BlockHarness.ShouldRefuse(message, (stack, vpc) => _ = new Database(stack, "Database", props(vpc)));
    }

    [Fact]
    public void A_role_in_a_stack_that_depends_on_the_data_stack_can_read_both_secrets_without_a_cycle()
    {
        var app = new Amazon.CDK.App();
        var env = new Amazon.CDK.Environment { Account = BlockHarness.Account, Region = BlockHarness.Region };
        var data = new Stack(app, "Data", new StackProps { Env = env });
        var consumer = new Stack(app, "Consumer", new StackProps { Env = env });
        consumer.AddDependency(data);
        var vpc = BlockHarness.Vpc(data);
        var database = new Database(data, "Database", Props(vpc));
        var cache = new Headroom.Blocks.Cache.Cache(data, "Cache", CacheTests.Props(vpc));
        var role = new Amazon.CDK.AWS.IAM.Role(consumer, "FleetRole", new Amazon.CDK.AWS.IAM.RoleProps
        {
            AssumedBy = new Amazon.CDK.AWS.IAM.ServicePrincipal("ec2.amazonaws.com"),
        });

        database.GrantSecretRead(role);
        cache.GrantAuthTokenRead(role);

        var policy = JsonSerializer.Serialize(Template.FromStack(consumer).FindResources("AWS::IAM::Policy").Values.Should().ContainSingle().Subject);
        policy.Should().Contain("secretsmanager:GetSecretValue").And.Contain("kms:Decrypt").And.Contain("secretsmanager.eu-west-1.amazonaws.com");
        JsonSerializer.Serialize(Template.FromStack(data).ToJSON()).Should().Contain("DatabaseKey")
            .And.NotContain("FleetRole", "the key policies must not name the consumer's role");
    }

    private static TemplateResource HostedRotation(IEnumerable<TemplateResource> data) =>
        data.Should().ContainSingle(r => r.Type == "AWS::SecretsManager::RotationSchedule" && r.Prop("HostedRotationLambda") != null).Subject;

    private static string Schedule(TemplateResource rotation) =>
        rotation.Prop("RotationRules")!.Value.GetProperty("ScheduleExpression").GetString()!;

    private static (int, int) Pool(IEnumerable<TemplateResource> data)
    {
        var pool = data.Single(r => r.Type == "AWS::RDS::DBProxyTargetGroup").Prop("ConnectionPoolConfigurationInfo")!.Value;
        return (pool.GetProperty("MaxConnectionsPercent").GetInt32(), pool.GetProperty("MaxIdleConnectionsPercent").GetInt32());
    }

    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            Build("Replicated", (vpc, clients) => Props(vpc, clients, replicas: ["db.t4g.medium", "db.t4g.medium"]));
            Build("Solo", (vpc, clients) => Props(vpc, clients));
            Build("Spread", (vpc, clients) => new DatabaseProps
            {
                NamePrefix = "test", Vpc = vpc, AvailabilityZones = [.. Zones], ClientSecurityGroups = clients, ParameterPrefix = "/headroom/spread/db",
                EngineVersion = "15.7", InstanceClass = "db.m7g.large", Replicas = 4, ReplicaInstanceClass = "db.r7g.large", ReplicaInstanceClassOverrides = new() { ["4"] = "db.r7g.xlarge" },
                Port = 6432, SlowQueryMilliseconds = -1, IdleInTransactionTimeoutSeconds = 300, PasswordRotationDays = 7,
                Proxy = new DatabaseProxySettings { MaxConnectionsPercent = 100, MaxIdleConnectionsPercent = 10 },
            });
            Synthesize();
        }

        private void Build(string name, Func<IVpc, IReadOnlyList<ISecurityGroup>, DatabaseProps> props) =>
            CaseWithClients("Database", name, (stack, vpc, clients) => new Database(stack, "Database", props(vpc, clients)));
    }
}
