using Headroom.Blocks.LoadBalancer;

namespace Headroom.Tests.Blocks;

/// <summary>The LoadBalancer block on bare stacks: behind CloudFront with HTTPS, open to the internet over HTTP,
/// and the props it refuses.</summary>
public sealed class LoadBalancerTests(LoadBalancerTests.Cases cases) : IClassFixture<LoadBalancerTests.Cases>
{
    public const string Certificate = "arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-4333-8444-555555555555";

    private Dictionary<string, string?> Attributes(string name, string type, string property) =>
        cases.Single(name, type).Prop(property)!.Value.EnumerateArray().ToDictionary(a => a.GetProperty("Key").GetString()!,
            a => a.GetProperty("Value").ValueKind == JsonValueKind.String ? a.GetProperty("Value").GetString() : a.GetProperty("Value").ToString());

    private TemplateResource Group(string name) =>
        cases.OfType(name, "AWS::EC2::SecurityGroup").Single(g => g.LogicalId.StartsWith("LbSecurityGroup", StringComparison.Ordinal));

    [Theory]
    [InlineData("Fronted", 3)]
    [InlineData("Open", 2)]
    public void An_internet_facing_application_load_balancer_in_the_public_subnet_of_every_zone(string name, int zones)
    {
        var alb = cases.Single(name, "AWS::ElasticLoadBalancingV2::LoadBalancer");

        (alb.Str("Scheme"), alb.Str("Type")).Should().Be(("internet-facing", "application"));
        alb.Prop("Subnets")!.Value.EnumerateArray().Select(s => s.GetString()).Should().Equal(BlockHarness.PublicSubnets.Take(zones));
    }

    [Theory]
    [InlineData("Fronted", "true")]
    [InlineData("Open", "false")]
    public void Attributes_drop_invalid_headers_mitigate_desync_and_protect_from_deletion_when_asked(string name, string protection)
    {
        LoadBalancerShould.BeHardened(Attributes(name, "AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerAttributes"), protection, "LbAccessLogs");
    }

    [Theory]
    [InlineData("Fronted", 90, "Retain")]
    [InlineData("Open", 30, "Delete")]
    public void Access_logs_go_to_an_encrypted_tls_only_private_bucket_that_expires_them(string name, int days, string deletion)
    {
        LoadBalancerShould.KeepAccessLogs(cases.Resources(name), "Lb", days, deletion, BlockHarness.Account);
    }

    [Fact]
    public void Behind_cloudfront_only_its_prefix_list_may_connect_and_only_with_the_origin_verify_header()
    {
        var ingress = cases.OfType("Fronted", "AWS::EC2::SecurityGroupIngress").Where(i => GetAtt(i.Prop("GroupId")) == Group("Fronted").LogicalId).ToList();
        var serving = cases.OfType("Fronted", "AWS::ElasticLoadBalancingV2::Listener").Single(l => l.Prop("Port")!.Value.GetInt32() == 443);
        var rule = cases.Single("Fronted", "AWS::ElasticLoadBalancingV2::ListenerRule");

        Group("Fronted").Prop("SecurityGroupIngress").Should().BeNull("no inline rules besides the one below");
        ingress.Should().ContainSingle().Which.Str("SourcePrefixListId").Should().Be("pl-4fa04526");
        (ingress[0].Prop("FromPort")!.Value.GetInt32(), ingress[0].Prop("ToPort")!.Value.GetInt32()).Should().Be((443, 443));
        ingress[0].Prop("CidrIp").Should().BeNull();
        var denied = serving.Prop("DefaultActions")!.Value[0];
        (denied.GetProperty("Type").GetString(), denied.GetProperty("FixedResponseConfig").GetProperty("StatusCode").GetString()).Should().Be(("fixed-response", "403"));
        Ref(rule.Prop("ListenerArn")).Should().Be(serving.LogicalId);
        rule.Prop("Actions")!.Value[0].GetProperty("Type").GetString().Should().Be("forward");
        var header = rule.Prop("Conditions")!.Value.EnumerateArray().Should().ContainSingle().Subject.GetProperty("HttpHeaderConfig");
        header.GetProperty("HttpHeaderName").GetString().Should().Be("X-Origin-Verify");
        var value = header.GetProperty("Values")[0].GetProperty("Fn::Join")[1];
        (value[0].GetString(), Ref(value[1]), value[2].GetString()).Should().Be(("{{resolve:secretsmanager:", cases.Single("Fronted", "AWS::SecretsManager::Secret").LogicalId, ":SecretString:::}}"),
            "the secret's value stays out of the template: CloudFormation resolves it");
    }

    [Fact]
    public void With_a_certificate_https_with_a_modern_tls_policy_and_http_redirected()
    {
        var listeners = cases.OfType("Fronted", "AWS::ElasticLoadBalancingV2::Listener").ToDictionary(l => l.Prop("Port")!.Value.GetInt32());
        var redirect = listeners[80].Prop("DefaultActions")!.Value[0];

        listeners.Keys.Should().BeEquivalentTo([80, 443]);
        (listeners[443].Str("Protocol"), listeners[443].Str("SslPolicy")).Should().Be(("HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06"));
        listeners[443].Prop("Certificates")!.Value[0].GetProperty("CertificateArn").GetString().Should().Be(Certificate);
        redirect.GetProperty("Type").GetString().Should().Be("redirect");
        var to = redirect.GetProperty("RedirectConfig");
        (to.GetProperty("Protocol").GetString(), to.GetProperty("Port").GetString(), to.GetProperty("StatusCode").GetString()).Should().Be(("HTTPS", "443", "HTTP_301"));
    }

    [Fact]
    public void Open_to_the_internet_without_a_certificate_one_plain_http_listener_forwards_everything()
    {
        var listener = cases.Single("Open", "AWS::ElasticLoadBalancingV2::Listener");

        Group("Open").Prop("SecurityGroupIngress")!.Value.EnumerateArray().Select(r => (r.GetProperty("CidrIp").GetString(), r.GetProperty("FromPort").GetInt32()))
            .Should().BeEquivalentTo([("0.0.0.0/0", 80)]);
        (listener.Str("Protocol"), listener.Prop("Port")!.Value.GetInt32()).Should().Be(("HTTP", 80));
        listener.Prop("Certificates").Should().BeNull();
        listener.Prop("DefaultActions")!.Value[0].GetProperty("Type").GetString().Should().Be("forward");
        cases.OfType("Open", "AWS::ElasticLoadBalancingV2::ListenerRule").Should().BeEmpty();
    }

    [Theory]
    [InlineData("Fronted", 80, "/healthz", "60")]
    [InlineData("Open", 8080, "/status", "0")]
    public void The_target_group_checks_health_drains_connections_and_slow_starts_as_asked(string name, int port, string path, string slowStart)
    {
        var target = cases.Single(name, "AWS::ElasticLoadBalancingV2::TargetGroup");
        var attributes = Attributes(name, "AWS::ElasticLoadBalancingV2::TargetGroup", "TargetGroupAttributes");

        (target.Prop("Port")!.Value.GetInt32(), target.Str("Protocol"), target.Str("TargetType")).Should().Be((port, "HTTP", "instance"));
        (target.Str("HealthCheckPath"), target.Prop("HealthCheckIntervalSeconds")!.Value.GetInt32(), target.Prop("HealthCheckTimeoutSeconds")!.Value.GetInt32())
            .Should().Be((path, 15, 5));
        (target.Prop("HealthyThresholdCount")!.Value.GetInt32(), target.Prop("UnhealthyThresholdCount")!.Value.GetInt32()).Should().Be((2, 3));
        target.Prop("Matcher")!.Value.GetProperty("HttpCode").GetString().Should().Be("200");
        attributes["deregistration_delay.timeout_seconds"].Should().Be("30");
        attributes.GetValueOrDefault("slow_start.duration_seconds", "0").Should().Be(slowStart);
    }

    [Theory]
    [InlineData("pl-123", true, 0, "must be a prefix list id")]
    [InlineData("pl-4fa04526", true, 10, "SlowStartSeconds")]
    [InlineData("pl-4fa04526", false, 0, "OriginVerifySecret is required")]
    public void The_block_rejects_impossible_props(string prefixList, bool withSecret, int slowStart, string message)
    {
        BlockHarness.Building((stack, vpc) => _ = new LoadBalancer(stack, "Lb", new LoadBalancerProps
        {
            Vpc = vpc,
            DeletionProtection = false,
            CloudFrontPrefixListId = prefixList,
            OriginVerifySecret = withSecret ? Secret.FromSecretNameV2(stack, "OriginVerify", "probe/origin-verify") : null,
            Targets = new TargetGroupSettings { HealthCheck = new HealthCheckSettings { SlowStartSeconds = slowStart } },
        })).Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Every_built_in_prefix_list_id_has_the_managed_list_format()
    {
        CloudFrontPrefixLists.ByRegion.Should().HaveCountGreaterThanOrEqualTo(16);
        CloudFrontPrefixLists.ByRegion.Values.Should().OnlyContain(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^pl-[0-9a-f]{8}$"));
        CloudFrontPrefixLists.ByRegion.Values.Should().OnlyHaveUniqueItems();
        CloudFrontPrefixLists.For("eu-west-1").Should().Be("pl-4fa04526");
        CloudFrontPrefixLists.For("ap-east-1").Should().BeNull();
    }

    public sealed class Cases : BlockHarness
    {
        public Cases()
        {
            var fronted = Case("Fronted");
            Block("LoadBalancer", "web", new LoadBalancer(fronted, "Lb", new LoadBalancerProps
            {
                Vpc = Vpc(fronted), CloudFrontPrefixListId = "pl-4fa04526", OriginVerifySecret = new Secret(fronted, "OriginVerify"),
                CertificateArn = Certificate, DeletionProtection = true,
                Targets = new TargetGroupSettings { HealthCheck = new HealthCheckSettings { SlowStartSeconds = 60 } },
            }));
            var open = Case("Open");
            Block("LoadBalancer", "web", new LoadBalancer(open, "Lb", new LoadBalancerProps
            {
                Vpc = Vpc(open, zones: 2), DeletionProtection = false, AccessLogExpirationDays = 30, AccessLogRemovalPolicy = RemovalPolicy.DESTROY,
                AllowPlainHttpOrigin = true, BehindCloudFront = false,
                Targets = new TargetGroupSettings { Port = 8080, HealthCheck = new HealthCheckSettings { Path = "/status" } },
            }));
            Synthesize();
        }
    }
}

/// <summary>What every load balancer's template shows, for the block's cases and the environments' load balancers.</summary>
public static class LoadBalancerShould
{
    /// <summary>Invalid headers dropped, desync mitigated, deletion protection as asked, access logs on into the block's bucket.</summary>
    public static void BeHardened(IReadOnlyDictionary<string, string?> attributes, string protection, string accessLogsBucket)
    {
        attributes["routing.http.drop_invalid_header_fields.enabled"].Should().Be("true");
        attributes["routing.http.desync_mitigation_mode"].Should().Be("defensive");
        attributes["deletion_protection.enabled"].Should().Be(protection);
        attributes["idle_timeout.timeout_seconds"].Should().Be("60");
        attributes["access_logs.s3.enabled"].Should().Be("true");
        attributes["access_logs.s3.bucket"].Should().Contain(accessLogsBucket);
    }

    /// <summary>The access-log bucket of the block made under <paramref name="id"/>: encrypted, private, TLS only, expiring
    /// its logs after <paramref name="days"/>, delivered to by the region's load-balancing account, its reads logged.</summary>
    public static void KeepAccessLogs(IEnumerable<TemplateResource> resources, string id, int days, string deletion, string account)
    {
        var all = resources.ToList();
        var bucket = all.Single(b => b.Type == "AWS::S3::Bucket" && b.LogicalId.StartsWith($"{id}AccessLogs", StringComparison.Ordinal));
        var serverLogs = all.Single(b => b.Type == "AWS::S3::Bucket" && b.LogicalId.StartsWith($"{id}ServerAccessLogs", StringComparison.Ordinal));
        var logging = bucket.Prop("LoggingConfiguration")!.Value;

        Ref(logging.GetProperty("DestinationBucketName")).Should().Be(serverLogs.LogicalId);
        logging.GetProperty("LogFilePrefix").GetString().Should().Be("alb-access-logs/");
        serverLogs.Raw.GetProperty("DeletionPolicy").GetString().Should().Be(deletion);
        serverLogs.Prop("BucketEncryption").Should().NotBeNull();
        bucket.Prop("BucketEncryption")!.Value.GetProperty("ServerSideEncryptionConfiguration")[0]
            .GetProperty("ServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString().Should().Be("AES256");
        var block = bucket.Prop("PublicAccessBlockConfiguration")!.Value;
        foreach (var flag in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
            block.GetProperty(flag).GetBoolean().Should().BeTrue(flag);
        bucket.Prop("LifecycleConfiguration")!.Value.GetProperty("Rules")[0].GetProperty("ExpirationInDays").GetInt32().Should().Be(days);
        bucket.Raw.GetProperty("DeletionPolicy").GetString().Should().Be(deletion);
        var policy = all.Single(b => b.Type == "AWS::S3::BucketPolicy" && Ref(b.Prop("Bucket")) == bucket.LogicalId)
            .Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray().ToList();
        policy.Should().Contain(s => s.GetProperty("Effect").GetString() == "Deny"
                                     && s.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString() == "false");
        // Delivery from eu-west-1's load-balancing account, only into this account's log prefix.
        policy.Should().Contain(s => s.GetProperty("Effect").GetString() == "Allow" && s.GetProperty("Principal").ToString().Contains("156460612806")
                                     && s.GetProperty("Resource").ToString().Contains($"/alb/AWSLogs/{account}/*"));
    }
}
