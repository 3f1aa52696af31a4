using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using Headroom.App.Preview;
using Headroom.Blocks.Database;
using Headroom.Tests.Support;
using static Headroom.Tests.Blocks.DataTemplates;

namespace Headroom.Tests.Blocks;

[Collection(SynthCollection.Name)]
public sealed class DatabaseTests(SynthFixture synth, DatabaseTests.Variants variants) : IClassFixture<DatabaseTests.Variants>
{
    // The stateful resources' logical IDs, literally: if a refactor changes one, CloudFormation would
    // replace the resource (a new, empty database), so this test must fail first.
    private const string PrimaryId = "DatabasePrimaryEDE0B3D0";
    private const string Replica1Id = "DatabaseReplica1ED560A1F";
    private const string Replica2Id = "DatabaseReplica2035311FF";
    private const string ProxyId = "DatabaseProxyE01FC4E6";
    private const string ProxyTargetGroupId = "DatabaseProxyProxyTargetGroupCFEDF3AA";
    private const string KeyId = "DatabaseKey5E5D9547";
    private const string SecretId = "DatabaseSecret3B817195";
    private const string SecretAttachmentId = "DatabaseSecretAttachmentE5D1B020";
    private const string ParameterGroupId = "DatabaseParametersB8AC9B07";
    private const string SubnetGroupId = "DatabaseSubnetGroup7D60F180";

    [Theory]
    [InlineData("prod", new[] { PrimaryId, Replica1Id, Replica2Id })]
    [InlineData("staging", new[] { PrimaryId, Replica1Id })]
    public void Stateful_resources_keep_their_pinned_logical_ids(string env, string[] instances)
    {
        var data = Data(env).Resources.ToDictionary(r => r.LogicalId);

        data.Values.Where(r => r.Type == "AWS::RDS::DBInstance").Select(r => r.LogicalId).Should().BeEquivalentTo(instances);
        data[ProxyId].Type.Should().Be("AWS::RDS::DBProxy");
        data[ProxyTargetGroupId].Type.Should().Be("AWS::RDS::DBProxyTargetGroup");
        data[KeyId].Type.Should().Be("AWS::KMS::Key");
        data[SecretId].Type.Should().Be("AWS::SecretsManager::Secret");
        data[SecretAttachmentId].Type.Should().Be("AWS::SecretsManager::SecretTargetAttachment");
        data[ParameterGroupId].Type.Should().Be("AWS::RDS::DBParameterGroup");
        data[SubnetGroupId].Type.Should().Be("AWS::RDS::DBSubnetGroup");
    }

    [Theory]
    [InlineData("prod", "db.r7g.large", true)]
    [InlineData("staging", "db.t4g.medium", false)]
    public void The_primary_is_postgres_of_the_configured_class_and_multi_az_in_production(string env, string instanceClass, bool multiAz)
    {
        var primary = Resource(env, PrimaryId);

        primary.Str("Engine").Should().Be("postgres");
        primary.Str("EngineVersion").Should().Be("16");
        primary.Str("DBInstanceClass").Should().Be(instanceClass);
        primary.Prop("MultiAZ")!.Value.GetBoolean().Should().Be(multiAz);
        primary.Prop("AvailabilityZone").Should().BeNull("a Multi-AZ primary lets RDS place primary and standby");
        primary.Prop("PubliclyAccessible")!.Value.GetBoolean().Should().BeFalse();
        primary.Str("Port").Should().Be("5433", "a non-default port");
        primary.Str("DBName").Should().Be("shop");
        Target(primary.Prop("DBParameterGroupName")).Should().Be(ParameterGroupId);
        Target(primary.Prop("DBSubnetGroupName")).Should().Be(SubnetGroupId);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_database_lives_in_the_isolated_subnets(string env)
    {
        var subnets = Resource(env, SubnetGroupId).Prop("SubnetIds")!.Value.EnumerateArray()
            .Select(s => s.GetProperty("Fn::ImportValue").GetString()).ToList();

        subnets.Should().HaveCount(synth.Environments[env].Config.AvailabilityZones.Count)
            .And.OnlyContain(s => s!.Contains("NetworkIsolatedSubnet", StringComparison.Ordinal));
        Resource(env, ProxyId).Prop("VpcSubnetIds")!.Value.EnumerateArray()
            .Should().OnlyContain(s => s.GetProperty("Fn::ImportValue").GetString()!.Contains("NetworkIsolatedSubnet", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prod", 100, 1000)]
    [InlineData("staging", 20, 100)]
    public void Storage_is_gp3_encrypted_with_the_rotating_customer_key_and_autoscales_to_the_ceiling(string env, int allocated, int ceiling)
    {
        var primary = Resource(env, PrimaryId);
        var key = Resource(env, KeyId);

        primary.Str("StorageType").Should().Be("gp3");
        primary.Str("AllocatedStorage").Should().Be(allocated.ToString(System.Globalization.CultureInfo.InvariantCulture));
        primary.Prop("MaxAllocatedStorage")!.Value.GetInt32().Should().Be(ceiling);
        primary.Prop("StorageEncrypted")!.Value.GetBoolean().Should().BeTrue();
        Target(primary.Prop("KmsKeyId")).Should().Be(KeyId);
        key.Prop("EnableKeyRotation")!.Value.GetBoolean().Should().BeTrue();
        key.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain", "snapshots stay readable only while the key exists");
        key.Raw.GetProperty("UpdateReplacePolicy").GetString().Should().Be("Retain");
    }

    [Theory]
    [InlineData("prod", 14, true)]
    [InlineData("staging", 3, false)]
    public void Backups_windows_and_deletion_keep_the_data(string env, int retention, bool deletionProtection)
    {
        var primary = Resource(env, PrimaryId);

        primary.Prop("BackupRetentionPeriod")!.Value.GetInt32().Should().Be(retention, "retention above 0 is point-in-time recovery");
        primary.Str("PreferredBackupWindow").Should().Be("02:00-03:00");
        primary.Str("PreferredMaintenanceWindow").Should().Be("sun:03:30-sun:04:30");
        primary.Prop("CopyTagsToSnapshot")!.Value.GetBoolean().Should().BeTrue();
        primary.Prop("DeleteAutomatedBackups")!.Value.GetBoolean().Should().BeFalse();
        primary.Prop("DeletionProtection")!.Value.GetBoolean().Should().Be(deletionProtection);
        primary.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Snapshot");
        primary.Raw.GetProperty("UpdateReplacePolicy").GetString().Should().Be("Snapshot");
    }

    [Fact]
    public void Production_keeps_at_least_a_week_of_backups()
    {
        Resource("prod", PrimaryId).Prop("BackupRetentionPeriod")!.Value.GetInt32().Should().BeGreaterThanOrEqualTo(7);
    }

    [Theory]
    [InlineData("prod", 90)]
    [InlineData("staging", 30)]
    public void Performance_insights_enhanced_monitoring_and_log_exports_are_on_for_every_instance(string env, int logDays)
    {
        var instances = Data(env).Resources.Where(r => r.Type == "AWS::RDS::DBInstance").ToList();

        instances.Should().NotBeEmpty();
        foreach (var instance in instances)
        {
            instance.Prop("EnablePerformanceInsights")!.Value.GetBoolean().Should().BeTrue(instance.LogicalId);
            instance.Prop("PerformanceInsightsRetentionPeriod")!.Value.GetInt32().Should().Be(7);
            Target(instance.Prop("PerformanceInsightsKMSKeyId")).Should().Be(KeyId);
            instance.Prop("MonitoringInterval")!.Value.GetInt32().Should().Be(60);
            Target(instance.Prop("MonitoringRoleArn")).Should().NotBeNull();
            instance.Prop("EnableCloudwatchLogsExports")!.Value.EnumerateArray().Select(e => e.GetString()).Should().Equal("postgresql", "upgrade");
        }
        var retentions = Data(env).Resources.Where(r => r.Type == "Custom::LogRetention").ToList();
        retentions.Should().HaveCount(instances.Count * 2);
        retentions.Should().OnlyContain(r => r.Prop("RetentionInDays")!.Value.GetInt32() == logDays);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_parameter_group_forces_tls_and_sets_slow_query_and_idle_transaction_limits(string env)
    {
        synth.Template(env, "Data").HasResourceProperties("AWS::RDS::DBParameterGroup", new Dictionary<string, object>
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

    [Theory]
    [InlineData("prod", new[] { "eu-west-1a", "eu-west-1b" })]
    [InlineData("staging", new[] { "eu-west-1a" })]
    public void Read_replicas_follow_the_configured_count_and_spread_over_the_zones(string env, string[] zones)
    {
        var replicas = Data(env).Resources.Where(r => r.Prop("SourceDBInstanceIdentifier") is not null).ToList();
        var primaryClass = Resource(env, PrimaryId).Str("DBInstanceClass");

        replicas.Should().HaveCount(synth.Environments[env].Config.Database.Replicas).And.HaveCount(zones.Length);
        replicas.Select(r => r.Str("AvailabilityZone")).Should().Equal(zones);
        foreach (var replica in replicas)
        {
            replica.Prop("SourceDBInstanceIdentifier")!.Value.ToString().Should().Contain(PrimaryId);
            replica.Str("DBInstanceClass").Should().Be(primaryClass);
            // Encrypted with the primary's key; CloudFormation forbids StorageEncrypted on a replica (F3020).
            replica.Prop("StorageEncrypted").Should().BeNull();
            replica.Prop("KmsKeyId").Should().NotBeNull();
            Target(replica.Prop("KmsKeyId")).Should().Be(KeyId);
            replica.Str("StorageType").Should().Be("gp3");
            replica.Str("Port").Should().Be("5433");
            Target(replica.Prop("DBParameterGroupName")).Should().Be(ParameterGroupId);
            // No data of their own: a lower replica count must be able to delete one.
            replica.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Delete");
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void A_tls_only_proxy_pools_connections_to_the_primary_with_the_configured_limits(string env)
    {
        var proxy = Resource(env, ProxyId);
        var group = Resource(env, ProxyTargetGroupId);

        proxy.Str("EngineFamily").Should().Be("POSTGRESQL");
        proxy.Prop("RequireTLS")!.Value.GetBoolean().Should().BeTrue();
        proxy.Prop("IdleClientTimeout")!.Value.GetInt32().Should().Be(1800);
        var auth = proxy.Prop("Auth")!.Value.EnumerateArray().Should().ContainSingle().Subject;
        auth.GetProperty("AuthScheme").GetString().Should().Be("SECRETS");
        auth.GetProperty("ClientPasswordAuthType").GetString().Should().Be("POSTGRES_SCRAM_SHA_256");
        Target(auth.GetProperty("SecretArn")).Should().Be(SecretAttachmentId);
        group.Prop("DBInstanceIdentifiers")!.Value.EnumerateArray().Select(i => Target(i)).Should().Equal(PrimaryId);
        var pool = group.Prop("ConnectionPoolConfigurationInfo")!.Value;
        pool.GetProperty("MaxConnectionsPercent").GetInt32().Should().Be(90);
        pool.GetProperty("MaxIdleConnectionsPercent").GetInt32().Should().Be(50);
        pool.GetProperty("ConnectionBorrowTimeout").GetInt32().Should().Be(120);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Credentials_are_generated_into_secrets_manager_and_rotated_by_hosted_rotation(string env)
    {
        var secret = Resource(env, SecretId);
        var primary = Resource(env, PrimaryId);
        var rotation = Data(env).Resources.Should().ContainSingle(r => r.Type == "AWS::SecretsManager::RotationSchedule" && r.Prop("HostedRotationLambda") != null).Subject;
        var hosted = rotation.Prop("HostedRotationLambda")!.Value;

        var generated = secret.Prop("GenerateSecretString")!.Value;
        generated.GetProperty("GenerateStringKey").GetString().Should().Be("password");
        generated.GetProperty("SecretStringTemplate").GetString().Should().NotContain("password");
        secret.Prop("SecretString").Should().BeNull();
        Target(secret.Prop("KmsKeyId")).Should().Be(KeyId);
        IsSecretsManagerReference(primary.Prop("MasterUserPassword")!.Value).Should().BeTrue();
        primary.Prop("MasterUserPassword")!.Value.ToString().Should().Contain(SecretId);

        Target(rotation.Prop("SecretId")).Should().Be(SecretAttachmentId, "rotation starts once the secret knows its host");
        rotation.Prop("RotationRules")!.Value.GetProperty("ScheduleExpression").GetString().Should().Be("rate(30 days)");
        hosted.GetProperty("RotationType").GetString().Should().Be("PostgreSQLSingleUser");
        Target(hosted.GetProperty("KmsKeyArn")).Should().Be(KeyId);
        Target(hosted.GetProperty("VpcSecurityGroupIds")).Should().StartWith("DatabaseRotationSecurityGroup");
        // Private subnets: the function reaches the Secrets Manager API through NAT.
        hosted.GetProperty("VpcSubnetIds").ToString().Should().Contain("NetworkPrivateSubnet").And.NotContain("Isolated");
        Data(env).Template.GetProperty("Transform").ToString().Should().Contain("AWS::SecretsManager-2020-07-23");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Only_the_proxy_the_rotation_function_and_the_fleets_are_admitted(string env)
    {
        var data = Data(env).Resources;
        var ingress = data.Where(r => r.Type == "AWS::EC2::SecurityGroupIngress" && Target(r.Prop("GroupId"))!.StartsWith("Database", StringComparison.Ordinal))
            .GroupBy(r => Target(r.Prop("GroupId"))!)
            .ToDictionary(g => g.Key[..g.Key.IndexOf("SecurityGroup", StringComparison.Ordinal)], g => g.Select(r => $"{Source(r)}:{Ports(r)}").ToList());

        ingress["DatabasePrimary"].Should().BeEquivalentTo(
            "DatabaseProxySecurityGroupCCC9DB86:Endpoint.Port-Endpoint.Port", "DatabaseRotationSecurityGroup8E1B7C66:5433-5433");
        ingress["DatabaseProxy"].Should().BeEquivalentTo("web:5432-5432", "worker:5432-5432");
        ingress["DatabaseReplica"].Should().BeEquivalentTo("web:5433-5433", "worker:5433-5433");
        ingress.Keys.Should().BeEquivalentTo("DatabasePrimary", "DatabaseProxy", "DatabaseReplica");
        data.Where(r => r.Type == "AWS::EC2::SecurityGroup").Should().OnlyContain(g => g.Prop("SecurityGroupIngress") == null, "no inline (CIDR) ingress");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Endpoints_ports_and_the_secret_arn_are_published_to_ssm(string env)
    {
        var parameters = Data(env).Resources.Where(r => r.Type == "AWS::SSM::Parameter" && r.Str("Name")!.StartsWith($"/headroom/{env}/db/", StringComparison.Ordinal))
            .ToDictionary(r => r.Str("Name")![$"/headroom/{env}/db/".Length..]);

        parameters.Keys.Should().BeEquivalentTo("write-endpoint", "write-port", "read-endpoints", "read-port", "secret-arn");
        Target(parameters["write-endpoint"].Prop("Value")).Should().Be(ProxyId);
        Attribute(parameters["write-endpoint"].Prop("Value")).Should().Be("Endpoint");
        parameters["write-port"].Str("Value").Should().Be("5432", "RDS Proxy listens on PostgreSQL's port");
        parameters["read-port"].Str("Value").Should().Be("5433");
        parameters["read-endpoints"].Str("Type").Should().Be("StringList");
        var replicaIds = Data(env).Resources.Where(r => r.Prop("SourceDBInstanceIdentifier") is not null).Select(r => r.LogicalId).ToList();
        var read = parameters["read-endpoints"].Prop("Value")!.Value;
        // One endpoint is the value itself; several are joined with commas.
        var endpoints = read.TryGetProperty("Fn::Join", out var join) ? join[1].EnumerateArray().ToList() : [read];
        endpoints.Select(e => Target(e)).Should().Equal(replicaIds);
        endpoints.Should().OnlyContain(e => Attribute(e) == "Endpoint.Address");
        Target(parameters["secret-arn"].Prop("Value")).Should().Be(SecretAttachmentId);
    }

    [Fact]
    public void Without_replicas_reads_go_to_the_proxy_and_no_replica_group_exists()
    {
        var solo = variants.Solo.Stacks.Single(s => s.Name.EndsWith("-Data", StringComparison.Ordinal)).Resources;

        solo.Should().ContainSingle(r => r.Type == "AWS::RDS::DBInstance");
        solo.Should().NotContain(r => r.LogicalId.StartsWith("DatabaseReplicaSecurityGroup", StringComparison.Ordinal));
        var read = solo.Single(r => r.Str("Name") == "/headroom/solo/db/read-endpoints");
        Target(read.Prop("Value")).Should().Be(ProxyId);
        solo.Single(r => r.Str("Name") == "/headroom/solo/db/read-port").Str("Value").Should().Be("5432");
    }

    [Fact]
    public void Replicas_go_round_robin_over_the_zones_in_letter_order_with_per_replica_classes()
    {
        var data = variants.Spread.Stacks.Single(s => s.Name.EndsWith("-Data", StringComparison.Ordinal)).Resources;
        var replicas = data.Where(r => r.Prop("SourceDBInstanceIdentifier") is not null).ToList();

        replicas.Select(r => r.Str("AvailabilityZone")).Should().Equal("eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a");
        replicas.Select(r => r.Str("DBInstanceClass")).Should().Equal("db.r7g.large", "db.r7g.large", "db.r7g.large", "db.r7g.xlarge");
        replicas.Should().OnlyContain(r => r.Str("Port") == "6432");
        var primary = data.Single(r => r.LogicalId == PrimaryId);
        primary.Str("EngineVersion").Should().Be("15.7");
        primary.Str("DBInstanceClass").Should().Be("db.m7g.large");
        var parameters = data.Single(r => r.Type == "AWS::RDS::DBParameterGroup");
        parameters.Str("Family").Should().Be("postgres15");
        parameters.Prop("Parameters")!.Value.GetProperty("log_min_duration_statement").GetString().Should().Be("-1");
        parameters.Prop("Parameters")!.Value.GetProperty("idle_in_transaction_session_timeout").GetString().Should().Be("300000");
        var pool = data.Single(r => r.Type == "AWS::RDS::DBProxyTargetGroup").Prop("ConnectionPoolConfigurationInfo")!.Value;
        (pool.GetProperty("MaxConnectionsPercent").GetInt32(), pool.GetProperty("MaxIdleConnectionsPercent").GetInt32()).Should().Be((100, 10));
        data.Single(r => r.Type == "AWS::SecretsManager::RotationSchedule" && r.Prop("HostedRotationLambda") is not null).Prop("RotationRules")!.Value
            .GetProperty("ScheduleExpression").GetString().Should().Be("rate(7 days)");
    }

    [Fact]
    public void The_data_stack_takes_only_from_the_network_stack()
    {
        foreach (var env in new[] { "prod", "staging" })
        {
            var text = Data(env).Template.ToString();
            var imports = System.Text.RegularExpressions.Regex.Matches(text, "\"Fn::ImportValue\":\\s*\"([^\":]+):").Select(m => m.Groups[1].Value).Distinct();
            imports.Should().Equal($"Headroom-{env}-Network");
            synth.Assembly.GetStackByName($"Headroom-{env}-Data").Dependencies.Select(d => d.Id).Should().NotContain($"Headroom-{env}-App");
        }
    }

    [Fact]
    public void No_template_of_any_environment_holds_a_plaintext_password_or_auth_token()
    {
        var found = new List<string>();
        foreach (var env in synth.Environments.Keys)
            foreach (var stack in synth.Json(env).Stacks)
                foreach (var (path, name, value) in SecretProperties(stack.Template))
                {
                    found.Add(name);
                    IsSecretsManagerReference(value).Should().BeTrue($"{stack.Name}{path} must be a Secrets Manager dynamic reference, not {value}");
                }

        // The walk must have met the database's password and the cache's token in every environment.
        found.Count(n => n == "MasterUserPassword").Should().Be(synth.Environments.Count);
        found.Count(n => n == "AuthToken").Should().Be(synth.Environments.Count);
        found.Should().NotContain("SecretString");
    }

    [Fact]
    public void The_block_refuses_props_the_service_would_refuse()
    {
        var stack = new Stack(new Amazon.CDK.App(), "Guards");
        var vpc = Vpc.FromVpcAttributes(stack, "Vpc", new VpcAttributes
        {
            VpcId = "vpc-1",
            AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
            IsolatedSubnetIds = ["subnet-1", "subnet-2"],
            PrivateSubnetIds = ["subnet-3", "subnet-4"],
        });
        DatabaseProps Props(int replicas = 0, int port = 5433, string instanceClass = "db.t4g.medium", int maxConnections = 90) => new()
        {
            NamePrefix = "t", Vpc = vpc, AvailabilityZones = ["eu-west-1a"], ClientSecurityGroups = [], EngineVersion = "16",
            InstanceClass = instanceClass, ReplicaInstanceClasses = Enumerable.Repeat("db.t4g.medium", replicas).ToList(), Port = port,
            Proxy = new DatabaseProxyPool { MaxConnectionsPercent = maxConnections },
        };

        new System.Action(() => _ = new Database(stack, "A", Props(replicas: 16))).Should().Throw<ArgumentException>().WithMessage("*15 read replicas*");
        new System.Action(() => _ = new Database(stack, "B", Props(port: 5432))).Should().Throw<ArgumentException>().WithMessage("*non-default*");
        new System.Action(() => _ = new Database(stack, "C", Props(instanceClass: "r7g.large"))).Should().Throw<ArgumentException>().WithMessage("*db.r7g.large*");
        new System.Action(() => _ = new Database(stack, "D", Props(maxConnections: 101))).Should().Throw<ArgumentException>().WithMessage("*1-100%*");
    }

    [Fact]
    public void The_preview_shows_primary_replicas_and_proxy_with_their_sizes()
    {
        var lines = IPreviewSection.All.Single(s => s.Title == "Database").Describe(synth.Json("prod")).ToList();

        lines.Should().Contain(l => l.StartsWith("primary", StringComparison.Ordinal) && l.Contains("PostgreSQL 16") && l.Contains("db.r7g.large") && l.Contains("Multi-AZ"));
        lines.Should().Contain(l => l.Contains("gp3 100 GiB") && l.Contains("autoscaling to 1000 GiB") && l.Contains("encrypted (KMS)"));
        lines.Should().Contain(l => l.Contains("deletion protection on") && l.Contains("on delete: Snapshot"));
        lines.Should().Contain(l => l.StartsWith("replicas", StringComparison.Ordinal) && l.Contains("1: db.r7g.large in eu-west-1a"));
        lines.Should().Contain(l => l.Contains("2: db.r7g.large in eu-west-1b"));
        lines.Should().Contain(l => l.StartsWith("proxy", StringComparison.Ordinal) && l.Contains("TLS required") && l.Contains("pool 90%"));
        lines.Should().Contain(l => l.StartsWith("password", StringComparison.Ordinal) && l.Contains("rate(30 days)"));
    }

    [Fact]
    public void A_role_in_a_stack_that_depends_on_the_data_stack_can_read_both_secrets_without_a_cycle()
    {
        var app = new Amazon.CDK.App();
        var env = new Amazon.CDK.Environment { Account = "111111111111", Region = "eu-west-1" };
        var data = new Stack(app, "Data", new StackProps { Env = env });
        var consumer = new Stack(app, "Consumer", new StackProps { Env = env });
        consumer.AddDependency(data);
        var vpc = Vpc.FromVpcAttributes(data, "Vpc", new VpcAttributes
        {
            VpcId = "vpc-1",
            AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
            IsolatedSubnetIds = ["subnet-1", "subnet-2"],
            PrivateSubnetIds = ["subnet-3", "subnet-4"],
        });
        var database = new Database(data, "Database", new DatabaseProps
        {
            NamePrefix = "t", Vpc = vpc, AvailabilityZones = ["eu-west-1a", "eu-west-1b"], ClientSecurityGroups = [],
            EngineVersion = "16", InstanceClass = "db.t4g.medium",
        });
        var cache = new Headroom.Blocks.Cache.Cache(data, "Cache", new Headroom.Blocks.Cache.CacheProps
        {
            NamePrefix = "t", Vpc = vpc, ClientSecurityGroups = [], EngineVersion = "7.1", NodeType = "cache.t4g.small",
        });
        var role = new Amazon.CDK.AWS.IAM.Role(consumer, "FleetRole", new Amazon.CDK.AWS.IAM.RoleProps
        {
            AssumedBy = new Amazon.CDK.AWS.IAM.ServicePrincipal("ec2.amazonaws.com"),
        });

        database.GrantSecretRead(role);
        cache.GrantAuthTokenRead(role);

        var policy = System.Text.Json.JsonSerializer.Serialize(Template.FromStack(consumer).FindResources("AWS::IAM::Policy").Values.Should().ContainSingle().Subject);
        policy.Should().Contain("secretsmanager:GetSecretValue").And.Contain("kms:Decrypt").And.Contain("secretsmanager.eu-west-1.amazonaws.com");
        System.Text.Json.JsonSerializer.Serialize(Template.FromStack(data).ToJSON()).Should().Contain("DatabaseKey")
            .And.NotContain("FleetRole", "the key policies must not name the consumer's role");
    }

    private SynthesizedStack Data(string env) => synth.Json(env).Stacks.Single(s => s.Name == $"Headroom-{env}-Data");

    private TemplateResource Resource(string env, string logicalId) => Data(env).Resources.Single(r => r.LogicalId == logicalId);

    /// <summary>Config variants, synthesized once: no replicas; four replicas over three zones with overrides.</summary>
    public sealed class Variants
    {
        public Variants()
        {
            var solo = TestConfig.Parse(TestConfig.With(TestConfig.Staging, "database:\n  replicas: 0"), "solo");
            var spread = TestConfig.Parse(TestConfig.With(TestConfig.Prod, """
                database:
                  engineVersion: "15.7"
                  instanceClass: db.m7g.large
                  replicas: 4
                  replicaInstanceClass: db.r7g.large
                  replicaInstanceClassOverrides:
                    "4": db.r7g.xlarge
                  port: 6432
                  slowQueryMilliseconds: -1
                  idleInTransactionTimeoutSeconds: 300
                  passwordRotationDays: 7
                  proxy:
                    maxConnectionsPercent: 100
                    maxIdleConnectionsPercent: 10
                """), "spread");
            var app = new SynthesizedApp([solo, spread]);
            Solo = app.Json("solo");
            Spread = app.Json("spread");
            app.Dispose();
        }

        public SynthesizedEnvironment Solo { get; }
        public SynthesizedEnvironment Spread { get; }
    }
}
