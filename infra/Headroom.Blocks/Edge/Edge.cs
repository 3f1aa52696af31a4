using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.S3.Deployment;
using Amazon.CDK.AWS.WAFv2;

namespace Headroom.Blocks.Edge;

/// <summary>An edge's settings and what it is wired to.</summary>
public sealed record EdgeProps : EdgeSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public EdgeProps(EdgeSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>Prefix for names and metrics, such as "headroom-prod".</summary>
    public required string NamePrefix { get; init; }

    /// <summary>The load balancer's DNS name: the origin of every dynamic request.</summary>
    public required string OriginDomainName { get; init; }

    /// <summary>True when the origin listens with HTTPS (a certificate on the load balancer). CloudFront then
    /// forwards the viewer's Host header, since it checks the origin's certificate against that name.</summary>
    public bool OriginUsesHttps { get; init; }

    /// <summary>The header the load balancer requires on every request, so that only this distribution reaches it.</summary>
    public string? OriginVerifyHeaderName { get; init; }

    /// <summary>Secrets Manager name of the header's value; resolved by CloudFormation in the edge stack's
    /// region (the web tier replicates the secret there), so the value never appears in the template.</summary>
    public string? OriginVerifySecretName { get; init; }

    /// <summary>Field of a JSON secret holding the value; null when the secret is the plain value.</summary>
    public string? OriginVerifySecretJsonField { get; init; }

    /// <summary>A production environment: the load-test allow rule's name and metric say so in capitals.</summary>
    public bool Production { get; init; }

    /// <summary>Secrets Manager name of the load-test header's generated value (with <c>LoadTest.Allow.Header</c>).</summary>
    public string? LoadTestSecretName { get; init; }

    /// <summary>The page served while the origin fails.</summary>
    public string BusyPageHtml { get; init; } = DefaultBusyPage;

    /// <summary>Paths of the load balancer with a cache behaviour of their own (the services' paths): uncached, or
    /// cached as the default behaviour caches the web pages.</summary>
    public IReadOnlyList<OriginPath> OriginPaths { get; init; } = [];

    /// <summary>The settings' rules and what the wiring must agree with.</summary>
    public void CheckWiring(ISettingsReport r)
    {
        Check(r);
        r.Check((OriginVerifyHeaderName is null) == (OriginVerifySecretName is null), nameof(OriginVerifySecretName), OriginVerifySecretName,
            "goes with OriginVerifyHeaderName: the origin-verify header needs both its name and its secret");
        r.Check(LoadTest.Allow?.Header is null || LoadTestSecretName is not null, nameof(LoadTestSecretName), LoadTestSecretName,
            "is required with LoadTest.Allow.Header: the secret that holds the header's value");
        var behaviours = StaticPaths.Count + 1 + OriginPaths.Count;
        r.Check(behaviours <= MaxBehaviours, nameof(OriginPaths), $"{OriginPaths.Count} entries",
            $"must leave the distribution at most {MaxBehaviours} cache behaviours with the static paths and the busy page; it would have {behaviours}");
        var taken = new HashSet<string>([.. StaticPaths, Edge.BusyPagePath], StringComparer.Ordinal);
        for (var i = 0; i < OriginPaths.Count; i++)
        {
            var pattern = OriginPaths[i].PathPattern;
            if (r.Check(LoadBalancer.LoadBalancer.PathPatternPattern().IsMatch(pattern) && pattern != "/*", $"{nameof(OriginPaths)}[{i}]", pattern,
                    "must be a path pattern such as /checkout/*: '/' then letters, digits and _-.$/~\"'@:+&*?, at most 128 characters, not '/*'"))
                r.Check(taken.Add(pattern), $"{nameof(OriginPaths)}[{i}]", pattern, "must not repeat a static path, the busy page or another origin path");
        }
    }

    public const string DefaultBusyPage = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta http-equiv="refresh" content="30">
          <title>We are busy</title>
          <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#222}</style>
        </head>
        <body>
          <h1>We are very busy right now</h1>
          <p>So many people are shopping with us that we need a moment. This page tries again by itself in 30 seconds;
          your basket is safe.</p>
        </body>
        </html>
        """;
}

/// <summary>A path of the load balancer with its own cache behaviour.</summary>
/// <param name="PathPattern">a CloudFront path pattern, such as /checkout/*</param>
/// <param name="Cached">false: caching disabled and every viewer header, cookie and query string forwarded (the managed
/// CachingDisabled and AllViewer policies); true: the web pages' cache and origin-request policies</param>
public sealed record OriginPath(string PathPattern, bool Cached = false);

/// <summary>
/// The edge: a CloudFront distribution in front of the load balancer and a private static-assets bucket
/// (origin access control), a WAF web ACL (rate limit per client IP and AWS managed rules), a busy page
/// served from the bucket while the origin fails, and standard access logs. CLOUDFRONT-scope web ACLs
/// and the distribution's certificate live in us-east-1, so this block belongs in a us-east-1 stack.
/// </summary>
public sealed class Edge : Construct
{
    /// <summary>Where the busy page lives, in the bucket and on the distribution.</summary>
    public const string BusyPagePath = "/busy.html";

    /// <summary>Origin answers that mean "the site is down or overloaded", not "this page has a bug".
    /// CloudFront itself answers 502 and 504 when it cannot reach the origin at all.</summary>
    public static readonly int[] BusyStatusCodes = [502, 503, 504];

    /// <summary>The lowest rate limit WAF accepts (AWS WAF developer guide, "Rate-based rule high-level
    /// settings": "The lowest limit setting allowed is 10"; it was 100 before 2023).</summary>
    public const int MinRateLimit = 10;
    public const int MaxRateLimit = 2_000_000_000;
    public static readonly int[] RateLimitWindows = [60, 120, 300, 600];

    /// <summary>Managed rule groups, in evaluation order after the IP reputation list and the rate limit.</summary>
    public static readonly string[] ManagedRuleGroups =
        ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"];

    public Distribution Distribution { get; }
    public CfnWebACL WebAcl { get; }
    /// <summary>The web ACL's CloudWatch metric name: WAF publishes its metrics under this WebACL dimension.</summary>
    public string WebAclMetricName { get; private set; } = "";
    public Bucket StaticAssetsBucket { get; }
    public Bucket LogBucket { get; }
    /// <summary>The load-test header's value (generated), when <c>LoadTest.Allow.Header</c> is set.</summary>
    public Secret? LoadTestSecret { get; private set; }
    /// <summary>The rule that lets load generators through, when <c>LoadTest.Allow</c> is set.</summary>
    public string? LoadTestRuleName { get; private set; }


    public Edge(Construct scope, string id, EdgeProps props) : base(scope, id)
    {
        Settings.Enforce(nameof(Edge), props.CheckWiring);

        // CloudFront standard logs are delivered with an ACL grant, so ACLs must stay enabled here.
        LogBucket = new Bucket(this, "LogBucket", PrivateBucket(ObjectOwnership.BUCKET_OWNER_PREFERRED,
            new LifecycleRule { Id = "expire-logs", Expiration = Duration.Days(props.LogRetentionDays) }));

        var staticAssets = PrivateBucket(ObjectOwnership.BUCKET_OWNER_ENFORCED,
            new LifecycleRule { Id = "expire-old-versions", NoncurrentVersionExpiration = Duration.Days(30) });
        staticAssets.Versioned = true;
        staticAssets.ServerAccessLogsBucket = LogBucket;
        staticAssets.ServerAccessLogsPrefix = "s3-static-assets/";
        StaticAssetsBucket = new Bucket(this, "StaticAssetsBucket", staticAssets);

        WebAcl = CreateWebAcl(props);

        var bucketOrigin = S3BucketOrigin.WithOriginAccessControl(StaticAssetsBucket);
        var albOrigin = new HttpOrigin(props.OriginDomainName, new HttpOriginProps
        {
            ProtocolPolicy = props.OriginUsesHttps ? OriginProtocolPolicy.HTTPS_ONLY : OriginProtocolPolicy.HTTP_ONLY,
            OriginSslProtocols = [OriginSslPolicy.TLS_V1_2],
            ReadTimeout = Duration.Seconds(props.OriginReadTimeoutSeconds),
            CustomHeaders = OriginVerifyHeaders(props),
        });

        var securityHeaders = new ResponseHeadersPolicy(this, "SecurityHeaders", new ResponseHeadersPolicyProps
        {
            Comment = $"{props.NamePrefix}: security headers on every response",
            SecurityHeadersBehavior = new ResponseSecurityHeadersBehavior
            {
                StrictTransportSecurity = new ResponseHeadersStrictTransportSecurity
                {
                    AccessControlMaxAge = Duration.Days(730),
                    IncludeSubdomains = true,
                    Override = true,
                },
                ContentTypeOptions = new ResponseHeadersContentTypeOptions { Override = true },
                FrameOptions = new ResponseHeadersFrameOptions { FrameOption = HeadersFrameOption.SAMEORIGIN, Override = true },
                ReferrerPolicy = new ResponseHeadersReferrerPolicy { ReferrerPolicy = HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, Override = true },
                XssProtection = new ResponseHeadersXSSProtection { Protection = true, ModeBlock = true, Override = true },
            },
        });

        // Dynamic pages: cached only when and as long as the origin's Cache-Control says (default TTL 0).
        var dynamicCache = new CachePolicy(this, "DynamicCachePolicy", new CachePolicyProps
        {
            Comment = $"{props.NamePrefix}: dynamic pages, honours the origin's Cache-Control",
            MinTtl = Duration.Seconds(0),
            DefaultTtl = Duration.Seconds(0),
            MaxTtl = Duration.Days(365),
            HeaderBehavior = props.ForwardedHeaders.Count > 0 ? CacheHeaderBehavior.AllowList([.. props.ForwardedHeaders]) : CacheHeaderBehavior.None(),
            CookieBehavior = props.ForwardedCookies.Count > 0 ? CacheCookieBehavior.AllowList([.. props.ForwardedCookies]) : CacheCookieBehavior.None(),
            QueryStringBehavior = props.ForwardedQueryStrings.Count > 0 ? CacheQueryStringBehavior.AllowList([.. props.ForwardedQueryStrings]) : CacheQueryStringBehavior.None(),
            EnableAcceptEncodingGzip = true,
            EnableAcceptEncodingBrotli = true,
        });
        // What the origin needs but the cache key must not vary on. Cookies and query strings are in the
        // cache key above, and CloudFront forwards everything that is in the cache key.
        string[] originHeaders = props.OriginUsesHttps ? ["CloudFront-Forwarded-Proto", "Host"] : ["CloudFront-Forwarded-Proto"];
        var dynamicOriginRequest = new OriginRequestPolicy(this, "DynamicOriginRequestPolicy", new OriginRequestPolicyProps
        {
            Comment = $"{props.NamePrefix}: only what the app needs reaches the load balancer",
            HeaderBehavior = OriginRequestHeaderBehavior.AllowList(originHeaders),
            CookieBehavior = OriginRequestCookieBehavior.None(),
            QueryStringBehavior = OriginRequestQueryStringBehavior.None(),
        });

        var staticBehavior = new BehaviorOptions
        {
            Origin = bucketOrigin,
            ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            AllowedMethods = AllowedMethods.ALLOW_GET_HEAD,
            CachedMethods = CachedMethods.CACHE_GET_HEAD,
            CachePolicy = CachePolicy.CACHING_OPTIMIZED,
            ResponseHeadersPolicy = securityHeaders,
            Compress = true,
        };
        var additional = props.StaticPaths.ToDictionary(p => p, _ => (IBehaviorOptions)staticBehavior);
        // The busy page must come from the bucket even when the origin behind "*" is down.
        additional[BusyPagePath] = staticBehavior;
        // To the load balancer: cached as the pages are (the dynamic cache policy), or uncached, when each request
        // reaches the origin with everything the viewer sent (checkout, basket, APIs).
        BehaviorOptions ToOrigin(bool cached) => new()
        {
            Origin = albOrigin,
            ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            // A shop posts (basket, checkout, login). Origin groups only take GET/HEAD/OPTIONS
            // behaviours, so the busy page comes from the error responses below instead.
            AllowedMethods = AllowedMethods.ALLOW_ALL,
            CachedMethods = CachedMethods.CACHE_GET_HEAD,
            CachePolicy = cached ? dynamicCache : CachePolicy.CACHING_DISABLED,
            OriginRequestPolicy = cached ? dynamicOriginRequest : OriginRequestPolicy.ALL_VIEWER,
            ResponseHeadersPolicy = securityHeaders,
            Compress = true,
        };
        // The services' paths, after the bucket's: the load balancer routes them to their fleets.
        foreach (var path in props.OriginPaths) additional[path.PathPattern] = ToOrigin(path.Cached);

        Distribution = new Distribution(this, "Distribution", new DistributionProps
        {
            Comment = $"{props.NamePrefix} edge",
            DefaultBehavior = ToOrigin(cached: true),
            AdditionalBehaviors = additional,
            ErrorResponses = BusyStatusCodes.Select(code => new ErrorResponse
            {
                HttpStatus = code,
                ResponseHttpStatus = 503,
                ResponsePagePath = BusyPagePath,
                Ttl = Duration.Seconds(props.BusyPageCacheSeconds),
            }).ToArray<IErrorResponse>(),
            HttpVersion = HttpVersion.HTTP2_AND_3,
            EnableIpv6 = true,
            PriceClass = Price(props.PriceClass),
            DomainNames = props.DomainNames.Count > 0 ? [.. props.DomainNames] : null,
            Certificate = props.CertificateArn is null ? null : Certificate.FromCertificateArn(this, "Certificate", props.CertificateArn),
            MinimumProtocolVersion = props.CertificateArn is null ? null : SecurityPolicyProtocol.TLS_V1_2_2021,
            SslSupportMethod = props.CertificateArn is null ? null : SSLMethod.SNI,
            WebAclId = WebAcl.AttrArn,
            EnableLogging = true,
            LogBucket = LogBucket,
            LogFilePrefix = "cloudfront/",
            PublishAdditionalMetrics = props.AdditionalMetrics,
        });

        // The busy page ships with every deploy; pruning stays off so the app's own assets are left alone.
        new BucketDeployment(this, "BusyPage", new BucketDeploymentProps
        {
            DestinationBucket = StaticAssetsBucket,
            Sources = [Source.Data(BusyPagePath.TrimStart('/'), props.BusyPageHtml)],
            Prune = false,
            RetainOnDelete = true,
            ContentType = "text/html; charset=utf-8",
            CacheControl = [CacheControl.MaxAge(Duration.Seconds(60))],
        });
    }

    /// <summary>
    /// What both buckets of the edge are: private, encrypted with SSE-S3 (CloudFront reads the static assets through
    /// origin access control without a KMS key policy), reached over TLS 1.2 or later only, and retained.
    /// </summary>
    private static BucketProps PrivateBucket(ObjectOwnership ownership, LifecycleRule lifecycle) => new()
    {
        ObjectOwnership = ownership,
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        Encryption = BucketEncryption.S3_MANAGED,
        EnforceSSL = true,
        MinimumTLSVersion = 1.2,
        LifecycleRules = [lifecycle],
        RemovalPolicy = RemovalPolicy.RETAIN,
    };

    private static PriceClass Price(string priceClass) => priceClass switch
    {
        "100" => PriceClass.PRICE_CLASS_100,
        "200" => PriceClass.PRICE_CLASS_200,
        "all" => PriceClass.PRICE_CLASS_ALL,
        _ => throw new ArgumentOutOfRangeException(nameof(priceClass), priceClass, "no such price class"),
    };

    private static Dictionary<string, string>? OriginVerifyHeaders(EdgeProps props)
    {
        if (props.OriginVerifyHeaderName is null || props.OriginVerifySecretName is null) return null;
        // A dynamic reference: CloudFormation reads the secret at deploy time; the template holds only its name.
        var value = SecretValue.SecretsManager(props.OriginVerifySecretName, new SecretsManagerSecretOptions
        {
            JsonField = props.OriginVerifySecretJsonField,
        });
        return new Dictionary<string, string> { [props.OriginVerifyHeaderName] = value.UnsafeUnwrap() };
    }

    private CfnWebACL CreateWebAcl(EdgeProps props)
    {
        CfnWebACL.VisibilityConfigProperty Visibility(string name) => new()
        {
            CloudWatchMetricsEnabled = true,
            SampledRequestsEnabled = true,
            MetricName = $"{props.NamePrefix}-{name}",
        };

        // Priorities follow the list's order; the load-test rule, when there is one, comes just before the rate rule.
        var priority = 0;
        var rules = new List<CfnWebACL.RuleProperty> { ManagedRule(priority++, ManagedRuleGroups[0]) };
        if (props.LoadTest.Allow is { } allow) rules.Add(LoadTestAllowRule(props, allow, priority++, Visibility));
        rules.AddRange(
        [
            new()
            {
                Name = "RateLimitPerClientIp",
                Priority = priority++,
                Statement = new CfnWebACL.StatementProperty
                {
                    RateBasedStatement = new CfnWebACL.RateBasedStatementProperty
                    {
                        Limit = props.RateLimit,
                        EvaluationWindowSec = props.RateLimitWindowSeconds,
                        AggregateKeyType = "IP",
                    },
                },
                Action = new CfnWebACL.RuleActionProperty
                {
                    Block = new CfnWebACL.BlockActionProperty
                    {
                        CustomResponse = new CfnWebACL.CustomResponseProperty { ResponseCode = 429 },
                    },
                },
                VisibilityConfig = Visibility("rate-limit"),
            },
            ManagedRule(priority++, ManagedRuleGroups[1], props.CommonRulesToCount),
            ManagedRule(priority, ManagedRuleGroups[2]),
        ]);

        var visibility = Visibility("web-acl");
        WebAclMetricName = visibility.MetricName;
        return new CfnWebACL(this, "WebAcl", new CfnWebACLProps
        {
            Name = $"{props.NamePrefix}-edge",
            Description = $"{props.NamePrefix}: rate limit per client IP and AWS managed rules in front of CloudFront",
            Scope = "CLOUDFRONT",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = visibility,
            Rules = rules.ToArray(),
        });

        CfnWebACL.RuleProperty ManagedRule(int priority, string name, IReadOnlyList<string>? countOnly = null) => new()
        {
            Name = name,
            Priority = priority,
            Statement = new CfnWebACL.StatementProperty
            {
                ManagedRuleGroupStatement = new CfnWebACL.ManagedRuleGroupStatementProperty
                {
                    VendorName = "AWS",
                    Name = name,
                    RuleActionOverrides = countOnly is { Count: > 0 }
                        ? countOnly.Select(rule => (object)new CfnWebACL.RuleActionOverrideProperty
                        {
                            Name = rule,
                            ActionToUse = new CfnWebACL.RuleActionProperty { Count = new CfnWebACL.CountActionProperty() },
                        }).ToArray()
                        : null,
                },
            },
            OverrideAction = new CfnWebACL.OverrideActionProperty { None = new Dictionary<string, object>() },
            VisibilityConfig = Visibility(name),
        };
    }
    /// <summary>Lets load generators through before the rate rule: the header with the secret's value (compared through a
    /// dynamic reference, so the value is in neither the template nor the config), or an address of the IP set.
    /// Allow ends WAF's evaluation, so the managed rules after it do not see these requests either.</summary>
    private CfnWebACL.RuleProperty LoadTestAllowRule(EdgeProps props, LoadTestAllowSettings allow, int priority,
        Func<string, CfnWebACL.VisibilityConfigProperty> visibility)
    {
        var conditions = new List<CfnWebACL.StatementProperty>();
        if (allow.Header is { } header)
        {
            LoadTestSecret = new Secret(this, "LoadTestSecret", new SecretProps
            {
                SecretName = props.LoadTestSecretName,
                Description = $"{props.NamePrefix}: the {header} header's value that lets a load test through WAF's rate rule",
                GenerateSecretString = new SecretStringGenerator { ExcludePunctuation = true, PasswordLength = 40 },
            });
            conditions.Add(new CfnWebACL.StatementProperty
            {
                ByteMatchStatement = new CfnWebACL.ByteMatchStatementProperty
                {
                    FieldToMatch = new CfnWebACL.FieldToMatchProperty { SingleHeader = new Dictionary<string, string> { ["Name"] = header.ToLowerInvariant() } },
                    PositionalConstraint = "EXACTLY",
                    SearchString = LoadTestSecret.SecretValue.UnsafeUnwrap(),
                    TextTransformations = new object[] { new CfnWebACL.TextTransformationProperty { Priority = 0, Type = "NONE" } },
                },
            });
        }
        if (allow.IpAddresses.Count > 0)
        {
            var ipSet = new CfnIPSet(this, "LoadTestIpSet", new CfnIPSetProps
            {
                Name = $"{props.NamePrefix}-load-test",
                Description = $"{props.NamePrefix}: load generators WAF lets through before its rate rule",
                Scope = "CLOUDFRONT",
                IpAddressVersion = "IPV4",
                Addresses = allow.IpAddresses.ToArray(),
            });
            conditions.Add(new CfnWebACL.StatementProperty
            {
                IpSetReferenceStatement = new CfnWebACL.IPSetReferenceStatementProperty { Arn = ipSet.AttrArn },
            });
        }
        // Production says it in the rule's name and metric: a rule that waves traffic past the rate limit there is
        // meant to be there only while a test runs.
        LoadTestRuleName = props.Production ? "PRODUCTION_LoadTestAllow" : "LoadTestAllow";
        return new CfnWebACL.RuleProperty
        {
            Name = LoadTestRuleName,
            Priority = priority,
            Statement = conditions.Count == 1
                ? conditions[0]
                : new CfnWebACL.StatementProperty { OrStatement = new CfnWebACL.OrStatementProperty { Statements = conditions.ToArray() } },
            Action = new CfnWebACL.RuleActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = visibility(props.Production ? "PRODUCTION-load-test-allow" : "load-test-allow"),
        };
    }
}
