namespace Headroom.Tests.Environments;

[Collection(SynthCollection.Name)]
public sealed class EdgeEnvironmentTests(SynthFixture synth, WebVariants variants)
{
    /// <summary>The managed CachingOptimized cache policy's ID (the same in every account).</summary>
    private const string CachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    /// <summary>The real environments, both behind CloudFront.</summary>
    public static TheoryData<string> WithAnEdgeStack => ["prod", "staging"];

    private SynthesizedStack Edge(string env) => synth.Json(env).Stacks.Single(s => s.Name == $"Headroom-{env}-Edge");

    private static TemplateResource One(SynthesizedStack stack, string type) => stack.Resources.Should().ContainSingle(r => r.Type == type).Subject;

    private JsonElement DistributionConfig(string env) => One(Edge(env), "AWS::CloudFront::Distribution").Prop("DistributionConfig")!.Value;

    private static List<JsonElement> Behaviours(JsonElement config) => config.GetProperty("CacheBehaviors").EnumerateArray().ToList();

    private static JsonElement Origin(JsonElement config, string id) =>
        config.GetProperty("Origins").EnumerateArray().Single(o => o.GetProperty("Id").GetString() == id);

    /// <summary>The origin of the default behaviour: the load balancer.</summary>
    private static JsonElement LoadBalancerOrigin(JsonElement config) =>
        Origin(config, config.GetProperty("DefaultCacheBehavior").GetProperty("TargetOriginId").GetString()!);

    private TemplateResource StaticBucket(string env) => Edge(env).Resources.Single(r => r.LogicalId.StartsWith("EdgeStaticAssetsBucket", StringComparison.Ordinal) && r.Type == "AWS::S3::Bucket");

    private static string BucketOriginId(JsonElement config) =>
        config.GetProperty("Origins").EnumerateArray().Single(o => o.TryGetProperty("S3OriginConfig", out _)).GetProperty("Id").GetString()!;

    private static string? Condition(JsonElement condition, string op, string key) =>
        condition.TryGetProperty(op, out var o) && o.TryGetProperty(key, out var v) ? v.ToString() : null;

    [Theory]
    [MemberData(nameof(WithAnEdgeStack))]
    public void The_edge_stack_is_in_us_east_1_and_reads_the_load_balancer_across_regions(string env)
    {
        var artifact = synth.Assembly.GetStackByName($"Headroom-{env}-Edge");
        var config = DistributionConfig(env);
        var alb = LoadBalancerOrigin(config);
        var writer = synth.Json(env).Stacks.Single(s => s.Name == $"Headroom-{env}-App").Resources.Should()
            .ContainSingle(r => r.Type == "Custom::CrossRegionExportWriter").Subject;

        artifact.Environment.Region.Should().Be("us-east-1");
        artifact.Dependencies.Select(d => d.Id).Should().Contain($"Headroom-{env}-App");
        // The App stack (eu-west-1) writes the load balancer's DNS name into an SSM parameter in us-east-1;
        // the edge stack's reader resolves it there.
        var exported = writer.Prop("WriterProps")!.Value;
        exported.GetProperty("region").GetString().Should().Be("us-east-1");
        var (name, value) = exported.GetProperty("exports").EnumerateObject().Should().ContainSingle().Subject switch { var p => (p.Name, p.Value) };
        GetAtt(value).Should().StartWith("WebLoadBalancerAlb");
        value.GetProperty("Fn::GetAtt")[1].GetString().Should().Be("DNSName");
        var domain = alb.GetProperty("DomainName").GetProperty("Fn::GetAtt");
        domain[0].GetString().Should().StartWith("ExportsReader");
        domain[1].GetString().Should().Be(name);
    }

    [Fact]
    public void An_environment_in_us_east_1_still_gets_its_own_edge_stack_with_a_plain_cross_stack_reference()
    {
        var env = variants.App.Json("use1");
        var edge = env.Stacks.Single(s => s.Name == "Headroom-use1-Edge");
        var config = edge.Resources.Single(r => r.Type == "AWS::CloudFront::Distribution").Prop("DistributionConfig")!.Value;
        var alb = LoadBalancerOrigin(config);

        variants.App.Assembly.GetStackByName("Headroom-use1-Edge").Environment.Region.Should().Be("us-east-1");
        Imported(env, alb.GetProperty("DomainName"))!.LogicalId.Should().StartWith("WebLoadBalancerAlb", "same region: an ordinary export");
        env.OfType("Custom::CrossRegionExportWriter").Should().BeEmpty();
        env.Stacks.Single(s => s.Name == "Headroom-use1-Data").Resources.Single(s => s.LogicalId.StartsWith("WebOriginVerifySecret", StringComparison.Ordinal))
            .Prop("ReplicaRegions").Should().BeNull("the secret is already in us-east-1");
    }

    [Fact]
    public void Without_cloudfront_in_front_there_is_no_edge_stack()
    {
        variants.App.Environments["open"].Edge.Should().BeNull();
        variants.App.Environments["open"].Stacks.Select(s => s.Part).Should().Equal("Network", "Data", "App");
        variants.App.Json("open").OfType("AWS::CloudFront::Distribution").Should().BeEmpty();
    }

    [Theory]
    [InlineData("prod", 40000)]
    [InlineData("staging", 1000)]
    public void Waf_limits_each_client_ip_and_applies_the_aws_managed_rules_with_metrics_on(string env, int limit)
    {
        var acl = One(Edge(env), "AWS::WAFv2::WebACL");
        var rules = acl.Prop("Rules")!.Value.EnumerateArray().ToList();

        acl.Str("Scope").Should().Be("CLOUDFRONT");
        acl.Prop("DefaultAction")!.Value.TryGetProperty("Allow", out _).Should().BeTrue();
        var rate = rules.Where(r => r.GetProperty("Statement").TryGetProperty("RateBasedStatement", out _)).Should().ContainSingle().Subject;
        var statement = rate.GetProperty("Statement").GetProperty("RateBasedStatement");
        statement.GetProperty("Limit").GetInt32().Should().Be(limit);
        statement.GetProperty("AggregateKeyType").GetString().Should().Be("IP");
        statement.GetProperty("EvaluationWindowSec").GetInt32().Should().Be(300);
        rate.GetProperty("Action").GetProperty("Block").GetProperty("CustomResponse").GetProperty("ResponseCode").GetInt32().Should().Be(429);
        rules.Where(r => r.GetProperty("Statement").TryGetProperty("ManagedRuleGroupStatement", out _))
            .Select(r => r.GetProperty("Statement").GetProperty("ManagedRuleGroupStatement"))
            .Select(m => $"{m.GetProperty("VendorName").GetString()}/{m.GetProperty("Name").GetString()}")
            .Should().BeEquivalentTo("AWS/AWSManagedRulesCommonRuleSet", "AWS/AWSManagedRulesKnownBadInputsRuleSet", "AWS/AWSManagedRulesAmazonIpReputationList");
        rules.Select(r => r.GetProperty("Priority").GetInt32()).Should().OnlyHaveUniqueItems();
        rules.Select(r => r.GetProperty("VisibilityConfig")).Append(acl.Prop("VisibilityConfig")!.Value).Should()
            .OnlyContain(v => v.GetProperty("CloudWatchMetricsEnabled").GetBoolean() && v.GetProperty("SampledRequestsEnabled").GetBoolean());
        GetAtt(DistributionConfig(env).GetProperty("WebACLId")).Should().Be(acl.LogicalId);
    }

    [Theory]
    [MemberData(nameof(WithAnEdgeStack))]
    public void Static_paths_come_from_the_private_bucket_through_origin_access_control(string env)
    {
        var stack = Edge(env);
        var config = DistributionConfig(env);
        var bucketOrigin = Origin(config, BucketOriginId(config));
        var oac = One(stack, "AWS::CloudFront::OriginAccessControl").Prop("OriginAccessControlConfig")!.Value;

        GetAtt(bucketOrigin.GetProperty("DomainName")).Should().Be(StaticBucket(env).LogicalId);
        GetAtt(bucketOrigin.GetProperty("OriginAccessControlId")).Should().StartWith("EdgeDistributionOrigin2S3OriginAccessControl");
        bucketOrigin.GetProperty("S3OriginConfig").GetProperty("OriginAccessIdentity").GetString().Should().BeEmpty("no legacy origin access identity");
        (oac.GetProperty("OriginAccessControlOriginType").GetString(), oac.GetProperty("SigningBehavior").GetString(), oac.GetProperty("SigningProtocol").GetString())
            .Should().Be(("s3", "always", "sigv4"));

        var statics = Behaviours(config).Where(b => b.GetProperty("TargetOriginId").GetString() == BucketOriginId(config) && b.GetProperty("PathPattern").GetString() != "/busy.html").ToList();
        statics.Select(b => b.GetProperty("PathPattern").GetString()).Should().Equal("/static/*", "/assets/*");
        // The rest are the checkout service's paths, to the load balancer (Services/ServicesTests checks their policies).
        Behaviours(config).Select(b => b.GetProperty("PathPattern").GetString()).Should().Equal("/static/*", "/assets/*", "/busy.html", "/checkout", "/checkout/*", "/api/cart/*");
        foreach (var behaviour in statics)
        {
            behaviour.GetProperty("TargetOriginId").GetString().Should().Be(BucketOriginId(config));
            behaviour.GetProperty("CachePolicyId").GetString().Should().Be(CachingOptimized);
            behaviour.GetProperty("Compress").GetBoolean().Should().BeTrue();
            behaviour.GetProperty("AllowedMethods").EnumerateArray().Select(m => m.GetString()).Should().Equal("GET", "HEAD");
        }

        // Only this distribution may read the bucket.
        var read = stack.Resources.Single(r => r.Type == "AWS::S3::BucketPolicy" && Ref(r.Prop("Bucket")) == StaticBucket(env).LogicalId)
            .Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray()
            .Should().ContainSingle(s => s.GetProperty("Effect").GetString() == "Allow").Subject;
        read.GetProperty("Principal").GetProperty("Service").GetString().Should().Be("cloudfront.amazonaws.com");
        read.GetProperty("Action").GetString().Should().Be("s3:GetObject");
        read.GetProperty("Condition").GetProperty("StringEquals").GetProperty("AWS:SourceArn").ToString()
            .Should().Contain(One(stack, "AWS::CloudFront::Distribution").LogicalId);
    }

    [Theory]
    [MemberData(nameof(WithAnEdgeStack))]
    public void The_static_assets_bucket_is_encrypted_versioned_tls_only_private_and_retained(string env)
    {
        var stack = Edge(env);
        var bucket = StaticBucket(env);

        bucket.Prop("BucketEncryption")!.Value.GetProperty("ServerSideEncryptionConfiguration")[0]
            .GetProperty("ServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString().Should().Be("AES256");
        bucket.Prop("VersioningConfiguration")!.Value.GetProperty("Status").GetString().Should().Be("Enabled");
        var block = bucket.Prop("PublicAccessBlockConfiguration")!.Value;
        foreach (var flag in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
            block.GetProperty(flag).GetBoolean().Should().BeTrue(flag);
        bucket.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
        bucket.Raw.GetProperty("UpdateReplacePolicy").GetString().Should().Be("Retain");

        var denies = stack.Resources.Single(r => r.Type == "AWS::S3::BucketPolicy" && Ref(r.Prop("Bucket")) == bucket.LogicalId)
            .Prop("PolicyDocument")!.Value.GetProperty("Statement").EnumerateArray().Where(s => s.GetProperty("Effect").GetString() == "Deny").ToList();
        denies.Select(s => s.GetProperty("Condition")).Should()
            .ContainSingle(c => Condition(c, "Bool", "aws:SecureTransport") == "false", "no request without TLS")
            .And.ContainSingle(c => Condition(c, "NumericLessThan", "s3:TlsVersion") == "1.2", "nothing older than TLS 1.2");
    }

    [Theory]
    [InlineData("prod", "https-only", new[] { "CloudFront-Forwarded-Proto", "Host" })]
    [InlineData("staging", "https-only", new[] { "CloudFront-Forwarded-Proto", "Host" })]
    public void Dynamic_pages_forward_only_the_configured_values_and_honour_the_origins_cache_control(string env, string protocol, string[] originHeaders)
    {
        var stack = Edge(env);
        var config = DistributionConfig(env);
        var dynamic = config.GetProperty("DefaultCacheBehavior");
        var alb = Origin(config, dynamic.GetProperty("TargetOriginId").GetString()!);

        alb.GetProperty("CustomOriginConfig").GetProperty("OriginProtocolPolicy").GetString().Should().Be(protocol);
        alb.GetProperty("CustomOriginConfig").GetProperty("OriginSSLProtocols").EnumerateArray().Select(p => p.GetString()).Should().Equal("TLSv1.2");
        dynamic.GetProperty("AllowedMethods").EnumerateArray().Select(m => m.GetString()).Should().Contain(["POST", "PUT", "DELETE"], "checkout posts");

        var cache = stack.Resources.Single(r => r.LogicalId == Ref(dynamic.GetProperty("CachePolicyId"))).Prop("CachePolicyConfig")!.Value;
        (cache.GetProperty("MinTTL").GetInt32(), cache.GetProperty("DefaultTTL").GetInt32()).Should().Be((0, 0),
            "a page is cached only when the origin's Cache-Control says so");
        var key = cache.GetProperty("ParametersInCacheKeyAndForwardedToOrigin");
        key.GetProperty("HeadersConfig").GetProperty("HeaderBehavior").GetString().Should().Be("none");
        key.GetProperty("CookiesConfig").GetProperty("CookieBehavior").GetString().Should().Be("whitelist");
        key.GetProperty("CookiesConfig").GetProperty("Cookies").EnumerateArray().Select(c => c.GetString()).Should().Equal("session");
        key.GetProperty("QueryStringsConfig").GetProperty("QueryStrings").EnumerateArray().Select(q => q.GetString()).Should().Equal("page", "q", "sort");

        var request = stack.Resources.Single(r => r.LogicalId == Ref(dynamic.GetProperty("OriginRequestPolicyId"))).Prop("OriginRequestPolicyConfig")!.Value;
        request.GetProperty("HeadersConfig").GetProperty("Headers").EnumerateArray().Select(h => h.GetString()).Should().BeEquivalentTo(originHeaders);
        request.GetProperty("CookiesConfig").GetProperty("CookieBehavior").GetString().Should().Be("none", "cookies reach the origin only through the cache key");
        request.GetProperty("QueryStringsConfig").GetProperty("QueryStringBehavior").GetString().Should().Be("none");
    }

    [Theory]
    [MemberData(nameof(WithAnEdgeStack))]
    public void Only_requests_carrying_the_origin_verify_secret_reach_the_load_balancer(string env)
    {
        var config = DistributionConfig(env);
        var alb = LoadBalancerOrigin(config);
        // In the Data stack, which outlives the App stack (Edge depends on App, App on Data).
        var secret = synth.Json(env).Stacks.Single(s => s.Name == $"Headroom-{env}-Data").Resources
            .Single(s => s.LogicalId.StartsWith("WebOriginVerifySecret", StringComparison.Ordinal));

        var header = alb.GetProperty("OriginCustomHeaders").EnumerateArray().Should().ContainSingle().Subject;
        header.GetProperty("HeaderName").GetString().Should().Be("X-Origin-Verify");
        // A dynamic reference to the replica in us-east-1, by the secret's fixed name: the value is not in the template.
        header.GetProperty("HeaderValue").GetString().Should().Be($"{{{{resolve:secretsmanager:headroom/{env}/web/origin-verify:SecretString:::}}}}");
        secret.Str("Name").Should().Be($"headroom/{env}/web/origin-verify");
        secret.Prop("ReplicaRegions")!.Value.EnumerateArray().Select(r => r.GetProperty("Region").GetString()).Should().Equal("us-east-1");
    }

    [Theory]
    [InlineData("prod", "PriceClass_All")]
    [InlineData("staging", "PriceClass_100")]
    public void Viewers_get_https_only_http2_and_3_and_the_price_class_of_the_environment(string env, string priceClass)
    {
        var config = DistributionConfig(env);

        Behaviours(config).Append(config.GetProperty("DefaultCacheBehavior"))
            .Should().OnlyContain(b => b.GetProperty("ViewerProtocolPolicy").GetString() == "redirect-to-https");
        config.GetProperty("HttpVersion").GetString().Should().Be("http2and3");
        config.GetProperty("IPV6Enabled").GetBoolean().Should().BeTrue();
        config.GetProperty("PriceClass").GetString().Should().Be(priceClass);
    }

    [Fact]
    public void With_a_custom_domain_and_a_us_east_1_certificate_only_modern_tls_is_offered()
    {
        var prod = DistributionConfig("prod");
        var staging = DistributionConfig("staging");

        prod.GetProperty("Aliases").EnumerateArray().Select(a => a.GetString()).Should().Equal("shop.example.com");
        var certificate = prod.GetProperty("ViewerCertificate");
        certificate.GetProperty("AcmCertificateArn").GetString().Should().StartWith("arn:aws:acm:us-east-1:222222222222:certificate/");
        certificate.GetProperty("MinimumProtocolVersion").GetString().Should().Be("TLSv1.2_2021");
        certificate.GetProperty("SslSupportMethod").GetString().Should().Be("sni-only");
        staging.GetProperty("Aliases").EnumerateArray().Select(a => a.GetString()).Should().Equal("staging.shop.example.com");
        staging.GetProperty("ViewerCertificate").GetProperty("MinimumProtocolVersion").GetString().Should().Be("TLSv1.2_2021");
        var noDomain = variants.App.Json("use1").Stacks.Single(s => s.Name == "Headroom-use1-Edge").Resources
            .Single(r => r.Type == "AWS::CloudFront::Distribution").Prop("DistributionConfig")!.Value;
        noDomain.TryGetProperty("ViewerCertificate", out _).Should().BeFalse("without a custom domain: CloudFront's own certificate");
    }

    [Theory]
    [MemberData(nameof(WithAnEdgeStack))]
    public void Every_response_carries_the_security_headers(string env)
    {
        var stack = Edge(env);
        var config = DistributionConfig(env);
        var policy = One(stack, "AWS::CloudFront::ResponseHeadersPolicy");
        var security = policy.Prop("ResponseHeadersPolicyConfig")!.Value.GetProperty("SecurityHeadersConfig");

        var hsts = security.GetProperty("StrictTransportSecurity");
        hsts.GetProperty("AccessControlMaxAgeSec").GetInt32().Should().Be(63072000);
        hsts.GetProperty("IncludeSubdomains").GetBoolean().Should().BeTrue();
        hsts.GetProperty("Override").GetBoolean().Should().BeTrue();
        security.GetProperty("ContentTypeOptions").GetProperty("Override").GetBoolean().Should().BeTrue();
        security.GetProperty("FrameOptions").GetProperty("FrameOption").GetString().Should().Be("SAMEORIGIN");
        security.GetProperty("ReferrerPolicy").GetProperty("ReferrerPolicy").GetString().Should().Be("strict-origin-when-cross-origin");
        Behaviours(config).Append(config.GetProperty("DefaultCacheBehavior"))
            .Should().OnlyContain(b => Ref(b.GetProperty("ResponseHeadersPolicyId")) == policy.LogicalId);
    }

    [Theory]
    [MemberData(nameof(WithAnEdgeStack))]
    public void When_the_load_balancer_fails_viewers_get_the_busy_page_from_the_bucket(string env)
    {
        var stack = Edge(env);
        var config = DistributionConfig(env);

        // 502/503/504 from the load balancer, or CloudFront's own 502/504 when it cannot reach it...
        var errors = config.GetProperty("CustomErrorResponses").EnumerateArray().ToList();
        errors.Select(e => e.GetProperty("ErrorCode").GetInt32()).Should().BeEquivalentTo([502, 503, 504]);
        errors.Should().OnlyContain(e => e.GetProperty("ResponsePagePath").GetString() == "/busy.html"
                                         && e.GetProperty("ResponseCode").GetInt32() == 503
                                         && e.GetProperty("ErrorCachingMinTTL").GetInt32() == 10);
        // ...are answered with /busy.html, which a behaviour of its own fetches from the bucket, not the failing origin...
        var busy = Behaviours(config).Should().ContainSingle(b => b.GetProperty("PathPattern").GetString() == "/busy.html").Subject;
        busy.GetProperty("TargetOriginId").GetString().Should().Be(BucketOriginId(config))
            .And.NotBe(config.GetProperty("DefaultCacheBehavior").GetProperty("TargetOriginId").GetString());

        // ...and the page is deployed into that bucket with every deploy, without pruning the app's assets.
        var deployment = One(stack, "Custom::CDKBucketDeployment");
        Ref(deployment.Prop("DestinationBucketName")).Should().Be(StaticBucket(env).LogicalId);
        deployment.Prop("Prune")!.Value.GetBoolean().Should().BeFalse();
        deployment.Prop("SystemMetadata")!.Value.GetProperty("content-type").GetString().Should().StartWith("text/html");
        var key = deployment.Prop("SourceObjectKeys")!.Value.EnumerateArray().Should().ContainSingle().Subject.GetString()!;
        var staged = Path.Combine(synth.Assembly.Directory, "asset." + Path.GetFileNameWithoutExtension(key), "busy.html");
        File.ReadAllText(staged).Should().Contain("We are very busy right now");
    }

    [Theory]
    [InlineData("prod", 365)]
    [InlineData("staging", 30)]
    public void Standard_access_logs_go_to_a_log_bucket_that_accepts_cloudfronts_acl_delivery(string env, int days)
    {
        var stack = Edge(env);
        var logging = DistributionConfig(env).GetProperty("Logging");
        var bucket = stack.Resources.Single(r => r.LogicalId == GetAtt(logging.GetProperty("Bucket")));

        logging.GetProperty("Prefix").GetString().Should().Be("cloudfront/");
        bucket.Prop("OwnershipControls")!.Value.GetProperty("Rules")[0].GetProperty("ObjectOwnership").GetString().Should().Be("BucketOwnerPreferred");
        bucket.Prop("LifecycleConfiguration")!.Value.GetProperty("Rules")[0].GetProperty("ExpirationInDays").GetInt32().Should().Be(days);
        bucket.Prop("PublicAccessBlockConfiguration")!.Value.GetProperty("BlockPublicAcls").GetBoolean().Should().BeTrue();
        bucket.Raw.GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
        One(stack, "AWS::CloudFront::MonitoringSubscription").Prop("MonitoringSubscription")!.Value
            .GetProperty("RealtimeMetricsSubscriptionConfig").GetProperty("RealtimeMetricsSubscriptionStatus").GetString().Should().Be("Enabled");
    }

    [Theory]
    [MemberData(nameof(WithAnEdgeStack))]
    public void Logical_ids_of_the_buckets_and_the_distribution_are_pinned(string env)
    {
        // A new logical ID replaces the resource: the bucket's assets and logs, or the distribution's domain name.
        var ids = Edge(env).Resources.Where(r => r.Type is "AWS::S3::Bucket" or "AWS::CloudFront::Distribution" or "AWS::WAFv2::WebACL")
            .Select(r => r.LogicalId);

        ids.Should().BeEquivalentTo("EdgeStaticAssetsBucket70A279D9", "EdgeLogBucket8566D7EF", "EdgeDistribution0060737B", "EdgeWebAcl8DEA6539");
    }

    [Fact]
    public void Preview_warns_about_plain_http_to_the_origin_only_where_the_environment_allows_it()
    {
        var section = IPreviewSection.All.Single(s => s.Title == "Edge");

        section.Describe(variants.App.Json("use1")).Should().Contain(l => l.Contains("warning: plain HTTP from CloudFront to the load balancer", StringComparison.Ordinal)
            && l.Contains("allowPlainHttpOrigin: true", StringComparison.Ordinal));
        foreach (var env in new[] { "staging", "prod" })
            section.Describe(synth.Json(env)).Should().NotContain(l => l.Contains("warning", StringComparison.Ordinal), $"{env} speaks HTTPS to its origin")
                .And.Contain(l => l.Contains("load balancer over https-only", StringComparison.Ordinal));
    }
}
