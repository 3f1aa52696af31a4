using Headroom.Blocks.Edge;

namespace Headroom.App.Config.Sections;

/// <summary>The `edge:` section: overrides of the edge block's settings (<see cref="EdgeSettings"/>: CloudFront and
/// WAF in front of the load balancer, the static-assets bucket), and what the rest of the environment asks of it.</summary>
public sealed class EdgeConfig : IConfigSection, IOverrides<EdgeSettings>
{
    /// <summary>"100" (North America, Europe, Israel), "200" (adds most of Asia, Africa, the Middle East) or "all".</summary>
    [Field("`100` (North America, Europe, Israel), `200`, `all`")]
    public string? PriceClass { get; set; }

    /// <summary>Custom domain names of the shop; they need <see cref="CertificateArn"/>.</summary>
    [Field("lower-case domain names (`*.example.com` allowed); need `certificateArn`")]
    public List<string>? DomainNames { get; set; }

    /// <summary>An ACM certificate in us-east-1 (CloudFront takes no other region) covering every domain name.</summary>
    [Field("an ACM certificate ARN **in us-east-1**; needs `domainNames`")]
    public string? CertificateArn { get; set; }

    /// <summary>Path patterns served from the static-assets bucket, cached long and compressed.</summary>
    [Field("up to 24 path patterns starting with `/`; not `/*`, not `/busy.html`")]
    public List<string>? StaticPaths { get; set; }

    /// <summary>Request headers the app's pages depend on. Only these reach the load balancer.</summary>
    [Field("up to 10 header names")]
    public List<string>? ForwardedHeaders { get; set; }

    /// <summary>Cookies the app's pages depend on (the session cookie). Only these reach the load balancer.</summary>
    [Field("up to 10 cookie names")]
    public List<string>? ForwardedCookies { get; set; }

    /// <summary>Query strings the app's pages depend on. Only these reach the load balancer.</summary>
    [Field("up to 10 query string names")]
    public List<string>? ForwardedQueryStrings { get; set; }

    /// <summary>Requests one client IP may make per window before WAF answers 429.</summary>
    [Field("10 (WAF's minimum) to 2,000,000,000 requests per client IP per window")]
    public int? RateLimit { get; set; }

    /// <summary>The window the rate limit counts over: 60, 120, 300 or 600 seconds.</summary>
    [Field("`60`, `120`, `300`, `600`")]
    public int? RateLimitWindowSeconds { get; set; }

    /// <summary>Rules of WAF's core rule set (AWSManagedRulesCommonRuleSet) that only count instead of
    /// blocking: SizeRestrictions_BODY lets request bodies over 8 KB (uploads) through.</summary>
    [Field("rule names of `AWSManagedRulesCommonRuleSet` that only count, e.g. `[SizeRestrictions_BODY]` for uploads over 8 KB; no repeats", Default = "none (every rule blocks)")]
    public List<string>? CommonRulesToCount { get; set; }

    /// <summary>What WAF lets through for load tests (`edge.loadTest.allow`).</summary>
    public EdgeLoadTestConfig LoadTest { get; set; } = new();

    /// <summary>How long CloudFront waits for the load balancer's response before it counts as failed.</summary>
    [Field("1 to 60")]
    public int? OriginReadTimeoutSeconds { get; set; }

    /// <summary>How long the busy page is served for a URL before CloudFront tries the origin again.</summary>
    [Field("0 to 3600")]
    public int? BusyPageCacheSeconds { get; set; }

    /// <summary>Days the CloudFront and bucket access logs are kept.</summary>
    [Field("1 to 3650")]
    public int? LogRetentionDays { get; set; }

    /// <summary>CloudFront's additional metrics (origin latency, cache hit rate); the alarms use them.</summary>
    [Field("`true` while CloudFront fronts the site (the origin-latency alarm reads them); `false` only without CloudFront")]
    public bool? AdditionalMetrics { get; set; }

    public EdgeSettings Apply(EdgeSettings d, EnvironmentConfig environment) => d with
    {
        PriceClass = PriceClass ?? d.PriceClass,
        DomainNames = DomainNames ?? d.DomainNames,
        CertificateArn = CertificateArn ?? d.CertificateArn,
        StaticPaths = StaticPaths ?? d.StaticPaths,
        ForwardedHeaders = ForwardedHeaders ?? d.ForwardedHeaders,
        ForwardedCookies = ForwardedCookies ?? d.ForwardedCookies,
        ForwardedQueryStrings = ForwardedQueryStrings ?? d.ForwardedQueryStrings,
        RateLimit = RateLimit ?? d.RateLimit,
        RateLimitWindowSeconds = RateLimitWindowSeconds ?? d.RateLimitWindowSeconds,
        CommonRulesToCount = CommonRulesToCount ?? d.CommonRulesToCount,
        LoadTest = LoadTest.Apply(d.LoadTest, environment),
        OriginReadTimeoutSeconds = OriginReadTimeoutSeconds ?? d.OriginReadTimeoutSeconds,
        BusyPageCacheSeconds = BusyPageCacheSeconds ?? d.BusyPageCacheSeconds,
        LogRetentionDays = LogRetentionDays ?? d.LogRetentionDays,
        AdditionalMetrics = AdditionalMetrics ?? d.AdditionalMetrics,
    };

    /// <summary>The block's settings for this environment.</summary>
    public EdgeSettings Settings(EnvironmentConfig environment) => Apply(new EdgeSettings(), environment);

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // The environment's account, and what the web tier asks of the edge in front of it.
        if (settings.CertificateAccount is { } account)
            v.Check(account == v.Root.Account, $"{path}.certificateArn", settings.CertificateArn, $"must be a certificate of the environment's account '{v.Root.Account}'");
        var lb = v.Root.Web.LoadBalancer.Settings(v.Root);
        // An HTTPS load balancer's certificate names the shop's domain, and CloudFront checks it against the
        // viewer's Host: on *.cloudfront.net alone every request would fail.
        if (lb.BehindCloudFront && lb.CertificateArn is not null && settings.CertificateArn is null)
            v.Check(settings.DomainNames.Count > 0, $"{path}.domainNames", "[]",
                "must list the shop's domain names (with certificateArn) when web.loadBalancer.certificateArn is set: CloudFront checks the load balancer's certificate against the viewer's host name");
        // CloudFront publishes OriginLatency only with its additional metrics: without them the
        // cloudfront-origin-latency alarm would never see a datapoint, and never fire.
        if (lb.BehindCloudFront)
            v.Check(settings.AdditionalMetrics, $"{path}.additionalMetrics", false,
                "must stay true while CloudFront fronts the site: the cloudfront-origin-latency alarm reads OriginLatency, which CloudFront publishes only with its additional metrics");
    }
}
