using System.Diagnostics;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using Headroom.App.Preview;
using Headroom.Blocks.Cache;
using Headroom.Tests.Support;
using static Headroom.Tests.Blocks.DataTemplates;

namespace Headroom.Tests.Blocks;

[Collection(SynthCollection.Name)]
public sealed class CacheTests(SynthFixture synth, CacheTests.Variants variants) : IClassFixture<CacheTests.Variants>
{
    // Pinned literally: a changed logical ID would make CloudFormation replace the cache.
    private const string GroupId = "CacheReplicationGroupBFE59FF3";
    private const string KeyId = "CacheKeyCDF9DE27";
    private const string TokenId = "CacheAuthToken04672416";
    private const string ParametersId = "CacheParameters9A38CCC4";
    private const string SubnetGroupId = "CacheSubnetGroup355C216D";
    private const string SecurityGroupId = "CacheSecurityGroup79A9F160";

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Stateful_resources_keep_their_pinned_logical_ids(string env)
    {
        var data = Data(env).Resources.ToDictionary(r => r.LogicalId);

        data[GroupId].Type.Should().Be("AWS::ElastiCache::ReplicationGroup");
        data[KeyId].Type.Should().Be("AWS::KMS::Key");
        data[TokenId].Type.Should().Be("AWS::SecretsManager::Secret");
        data[ParametersId].Type.Should().Be("AWS::ElastiCache::ParameterGroup");
        data[SubnetGroupId].Type.Should().Be("AWS::ElastiCache::SubnetGroup");
        data[SecurityGroupId].Type.Should().Be("AWS::EC2::SecurityGroup");
        data.Values.Should().ContainSingle(r => r.Type == "AWS::ElastiCache::ReplicationGroup");
    }

    [Theory]
    [InlineData("prod", "cache.r7g.large", 3)]
    [InlineData("staging", "cache.t4g.small", 2)]
    public void A_replication_group_of_the_configured_node_type_with_replicas_multi_az_and_failover(string env, string nodeType, int nodes)
    {
        var group = Resource(env, GroupId);

        group.Str("Engine").Should().Be("redis");
        group.Str("EngineVersion").Should().Be("7.1");
        group.Str("CacheNodeType").Should().Be(nodeType);
        group.Prop("NumCacheClusters")!.Value.GetInt32().Should().Be(nodes, "a primary and its replicas");
        group.Prop("MultiAZEnabled")!.Value.GetBoolean().Should().BeTrue();
        group.Prop("AutomaticFailoverEnabled")!.Value.GetBoolean().Should().BeTrue();
        group.Prop("NumNodeGroups").Should().BeNull("cluster mode is off");
        group.Prop("AutoMinorVersionUpgrade")!.Value.GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Production_has_at_least_one_replica()
    {
        Resource("prod", GroupId).Prop("NumCacheClusters")!.Value.GetInt32().Should().BeGreaterThanOrEqualTo(2);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Encrypted_in_transit_and_at_rest_with_an_auth_token_from_secrets_manager(string env)
    {
        var group = Resource(env, GroupId);
        var token = Resource(env, TokenId);
        var key = Resource(env, KeyId);

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

    [Theory]
    [InlineData("prod", 14)]
    [InlineData("staging", 7)]
    public void Port_snapshots_and_removal_keep_a_snapshot(string env, int days)
    {
        var group = Resource(env, GroupId);

        group.Prop("Port")!.Value.GetInt32().Should().Be(6380, "a non-default port");
        group.Prop("SnapshotRetentionLimit")!.Value.GetInt32().Should().Be(days);
        group.Str("SnapshotWindow").Should().Be("03:00-04:00");
        group.Str("PreferredMaintenanceWindow").Should().Be("sun:05:00-sun:06:00");
        group.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Snapshot");
        group.Raw.GetProperty("UpdateReplacePolicy").GetString().Should().Be("Snapshot");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_parameter_group_sets_the_eviction_policy_for_the_engine_family(string env)
    {
        var group = Resource(env, GroupId);

        Target(group.Prop("CacheParameterGroupName")).Should().Be(ParametersId);
        synth.Template(env, "Data").HasResourceProperties("AWS::ElastiCache::ParameterGroup", new Dictionary<string, object>
        {
            ["CacheParameterGroupFamily"] = "redis7",
            ["Properties"] = new Dictionary<string, object> { ["maxmemory-policy"] = "volatile-lru", ["cluster-enabled"] = "no" },
        });
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Isolated_subnets_and_only_the_fleets_admitted(string env)
    {
        var data = Data(env).Resources;
        var group = Resource(env, GroupId);

        Target(group.Prop("CacheSubnetGroupName")).Should().Be(SubnetGroupId);
        Resource(env, SubnetGroupId).Prop("SubnetIds")!.Value.EnumerateArray()
            .Should().HaveCount(synth.Environments[env].Config.AvailabilityZones.Count)
            .And.OnlyContain(s => s.GetProperty("Fn::ImportValue").GetString()!.Contains("NetworkIsolatedSubnet", StringComparison.Ordinal));
        group.Prop("SecurityGroupIds")!.Value.EnumerateArray().Select(g => Target(g)).Should().Equal(SecurityGroupId);
        data.Where(r => r.Type == "AWS::EC2::SecurityGroupIngress" && Target(r.Prop("GroupId")) == SecurityGroupId)
            .Select(r => $"{Source(r)}:{Ports(r)}").Should().BeEquivalentTo("web:6380-6380", "worker:6380-6380");
        Resource(env, SecurityGroupId).Prop("SecurityGroupIngress").Should().BeNull();
        Resource(env, SecurityGroupId).Prop("SecurityGroupEgress")!.Value.EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("Description").GetString().Should().Be("Disallow all traffic");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Endpoints_port_and_the_token_arn_are_published_to_ssm(string env)
    {
        var parameters = Data(env).Resources.Where(r => r.Type == "AWS::SSM::Parameter" && r.Str("Name")!.StartsWith($"/headroom/{env}/cache/", StringComparison.Ordinal))
            .ToDictionary(r => r.Str("Name")![$"/headroom/{env}/cache/".Length..]);

        parameters.Keys.Should().BeEquivalentTo("primary-endpoint", "reader-endpoint", "port", "auth-secret-arn");
        (Target(parameters["primary-endpoint"].Prop("Value")), Attribute(parameters["primary-endpoint"].Prop("Value"))).Should().Be((GroupId, "PrimaryEndPoint.Address"));
        (Target(parameters["reader-endpoint"].Prop("Value")), Attribute(parameters["reader-endpoint"].Prop("Value"))).Should().Be((GroupId, "ReaderEndPoint.Address"));
        parameters["port"].Str("Value").Should().Be("6380");
        Target(parameters["auth-secret-arn"].Prop("Value")).Should().Be(TokenId);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_slow_log_goes_to_a_retained_log_group_with_retention(string env)
    {
        var delivery = Resource(env, GroupId).Prop("LogDeliveryConfigurations")!.Value.EnumerateArray().Should().ContainSingle().Subject;
        var logGroup = Target(delivery.GetProperty("DestinationDetails").GetProperty("CloudWatchLogsDetails").GetProperty("LogGroup"));

        delivery.GetProperty("LogType").GetString().Should().Be("slow-log");
        Resource(env, logGroup!).Prop("RetentionInDays")!.Value.GetInt32().Should().Be(30);
        Resource(env, logGroup!).Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain", "slow-log history outlives the stack");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_auth_token_is_rotated_every_30_days_by_a_node_function_outside_the_vpc(string env)
    {
        var data = Data(env).Resources;
        var schedule = data.Should().ContainSingle(r => r.Type == "AWS::SecretsManager::RotationSchedule" && Target(r.Prop("SecretId")) == TokenId).Subject;
        var function = Resource(env, Target(schedule.Prop("RotationLambdaARN"))!);
        var invoke = data.Should().ContainSingle(r => r.Type == "AWS::Lambda::Permission" && Target(r.Prop("FunctionName")) == function.LogicalId).Subject;
        var logs = Resource(env, Target(function.Prop("LoggingConfig")!.Value.GetProperty("LogGroup"))!);

        schedule.Prop("RotationRules")!.Value.GetProperty("ScheduleExpression").GetString().Should().Be("rate(30 days)");
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

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_rotation_role_has_no_managed_policy_and_may_modify_only_this_replication_group(string env)
    {
        var data = Data(env).Resources;
        var function = RotationFunction(data);
        var role = Resource(env, Target(function.Prop("Role"))!);
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
        var code = RotationCode(Data("prod").Resources);

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
        File.WriteAllText(file, RotationCode(Data("prod").Resources));
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
        var data = Stack(variants.Cluster);
        var group = data.Single(r => r.Type == "AWS::ElastiCache::ReplicationGroup");
        var parameters = data.Single(r => r.Type == "AWS::ElastiCache::ParameterGroup");

        (group.Str("Engine"), group.Str("EngineVersion")).Should().Be(("valkey", "8.0"));
        (group.Prop("NumNodeGroups")!.Value.GetInt32(), group.Prop("ReplicasPerNodeGroup")!.Value.GetInt32()).Should().Be((3, 1));
        group.Prop("NumCacheClusters").Should().BeNull();
        group.Prop("AutomaticFailoverEnabled")!.Value.GetBoolean().Should().BeTrue();
        parameters.Str("CacheParameterGroupFamily").Should().Be("valkey8");
        parameters.Prop("Properties")!.Value.GetProperty("cluster-enabled").GetString().Should().Be("yes");
        parameters.Prop("Properties")!.Value.GetProperty("maxmemory-policy").GetString().Should().Be("allkeys-lfu");
        Attribute(data.Single(r => r.Str("Name") == "/headroom/cluster/cache/primary-endpoint").Prop("Value")).Should().Be("ConfigurationEndPoint.Address");
        Attribute(data.Single(r => r.Str("Name") == "/headroom/cluster/cache/reader-endpoint").Prop("Value")).Should().Be("ConfigurationEndPoint.Address");
        data.Single(r => r.Type == "AWS::ElastiCache::SubnetGroup").Prop("SubnetIds")!.Value.EnumerateArray()
            .Should().OnlyContain(s => s.GetProperty("Fn::ImportValue").GetString()!.Contains("NetworkPrivateSubnet", StringComparison.Ordinal));
        group.Prop("Port")!.Value.GetInt32().Should().Be(7000);
        data.Single(r => r.Type == "AWS::SecretsManager::RotationSchedule" && r.Prop("HostedRotationLambda") is null).Prop("RotationRules")!.Value
            .GetProperty("ScheduleExpression").GetString().Should().Be("rate(1 day)", "authTokenRotationDays: 1");
    }

    [Fact]
    public void A_single_node_outside_production_has_no_failover()
    {
        var group = Stack(variants.Single).Single(r => r.Type == "AWS::ElastiCache::ReplicationGroup");

        group.Prop("NumCacheClusters")!.Value.GetInt32().Should().Be(1);
        group.Prop("MultiAZEnabled")!.Value.GetBoolean().Should().BeFalse();
        group.Prop("AutomaticFailoverEnabled")!.Value.GetBoolean().Should().BeFalse();
        group.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Snapshot");
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

    [Fact]
    public void The_block_refuses_props_the_service_would_refuse()
    {
        var stack = new Stack(new Amazon.CDK.App(), "Guards");
        var vpc = Vpc.FromVpcAttributes(stack, "Vpc", new VpcAttributes
        {
            VpcId = "vpc-1",
            AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
            IsolatedSubnetIds = ["subnet-1", "subnet-2"],
        });
        CacheProps Props(int replicas = 1, bool multiAz = true, bool failover = true, string version = "7.1", int shards = 1, int rotationDays = 30) => new()
        {
            NamePrefix = "t", Vpc = vpc, ClientSecurityGroups = [], EngineVersion = version, NodeType = "cache.t4g.small",
            Replicas = replicas, MultiAz = multiAz, AutomaticFailover = failover, Shards = shards, AuthTokenRotationDays = rotationDays,
        };

        new System.Action(() => _ = new Cache(stack, "A", Props(multiAz: true, failover: false))).Should().Throw<ArgumentException>().WithMessage("*Multi-AZ needs automatic failover*");
        new System.Action(() => _ = new Cache(stack, "B", Props(replicas: 0, multiAz: false, failover: true))).Should().Throw<ArgumentException>().WithMessage("*needs a replica*");
        new System.Action(() => _ = new Cache(stack, "C", Props(replicas: 6))).Should().Throw<ArgumentException>().WithMessage("*Replicas must be from 0 to 5*");
        new System.Action(() => _ = new Cache(stack, "D", Props(version: "5.0"))).Should().Throw<ArgumentException>().WithMessage("*EngineVersion must be a redis version Headroom supports*");
        new System.Action(() => _ = new Cache(stack, "E", Props(shards: 2))).Should().Throw<ArgumentException>().WithMessage("*Shards*");
        new System.Action(() => _ = new Cache(stack, "F", Props(rotationDays: 0))).Should().Throw<ArgumentException>().WithMessage("*AuthTokenRotationDays must be from 1 to 365*");
        new System.Action(() => _ = new Cache(stack, "G", Props(rotationDays: 366))).Should().Throw<ArgumentException>().WithMessage("*AuthTokenRotationDays must be from 1 to 365*");
    }

    [Fact]
    public void The_preview_shows_the_cache_with_its_size()
    {
        var lines = IPreviewSection.All.Single(s => s.Title == "Cache").Describe(synth.Json("prod")).ToList();

        lines.Should().Contain("redis 7.1, cache.r7g.large x 3 (1 primary + 2 replica(s))");
        lines.Should().Contain(l => l.Contains("Multi-AZ") && l.Contains("automatic failover on") && l.Contains("port 6380"));
        lines.Should().Contain(l => l.Contains("TLS + AUTH token") && l.Contains("encrypted at rest (KMS)"));
        lines.Should().Contain(l => l.Contains("snapshots kept 14 days") && l.Contains("on delete: Snapshot"));
        IPreviewSection.All.Single(s => s.Title == "Cache").Describe(variants.Cluster).First()
            .Should().Be("valkey 8.0, cache.t4g.small x 3 shard(s) x (1 primary + 1 replica(s)), cluster mode");
    }

    private SynthesizedStack Data(string env) => synth.Json(env).Stacks.Single(s => s.Name == $"Headroom-{env}-Data");

    private TemplateResource Resource(string env, string logicalId) => Data(env).Resources.Single(r => r.LogicalId == logicalId);

    private static TemplateResource RotationFunction(IEnumerable<TemplateResource> data) =>
        data.Single(r => r.Type == "AWS::Lambda::Function" && r.Prop("Environment") is { } e
            && e.GetProperty("Variables").TryGetProperty(CacheTokenRotation.GroupVariable, out _));

    private static string RotationCode(IEnumerable<TemplateResource> data) =>
        RotationFunction(data).Prop("Code")!.Value.GetProperty("ZipFile").GetString()!;

    private static IEnumerable<string> Actions(JsonElement statement) => statement.GetProperty("Action") switch
    {
        { ValueKind: JsonValueKind.String } one => [one.GetString()!],
        var many => many.EnumerateArray().Select(a => a.GetString()!),
    };

    private static IReadOnlyList<TemplateResource> Stack(SynthesizedEnvironment env) =>
        env.Stacks.Single(s => s.Name.EndsWith("-Data", StringComparison.Ordinal)).Resources;

    /// <summary>Config variants, synthesized once: cluster-mode Valkey in private subnets; a single node.</summary>
    public sealed class Variants
    {
        public Variants()
        {
            var cluster = TestConfig.Parse(TestConfig.With(TestConfig.Prod, """
                cache:
                  engine: valkey
                  engineVersion: "8.0"
                  clusterMode: true
                  shards: 3
                  replicas: 1
                  port: 7000
                  maxmemoryPolicy: allkeys-lfu
                  subnets: private
                  authTokenRotationDays: 1
                """), "cluster");
            var single = TestConfig.Parse(TestConfig.With(TestConfig.Staging, "cache:\n  replicas: 0"), "single");
            var app = new SynthesizedApp([cluster, single]);
            Cluster = app.Json("cluster");
            Single = app.Json("single");
            app.Dispose();
        }

        public SynthesizedEnvironment Cluster { get; }
        public SynthesizedEnvironment Single { get; }
    }
}
