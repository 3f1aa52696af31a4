using System.Diagnostics;
using Headroom.Blocks.Cache;
using static Headroom.Tests.Blocks.CachePins;

namespace Headroom.Tests.Blocks;

/// <summary>The Cache block on bare stacks: its defaults, cluster-mode Valkey, a single node, and the props it refuses.</summary>
public sealed class CacheTests(CacheTests.Cases cases) : IClassFixture<CacheTests.Cases>
{
    /// <summary>Props with what the block requires and the settings a case changes (object initializers only).</summary>
    public static CacheProps Props(IVpc vpc, IReadOnlyList<ISecurityGroup>? clients = null, string version = "7.1", int replicas = 1,
        bool multiAz = true, bool failover = true, bool clusterMode = false, int shards = 1, int rotationDays = 30, string policy = "volatile-lru") => new()
    {
        NamePrefix = "test", Vpc = vpc, ClientSecurityGroups = clients ?? [], EngineVersion = version, NodeType = "cache.t4g.small",
        Replicas = replicas, MultiAz = multiAz, AutomaticFailover = failover, ClusterMode = clusterMode, Shards = shards,
        AuthTokenRotationDays = rotationDays, MaxMemoryPolicy = policy,
    };

    private TemplateResource Group(string name = "Default") => cases.Resource(name, GroupId);

    [Fact]
    public void Stateful_resources_keep_their_pinned_logical_ids()
    {
        var data = cases.Resources("Default").ToDictionary(r => r.LogicalId);

        CachePins.ShouldHold(data);
    }

    [Fact]
    public void By_default_a_redis_primary_and_a_replica_with_multi_az_and_failover()
    {
        var group = Group();

        group.Str("Engine").Should().Be("redis");
        group.Str("EngineVersion").Should().Be("7.1");
        group.Str("CacheNodeType").Should().Be("cache.t4g.small");
        group.Prop("NumCacheClusters")!.Value.GetInt32().Should().Be(2, "a primary and its replica");
        group.Prop("MultiAZEnabled")!.Value.GetBoolean().Should().BeTrue();
        group.Prop("AutomaticFailoverEnabled")!.Value.GetBoolean().Should().BeTrue();
        group.Prop("NumNodeGroups").Should().BeNull("cluster mode is off");
        group.Prop("AutoMinorVersionUpgrade")!.Value.GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Encrypted_in_transit_and_at_rest_with_an_auth_token_from_secrets_manager()
    {
        var group = Group();
        var token = cases.Resource("Default", TokenId);
        var key = cases.Resource("Default", KeyId);

        group.Prop("TransitEncryptionEnabled")!.Value.GetBoolean().Should().BeTrue();
        group.Str("TransitEncryptionMode").Should().Be("required");
        group.Prop("AtRestEncryptionEnabled")!.Value.GetBoolean().Should().BeTrue();
        Target(group.Prop("KmsKeyId")).Should().Be(KeyId);
        IsSecretsManagerReference(group.Prop("AuthToken")!.Value).Should().BeTrue();
        group.Prop("AuthToken")!.Value.ToString().Should().Contain(TokenId);
        token.Prop("SecretString").Should().BeNull("the token is generated, never written");
        token.Prop("GenerateSecretString")!.Value.GetProperty("ExcludePunctuation").GetBoolean().Should().BeTrue();
        token.Prop("GenerateSecretString")!.Value.GetProperty("PasswordLength").GetInt32().Should().BeInRange(16, 128);
        Target(token.Prop("KmsKeyId")).Should().Be(KeyId);
        key.Prop("EnableKeyRotation")!.Value.GetBoolean().Should().BeTrue();
        key.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
    }

    [Fact]
    public void Port_snapshots_and_removal_keep_a_snapshot()
    {
        var group = Group();

        group.Prop("Port")!.Value.GetInt32().Should().Be(6380, "a non-default port");
        group.Prop("SnapshotRetentionLimit")!.Value.GetInt32().Should().Be(7);
        group.Str("SnapshotWindow").Should().Be("03:00-04:00");
        group.Str("PreferredMaintenanceWindow").Should().Be("sun:05:00-sun:06:00");
        Policies(group).Should().Be(("Snapshot", "Snapshot"));
    }

    [Fact]
    public void The_parameter_group_sets_the_eviction_policy_for_the_engine_family()
    {
        Target(Group().Prop("CacheParameterGroupName")).Should().Be(ParametersId);
        cases.Template("Default").HasResourceProperties("AWS::ElastiCache::ParameterGroup", new Dictionary<string, object>
        {
            ["CacheParameterGroupFamily"] = "redis7",
            ["Properties"] = new Dictionary<string, object> { ["maxmemory-policy"] = "volatile-lru", ["cluster-enabled"] = "no" },
        });
    }

    [Fact]
    public void Isolated_subnets_and_only_the_client_groups_admitted()
    {
        var group = Group();

        Target(group.Prop("CacheSubnetGroupName")).Should().Be(SubnetGroupId);
        SubnetIds(cases.Resource("Default", SubnetGroupId)).Should().Equal(BlockHarness.IsolatedSubnets);
        group.Prop("SecurityGroupIds")!.Value.EnumerateArray().Select(g => Target(g)).Should().Equal(SecurityGroupId);
        Admitted(cases.Resources("Default"), SecurityGroupId).Should().BeEquivalentTo("Web:6380-6380", "Worker:6380-6380");
        ShouldAdmitNothingInlineAndSendNothing(cases.Resource("Default", SecurityGroupId));
    }

    [Fact]
    public void Endpoints_port_and_the_token_arn_are_published_under_the_parameter_prefix()
    {
        var parameters = Parameters(cases.Resources("Default"), "/headroom/default/cache/");

        parameters.Keys.Should().BeEquivalentTo("primary-endpoint", "reader-endpoint", "port", "auth-secret-arn");
        (Target(parameters["primary-endpoint"].Prop("Value")), Attribute(parameters["primary-endpoint"].Prop("Value"))).Should().Be((GroupId, "PrimaryEndPoint.Address"));
        (Target(parameters["reader-endpoint"].Prop("Value")), Attribute(parameters["reader-endpoint"].Prop("Value"))).Should().Be((GroupId, "ReaderEndPoint.Address"));
        parameters["port"].Str("Value").Should().Be("6380");
        Target(parameters["auth-secret-arn"].Prop("Value")).Should().Be(TokenId);
    }

    [Fact]
    public void The_slow_log_goes_to_a_retained_log_group_with_retention()
    {
        var delivery = Group().Prop("LogDeliveryConfigurations")!.Value.EnumerateArray().Should().ContainSingle().Subject;
        var logGroup = cases.Resource("Default", Target(delivery.GetProperty("DestinationDetails").GetProperty("CloudWatchLogsDetails").GetProperty("LogGroup"))!);

        delivery.GetProperty("LogType").GetString().Should().Be("slow-log");
        logGroup.Prop("RetentionInDays")!.Value.GetInt32().Should().Be(30);
        logGroup.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain", "slow-log history outlives the stack");
    }

    [Fact]
    public void The_auth_token_is_rotated_every_30_days_by_a_node_function_outside_the_vpc()
    {
        var data = cases.Resources("Default");
        var schedule = data.Should().ContainSingle(r => r.Type == "AWS::SecretsManager::RotationSchedule" && Target(r.Prop("SecretId")) == TokenId).Subject;
        var function = cases.Resource("Default", Target(schedule.Prop("RotationLambdaARN"))!);
        var invoke = data.Should().ContainSingle(r => r.Type == "AWS::Lambda::Permission" && Target(r.Prop("FunctionName")) == function.LogicalId).Subject;
        var logs = cases.Resource("Default", Target(function.Prop("LoggingConfig")!.Value.GetProperty("LogGroup"))!);

        RotationSchedule(schedule).Should().Be("rate(30 days)");
        schedule.Prop("HostedRotationLambda").Should().BeNull("our own function rotates it");
        schedule.Raw.GetProperty("DependsOn").EnumerateArray().Select(d => d.GetString()).Should().Contain(invoke.LogicalId,
            "creating the schedule rotates at once, so Secrets Manager must already be allowed to invoke");
        function.Type.Should().Be("AWS::Lambda::Function");
        function.Str("Runtime").Should().Be("nodejs24.x");
        function.Prop("VpcConfig").Should().BeNull("it calls only AWS APIs");
        function.Prop("Timeout")!.Value.GetInt32().Should().BeInRange(300, 900, "long enough for a modify to finish");
        Target(function.Prop("Environment")!.Value.GetProperty("Variables").GetProperty(CacheTokenRotation.GroupVariable)).Should().Be(GroupId);
        (invoke.Str("Principal"), invoke.Str("Action")).Should().Be(("secretsmanager.amazonaws.com", "lambda:InvokeFunction"));
        logs.Prop("RetentionInDays")!.Value.GetInt32().Should().Be(30);
        logs.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
    }

    [Fact]
    public void The_rotation_role_has_no_managed_policy_and_may_modify_only_this_replication_group()
    {
        var data = cases.Resources("Default");
        var function = RotationFunction(data);
        var role = cases.Resource("Default", Target(function.Prop("Role"))!);
        var statements = role.Prop("Policies")!.Value.EnumerateArray().Should().ContainSingle().Subject
            .GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().ToList();
        JsonElement Granting(string action) => statements.Should().ContainSingle(s => Actions(s).Contains(action)).Subject;

        role.Prop("ManagedPolicyArns").Should().BeNull("cdk-nag IAM4: no AWS managed policy");
        data.Where(r => r.Type == "AWS::IAM::Policy" && r.Prop("Roles")!.Value.EnumerateArray().Any(x => Target(x) == role.LogicalId))
            .Should().BeEmpty("everything it may do is in the role's own inline policy");
        var modify = Granting("elasticache:ModifyReplicationGroup");
        Actions(modify).Should().BeEquivalentTo("elasticache:ModifyReplicationGroup", "elasticache:DescribeReplicationGroups");
        modify.GetProperty("Resource").GetProperty("Fn::Join")[1].EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : Target(p))
            .Should().Contain(GroupId).And.Contain(p => p != null && p.EndsWith(":replicationgroup:", StringComparison.Ordinal));
        var secret = Granting("secretsmanager:PutSecretValue");
        Target(secret.GetProperty("Resource")).Should().Be(TokenId);
        Actions(secret).Should().BeEquivalentTo("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
            "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage");
        var kms = Granting("kms:GenerateDataKey");
        Actions(kms).Should().BeEquivalentTo("kms:Decrypt", "kms:GenerateDataKey");
        Target(kms.GetProperty("Resource")).Should().Be(KeyId);
        kms.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:ViaService").ToString().Should().Contain("secretsmanager.");
        Target(Granting("logs:PutLogEvents").GetProperty("Resource")).Should().Be(Target(function.Prop("LoggingConfig")!.Value.GetProperty("LogGroup")));
        statements.Where(s => s.GetProperty("Resource").ValueKind == JsonValueKind.String && s.GetProperty("Resource").GetString() == "*")
            .SelectMany(Actions).Should().Equal(["secretsmanager:GetRandomPassword"], "a wildcard only where the API has no resource");
        statements.SelectMany(Actions).Should().NotContain(a => a.EndsWith('*'));
    }

    [Fact]
    public void The_inline_code_runs_the_four_rotation_steps_with_rotate_and_fits_cloudformation()
    {
        var code = RotationCode(cases.Resources("Default"));

        code.Length.Should().BeLessThanOrEqualTo(4096, "CloudFormation's limit for inline ZipFile code");
        code.Should().Contain("'createSecret'").And.Contain("'setSecret'").And.Contain("'testSecret'").And.Contain("'finishSecret'");
        code.Should().Contain("AuthTokenUpdateStrategy: 'ROTATE'").And.Contain("ApplyImmediately: true").And.NotContain("'SET'");
        code.Should().Contain("ExcludePunctuation: true", "ElastiCache refuses some punctuation in AUTH tokens");
        code.Should().Contain("VersionStages: ['AWSPENDING']").And.Contain("VersionStage: 'AWSCURRENT', MoveToVersionId: token");
        code.Should().Contain("require('@aws-sdk/client-elasticache')").And.Contain("require('@aws-sdk/client-secrets-manager')");
    }

    [Fact]
    public void Node_accepts_the_inline_code_as_javascript()
    {
        var file = Path.Combine(Path.GetTempPath(), $"headroom-rotation-{Guid.NewGuid():N}.js");
        File.WriteAllText(file, RotationCode(cases.Resources("Default")));
        try
        {
            var info = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add("--check");
            info.ArgumentList.Add(file);
            using var node = Process.Start(info)!;
            var errors = node.StandardError.ReadToEnd();
            node.WaitForExit();

            node.ExitCode.Should().Be(0, errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Cluster_mode_shards_valkey_and_publishes_the_configuration_endpoint()
    {
        var data = cases.Resources("Cluster");
        var group = Group("Cluster");
        var parameters = cases.Single("Cluster", "AWS::ElastiCache::ParameterGroup");
        var published = Parameters(data, "/headroom/cluster/cache/");

        (group.Str("Engine"), group.Str("EngineVersion")).Should().Be(("valkey", "8.0"));
        (group.Prop("NumNodeGroups")!.Value.GetInt32(), group.Prop("ReplicasPerNodeGroup")!.Value.GetInt32()).Should().Be((3, 1));
        group.Prop("NumCacheClusters").Should().BeNull();
        group.Prop("AutomaticFailoverEnabled")!.Value.GetBoolean().Should().BeTrue();
        parameters.Str("CacheParameterGroupFamily").Should().Be("valkey8");
        parameters.Prop("Properties")!.Value.GetProperty("cluster-enabled").GetString().Should().Be("yes");
        parameters.Prop("Properties")!.Value.GetProperty("maxmemory-policy").GetString().Should().Be("allkeys-lfu");
        Attribute(published["primary-endpoint"].Prop("Value")).Should().Be("ConfigurationEndPoint.Address");
        Attribute(published["reader-endpoint"].Prop("Value")).Should().Be("ConfigurationEndPoint.Address");
        SubnetIds(cases.Single("Cluster", "AWS::ElastiCache::SubnetGroup")).Should().Equal(BlockHarness.PrivateSubnets);
        group.Prop("Port")!.Value.GetInt32().Should().Be(7000);
        Admitted(data, SecurityGroupId).Should().BeEquivalentTo("Web:7000-7000", "Worker:7000-7000");
        RotationSchedule(data.Single(r => r.Type == "AWS::SecretsManager::RotationSchedule")).Should().Be("rate(1 day)", "AuthTokenRotationDays = 1");
    }

    [Fact]
    public void A_single_node_has_no_failover_and_still_keeps_a_final_snapshot()
    {
        var group = Group("Single");

        group.Prop("NumCacheClusters")!.Value.GetInt32().Should().Be(1);
        group.Prop("MultiAZEnabled")!.Value.GetBoolean().Should().BeFalse();
        group.Prop("AutomaticFailoverEnabled")!.Value.GetBoolean().Should().BeFalse();
        Policies(group).Should().Be(("Snapshot", "Snapshot"));
    }

    [Fact]
    public void The_block_exposes_what_monitoring_and_the_preview_read()
    {
        var preview = IPreviewSection.All.Single(s => s.Title == "Cache");

        preview.Describe(cases.Environment("Cluster")).First()
            .Should().Be("valkey 8.0, cache.t4g.small x 3 shard(s) x (1 primary + 1 replica(s)), cluster mode");
        preview.Describe(cases.Environment("Default")).Should().Contain("redis 7.1, cache.t4g.small x 2 (1 primary + 1 replica(s))")
            .And.Contain(l => l.Contains("snapshots kept 7 days") && l.Contains("on delete: Snapshot"));
    }

    [Theory]
    [InlineData("redis", "6.2", "redis6.x")]
    [InlineData("redis", "7.1", "redis7")]
    [InlineData("valkey", "7.2", "valkey7")]
    [InlineData("valkey", "8.1", "valkey8")]
    [InlineData("valkey", "7.1", null)]
    [InlineData("memcached", "1.6", null)]
    public void The_parameter_group_family_follows_engine_and_version(string engine, string version, string? family)
    {
        Cache.ParameterGroupFamily(engine, version).Should().Be(family);
    }

    public static TheoryData<string, Func<IVpc, CacheProps>> Refused => new()
    {
        { "*Multi-AZ needs automatic failover*", vpc => Props(vpc, multiAz: true, failover: false) },
        { "*needs a replica*", vpc => Props(vpc, replicas: 0, multiAz: false, failover: true) },
        { "*0 to 5*", vpc => Props(vpc, replicas: 6) },
        { "*EngineVersion must be a redis version Headroom supports*", vpc => Props(vpc, version: "5.0") },
        { "*Shards*", vpc => Props(vpc, shards: 2) },
        { "*AutomaticFailover must be true in cluster mode*", vpc => Props(vpc, clusterMode: true, shards: 2, multiAz: false, failover: false) },
        { "*AuthTokenRotationDays must be from 1 to 365*", vpc => Props(vpc, rotationDays: 0) },
        { "*AuthTokenRotationDays must be from 1 to 365*", vpc => Props(vpc, rotationDays: 366) },
        { "*MaxMemoryPolicy must be one of*", vpc => Props(vpc, policy: "lru") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void The_block_refuses_props_the_service_would_refuse(string message, Func<IVpc, CacheProps> props)
    {
        BlockHarness.ShouldRefuse(message, (stack, vpc) => _ = new Cache(stack, "Cache", props(vpc)));
    }

    public static (string?, string?) Policies(TemplateResource resource) =>
        (resource.Raw.GetProperty("DeletionPolicy").GetString(), resource.Raw.GetProperty("UpdateReplacePolicy").GetString());

    private static string RotationSchedule(TemplateResource schedule) =>
        schedule.Prop("RotationRules")!.Value.GetProperty("ScheduleExpression").GetString()!;

    private static TemplateResource RotationFunction(IEnumerable<TemplateResource> data) =>
        data.Single(r => r.Type == "AWS::Lambda::Function" && r.Prop("Environment") is { } e
            && e.GetProperty("Variables").TryGetProperty(CacheTokenRotation.GroupVariable, out _));

    private static string RotationCode(IEnumerable<TemplateResource> data) =>
        RotationFunction(data).Prop("Code")!.Value.GetProperty("ZipFile").GetString()!;

    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            Build("Default", (vpc, clients) => new CacheProps
            {
                NamePrefix = "test", Vpc = vpc, ClientSecurityGroups = clients, EngineVersion = "7.1", NodeType = "cache.t4g.small",
                ParameterPrefix = "/headroom/default/cache",
            });
            Build("Cluster", (vpc, clients) => new CacheProps
            {
                NamePrefix = "test", Vpc = vpc, ClientSecurityGroups = clients, Engine = CacheEngine.Valkey, EngineVersion = "8.0", NodeType = "cache.t4g.small",
                ClusterMode = true, Shards = 3, Replicas = 1, Port = 7000, MaxMemoryPolicy = "allkeys-lfu",
                Subnets = CacheSubnets.Private, AuthTokenRotationDays = 1, ParameterPrefix = "/headroom/cluster/cache",
            });
            Build("Single", (vpc, clients) => Props(vpc, clients, replicas: 0, multiAz: false, failover: false));
            Synthesize();
        }

        private void Build(string name, Func<IVpc, IReadOnlyList<ISecurityGroup>, CacheProps> props) =>
            CaseWithClients("Cache", name, (stack, vpc, clients) => new Cache(stack, "Cache", props(vpc, clients)));
    }
}
