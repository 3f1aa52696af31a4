using System.Text;
using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SNS;
using Headroom.App.Preview;
using Headroom.Blocks.Fleet;
using Headroom.Tests.Support;
using static Headroom.Tests.Support.TemplateRefs;

namespace Headroom.Tests.Blocks;

[Collection(SynthCollection.Name)]
public sealed class FleetTests(SynthFixture synth, WebVariants variants, FleetTests.WorkerShape worker) : IClassFixture<FleetTests.WorkerShape>
{
    /// <summary>The web fleet's group (the environments also have a worker fleet: <see cref="WorkerFleetTests"/>).</summary>
    private static TemplateResource Group(SynthesizedEnvironment env) =>
        env.OfType("AWS::AutoScaling::AutoScalingGroup").Where(g => !IsWorker(g)).Should().ContainSingle().Subject;

    private static JsonElement LaunchTemplateData(SynthesizedEnvironment env) =>
        env.OfType("AWS::EC2::LaunchTemplate").Where(t => !IsWorker(t)).Should().ContainSingle().Subject.Prop("LaunchTemplateData")!.Value;

    private static bool IsWorker(TemplateResource r) => r.LogicalId.StartsWith("WorkerFleet", StringComparison.Ordinal) && r.Stack.StartsWith("Headroom-", StringComparison.Ordinal);

    private static string UserData(SynthesizedEnvironment env) =>
        LaunchTemplateData(env).GetProperty("UserData").GetProperty("Fn::Base64").GetString()!;

    private IEnumerable<SynthesizedEnvironment> AllEnvironments() =>
        new[] { "prod", "staging" }.Select(synth.Json).Concat(new[] { "use1", "open", "custom" }.Select(variants.App.Json)).Append(worker.Env);

    [Fact]
    public void No_launch_configuration_anywhere_only_launch_templates()
    {
        foreach (var env in AllEnvironments())
        {
            env.OfType("AWS::AutoScaling::LaunchConfiguration").Should().BeEmpty();
            foreach (var group in env.OfType("AWS::AutoScaling::AutoScalingGroup"))
            {
                var spec = group.Prop("LaunchTemplate") ?? group.Prop("MixedInstancesPolicy")!.Value.GetProperty("LaunchTemplate").GetProperty("LaunchTemplateSpecification");
                env.OfType("AWS::EC2::LaunchTemplate").Select(t => t.LogicalId).Should().Contain(Ref(spec.GetProperty("LaunchTemplateId")));
                spec.GetProperty("Version").GetProperty("Fn::GetAtt")[1].GetString().Should().Be("LatestVersionNumber",
                    "a template change makes a new version, which rolls the instances");
            }
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Instances_require_imdsv2_boot_from_encrypted_gp3_have_no_public_ip_no_key_and_detailed_monitoring(string name)
    {
        var data = LaunchTemplateData(synth.Json(name));

        data.GetProperty("MetadataOptions").GetProperty("HttpTokens").GetString().Should().Be("required");
        data.GetProperty("MetadataOptions").GetProperty("HttpPutResponseHopLimit").GetInt32().Should().Be(1);
        var root = data.GetProperty("BlockDeviceMappings").EnumerateArray().Should().ContainSingle().Subject;
        root.GetProperty("DeviceName").GetString().Should().Be("/dev/xvda");
        root.GetProperty("Ebs").GetProperty("VolumeType").GetString().Should().Be("gp3");
        root.GetProperty("Ebs").GetProperty("Encrypted").GetBoolean().Should().BeTrue();
        root.GetProperty("Ebs").GetProperty("VolumeSize").GetInt32().Should().Be(20);
        var nic = data.GetProperty("NetworkInterfaces").EnumerateArray().Should().ContainSingle().Subject;
        nic.GetProperty("AssociatePublicIpAddress").GetBoolean().Should().BeFalse();
        Imported(synth.Json(name), nic.GetProperty("Groups")[0])!.LogicalId.Should().StartWith("WebFleetSecurityGroup", "the Network stack's web group");
        data.GetProperty("Monitoring").GetProperty("Enabled").GetBoolean().Should().BeTrue();
        data.TryGetProperty("KeyName", out _).Should().BeFalse();
        data.TryGetProperty("IamInstanceProfile", out _).Should().BeTrue();
    }

    [Fact]
    public void Nothing_can_reach_port_22_and_no_instance_has_a_key_pair()
    {
        foreach (var env in AllEnvironments())
        {
            var rules = LoadBalancerTests.IngressRules(env).ToList();
            rules.Where(r => Covers(r, 22)).Should().BeEmpty("no SSH: Session Manager instead");
            env.OfType("AWS::EC2::LaunchTemplate").Where(t => t.Prop("LaunchTemplateData")!.Value.TryGetProperty("KeyName", out _)).Should().BeEmpty();
            env.OfType("AWS::EC2::KeyPair").Should().BeEmpty();
        }

        // A port read from Fn::GetAtt is a database's Endpoint.Port (RDS Proxy's rule to the primary), 1150
        // or above by config; DatabaseTests checks that rule.
        static bool Covers(JsonElement rule, int port) =>
            rule.GetProperty("IpProtocol").GetString() == "-1"
            || (rule.TryGetProperty("FromPort", out var from) && rule.TryGetProperty("ToPort", out var to)
                && from.ValueKind == JsonValueKind.Number && from.GetInt32() <= port && to.GetInt32() >= port);
    }

    [Theory]
    [InlineData("prod", new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" })]
    [InlineData("staging", new[] { "eu-west-1a", "eu-west-1b" })]
    public void The_group_spans_the_private_subnet_of_every_configured_zone(string name, string[] zones)
    {
        var env = synth.Json(name);
        var subnets = Group(env).Prop("VPCZoneIdentifier")!.Value.EnumerateArray().Select(s => Imported(env, s)!).ToList();

        subnets.Should().HaveCount(zones.Length);
        subnets.Select(s => s.Str("AvailabilityZone")).Should().BeEquivalentTo(zones);
        subnets.Should().OnlyContain(s => s.LogicalId.StartsWith("NetworkPrivateSubnet", StringComparison.Ordinal));
        subnets.Should().OnlyContain(s => s.Prop("MapPublicIpOnLaunch")!.Value.GetBoolean() == false);
    }

    [Theory]
    [InlineData("prod", "3", "3", "30")]
    [InlineData("staging", "2", null, "4")]
    public void Capacity_follows_the_environment_and_production_keeps_one_instance_per_zone(string name, string min, string? desired, string max)
    {
        var group = Group(synth.Json(name));

        group.Str("MinSize").Should().Be(min);
        group.Str("DesiredCapacity").Should().Be(desired);
        group.Str("MaxSize").Should().Be(max);
        if (synth.Environments[name].Config.Production)
            int.Parse(group.Str("MinSize")!).Should().BeGreaterThanOrEqualTo(synth.Environments[name].Config.AvailabilityZones.Count);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_group_uses_load_balancer_health_checks_with_a_grace_period_and_a_default_warm_up(string name)
    {
        var env = synth.Json(name);
        var group = Group(env);

        group.Str("HealthCheckType").Should().Be("ELB");
        group.Prop("HealthCheckGracePeriod")!.Value.GetInt32().Should().Be(300);
        group.Prop("DefaultInstanceWarmup")!.Value.GetInt32().Should().Be(120);
        Ref(group.Prop("TargetGroupARNs")!.Value[0]).Should().Be(env.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Single().LogicalId);
        group.Prop("MetricsCollection")!.Value[0].GetProperty("Granularity").GetString().Should().Be("1Minute");
    }

    [Theory]
    [InlineData("prod", 1200, 50)]
    [InlineData("staging", 1000, 50)]
    public void The_fleet_scales_out_on_requests_per_target_and_on_cpu(string name, int requests, int cpu)
    {
        var env = synth.Json(name);
        var group = Group(env);
        var policies = env.OfType("AWS::AutoScaling::ScalingPolicy").Where(p => Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId)
            .ToDictionary(p => p.Prop("TargetTrackingConfiguration")!.Value.GetProperty("PredefinedMetricSpecification").GetProperty("PredefinedMetricType").GetString()!,
                p => p.Prop("TargetTrackingConfiguration")!.Value);

        env.OfType("AWS::AutoScaling::ScalingPolicy").Where(p => Ref(p.Prop("AutoScalingGroupName")) == group.LogicalId)
            .Should().OnlyContain(p => p.Str("PolicyType") == "TargetTrackingScaling");
        policies.Keys.Should().BeEquivalentTo(["ALBRequestCountPerTarget", "ASGAverageCPUUtilization"]);
        policies["ALBRequestCountPerTarget"].GetProperty("TargetValue").GetDouble().Should().Be(requests);
        policies["ASGAverageCPUUtilization"].GetProperty("TargetValue").GetDouble().Should().Be(cpu);
        // The request count is the web target group's, behind the web load balancer.
        var label = policies["ALBRequestCountPerTarget"].GetProperty("PredefinedMetricSpecification").GetProperty("ResourceLabel").ToString();
        label.Should().Contain("TargetGroupFullName").And.Contain(env.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Single().LogicalId);
    }

    [Theory]
    [InlineData("prod", 3, 1, "PT15M", true)]
    [InlineData("staging", 2, 1, "PT5M", false)]
    public void A_launch_template_change_rolls_through_the_group_in_batches_keeping_90_percent_in_service(
        string name, int minInService, int batch, string pause, bool signals)
    {
        var group = Group(synth.Json(name));
        var update = group.Raw.GetProperty("UpdatePolicy");
        var rolling = update.GetProperty("AutoScalingRollingUpdate");

        rolling.GetProperty("MinInstancesInService").GetInt32().Should().Be(minInService);
        rolling.GetProperty("MaxBatchSize").GetInt32().Should().Be(batch);
        rolling.GetProperty("PauseTime").GetString().Should().Be(pause);
        (rolling.TryGetProperty("WaitOnResourceSignals", out var wait) && wait.GetBoolean()).Should().Be(signals);
        rolling.GetProperty("SuspendProcesses").EnumerateArray().Select(p => p.GetString())
            .Should().Contain(["HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification", "ScheduledActions"]);
        // A deploy that does not change the sizes leaves a scaled-out group alone.
        update.GetProperty("AutoScalingScheduledAction").GetProperty("IgnoreUnmodifiedGroupSizeProperties").GetBoolean().Should().BeTrue();
        update.TryGetProperty("AutoScalingReplacingUpdate", out _).Should().BeFalse();
        if (signals)
        {
            var signal = group.Raw.GetProperty("CreationPolicy").GetProperty("ResourceSignal");
            signal.GetProperty("Count").GetInt32().Should().Be(3);
            signal.GetProperty("Timeout").GetString().Should().Be(pause);
        }
    }

    [Theory]
    [InlineData("Headroom-prod-App")]
    [InlineData("Headroom-staging-App")]
    public void The_web_tier_synthesizes_without_warnings(string stack)
    {
        // desiredCapacity's "resets on every deploy" warning is acknowledged: IgnoreUnmodifiedGroupSizeProperties covers it.
        synth.Assembly.GetStackByName(stack).Messages.Select(m => $"{m.Level}: {m.Entry.Data}").Should().BeEmpty();
    }

    [Fact]
    public void The_default_user_data_serves_the_health_path_and_signals_the_group_it_belongs_to()
    {
        var prod = UserData(synth.Json("prod"));
        var staging = UserData(synth.Json("staging"));

        foreach (var script in new[] { prod, staging })
        {
            script.Should().StartWith("#!/bin/bash");
            script.Should().NotContain("@@", "every variable is filled in");
            script.Should().Contain("port='80'").And.Contain("health_path='/healthz'").And.Contain("systemctl enable --now headroom-placeholder.service");
        }
        prod.Should().Contain("if [ 'true' = 'true' ]").And.Contain("--stack 'Headroom-prod-App' --resource 'WebFleetGroup' --region 'eu-west-1'");
        Group(synth.Json("prod")).LogicalId.Should().Be("WebFleetGroup", "cfn-signal names the group by this logical ID");
        staging.Should().Contain("if [ 'false' = 'true' ]");
        Encoding.UTF8.GetByteCount(prod).Should().BeLessThan(16 * 1024);
    }

    [Fact]
    public void A_user_data_file_from_config_is_used_with_its_variables_filled_in()
    {
        UserData(variants.App.Json("custom")).Should().Be(
            "#!/bin/bash\necho port=8080 health=/status settings=/headroom/custom group=WebFleetGroup\n");
    }

    [Fact]
    public void The_image_is_the_latest_amazon_linux_2023_for_the_architecture_or_the_configured_one_resolved_at_deploy_time()
    {
        ImageParameter(synth.Json("prod")).Should().Be("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64");
        ImageParameter(variants.App.Json("use1")).Should().Be("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64", "c7g is Graviton");
        ImageParameter(variants.App.Json("custom")).Should().Be("/shop/ami/web");
        LaunchTemplateData(variants.App.Json("open")).GetProperty("ImageId").GetString().Should().Be("ami-0123456789abcdef0");

        static string ImageParameter(SynthesizedEnvironment env)
        {
            var app = env.Stacks.Single(s => s.Name.EndsWith("-App", StringComparison.Ordinal));
            var parameter = Ref(LaunchTemplateData(env).GetProperty("ImageId"))!;
            var declared = app.Template.GetProperty("Parameters").GetProperty(parameter);
            declared.GetProperty("Type").GetString().Should().Be("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>");
            return declared.GetProperty("Default").GetString()!;
        }
    }

    [Fact]
    public void Production_raises_capacity_on_schedule_before_black_friday_and_lowers_it_after()
    {
        var env = synth.Json("prod");
        var actions = env.OfType("AWS::AutoScaling::ScheduledAction").Where(a => Ref(a.Prop("AutoScalingGroupName")) == "WebFleetGroup")
            .OrderBy(a => a.Str("EndTime")).ToList();

        actions.Should().HaveCount(2);
        actions[0].Str("Recurrence").Should().Be("0 6 26 11 *");
        actions[0].Str("TimeZone").Should().Be("Europe/Dublin");
        actions[0].Prop("MinSize")!.Value.GetInt32().Should().Be(12);
        actions[0].Prop("MaxSize")!.Value.GetInt32().Should().Be(60);
        actions[0].Str("EndTime").Should().StartWith("2027-11-27T00:00:00");
        actions[1].Str("Recurrence").Should().Be("0 6 30 11 *");
        actions[1].Prop("MinSize")!.Value.GetInt32().Should().Be(3);
        actions[1].Prop("MaxSize")!.Value.GetInt32().Should().Be(30);
    }

    [Fact]
    public void A_warm_pool_keeps_stopped_instances_ready()
    {
        var pool = variants.App.Json("use1").OfType("AWS::AutoScaling::WarmPool").Should().ContainSingle().Subject;

        Ref(pool.Prop("AutoScalingGroupName")).Should().Be("WebFleetGroup");
        pool.Str("PoolState").Should().Be("Stopped");
        pool.Prop("MaxGroupPreparedCapacity")!.Value.GetInt32().Should().Be(9);
        pool.Prop("InstanceReusePolicy")!.Value.GetProperty("ReuseOnScaleIn").GetBoolean().Should().BeTrue();
        // Production waits for cfn-signal on rollouts, which a warm pool would fool (config rejects the pair).
        synth.Json("prod").OfType("AWS::AutoScaling::WarmPool").Should().BeEmpty();
        synth.Json("staging").OfType("AWS::AutoScaling::WarmPool").Should().BeEmpty();
    }

    [Fact]
    public void Staging_runs_an_on_demand_base_and_spot_above_it_over_several_instance_types()
    {
        var group = Group(synth.Json("staging"));
        var mixed = group.Prop("MixedInstancesPolicy")!.Value;
        var distribution = mixed.GetProperty("InstancesDistribution");

        group.Prop("LaunchTemplate").Should().BeNull();
        mixed.GetProperty("LaunchTemplate").GetProperty("Overrides").EnumerateArray().Select(o => o.GetProperty("InstanceType").GetString())
            .Should().Equal("t3.small", "t3a.small", "t3.medium", "t3a.medium");
        distribution.GetProperty("OnDemandBaseCapacity").GetInt32().Should().Be(1);
        distribution.GetProperty("OnDemandPercentageAboveBaseCapacity").GetInt32().Should().Be(0);
        distribution.GetProperty("SpotAllocationStrategy").GetString().Should().Be("price-capacity-optimized");
        group.Prop("CapacityRebalance")!.Value.GetBoolean().Should().BeTrue();
        Group(synth.Json("prod")).Prop("MixedInstancesPolicy").Should().BeNull();
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_instance_role_may_open_sessions_and_read_only_its_own_parameters(string name)
    {
        var env = synth.Json(name);
        var role = env.OfType("AWS::IAM::Role").Single(r => r.LogicalId.StartsWith("WebFleetInstanceRole", StringComparison.Ordinal));
        var statements = Statements(env, role.LogicalId).ToList();
        var account = synth.Environments[name].Config.Account;

        role.Prop("ManagedPolicyArns").Should().BeNull("AmazonSSMManagedInstanceCore would allow ssm:GetParameter on every parameter");
        var read = statements.Single(s => Actions(s).Contains("ssm:GetParameter"));
        Resources(read).Should().BeEquivalentTo([$"arn:aws:ssm:eu-west-1:{account}:parameter/headroom/{name}", $"arn:aws:ssm:eu-west-1:{account}:parameter/headroom/{name}/*"]);
        Actions(read).Should().BeEquivalentTo(["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]);
        foreach (var statement in statements)
        {
            statement.GetProperty("Effect").GetString().Should().Be("Allow");
            if (Resources(statement).Contains("*"))
                Actions(statement).Should().OnlyContain(a => a.StartsWith("ssmmessages:", StringComparison.Ordinal), "only Session Manager's channel actions take no resource");
            Actions(statement).Should().OnlyContain(a => !a.EndsWith(":*", StringComparison.Ordinal) && a != "*");
        }
        // Exactly the database credentials and the cache AUTH token (exported by the Data stack), and
        // their keys only through Secrets Manager.
        var secrets = statements.Where(s => Actions(s).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))).ToList();
        secrets.SelectMany(Actions).Distinct().Should().BeEquivalentTo(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
        secrets.SelectMany(Resources).Should().HaveCount(2).And.Satisfy(
            r => r.Contains("DatabaseSecretAttachmentE5D1B020", StringComparison.Ordinal),
            r => r.Contains("CacheAuthToken04672416", StringComparison.Ordinal));
        var decrypt = statements.Where(s => Actions(s).Contains("kms:Decrypt")).ToList();
        decrypt.SelectMany(Resources).Should().HaveCount(2, "the database's key and the cache's key");
        decrypt.Should().OnlyContain(s => s.GetProperty("Condition").ToString().Contains("secretsmanager.eu-west-1.amazonaws.com", StringComparison.Ordinal));
        Actions(statements.Single(s => Actions(s).Contains("ssm:UpdateInstanceInformation"))).Should().Equal("ssm:UpdateInstanceInformation");
        Resources(statements.Single(s => Actions(s).Contains("ssm:UpdateInstanceInformation"))).Should().Equal($"arn:aws:ec2:eu-west-1:{account}:instance/*");
    }

    [Fact]
    public void The_load_balancer_is_admitted_to_the_web_group_by_a_rule_in_the_app_stack()
    {
        var env = synth.Json("prod");
        var rule = env.OfType("AWS::EC2::SecurityGroupIngress").Single(i => i.LogicalId == "WebFleetFromLoadBalancer");

        rule.Stack.Should().Be("Headroom-prod-App");
        Imported(env, rule.Prop("GroupId")!.Value)!.LogicalId.Should().StartWith("WebFleetSecurityGroup");
        GetAtt(rule.Prop("SourceSecurityGroupId")).Should().StartWith("WebLoadBalancerSecurityGroup");
        rule.Prop("FromPort")!.Value.GetInt32().Should().Be(80);
        rule.Prop("ToPort")!.Value.GetInt32().Should().Be(80);
        // Neither the Network nor the Data stack refers to the App stack.
        foreach (var stack in env.Stacks.Where(s => !s.Name.EndsWith("-App", StringComparison.Ordinal)))
            stack.Template.ToString().Should().NotContain("Headroom-prod-App");
        synth.Assembly.GetStackByName("Headroom-prod-Network").Dependencies.Select(d => d.Id).Should().NotContain("Headroom-prod-App");
    }

    [Fact]
    public void As_a_worker_fleet_the_block_needs_no_load_balancer_and_takes_notifications_secrets_and_extra_policies()
    {
        var env = worker.Env;
        var group = Group(env);

        group.Str("HealthCheckType").Should().Be("EC2");
        group.Prop("TargetGroupARNs").Should().BeNull();
        group.Prop("NotificationConfigurations")!.Value[0].GetProperty("NotificationTypes").EnumerateArray().Select(t => t.GetString())
            .Should().Contain(["autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR"]);
        Ref(group.Prop("NotificationConfigurations")!.Value[0].GetProperty("TopicARN")).Should().StartWith("Ops");
        var tracking = env.OfType("AWS::AutoScaling::ScalingPolicy").Should().ContainSingle().Subject.Prop("TargetTrackingConfiguration")!.Value;
        tracking.GetProperty("CustomizedMetricSpecification").GetProperty("MetricName").GetString().Should().Be("BacklogPerInstance");
        env.OfType("AWS::EC2::SecurityGroup").Should().ContainSingle().Which.Prop("SecurityGroupIngress").Should().BeNull();

        var statements = Statements(env, env.OfType("AWS::IAM::Role").Single().LogicalId).ToList();
        var secrets = statements.Single(s => Actions(s).Contains("secretsmanager:GetSecretValue"));
        Resources(secrets).Should().ContainSingle().Which.Should().Contain("JobsSecret");
        statements.Should().Contain(s => Actions(s).Contains("sqs:ReceiveMessage"));
        statements.Where(s => Resources(s).Contains("*")).SelectMany(Actions).Should().OnlyContain(a => a.StartsWith("ssmmessages:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5, 3, null, "MinCapacity")]
    [InlineData(1, 3, 4, "DesiredCapacity")]
    public void The_block_rejects_impossible_capacity(int min, int max, int? desired, string message)
    {
        var (stack, vpc) = WorkerShape.Probe();
        var build = () => new Fleet(stack, "Fleet", new FleetProps
        {
            Vpc = vpc, InstanceType = "t3.micro", UserData = "#!/bin/bash\n", MinCapacity = min, MaxCapacity = max, DesiredCapacity = desired, ParameterPath = "/headroom/x",
        });

        build.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void The_block_rejects_unknown_user_data_variables_and_a_warm_pool_with_spot()
    {
        var (stack, vpc) = WorkerShape.Probe();
        FleetProps Props(string userData) => new()
        {
            Vpc = vpc, InstanceType = "t3.micro", UserData = userData, MinCapacity = 1, MaxCapacity = 2, ParameterPath = "/headroom/x",
        };

        var unknown = () => new Fleet(stack, "A", Props("echo @@NOPE@@"));
        unknown.Should().Throw<ArgumentException>().WithMessage("*@@NOPE@@*");
        var both = () => new Fleet(stack, "B", Props("#!/bin/bash") with
        {
            WarmPool = new WarmPoolSettings(),
            MixedInstances = new MixedInstancesSettings { InstanceTypes = ["t3a.micro"] },
        });
        both.Should().Throw<ArgumentException>().WithMessage("*WarmPool cannot be combined with mixedInstances*");
    }

    [Theory]
    [InlineData("t4g.small", true)]
    [InlineData("c7g.large", true)]
    [InlineData("m7gd.xlarge", true)]
    [InlineData("c6gn.medium", true)]
    [InlineData("im4gn.large", true)]
    [InlineData("t3.medium", false)]
    [InlineData("m7i.large", false)]
    [InlineData("c7i-flex.large", false)]
    [InlineData("g5.xlarge", false)]
    public void Graviton_instance_types_are_recognised(string type, bool arm) => Fleet.IsArm(type).Should().Be(arm);

    private static IEnumerable<JsonElement> Statements(SynthesizedEnvironment env, string roleLogicalId) =>
        env.OfType("AWS::IAM::Policy").Where(p => p.Prop("Roles")!.Value.EnumerateArray().Any(r => Ref(r) == roleLogicalId))
            .SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray());

    private static List<string> Actions(JsonElement statement) => Strings(statement.GetProperty("Action"));

    private static List<string> Resources(JsonElement statement) =>
        statement.GetProperty("Resource") is var r && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.ToString()).ToList()
            : [r.ValueKind == JsonValueKind.String ? r.GetString()! : r.ToString()];

    private static List<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!).ToList() : [value.GetString()!];

    /// <summary>
    /// The block on its own, shaped like the worker fleet of issue 5: no load balancer, its own security
    /// group, a notification topic, a secret to read, an extra permission and a custom scaling metric.
    /// </summary>
    public sealed class WorkerShape : IDisposable
    {
        private readonly string _outdir = Directory.CreateTempSubdirectory("headroom-worker-").FullName;

        public WorkerShape()
        {
            var app = new Amazon.CDK.App(new AppProps { Outdir = _outdir, Context = Headroom.App.Stacks.HeadroomApp.FeatureFlags.ToDictionary(kv => kv.Key, kv => kv.Value) });
            var stack = new Stack(app, "Worker", new StackProps { Env = new Amazon.CDK.Environment { Account = "111111111111", Region = "eu-west-1" } });
            var vpc = ProbeVpc(stack);
            var topic = new Topic(stack, "Ops");
            var secret = new Secret(stack, "JobsSecret");
            var fleet = new Fleet(stack, "WorkerFleet", new FleetProps
            {
                Vpc = vpc,
                InstanceType = "t3.small",
                UserData = "#!/bin/bash\necho @@REGION@@\n",
                MinCapacity = 0,
                MaxCapacity = 5,
                ParameterPath = "/headroom/test",
                Notifications = topic,
                ReadableSecrets = [secret],
            });
            fleet.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                Resources = ["arn:aws:sqs:eu-west-1:111111111111:jobs"],
            }));
            fleet.ScaleToTrackMetric("Backlog", new Metric(new MetricProps { Namespace = "Headroom", MetricName = "BacklogPerInstance" }), 10);
            var assembly = app.Synth();
            Env = new SynthesizedEnvironment(Headroom.Tests.Support.TestConfig.Parse(Headroom.Tests.Support.TestConfig.Staging),
                [new SynthesizedStack("Worker", assembly.GetStackByName("Worker").TemplateFullPath)]);
        }

        public SynthesizedEnvironment Env { get; }

        /// <summary>A throwaway stack and VPC for constructor checks that never synthesize.</summary>
        public static (Stack, IVpc) Probe()
        {
            var stack = new Stack(new Amazon.CDK.App(), "Probe", new StackProps { Env = new Amazon.CDK.Environment { Account = "111111111111", Region = "eu-west-1" } });
            return (stack, ProbeVpc(stack));
        }

        private static IVpc ProbeVpc(Stack stack) => Vpc.FromVpcAttributes(stack, "Vpc", new VpcAttributes
        {
            VpcId = "vpc-0123456789abcdef0",
            AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
            PrivateSubnetIds = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"],
        });

        public void Dispose()
        {
            try { Directory.Delete(_outdir, recursive: true); } catch (IOException) { }
        }
    }
}
