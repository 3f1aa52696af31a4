using System.Text.RegularExpressions;

namespace Headroom.App.Config.Sections;

/// <summary>CloudFront and WAF in front of the load balancer, and the static-assets bucket.</summary>
public sealed partial class EdgeConfig : IConfigSection
{
    /// <summary>"100" (North America, Europe, Israel), "200" (adds most of Asia, Africa, the Middle East) or "all".</summary>
    [Field("`100` (North America, Europe, Israel), `200`, `all`")]
    public string PriceClass { get; set; } = "100";

    /// <summary>Custom domain names of the shop; they need <see cref="CertificateArn"/>.</summary>
    [Field("lower-case domain names (`*.example.com` allowed); need `certificateArn`")]
    public List<string> DomainNames { get; set; } = [];

    /// <summary>An ACM certificate in us-east-1 (CloudFront takes no other region) covering every domain name.</summary>
    [Field("an ACM certificate ARN **in us-east-1**; needs `domainNames`")]
    public string? CertificateArn { get; set; }

    /// <summary>Path patterns served from the static-assets bucket, cached long and compressed.</summary>
    [Field("up to 24 path patterns starting with `/`; not `/*`, not `/busy.html`")]
    public List<string> StaticPaths { get; set; } = ["/static/*", "/assets/*"];

    /// <summary>Request headers the app's pages depend on. Only these reach the load balancer.</summary>
    [Field("up to 10 header names")]
    public List<string> ForwardedHeaders { get; set; } = [];

    /// <summary>Cookies the app's pages depend on (the session cookie). Only these reach the load balancer.</summary>
    [Field("up to 10 cookie names")]
    public List<string> ForwardedCookies { get; set; } = ["session"];

    /// <summary>Query strings the app's pages depend on. Only these reach the load balancer.</summary>
    [Field("up to 10 query string names")]
    public List<string> ForwardedQueryStrings { get; set; } = ["page", "q", "sort"];

    /// <summary>Requests one client IP may make per window before WAF answers 429.</summary>
    [Field("10 (WAF's minimum) to 2,000,000,000 requests per client IP per window")]
    public int RateLimit { get; set; } = 2000;

    /// <summary>The window the rate limit counts over: 60, 120, 300 or 600 seconds.</summary>
    [Field("`60`, `120`, `300`, `600`")]
    public int RateLimitWindowSeconds { get; set; } = 300;

    /// <summary>Rules of WAF's core rule set (AWSManagedRulesCommonRuleSet) that only count instead of
    /// blocking: SizeRestrictions_BODY lets request bodies over 8 KB (uploads) through.</summary>
    [Field("rule names of `AWSManagedRulesCommonRuleSet` that only count, e.g. `[SizeRestrictions_BODY]` for uploads over 8 KB; no repeats", Default = "none (every rule blocks)")]
    public List<string> CommonRulesToCount { get; set; } = [];

    /// <summary>How long CloudFront waits for the load balancer's response before it counts as failed.</summary>
    [Field("1 to 60")]
    public int OriginReadTimeoutSeconds { get; set; } = 30;

    /// <summary>How long the busy page is served for a URL before CloudFront tries the origin again.</summary>
    [Field("0 to 3600")]
    public int BusyPageCacheSeconds { get; set; } = 10;

    /// <summary>Days the CloudFront and bucket access logs are kept.</summary>
    [Field("1 to 3650")]
    public int LogRetentionDays { get; set; } = 90;

    /// <summary>CloudFront's additional metrics (origin latency, cache hit rate); the alarms use them.</summary>
    [Field("`true` while CloudFront fronts the site (the origin-latency alarm reads them); `false` only without CloudFront")]
    public bool AdditionalMetrics { get; set; } = true;

    public static readonly string[] PriceClasses = ["100", "200", "all"];

    /// <summary>The lowest rate limit WAF accepts: 10, per the AWS WAF developer guide ("Rate-based rule
    /// high-level settings": "The lowest limit setting allowed is 10"; it was 100 until 2023).</summary>
    public const int MinRateLimit = Headroom.Blocks.Edge.Edge.MinRateLimit;

    /// <summary>CloudFront takes at most 10 headers, cookies or query strings in a cache policy.</summary>
    private const int MaxForwarded = 10;

    /// <summary>CloudFront's default quota is 25 cache behaviours; the busy page takes one.</summary>
    private const int MaxStaticPaths = 24;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}\\z")] private static partial Regex WafRuleName();
    [GeneratedRegex(@"^arn:(aws[a-z-]*):acm:([a-z0-9-]+):([0-9]{12}):certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z")]
    private static partial Regex CertificateArnPattern();

    [GeneratedRegex(@"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\z")] private static partial Regex DomainPattern();
    [GeneratedRegex(@"^/[A-Za-z0-9_\-.*$/~""'@:+&]*\z")] private static partial Regex PathPattern();
    [GeneratedRegex(@"^[A-Za-z0-9-]+\z")] private static partial Regex HeaderPattern();
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+\z")] private static partial Regex CookiePattern();
    [GeneratedRegex(@"^[A-Za-z0-9_\-.~\[\]]+\z")] private static partial Regex QueryStringPattern();

    public void Validate(ConfigValidator v, string path)
    {
        v.OneOf($"{path}.priceClass", PriceClass, PriceClasses);

        if (CertificateArn is { } arn)
        {
            var match = CertificateArnPattern().Match(arn);
            if (!match.Success)
                v.Error($"{path}.certificateArn", arn, "must be an ACM certificate ARN: arn:aws:acm:us-east-1:<account>:certificate/<id>");
            else
            {
                v.Check(match.Groups[2].Value == "us-east-1", $"{path}.certificateArn", arn,
                    "must be a certificate in us-east-1: CloudFront takes certificates from no other region");
                // CloudFront is in the aws partition and uses certificates of the distribution's own account.
                v.Check(match.Groups[1].Value == "aws", $"{path}.certificateArn", arn, "must be in the aws partition (arn:aws:acm:us-east-1:...), where CloudFront is");
                v.Check(match.Groups[3].Value == v.Root.Account, $"{path}.certificateArn", arn, $"must be a certificate of the environment's account '{v.Root.Account}'");
            }
        }
        v.Check(DomainNames.Count == 0 || CertificateArn is not null, $"{path}.certificateArn", null,
            "is required with domainNames: a us-east-1 ACM certificate covering them");
        v.Check(DomainNames.Count > 0 || CertificateArn is null, $"{path}.domainNames", "[]",
            "must list the domain names the certificate is for (without them CloudFront serves only its own *.cloudfront.net name)");
        // An HTTPS load balancer's certificate names the shop's domain, and CloudFront checks it against the
        // viewer's Host: on *.cloudfront.net alone every request would fail.
        var lb = v.Root.Web.LoadBalancer;
        if (lb.BehindCloudFront && lb.CertificateArn is not null && CertificateArn is null)
            v.Check(DomainNames.Count > 0, $"{path}.domainNames", "[]",
                "must list the shop's domain names (with certificateArn) when web.loadBalancer.certificateArn is set: CloudFront checks the load balancer's certificate against the viewer's host name");
        Each($"{path}.domainNames", DomainNames, 100, d => DomainPattern().IsMatch(d),
            "must be a lower-case domain name such as shop.example.com (or *.example.com)", StringComparer.Ordinal);

        Each($"{path}.staticPaths", StaticPaths, MaxStaticPaths,
            p => PathPattern().IsMatch(p) && p.Length <= 255 && p != "/*" && p != Headroom.Blocks.Edge.Edge.BusyPagePath,
            $"must be a CloudFront path pattern such as /static/*: starting with '/', at most 255 characters, not '/*' (every other path goes to the load balancer) and not {Headroom.Blocks.Edge.Edge.BusyPagePath}",
            StringComparer.Ordinal);
        Each($"{path}.forwardedHeaders", ForwardedHeaders, MaxForwarded, h => HeaderPattern().IsMatch(h),
            "must be a header name: letters, digits and '-'", StringComparer.OrdinalIgnoreCase);
        Each($"{path}.forwardedCookies", ForwardedCookies, MaxForwarded, c => CookiePattern().IsMatch(c),
            "must be a cookie name (no spaces, separators or quotes)", StringComparer.Ordinal);
        Each($"{path}.forwardedQueryStrings", ForwardedQueryStrings, MaxForwarded, q => QueryStringPattern().IsMatch(q),
            "must be a query string name: letters, digits and _-.~[]", StringComparer.Ordinal);

        v.Range($"{path}.rateLimit", RateLimit, MinRateLimit, Headroom.Blocks.Edge.Edge.MaxRateLimit,
            $"requests per client IP per window; WAF's minimum is {MinRateLimit}");
        v.OneOf($"{path}.rateLimitWindowSeconds", RateLimitWindowSeconds, Headroom.Blocks.Edge.Edge.RateLimitWindows);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < CommonRulesToCount.Count; i++)
        {
            var rule = CommonRulesToCount[i];
            var rulePath = $"{path}.commonRulesToCount[{i}]";
            if (v.Matches(rulePath, rule, WafRuleName(), "must be a rule name of AWSManagedRulesCommonRuleSet, such as SizeRestrictions_BODY (letters, digits, '_')"))
                v.Check(counted.Add(rule), rulePath, rule, "must not repeat a rule listed before");
        }
        v.Range($"{path}.originReadTimeoutSeconds", OriginReadTimeoutSeconds, 1, 60, "CloudFront's limit without a quota increase");
        v.Range($"{path}.busyPageCacheSeconds", BusyPageCacheSeconds, 0, 3600,
            "how long a failed URL shows the busy page before CloudFront tries the origin again");
        v.Range($"{path}.logRetentionDays", LogRetentionDays, 1, 3650);
        // CloudFront publishes OriginLatency only with its additional metrics: without them the
        // cloudfront-origin-latency alarm would never see a datapoint, and never fire.
        if (v.Root.Web.LoadBalancer.BehindCloudFront)
            v.Check(AdditionalMetrics, $"{path}.additionalMetrics", false,
                "must stay true while CloudFront fronts the site: the cloudfront-origin-latency alarm reads OriginLatency, which CloudFront publishes only with its additional metrics");

        void Each(string listPath, List<string> items, int max, Func<string, bool> valid, string allowed, StringComparer comparer)
        {
            v.Check(items.Count <= max, listPath, $"{items.Count} entries", $"must list at most {max}");
            var seen = new HashSet<string>(comparer);
            for (var i = 0; i < items.Count; i++)
            {
                var at = $"{listPath}[{i}]";
                v.Check(valid(items[i]), at, items[i], allowed);
                v.Check(seen.Add(items[i]), at, items[i], "must not repeat an entry listed before");
            }
        }
    }
}
