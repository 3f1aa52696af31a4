using System.Text.Json;
using Headroom.App.Checks.Rules;
using Headroom.App.Diff;
using Headroom.App.Preview;
using Headroom.Tests.Support;

namespace Headroom.Tests.Services;

/// <summary>
/// One test environment, synthesized once without and once with two services that only this file names ("search"
/// with the web tier's port and defaults; "cart" with its own port, health check, host header, scaling and queue).
/// Everything below finds them through the blocks, the config and the templates: the production code has no name for them.
/// </summary>
public sealed class ServicesFixture : IDisposable
{
    public const string Environment = "svc";
    public const string Name = "search";
    public const string Other = "cart";
    public const string Section = """
        services:
          - name: search
            pathPatterns: ["/search/*"]
            priority: 20
            workloadShare: 0.2
            fleet:
              instanceType: t3.small
              minCapacity: 1
              maxCapacity: 2
          - name: cart
            pathPatterns: ["/cart/*", "/api/cart/*"]
            hostHeaders: [shop.example.com]
            priority: 30
            workloadShare: 0.1
            instancePort: 8080
            healthCheck:
              path: /cart/healthz
            scaling:
              requestsPerTarget: 600
              cpuPercent: 40
            queues: [emails]
            edgeCache: origin
            fleet:
              instanceType: t3.small
              minCapacity: 1
              maxCapacity: 3
        """;

    public ServicesFixture()
    {
        Without = new SynthesizedApp([TestConfig.Parse(TestConfig.Staging, Environment)]);
        With = new SynthesizedApp([TestConfig.Parse(TestConfig.With(TestConfig.Staging, Section), Environment)]);
    }

    public SynthesizedApp Without { get; }
    public SynthesizedApp With { get; }

    public SynthesizedEnvironment WithJson => With.Json(Environment);
    public SynthesizedEnvironment WithoutJson => Without.Json(Environment);

    public void Dispose()
    {
        Without.Dispose();
        With.Dispose();
    }
}

public sealed class ServicesTests(ServicesFixture services) : IClassFixture<ServicesFixture>
{
    private SynthesizedEnvironment Env => services.WithJson;
    private IReadOnlyList<TemplateResource> App => Env.Stacks.Single(s => s.Name.EndsWith("-App", StringComparison.Ordinal)).Resources;

    private TemplateResource ServiceGroup() =>
        Env.BlocksOf("Fleet").Single(b => b.Name == ServicesFixture.Name).OfType("AWS::AutoScaling::AutoScalingGroup").Single();

    /// <summary>The target group the service's instances register with, found through its fleet block.</summary>
    private TemplateResource ServiceTargets()
    {
        var id = TemplateJson.Ref(ServiceGroup().Prop("TargetGroupARNs")!.Value[0]);
        return App.Single(r => r.LogicalId == id);
    }

    [Fact]
    public void The_service_is_a_fleet_block_after_web_with_the_fleet_settings_it_was_given()
    {
        Env.Blocks.Select(b => $"{b.Kind}:{b.Name}").Should().ContainInOrder("LoadBalancer:web", "Fleet:web", $"Fleet:{ServicesFixture.Name}", $"Fleet:{ServicesFixture.Other}", "Fleet:worker");
        services.With.Environments[ServicesFixture.Environment].WebTier.Fleets.Select(f => f.Name).Should().Equal("web", ServicesFixture.Name, ServicesFixture.Other);

        var group = ServiceGroup();
        group.Str("MinSize").Should().Be("1");
        group.Str("MaxSize").Should().Be("2");
        var launchTemplate = Env.BlocksOf("Fleet").Single(b => b.Name == ServicesFixture.Name).OfType("AWS::EC2::LaunchTemplate").Single();
        launchTemplate.Prop("LaunchTemplateData")!.Value.GetProperty("InstanceType").GetString().Should().Be("t3.small");
    }

    [Fact]
    public void The_preview_has_a_fleet_section_for_the_service_and_a_rule_and_targets_for_it_in_the_web_tier()
    {
        var fleets = IPreviewSection.All.Single(s => s.Title == "Fleets").Describe(Env).ToList();
        var web = IPreviewSection.All.Single(s => s.Title == "Web tier").Describe(Env).ToList();

        fleets.Should().Contain($"{ServicesFixture.Name}: min 1, desired (min at launch), max 2, in 2 private subnets")
            .And.Contain(l => l.StartsWith("web: ", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("worker: ", StringComparison.Ordinal));
        var start = fleets.IndexOf($"{ServicesFixture.Name}: min 1, desired (min at launch), max 2, in 2 private subnets");
        fleets.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Should()
            .Contain("  instances: t3.small").And.Contain("  scale on ALBRequestCountPerTarget: target 1000").And.Contain("  scale on ASGAverageCPUUtilization: target 50");
        web.Should().Contain($"    rule 20: forwards to {ServicesFixture.Name} if path /search/* and X-Origin-Verify = origin-verify secret")
            .And.Contain("    rule 50000: forwards to web if X-Origin-Verify = origin-verify secret")
            .And.Contain(l => l.StartsWith($"  targets of {ServicesFixture.Name}: HTTP:80", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("  targets of web: HTTP:80", StringComparison.Ordinal));
        // Without the service the web tier reads as before: one rule at 10, one target group.
        IPreviewSection.All.Single(s => s.Title == "Web tier").Describe(services.WithoutJson).Should()
            .Contain("    rule 10: forwards to web if X-Origin-Verify = origin-verify secret")
            .And.ContainSingle(l => l.StartsWith("  targets of ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_load_balancer_has_two_target_groups_and_a_path_rule_that_still_needs_the_origin_verify_header()
    {
        var lb = Env.BlocksOf("LoadBalancer").Single();
        lb.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Should().HaveCount(3);
        var block = services.With.Environments[ServicesFixture.Environment].WebTier.LoadBalancer;
        block.TargetGroups.Should().HaveCount(3);
        block.TargetGroups[0].Should().BeSameAs(block.TargetGroup, "the default target group comes first");

        var targets = ServiceTargets();
        targets.Type.Should().Be("AWS::ElasticLoadBalancingV2::TargetGroup");
        var rules = lb.OfType("AWS::ElasticLoadBalancingV2::ListenerRule").ToList();
        rules.Should().HaveCount(3);
        var rule = rules.Single(r => r.Prop("Priority")!.Value.GetInt32() == 20);
        var conditions = rule.Prop("Conditions")!.Value.EnumerateArray().ToDictionary(c => c.GetProperty("Field").GetString()!);
        conditions.Keys.Should().BeEquivalentTo("path-pattern", "http-header");
        conditions["path-pattern"].GetProperty("PathPatternConfig").GetProperty("Values").EnumerateArray().Select(v => v.GetString()).Should().Equal("/search/*");
        var header = conditions["http-header"].GetProperty("HttpHeaderConfig");
        header.GetProperty("HttpHeaderName").GetString().Should().Be("X-Origin-Verify");
        header.GetProperty("Values")[0].ToString().Should().Contain("resolve:secretsmanager", "the secret is compared by reference, never written out");
        TemplateJson.Ref(rule.Prop("Actions")!.Value[0].GetProperty("TargetGroupArn")).Should().Be(targets.LogicalId);

        // The verified-request rule forwards the rest to web, after every path rule.
        var verified = rules.Single(r => r.Prop("Priority")!.Value.GetInt32() == 50000);
        verified.Prop("Priority")!.Value.GetInt32().Should().Be(50000);
        verified.Prop("Conditions")!.Value.EnumerateArray().Select(c => c.GetProperty("Field").GetString()).Should().Equal("http-header");
        // A request without the header matches no rule and gets the listener's 403.
        var listener = lb.OfType("AWS::ElasticLoadBalancingV2::Listener").Single(l => TemplateJson.Ref(rule.Prop("ListenerArn")) == l.LogicalId);
        listener.Prop("DefaultActions")!.Value[0].GetProperty("FixedResponseConfig").GetProperty("StatusCode").GetString().Should().Be("403");
    }

    [Fact]
    public void The_service_fleet_registers_with_its_own_target_group_and_scales_on_its_requests_per_target()
    {
        var group = ServiceGroup();
        var targets = ServiceTargets();
        var webTargets = Env.BlocksOf("Fleet").Single(b => b.Name == "web").OfType("AWS::AutoScaling::AutoScalingGroup").Single().Prop("TargetGroupARNs")!.Value;
        TemplateJson.Ref(webTargets[0]).Should().NotBe(targets.LogicalId);
        group.Str("HealthCheckType").Should().Be("ELB");

        var requests = Env.BlocksOf("Fleet").Single(b => b.Name == ServicesFixture.Name).OfType("AWS::AutoScaling::ScalingPolicy")
            .Select(p => p.Prop("TargetTrackingConfiguration")).OfType<JsonElement>()
            .Single(t => t.GetProperty("PredefinedMetricSpecification").GetProperty("PredefinedMetricType").GetString() == "ALBRequestCountPerTarget");
        requests.GetProperty("PredefinedMetricSpecification").GetProperty("ResourceLabel").ToString().Should().Contain(targets.LogicalId);
    }

    [Fact]
    public void Monitoring_watches_the_service_fleet_and_its_target_group_and_keeps_the_web_alarms_as_they_were()
    {
        var alarms = App.Where(r => r.Type == "AWS::CloudWatch::Alarm").ToList();
        var names = alarms.Select(a => a.Str("AlarmName")).ToList();
        var prefix = $"headroom-{ServicesFixture.Environment}-";
        names.Should().Contain([
            $"{prefix}fleet-in-service-below-min-{ServicesFixture.Name}", $"{prefix}fleet-at-max-{ServicesFixture.Name}",
            $"{prefix}alb-unhealthy-hosts-{ServicesFixture.Name}", $"{prefix}alb-target-5xx-rate-{ServicesFixture.Name}",
            $"{prefix}alb-target-response-time-{ServicesFixture.Name}"]);

        // Its unhealthy-hosts alarm reads its own target group, not the web fleet's.
        var unhealthy = alarms.Single(a => a.Str("AlarmName") == $"{prefix}alb-unhealthy-hosts-{ServicesFixture.Name}");
        var targetGroup = unhealthy.Prop("Metrics")!.Value[0].GetProperty("MetricStat").GetProperty("Metric").GetProperty("Dimensions").EnumerateArray()
            .Single(d => d.GetProperty("Name").GetString() == "TargetGroup");
        targetGroup.GetProperty("Value").ToString().Should().Contain(ServiceTargets().LogicalId);

        // Every web alarm keeps its logical ID; the service adds alarms, and drops none.
        var before = services.WithoutJson.OfType("AWS::CloudWatch::Alarm").Select(a => (a.Stack, a.LogicalId)).ToList();
        var after = Env.OfType("AWS::CloudWatch::Alarm").Select(a => (a.Stack, a.LogicalId)).ToList();
        after.Should().Contain(before).And.HaveCount(before.Count + 10);
        // The monitoring contract holds for every resource, the service's included.
        new AlarmCoverage(Env.Stacks, Repo.Root).Findings().Should().BeEmpty();
    }

    [Fact]
    public void The_diff_between_the_environment_without_and_with_the_service_adds_its_fleet_and_routing()
    {
        var work = Directory.CreateTempSubdirectory("headroom-services-diff-").FullName;
        try
        {
            var sides = services.WithoutJson.Stacks.Select(before => new DiffReport.StackSides(before.Name,
                new AssemblyStack(before.Name, before.TemplatePath, null),
                new AssemblyStack(before.Name, Env.Stacks.Single(s => s.Name == before.Name).TemplatePath, null))).ToList();

            var result = DiffEngine.Run(sides, Repo.Root, work);

            var app = result.Stacks[sides.Single(s => s.Name.EndsWith("-App", StringComparison.Ordinal)).Name];
            var added = app.Resources.Where(r => r.Impact == Impact.Create).ToList();
            added.Select(r => r.Type).Should().Contain(["AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::LaunchTemplate", "AWS::IAM::Role",
                "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::AutoScaling::ScalingPolicy", "AWS::CloudWatch::Alarm"]);
            added.Select(r => r.LogicalId).Should().Contain([ServiceGroup().LogicalId, ServiceTargets().LogicalId]);
            // Nothing is replaced or removed: adding a service only adds, and moves the verified-request rule's priority.
            app.Resources.Where(r => r.Impact != Impact.Create).Should().OnlyContain(r => r.Impact == Impact.Update)
                .And.Contain(r => r.Type == "AWS::ElasticLoadBalancingV2::ListenerRule" && r.Changes.Any(c => c.Name == "Priority"));
            result.Stacks.Values.SelectMany(s => s.Resources).Should().NotContain(r => r.IsDestructiveToData);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void The_service_passes_the_rule_pack_as_the_environment_without_it_does()
    {
        static IEnumerable<string> Unacknowledged(SynthesizedEnvironment env) =>
            new HeadroomRulePack().Run(env).Where(f => !f.Acknowledged).Select(f => $"{f.Rule} {f.LogicalId}: {f.Message}");

        Unacknowledged(Env).Should().BeEquivalentTo(Unacknowledged(services.WithoutJson));
    }

    // ---- issue 16: each service its own port, rule, security group, role, parameters, scaling, alarms, edge ----

    private BlockResources Block(string name) => Env.BlocksOf("Fleet").Single(b => b.Name == name);

    private TemplateResource TargetsOf(string name)
    {
        var group = Block(name).OfType("AWS::AutoScaling::AutoScalingGroup").Single();
        return App.Single(r => r.LogicalId == TemplateJson.Ref(group.Prop("TargetGroupARNs")!.Value[0]));
    }

    [Fact]
    public void Each_service_has_its_own_target_group_port_health_check_and_rule_with_host_and_origin_verify_conditions()
    {
        var search = TargetsOf(ServicesFixture.Name);
        var cart = TargetsOf(ServicesFixture.Other);
        search.LogicalId.Should().NotBe(cart.LogicalId);
        search.Prop("Port")!.Value.GetInt32().Should().Be(80, "search takes the web tier's port");
        search.Str("HealthCheckPath").Should().Be("/healthz");
        cart.Prop("Port")!.Value.GetInt32().Should().Be(8080);
        cart.Str("HealthCheckPath").Should().Be("/cart/healthz");
        // Its instances are told the same port and health path through user data.
        var userData = Block(ServicesFixture.Other).OfType("AWS::EC2::LaunchTemplate").Single().Prop("LaunchTemplateData")!.Value.GetProperty("UserData").ToString();
        userData.Should().Contain("port='8080'").And.Contain("health_path='/cart/healthz'");

        var rule = Env.BlocksOf("LoadBalancer").Single().OfType("AWS::ElasticLoadBalancingV2::ListenerRule")
            .Single(r => TemplateJson.Ref(r.Prop("Actions")!.Value[0].GetProperty("TargetGroupArn")) == cart.LogicalId);
        rule.Prop("Priority")!.Value.GetInt32().Should().Be(30);
        var conditions = rule.Prop("Conditions")!.Value.EnumerateArray().ToDictionary(c => c.GetProperty("Field").GetString()!);
        conditions.Keys.Should().BeEquivalentTo("path-pattern", "host-header", "http-header");
        conditions["path-pattern"].GetProperty("PathPatternConfig").GetProperty("Values").EnumerateArray().Select(v => v.GetString()).Should().Equal("/cart/*", "/api/cart/*");
        conditions["host-header"].GetProperty("HostHeaderConfig").GetProperty("Values").EnumerateArray().Select(v => v.GetString()).Should().Equal("shop.example.com");
        conditions["http-header"].GetProperty("HttpHeaderConfig").GetProperty("HttpHeaderName").GetString().Should().Be("X-Origin-Verify");
    }

    [Fact]
    public void Each_service_has_its_own_security_group_that_admits_only_the_load_balancer_on_its_port()
    {
        var lbGroup = Env.BlocksOf("LoadBalancer").Single().OfType("AWS::EC2::SecurityGroup").Single().LogicalId;
        var data = Env.Stacks.Single(s => s.Name.EndsWith("-Data", StringComparison.Ordinal));
        var groups = new List<string>();
        foreach (var (name, port) in new[] { (ServicesFixture.Name, 80), (ServicesFixture.Other, 8080) })
        {
            var block = Block(name);
            var group = block.OfType("AWS::EC2::SecurityGroup").Should().ContainSingle().Subject;
            group.Stack.Should().EndWith("-App", "adding or removing a service changes the App stack alone");
            group.Prop("SecurityGroupIngress").Should().BeNull("nothing is admitted inline");
            groups.Add(group.LogicalId);

            // Its launch template uses it, and no other group.
            var launch = block.OfType("AWS::EC2::LaunchTemplate").Single().Prop("LaunchTemplateData")!.Value.GetProperty("NetworkInterfaces")[0].GetProperty("Groups");
            launch.GetArrayLength().Should().Be(1);
            launch[0].ToString().Should().Contain(group.LogicalId);

            // Every ingress rule to it, in any stack: one, from the load balancer's group, on the service's port.
            var ingress = Env.OfType("AWS::EC2::SecurityGroupIngress").Where(r => r.Prop("GroupId")!.Value.ToString().Contains(group.LogicalId, StringComparison.Ordinal)).ToList();
            var rule = ingress.Should().ContainSingle().Subject;
            TemplateJson.GetAtt(rule.Prop("SourceSecurityGroupId")).Should().Be(lbGroup);
            rule.Prop("FromPort")!.Value.GetInt32().Should().Be(port);
            rule.Prop("ToPort")!.Value.GetInt32().Should().Be(port);
            block.Resources.Should().Contain(r => r.LogicalId == rule.LogicalId, "the rule is part of the service's block");

            // It reaches the database proxy, the read replicas and the cache through rules of its own block, in the App stack.
            var toData = block.OfType("AWS::EC2::SecurityGroupIngress").Where(r => TemplateJson.GetAtt(r.Prop("SourceSecurityGroupId")) == group.LogicalId).ToList();
            var hasReplicas = services.With.Environments[ServicesFixture.Environment].DataTier.Database.ReplicaSecurityGroup is not null;
            toData.Select(r => r.Prop("FromPort")!.Value.GetInt32()).Should().BeEquivalentTo(hasReplicas ? [5432, 5433, 6380] : new[] { 5432, 6380 });
            toData.Should().OnlyContain(r => r.Stack.EndsWith("-App", StringComparison.Ordinal) && r.Prop("GroupId")!.Value.ToString().Contains("Fn::ImportValue"));
        }
        groups.Should().OnlyHaveUniqueItems();
        // The load balancer may send to each on its port.
        var egress = Env.OfType("AWS::EC2::SecurityGroupEgress").Where(e => TemplateJson.GetAtt(e.Prop("GroupId")) == lbGroup).ToList();
        egress.Should().Contain(e => e.Prop("FromPort")!.Value.GetInt32() == 8080);

        // The Data stack exports the groups those rules refer to with or without services, so removing the last service
        // never asks CloudFormation to drop an export the App stack still imports.
        static IEnumerable<string> Exported(SynthesizedEnvironment env) => env.Stacks.Single(s => s.Name.EndsWith("-Data", StringComparison.Ordinal)).Template
            .GetProperty("Outputs").EnumerateObject().Where(o => o.Value.TryGetProperty("Export", out _)).Select(o => o.Value.GetProperty("Value").ToString());
        var imported = Block(ServicesFixture.Name).OfType("AWS::EC2::SecurityGroupIngress")
            .Where(r => r.Prop("GroupId")!.Value.TryGetProperty("Fn::ImportValue", out var import) && import.ValueKind == JsonValueKind.String)
            .Select(r => r.Prop("GroupId")!.Value.GetProperty("Fn::ImportValue").GetString()!)
            .Where(n => n.StartsWith(data.Name, StringComparison.Ordinal)).ToList();
        imported.Should().NotBeEmpty();
        var dataOutputs = data.Template.GetProperty("Outputs").EnumerateObject().Where(o => o.Value.TryGetProperty("Export", out _))
            .ToDictionary(o => o.Value.GetProperty("Export").GetProperty("Name").GetString()!, o => o.Value.GetProperty("Value").ToString());
        var withoutValues = Exported(services.WithoutJson).ToList();
        foreach (var name in imported) withoutValues.Should().Contain(dataOutputs[name]);
    }

    /// <summary>The resource patterns of every statement of the block's role policies that allows one of <paramref name="actions"/>.</summary>
    private List<string> Allowed(string service, params string[] actions)
    {
        var role = Block(service).OfType("AWS::IAM::Role").Single(r => r.Prop("AssumeRolePolicyDocument")!.Value.ToString().Contains("ec2.amazonaws.com", StringComparison.Ordinal));
        var policies = Env.OfType("AWS::IAM::Policy").Where(p => p.Prop("Roles")!.Value.EnumerateArray().Any(r => TemplateJson.Ref(r) == role.LogicalId)).ToList();
        policies.Should().NotBeEmpty();
        return policies.SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray())
            .Where(st => Strings(st.GetProperty("Action")).Any(a => actions.Any(x => RoutePatternsOverlap(a, x))))
            .SelectMany(st => st.GetProperty("Resource").ValueKind == JsonValueKind.Array ? st.GetProperty("Resource").EnumerateArray().ToList() : [st.GetProperty("Resource")])
            .Select(Render).ToList();
    }

    private static IEnumerable<string> Strings(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetString()!) : [e.GetString()!];

    private static bool RoutePatternsOverlap(string a, string b) => Headroom.Blocks.LoadBalancer.RoutePatterns.Overlap(a, b);

    /// <summary>An ARN as IAM would compare it: pseudo parameters filled in, any other token a wildcard (so "cannot" is judged generously).</summary>
    private static string Render(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Object when e.TryGetProperty("Fn::Join", out var join) => string.Join(join[0].GetString(), join[1].EnumerateArray().Select(Render)),
        JsonValueKind.Object when TemplateJson.Ref(e) is "AWS::Partition" => "aws",
        JsonValueKind.Object when TemplateJson.Ref(e) is "AWS::Region" => "eu-west-1",
        JsonValueKind.Object when TemplateJson.Ref(e) is "AWS::AccountId" => "111111111111",
        // Another stack's resource (the database's secret, a queue): one ARN, named by its export, never a wildcard.
        JsonValueKind.Object when e.TryGetProperty("Fn::ImportValue", out var export) => $"import:{export}",
        _ => "*",
    };

    private static string ParameterArn(string name) => $"arn:aws:ssm:eu-west-1:111111111111:parameter{name}";

    [Fact]
    public void Each_role_reads_its_own_parameters_and_secrets_and_not_the_other_services()
    {
        var read = new[] { "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath" };
        foreach (var (self, other) in new[] { (ServicesFixture.Name, ServicesFixture.Other), (ServicesFixture.Other, ServicesFixture.Name) })
        {
            var ssm = Allowed(self, read);
            var own = ParameterArn($"/headroom/{ServicesFixture.Environment}/services/{self}/instance-port");
            var others = ParameterArn($"/headroom/{ServicesFixture.Environment}/services/{other}/instance-port");
            ssm.Should().Contain(p => RoutePatternsOverlap(p, own), $"{self} reads its own parameters");
            ssm.Should().NotContain(p => RoutePatternsOverlap(p, others), $"{self} must not read {other}'s parameters");
            ssm.Should().NotContain(p => RoutePatternsOverlap(p, ParameterArn($"/headroom/{ServicesFixture.Environment}/web/load-balancer-dns-name")), "nor the web tier's");

            var secrets = Allowed(self, "secretsmanager:GetSecretValue");
            var ownSecret = $"arn:aws:secretsmanager:eu-west-1:111111111111:secret:headroom/{ServicesFixture.Environment}/services/{self}/payment-key-AbCdEf";
            var otherSecret = $"arn:aws:secretsmanager:eu-west-1:111111111111:secret:headroom/{ServicesFixture.Environment}/services/{other}/payment-key-AbCdEf";
            secrets.Should().Contain(p => RoutePatternsOverlap(p, ownSecret));
            secrets.Should().NotContain(p => RoutePatternsOverlap(p, otherSecret), $"{self} must not read {other}'s secrets");
            // The rendering is not so generous that it allows everything.
            secrets.Should().NotContain("*");
        }

        // Its parameters exist under its own path, from the App stack (port, health path) and the Data stack (endpoints, queues).
        var cartParameters = Block(ServicesFixture.Other).OfType("AWS::SSM::Parameter").Select(p => p.Str("Name")).ToList();
        cartParameters.Should().OnlyContain(n => n!.StartsWith($"/headroom/{ServicesFixture.Environment}/services/cart/", StringComparison.Ordinal))
            .And.Contain($"/headroom/{ServicesFixture.Environment}/services/cart/instance-port")
            .And.Contain($"/headroom/{ServicesFixture.Environment}/services/cart/db/write-endpoint")
            .And.Contain($"/headroom/{ServicesFixture.Environment}/services/cart/queues/emails/url");
        Block(ServicesFixture.Name).OfType("AWS::SSM::Parameter").Should().NotContain(p => p.Str("Name")!.Contains("/queues/", StringComparison.Ordinal));
        Block(ServicesFixture.Other).OfType("AWS::SSM::Parameter").Single(p => p.Str("Name")!.EndsWith("/instance-port", StringComparison.Ordinal)).Str("Value").Should().Be("8080");
    }

    [Fact]
    public void A_service_sends_only_to_the_queues_it_names()
    {
        // In the App stack a queue's ARN is an import whose export name carries the queue's logical ID.
        var queues = Env.OfType("AWS::SQS::Queue").ToList();
        string QueueOf(JsonElement resource) =>
            queues.Where(q => resource.ToString().Contains(q.LogicalId, StringComparison.Ordinal)).Select(q => q.Str("QueueName")!).SingleOrDefault() ?? resource.ToString();

        var cart = Allowed(ServicesFixture.Other, "sqs:SendMessage");
        var search = Allowed(ServicesFixture.Name, "sqs:SendMessage");
        search.Should().BeEmpty("search names no queue");
        cart.Should().ContainSingle();
        var role = Block(ServicesFixture.Other).OfType("AWS::IAM::Role").First();
        var statement = Env.OfType("AWS::IAM::Policy").Where(p => p.Prop("Roles")!.Value.EnumerateArray().Any(r => TemplateJson.Ref(r) == role.LogicalId))
            .SelectMany(p => p.Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray())
            .Single(st => Strings(st.GetProperty("Action")).Contains("sqs:SendMessage"));
        var resource = statement.GetProperty("Resource");
        (resource.ValueKind == JsonValueKind.Array ? resource.EnumerateArray().Select(QueueOf) : [QueueOf(resource)]).Should().ContainSingle()
            .Which.Should().EndWith("-emails");
    }

    [Fact]
    public void Each_service_scales_on_its_own_target_groups_requests_and_its_cpu_with_its_targets()
    {
        foreach (var (name, requests, cpu) in new[] { (ServicesFixture.Name, 1000, 50), (ServicesFixture.Other, 600, 40) })
        {
            var policies = Block(name).OfType("AWS::AutoScaling::ScalingPolicy").Select(p => p.Prop("TargetTrackingConfiguration")).OfType<JsonElement>()
                .ToDictionary(t => t.GetProperty("PredefinedMetricSpecification").GetProperty("PredefinedMetricType").GetString()!);
            policies["ALBRequestCountPerTarget"].GetProperty("TargetValue").GetDouble().Should().Be(requests);
            policies["ALBRequestCountPerTarget"].GetProperty("PredefinedMetricSpecification").GetProperty("ResourceLabel").ToString().Should().Contain(TargetsOf(name).LogicalId);
            policies["ASGAverageCPUUtilization"].GetProperty("TargetValue").GetDouble().Should().Be(cpu);
        }
    }

    [Fact]
    public void Each_service_has_the_web_fleets_alarm_kinds_with_runbooks_and_a_dashboard_row()
    {
        var alarms = App.Where(r => r.Type == "AWS::CloudWatch::Alarm").ToList();
        var prefix = $"headroom-{ServicesFixture.Environment}-";
        foreach (var name in new[] { ServicesFixture.Name, ServicesFixture.Other })
        {
            var mine = alarms.Where(a => a.Str("AlarmName")!.EndsWith($"-{name}", StringComparison.Ordinal)).ToList();
            mine.Select(a => a.Str("AlarmName")).Should().BeEquivalentTo(
                $"{prefix}fleet-in-service-below-min-{name}", $"{prefix}fleet-at-max-{name}",
                $"{prefix}alb-unhealthy-hosts-{name}", $"{prefix}alb-target-5xx-rate-{name}", $"{prefix}alb-target-response-time-{name}");
            foreach (var alarm in mine)
            {
                var kind = alarm.Str("AlarmName")![prefix.Length..^(name.Length + 1)];
                alarm.Str("AlarmDescription").Should().Contain($"docs/runbooks/{kind}.md");
                File.Exists(Path.Combine(Repo.Root, "docs", "runbooks", $"{kind}.md")).Should().BeTrue(kind);
            }
        }
        var body = App.Single(r => r.Type == "AWS::CloudWatch::Dashboard").Prop("DashboardBody")!.Value.ToString();
        body.Should().Contain($"## Service {ServicesFixture.Name}").And.Contain($"## Service {ServicesFixture.Other}");
    }

    [Fact]
    public void CloudFront_forwards_each_service_path_uncached_with_everything_the_viewer_sent_or_as_configured()
    {
        const string cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
        const string allViewer = "216adef6-5c7f-47e4-b989-5492eafa07d3";
        var distribution = Env.BlocksOf("Edge").Single().OfType("AWS::CloudFront::Distribution").Single();
        var config = distribution.Prop("DistributionConfig")!.Value;
        var behaviours = config.GetProperty("CacheBehaviors").EnumerateArray().ToDictionary(b => b.GetProperty("PathPattern").GetString()!);
        var albOrigin = config.GetProperty("DefaultCacheBehavior").GetProperty("TargetOriginId").GetString();

        var search = behaviours["/search/*"];
        search.GetProperty("TargetOriginId").GetString().Should().Be(albOrigin);
        search.GetProperty("CachePolicyId").GetString().Should().Be(cachingDisabled);
        search.GetProperty("OriginRequestPolicyId").GetString().Should().Be(allViewer);
        search.GetProperty("AllowedMethods").GetArrayLength().Should().Be(7, "checkout posts");
        // cart says edgeCache: origin: the web pages' own policies.
        foreach (var path in new[] { "/cart/*", "/api/cart/*" })
        {
            behaviours[path].GetProperty("TargetOriginId").GetString().Should().Be(albOrigin);
            TemplateJson.Ref(behaviours[path].GetProperty("CachePolicyId")).Should().Be(TemplateJson.Ref(config.GetProperty("DefaultCacheBehavior").GetProperty("CachePolicyId"))).And.NotBeNull();
        }
        behaviours.Keys.Should().StartWith(["/static/*", "/assets/*", "/busy.html"], "the bucket's paths come first");
        // Without services the distribution has only the bucket's behaviours.
        services.WithoutJson.BlocksOf("Edge").Single().OfType("AWS::CloudFront::Distribution").Single().Prop("DistributionConfig")!.Value
            .GetProperty("CacheBehaviors").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public void Capacity_and_cost_give_each_service_its_tier_and_line_with_its_share_and_web_the_rest()
    {
        var plan = Headroom.App.Capacity.EnvironmentPlan.Of(Env.Config);
        var fleets = plan.Shape.Fleets.Where(f => f.Workers is null).ToDictionary(f => f.Name);
        fleets["web"].ShareOfDynamicRequests.Should().BeApproximately(0.7, 1e-9);
        fleets[ServicesFixture.Name].ShareOfDynamicRequests.Should().Be(0.2);
        fleets[ServicesFixture.Other].ShareOfDynamicRequests.Should().Be(0.1);
        fleets[ServicesFixture.Other].RequestsPerTargetPerMinute.Should().Be(600);
        fleets[ServicesFixture.Other].HealthCheckConfigPath.Should().Be("services[1].healthCheck");

        var tiers = plan.Capacity.Baseline.Tiers.Where(t => t.Kind == Headroom.App.Capacity.TierKind.Fleet).ToDictionary(t => t.Key!);
        tiers.Keys.Should().BeEquivalentTo("web", ServicesFixture.Name, ServicesFixture.Other);
        tiers[ServicesFixture.Other].ConfigPath.Should().Be("services[1].fleet");
        tiers[ServicesFixture.Other].LimitedBy.Should().Contain("serves 0.1 of the page requests");
        // The same instances hold twice the users when they serve half the share.
        var perInstance = Headroom.App.Capacity.CapacityModel.UsersPerInstance(fleets[ServicesFixture.Name], plan.Workload);
        Headroom.App.Capacity.CapacityModel.UsersPerInstance(fleets[ServicesFixture.Name] with { ShareOfDynamicRequests = 0.1 }, plan.Workload).Should().BeApproximately(perInstance * 2, 1e-6);
        plan.Cost.Baseline.Lines.Select(l => l.Tier).Should().Contain([ServicesFixture.Name, ServicesFixture.Other]);
    }

    [Fact]
    public void The_preview_shows_each_services_rule_targets_fleet_security_group_and_parameters()
    {
        var fleets = IPreviewSection.All.Single(s => s.Title == "Fleets").Describe(Env).ToList();
        var web = IPreviewSection.All.Single(s => s.Title == "Web tier").Describe(Env).ToList();

        web.Should().Contain($"    rule 30: forwards to {ServicesFixture.Other} if path /cart/* or /api/cart/* and host shop.example.com and X-Origin-Verify = origin-verify secret")
            .And.Contain(l => l.StartsWith($"  targets of {ServicesFixture.Other}: HTTP:8080", StringComparison.Ordinal))
            .And.Contain("  health check: /cart/healthz every 15 s, healthy 2, unhealthy 3, codes 200");
        foreach (var (name, port) in new[] { (ServicesFixture.Name, 80), (ServicesFixture.Other, 8080) })
        {
            var start = fleets.FindIndex(l => l.StartsWith($"{name}: ", StringComparison.Ordinal));
            start.Should().BeGreaterThanOrEqualTo(0);
            var section = fleets.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
            section.Should().Contain($"  security group of its own: admits tcp/{port} from the load balancer's security group")
                .And.Contain(l => l.StartsWith($"  admitted by the data tier: {name} service to the database proxy; ", StringComparison.Ordinal) && l.EndsWith($"{name} service to the cache", StringComparison.Ordinal))
                .And.Contain(l => l.StartsWith("  parameters: ", StringComparison.Ordinal) && l.EndsWith($" under /headroom/{ServicesFixture.Environment}/services/{name}/, which only its instances read", StringComparison.Ordinal));
        }
        // The web fleet's own section is unchanged: its group and rule belong to the network and the web tier.
        var webStart = fleets.FindIndex(l => l.StartsWith("web: ", StringComparison.Ordinal));
        fleets.Skip(webStart + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Should().NotContain(l => l.Contains("security group of its own", StringComparison.Ordinal));
    }
}
