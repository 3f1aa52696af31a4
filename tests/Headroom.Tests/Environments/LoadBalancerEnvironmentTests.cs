using Headroom.Blocks.LoadBalancer;

namespace Headroom.Tests.Environments;

[Collection(SynthCollection.Name)]
public sealed class LoadBalancerEnvironmentTests(SynthFixture synth, WebVariants variants)
{
    private static TemplateResource Single(SynthesizedEnvironment env, string type) =>
        InApp(env, type).Should().ContainSingle().Subject;

    /// <summary>Resources of one type in the App stack, where the web tier lives (the Data stack has its own secrets and parameters).</summary>
    private static IEnumerable<TemplateResource> InApp(SynthesizedEnvironment env, string type) =>
        env.Stacks.Where(s => s.Name.EndsWith("-App", StringComparison.Ordinal)).SelectMany(s => s.Resources).Where(r => r.Type == type);

    /// <summary>The web fleet's target group (prod and staging also have the checkout service's), found through the web fleet's block.</summary>
    private static TemplateResource WebTargetGroup(SynthesizedEnvironment env)
    {
        var group = env.BlocksOf("Fleet").Single(b => b.Name == "web").OfType("AWS::AutoScaling::AutoScalingGroup").Single();
        return InApp(env, "AWS::ElasticLoadBalancingV2::TargetGroup").Single(t => t.LogicalId == Ref(group.Prop("TargetGroupARNs")!.Value[0]));
    }

    /// <summary>The origin-verify secret: in the Data stack, which outlives the App stack.</summary>
    private static TemplateResource OriginVerifySecret(SynthesizedEnvironment env) =>
        env.Stacks.Where(s => s.Name.EndsWith("-Data", StringComparison.Ordinal)).SelectMany(s => s.Resources)
            .Should().ContainSingle(r => r.LogicalId.StartsWith("WebOriginVerifySecret", StringComparison.Ordinal)).Subject;

    private static Dictionary<string, string?> Attributes(TemplateResource resource, string property) =>
        resource.Prop(property)!.Value.EnumerateArray().ToDictionary(a => a.GetProperty("Key").GetString()!,
            a => a.GetProperty("Value").ValueKind == JsonValueKind.String ? a.GetProperty("Value").GetString() : a.GetProperty("Value").ToString());

    [Theory]
    [InlineData("prod", new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" })]
    [InlineData("staging", new[] { "eu-west-1a", "eu-west-1b" })]
    public void The_load_balancer_is_internet_facing_in_the_public_subnet_of_every_zone(string name, string[] zones)
    {
        var env = synth.Json(name);
        var alb = Single(env, "AWS::ElasticLoadBalancingV2::LoadBalancer");

        alb.Stack.Should().Be($"Headroom-{name}-App");
        alb.Str("Scheme").Should().Be("internet-facing");
        alb.Str("Type").Should().Be("application");
        var subnets = alb.Prop("Subnets")!.Value.EnumerateArray().Select(s => Imported(env, s)!).ToList();
        subnets.Select(s => s.Str("AvailabilityZone")).Should().BeEquivalentTo(zones);
        subnets.Should().OnlyContain(s => s.LogicalId.StartsWith("NetworkPublicSubnet", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("prod", "true")]
    [InlineData("staging", "false")]
    public void Attributes_drop_invalid_headers_mitigate_desync_and_protect_production_from_deletion(string name, string protection)
    {
        LoadBalancerShould.BeHardened(Attributes(Single(synth.Json(name), "AWS::ElasticLoadBalancingV2::LoadBalancer"), "LoadBalancerAttributes"), protection, "WebLoadBalancerAccessLogs");
    }

    [Theory]
    [InlineData("prod", 365, "Retain")]
    [InlineData("staging", 30, "Delete")]
    public void Access_logs_go_to_an_encrypted_tls_only_private_bucket_that_expires_them(string name, int days, string deletion)
    {
        var app = synth.Stack(name, "App").Resources;

        // Other tiers have buckets too (the edge's, in its own stack); the App stack has this one and the
        // bucket that records who reads it (server access logs).
        app.Where(r => r.Type == "AWS::S3::Bucket").Should().HaveCount(2);
        LoadBalancerShould.KeepAccessLogs(app, "WebLoadBalancer", days, deletion, synth.Environments[name].Config.Account);
    }

    [Theory]
    [InlineData("prod", 443)]
    [InlineData("staging", 443)]
    public void Only_the_cloudfront_prefix_list_may_reach_the_load_balancer(string name, int port)
    {
        var env = synth.Json(name);
        var group = env.OfType("AWS::EC2::SecurityGroup").Single(g => g.LogicalId.StartsWith("WebLoadBalancerSecurityGroup", StringComparison.Ordinal));
        var ingress = env.OfType("AWS::EC2::SecurityGroupIngress").Where(i => GetAtt(i.Prop("GroupId")) == group.LogicalId).ToList();

        group.Prop("SecurityGroupIngress").Should().BeNull("no inline rules besides the one below");
        ingress.Should().ContainSingle();
        ingress[0].Str("SourcePrefixListId").Should().Be("pl-4fa04526", "eu-west-1's com.amazonaws.global.cloudfront.origin-facing");
        ingress[0].Prop("FromPort")!.Value.GetInt32().Should().Be(port);
        ingress[0].Prop("ToPort")!.Value.GetInt32().Should().Be(port);
        ingress[0].Prop("CidrIp").Should().BeNull();
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void No_ingress_rule_in_any_stack_admits_an_address_range(string name)
    {
        var ingress = IngressRules(synth.Json(name)).ToList();

        ingress.Should().NotBeEmpty();
        ingress.Where(r => r.TryGetProperty("CidrIp", out _) || r.TryGetProperty("CidrIpv6", out _)).Should().BeEmpty(
            "clients come through CloudFront's prefix list, instances only from the load balancer's group");
    }

    /// <summary>Every ingress rule: standalone resources and those inline in security groups.</summary>
    internal static IEnumerable<JsonElement> IngressRules(SynthesizedEnvironment env) =>
        env.OfType("AWS::EC2::SecurityGroupIngress").Select(i => i.Properties)
            .Concat(env.OfType("AWS::EC2::SecurityGroup").Where(g => g.Prop("SecurityGroupIngress") is not null)
                .SelectMany(g => g.Prop("SecurityGroupIngress")!.Value.EnumerateArray()));

    [Fact]
    public void The_load_balancer_may_only_send_to_the_fleets_behind_it_on_their_application_ports()
    {
        var env = synth.Json("prod");
        var group = env.OfType("AWS::EC2::SecurityGroup").Single(g => g.LogicalId.StartsWith("WebLoadBalancerSecurityGroup", StringComparison.Ordinal));
        var egress = env.OfType("AWS::EC2::SecurityGroupEgress").Where(e => GetAtt(e.Prop("GroupId")) == group.LogicalId).ToList();

        // The web fleet's group (Network stack) and the checkout service's own (App stack), each on its port.
        var checkoutGroup = env.BlocksOf("Fleet").Single(b => b.Name == "checkout").OfType("AWS::EC2::SecurityGroup").Single().LogicalId;
        string Destination(TemplateResource e) => e.Prop("DestinationSecurityGroupId")!.Value.TryGetProperty("Fn::ImportValue", out _)
            ? Imported(env, e.Prop("DestinationSecurityGroupId")!.Value)!.LogicalId : GetAtt(e.Prop("DestinationSecurityGroupId"))!;
        egress.Select(e => (Destination(e), e.Prop("FromPort")!.Value.GetInt32()))
            .Should().HaveCount(2).And.Contain(x => x.Item1.StartsWith("WebFleetSecurityGroup", StringComparison.Ordinal) && x.Item2 == 80)
            .And.Contain((checkoutGroup, 80));
        // Inline, only the placeholder that matches no traffic: it keeps EC2 from adding an allow-all rule.
        group.Prop("SecurityGroupEgress")!.Value.EnumerateArray().Should().ContainSingle()
            .Which.GetProperty("CidrIp").GetString().Should().Be("255.255.255.255/32");
    }

    [Fact]
    public void Production_serves_https_with_a_modern_tls_policy_and_redirects_http()
    {
        var env = synth.Json("prod");
        var listeners = env.OfType("AWS::ElasticLoadBalancingV2::Listener").ToDictionary(l => l.Prop("Port")!.Value.GetInt32());

        listeners.Keys.Should().BeEquivalentTo([80, 443]);
        var https = listeners[443];
        https.Str("Protocol").Should().Be("HTTPS");
        https.Str("SslPolicy").Should().Be("ELBSecurityPolicy-TLS13-1-2-2021-06");
        https.Prop("Certificates")!.Value[0].GetProperty("CertificateArn").GetString()
            .Should().Be(synth.Environments["prod"].Config.Web.LoadBalancer.CertificateArn);
        var redirect = listeners[80].Prop("DefaultActions")!.Value[0];
        redirect.GetProperty("Type").GetString().Should().Be("redirect");
        redirect.GetProperty("RedirectConfig").GetProperty("Protocol").GetString().Should().Be("HTTPS");
        redirect.GetProperty("RedirectConfig").GetProperty("Port").GetString().Should().Be("443");
        redirect.GetProperty("RedirectConfig").GetProperty("StatusCode").GetString().Should().Be("HTTP_301");
    }

    [Fact]
    public void Without_a_certificate_there_is_one_plain_http_listener()
    {
        // use1 says allowPlainHttpOrigin: true (staging and prod have certificates).
        var listener = Single(variants.App.Json("use1"), "AWS::ElasticLoadBalancingV2::Listener");

        listener.Str("Protocol").Should().Be("HTTP");
        listener.Prop("Port")!.Value.GetInt32().Should().Be(80);
        listener.Prop("Certificates").Should().BeNull();
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Requests_without_the_origin_verify_header_get_403_and_the_secret_stays_out_of_the_template(string name)
    {
        var env = synth.Json(name);
        var serving = env.OfType("AWS::ElasticLoadBalancingV2::Listener").Single(l => l.Prop("DefaultActions")!.Value[0].GetProperty("Type").GetString() != "redirect");
        var secret = OriginVerifySecret(env);
        // The rule that forwards every verified request to the web fleet (checkout's rule comes before it).
        var rule = InApp(env, "AWS::ElasticLoadBalancingV2::ListenerRule").Single(r => r.Prop("Priority")!.Value.GetInt32() == LoadBalancer.LastRulePriority);

        var denied = serving.Prop("DefaultActions")!.Value[0];
        denied.GetProperty("Type").GetString().Should().Be("fixed-response");
        denied.GetProperty("FixedResponseConfig").GetProperty("StatusCode").GetString().Should().Be("403");

        Ref(rule.Prop("ListenerArn")).Should().Be(serving.LogicalId);
        rule.Prop("Actions")!.Value[0].GetProperty("Type").GetString().Should().Be("forward");
        var header = rule.Prop("Conditions")!.Value.EnumerateArray().Should().ContainSingle().Subject.GetProperty("HttpHeaderConfig");
        header.GetProperty("HttpHeaderName").GetString().Should().Be("X-Origin-Verify");
        var value = header.GetProperty("Values")[0].GetProperty("Fn::Join")[1];
        value[0].GetString().Should().Be("{{resolve:secretsmanager:");
        // The secret's ARN is imported from the Data stack; CloudFormation resolves the reference after the import.
        Imported(env, value[1])!.LogicalId.Should().Be(secret.LogicalId);
        InApp(env, "AWS::SecretsManager::Secret").Should().BeEmpty("the App stack is replaceable; the secret must outlive it");
        value[2].GetString().Should().Be(":SecretString:::}}");

        // Generated by Secrets Manager: letters and digits, never written into a template or config.
        var generate = secret.Prop("GenerateSecretString")!.Value;
        generate.GetProperty("ExcludePunctuation").GetBoolean().Should().BeTrue();
        generate.GetProperty("PasswordLength").GetInt32().Should().BeGreaterThanOrEqualTo(32);
        secret.Prop("SecretString").Should().BeNull();
    }

    [Fact]
    public void The_secret_is_replicated_to_us_east_1_for_cloudfront_unless_it_already_lives_there()
    {
        var prod = OriginVerifySecret(synth.Json("prod"));
        prod.Prop("ReplicaRegions")!.Value.EnumerateArray().Select(r => r.GetProperty("Region").GetString()).Should().Equal("us-east-1");
        // A fixed name: the edge stack resolves {{resolve:secretsmanager:headroom/prod/web/origin-verify:SecretString}} in us-east-1.
        prod.Str("Name").Should().Be("headroom/prod/web/origin-verify");
        var use1 = OriginVerifySecret(variants.App.Json("use1"));
        (use1.Prop("ReplicaRegions") is null || use1.Prop("ReplicaRegions")!.Value.GetArrayLength() == 0).Should().BeTrue();
        variants.App.Json("use1").OfType("AWS::EC2::SecurityGroupIngress").Select(i => i.Str("SourcePrefixListId"))
            .Should().Contain("pl-3b927c52", "us-east-1's origin-facing list");
    }

    [Fact]
    public void A_region_without_a_built_in_prefix_list_uses_the_configured_one()
    {
        var env = variants.App.Json("custom");
        var ingress = env.OfType("AWS::EC2::SecurityGroupIngress").Where(i => i.Str("SourcePrefixListId") is not null).ToList();

        ingress.Should().ContainSingle().Which.Str("SourcePrefixListId").Should().Be("pl-0a1b2c3d4e5f60718");
        ingress[0].Prop("FromPort")!.Value.GetInt32().Should().Be(80);
    }

    [Fact]
    public void Without_cloudfront_in_front_the_load_balancer_is_public_and_forwards_everything()
    {
        var env = variants.App.Json("open");
        var group = env.OfType("AWS::EC2::SecurityGroup").Single(g => g.LogicalId.StartsWith("WebLoadBalancerSecurityGroup", StringComparison.Ordinal));
        var ingress = group.Prop("SecurityGroupIngress")!.Value.EnumerateArray().ToList();

        ingress.Select(r => (r.GetProperty("CidrIp").GetString(), r.GetProperty("FromPort").GetInt32())).Should().BeEquivalentTo([("0.0.0.0/0", 80), ("0.0.0.0/0", 443)]);
        env.OfType("AWS::SecretsManager::Secret").Should().NotContain(r => r.LogicalId.StartsWith("WebOriginVerifySecret", StringComparison.Ordinal));
        env.OfType("AWS::ElasticLoadBalancingV2::ListenerRule").Should().BeEmpty();
        env.OfType("AWS::ElasticLoadBalancingV2::Listener").Single(l => l.Prop("Port")!.Value.GetInt32() == 443)
            .Prop("DefaultActions")!.Value[0].GetProperty("Type").GetString().Should().Be("forward");
    }

    [Theory]
    [InlineData("prod", 60)]
    [InlineData("staging", 0)]
    public void The_target_group_checks_health_drains_connections_and_slow_starts_from_config(string name, int slowStart)
    {
        var target = WebTargetGroup(synth.Json(name));
        var attributes = Attributes(target, "TargetGroupAttributes");

        target.Str("TargetType").Should().Be("instance");
        target.Prop("Port")!.Value.GetInt32().Should().Be(80);
        target.Str("HealthCheckPath").Should().Be("/healthz");
        target.Prop("HealthCheckIntervalSeconds")!.Value.GetInt32().Should().Be(15);
        target.Prop("HealthCheckTimeoutSeconds")!.Value.GetInt32().Should().Be(5);
        target.Prop("HealthyThresholdCount")!.Value.GetInt32().Should().Be(2);
        target.Prop("UnhealthyThresholdCount")!.Value.GetInt32().Should().Be(3);
        target.Prop("Matcher")!.Value.GetProperty("HttpCode").GetString().Should().Be("200");
        attributes["deregistration_delay.timeout_seconds"].Should().Be("30");
        attributes.GetValueOrDefault("slow_start.duration_seconds").Should().Be(slowStart == 0 ? null : slowStart.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_target_group_follows_a_configured_port_and_health_path()
    {
        var target = Single(variants.App.Json("custom"), "AWS::ElasticLoadBalancingV2::TargetGroup");

        target.Prop("Port")!.Value.GetInt32().Should().Be(8080);
        target.Str("HealthCheckPath").Should().Be("/status");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_web_tier_writes_its_endpoints_to_ssm_under_the_environment_path(string name)
    {
        var env = synth.Json(name);
        // The checkout service's own are under /headroom/<env>/services/checkout/ (ServicesTests).
        var parameters = InApp(env, "AWS::SSM::Parameter").Where(p => p.Str("Name")!.StartsWith($"/headroom/{name}/web/", StringComparison.Ordinal)).ToDictionary(p => p.Str("Name")!);
        // The chaos block's template IDs (under /chaos/) are ChaosTests'.
        InApp(env, "AWS::SSM::Parameter").Should().OnlyContain(p => p.Str("Name")!.StartsWith($"/headroom/{name}/web/", StringComparison.Ordinal)
            || p.Str("Name")!.StartsWith($"/headroom/{name}/services/checkout/", StringComparison.Ordinal) || p.Str("Name")!.Contains("/chaos/", StringComparison.Ordinal));

        parameters.Keys.Should().BeEquivalentTo([$"/headroom/{name}/web/load-balancer-dns-name", $"/headroom/{name}/web/origin-verify-secret-arn", $"/headroom/{name}/web/origin-verify-header"]);
        GetAtt(parameters[$"/headroom/{name}/web/load-balancer-dns-name"].Prop("Value")).Should().StartWith("WebLoadBalancerAlb");
        Imported(env, parameters[$"/headroom/{name}/web/origin-verify-secret-arn"].Prop("Value")!.Value)!.LogicalId.Should().Be(OriginVerifySecret(env).LogicalId);
        parameters[$"/headroom/{name}/web/origin-verify-header"].Str("Value").Should().Be("X-Origin-Verify");
    }

    [Fact]
    public void Logical_ids_of_what_keeps_state_are_pinned()
    {
        // Renaming these constructs would replace the bucket (its logs) and the secret (CloudFront's copy).
        var app = synth.Template("prod", "App");
        app.HasResource("AWS::S3::Bucket", Match.ObjectLike(new Dictionary<string, object> { ["DeletionPolicy"] = "Retain" }));
        InApp(synth.Json("prod"), "AWS::S3::Bucket").Select(b => b.LogicalId).Should()
            .BeEquivalentTo("WebLoadBalancerAccessLogs5433FA48", "WebLoadBalancerServerAccessLogsE58A9248");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_origin_verify_secret_lives_in_the_data_stack_retained_under_a_pinned_logical_id(string name)
    {
        // The App stack is replaceable; a deleted secret's name stays reserved and a primary with replicas
        // cannot be deleted, so the secret lives (and stays) in the Data stack.
        var data = synth.Template(name, "Data");
        data.HasResource("AWS::SecretsManager::Secret", Match.ObjectLike(new Dictionary<string, object>
        {
            ["DeletionPolicy"] = "Retain",
            ["UpdateReplacePolicy"] = "Retain",
            ["Properties"] = Match.ObjectLike(new Dictionary<string, object> { ["Name"] = $"headroom/{name}/web/origin-verify" }),
        }));
        var secret = synth.Json(name).Stacks.Single(s => s.Name == $"Headroom-{name}-Data").Resources
            .Should().ContainSingle(r => r.Type == "AWS::SecretsManager::Secret" && r.Str("Name") == $"headroom/{name}/web/origin-verify").Subject;
        secret.LogicalId.Should().Be("WebOriginVerifySecretC91ED117");
        secret.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
    }
}
