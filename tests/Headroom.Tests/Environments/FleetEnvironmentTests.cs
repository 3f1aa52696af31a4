using System.Text;
using Headroom.Blocks.Fleet;

namespace Headroom.Tests.Environments;

[Collection(SynthCollection.Name)]
public sealed class FleetEnvironmentTests(SynthFixture synth, WebVariants variants)
{
    /// <summary>The web fleet's group (the environments also have a worker fleet, <see cref="WorkerFleetEnvironmentTests"/>, and a checkout service).</summary>
    private static TemplateResource Group(SynthesizedEnvironment env) =>
        env.BlocksOf("Fleet").Single(b => b.Name == "web").OfType("AWS::AutoScaling::AutoScalingGroup").Should().ContainSingle().Subject;

    private static JsonElement LaunchTemplateData(SynthesizedEnvironment env) =>
        env.BlocksOf("Fleet").Single(b => b.Name == "web").OfType("AWS::EC2::LaunchTemplate").Should().ContainSingle().Subject.Prop("LaunchTemplateData")!.Value;

    /// <summary>The load balancer's default target group: the web fleet's.</summary>
    private string WebTargets(string name)
    {
        var targetGroup = synth.Environments[name].WebTier.LoadBalancer.TargetGroup;
        return (string)Amazon.CDK.Stack.Of(targetGroup).Resolve(((Amazon.CDK.AWS.ElasticLoadBalancingV2.CfnTargetGroup)targetGroup.Node.DefaultChild!).LogicalId);
    }

    private static bool IsWorker(TemplateResource r) => r.LogicalId.StartsWith("WorkerFleet", StringComparison.Ordinal) && r.Stack.StartsWith("Headroom-", StringComparison.Ordinal);

    private static string UserData(SynthesizedEnvironment env) =>
        LaunchTemplateData(env).GetProperty("UserData").GetProperty("Fn::Base64").GetString()!;

    private IEnumerable<SynthesizedEnvironment> AllEnvironments() =>
        new[] { "prod", "staging" }.Select(synth.Json).Concat(new[] { "use1", "open", "custom" }.Select(variants.App.Json));

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

        FleetShould.BeLockedDown(data);
        Imported(synth.Json(name), data.GetProperty("NetworkInterfaces")[0].GetProperty("Groups")[0])!.LogicalId
            .Should().StartWith("WebFleetSecurityGroup", "the Network stack's web group");
    }

    [Fact]
    public void Nothing_can_reach_port_22_and_no_instance_has_a_key_pair()
    {
        foreach (var env in AllEnvironments())
        {
            var rules = LoadBalancerEnvironmentTests.IngressRules(env).ToList();
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
        Ref(group.Prop("TargetGroupARNs")!.Value[0]).Should().Be(WebTargets(name));
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
        label.Should().Contain("TargetGroupFullName").And.Contain(WebTargets(name));
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
        actions[0].Prop("MinSize")!.Value.GetInt32().Should().Be(200);
        actions[0].Prop("MaxSize")!.Value.GetInt32().Should().Be(260);
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

    private static IEnumerable<JsonElement> Statements(SynthesizedEnvironment env, string roleLogicalId) =>
        env.OfType("AWS::IAM::Policy").Where(p => p.Prop("Roles")!.Value.EnumerateArray().Any(r => Ref(r) == roleLogicalId))
            .SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray());

    [Theory]
    [InlineData("prod", "m7i.xlarge", 40, 60)]
    [InlineData("staging", "t3.small", null, null)]
    public void Checkout_is_a_service_of_its_own_with_its_paths_and_in_production_its_black_friday_sizes(string name, string type, int? peakMin, int? peakMax)
    {
        var env = synth.Json(name);
        var checkout = env.BlocksOf("Fleet").Single(b => b.Name == "checkout");
        var group = checkout.OfType("AWS::AutoScaling::AutoScalingGroup").Single();
        checkout.OfType("AWS::EC2::LaunchTemplate").Single().Prop("LaunchTemplateData")!.Value.GetProperty("InstanceType").GetString().Should().Be(type);

        var rule = env.OfType("AWS::ElasticLoadBalancingV2::ListenerRule")
            .Single(r => Ref(r.Prop("Actions")!.Value[0].GetProperty("TargetGroupArn")) == Ref(group.Prop("TargetGroupARNs")!.Value[0]));
        rule.Prop("Conditions")!.Value.EnumerateArray().Single(c => c.GetProperty("Field").GetString() == "path-pattern")
            .GetProperty("PathPatternConfig").GetProperty("Values").EnumerateArray().Select(v => v.GetString()).Should().Equal("/checkout", "/checkout/*", "/api/cart/*");

        var up = env.OfType("AWS::AutoScaling::ScheduledAction").Where(a => Ref(a.Prop("AutoScalingGroupName")) == group.LogicalId && a.Str("Recurrence") == "0 6 26 11 *").ToList();
        if (peakMin is null) up.Should().BeEmpty();
        else
        {
            up.Should().ContainSingle().Which.Prop("MinSize")!.Value.GetInt32().Should().Be(peakMin);
            up[0].Prop("MaxSize")!.Value.GetInt32().Should().Be(peakMax!.Value);
        }
    }
}
