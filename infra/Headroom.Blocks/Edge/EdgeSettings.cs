namespace Headroom.Blocks.Edge;

/// <summary>What an edge is, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public partial record EdgeSettings
{
    /// <summary>"100" (North America, Europe, Israel), "200" (adds most of Asia, Africa, the Middle East) or "all".</summary>
    [Field("`100` (North America, Europe, Israel), `200`, `all`")] public string PriceClass { get; init; } = "100";

    /// <summary>Custom domain names (aliases); they need <see cref="CertificateArn"/>.</summary>
    [Field("lower-case domain names (`*.example.com` allowed); need `certificateArn`")] public IReadOnlyList<string> DomainNames { get; init; } = [];

    /// <summary>An ACM certificate in us-east-1 (CloudFront takes no other region) covering every domain name.</summary>
    [Field("an ACM certificate ARN **in us-east-1**; needs `domainNames`")] public string? CertificateArn { get; init; }

    /// <summary>Path patterns served from the static-assets bucket, cached long and compressed.</summary>
    [Field("up to 24 path patterns starting with `/`; not `/*`, not `/busy.html`")] public IReadOnlyList<string> StaticPaths { get; init; } = ["/static/*", "/assets/*"];

    /// <summary>What reaches the load balancer; every one of them is part of the cache key, so a cached
    /// response can never be served to a viewer whose request would have produced another one.</summary>
    [Field("up to 10 header names")] public IReadOnlyList<string> ForwardedHeaders { get; init; } = [];
    /// <summary>Cookies the app's pages depend on (the session cookie).</summary>
    [Field("up to 10 cookie names")] public IReadOnlyList<string> ForwardedCookies { get; init; } = ["session"];
    /// <summary>Query strings the app's pages depend on.</summary>
    [Field("up to 10 query string names")] public IReadOnlyList<string> ForwardedQueryStrings { get; init; } = ["page", "q", "sort"];

    /// <summary>Requests one client IP may make per <see cref="RateLimitWindowSeconds"/> before WAF answers 429.</summary>
    [Field("10 (WAF's minimum) to 2,000,000,000 requests per client IP per window")] public int RateLimit { get; init; } = 2000;
    /// <summary>60, 120, 300 or 600 seconds.</summary>
    [Field("`60`, `120`, `300`, `600`")] public int RateLimitWindowSeconds { get; init; } = 300;
    /// <summary>Rules of AWSManagedRulesCommonRuleSet that only count instead of blocking, such as
    /// SizeRestrictions_BODY for a shop that takes uploads over 8 KB. Every other rule still blocks.</summary>
    [Field("rule names of `AWSManagedRulesCommonRuleSet` that only count, e.g. `[SizeRestrictions_BODY]` for uploads over 8 KB; no repeats", Default = "none (every rule blocks)")] public IReadOnlyList<string> CommonRulesToCount { get; init; } = [];
    /// <summary>Load generators WAF lets through before the rate rule; none by default.</summary>
    public EdgeLoadTestSettings LoadTest { get; init; } = new();

    /// <summary>How long CloudFront waits for the origin's response (1-60 s) before it counts as failed.</summary>
    [Field("1 to 60")] public int OriginReadTimeoutSeconds { get; init; } = 30;
    /// <summary>How long CloudFront keeps serving the busy page for a URL before it tries the origin again.</summary>
    [Field("0 to 3600")] public int BusyPageCacheSeconds { get; init; } = 10;
    /// <summary>Days the CloudFront and bucket access logs are kept.</summary>
    [Field("1 to 3650")] public int LogRetentionDays { get; init; } = 90;
    /// <summary>CloudFront's additional metrics (origin latency, cache hit rate, error rates by code); the alarms use them.</summary>
    [Field("`true` while CloudFront fronts the site (the origin-latency alarm reads them); `false` only without CloudFront")] public bool AdditionalMetrics { get; init; } = true;

    public static readonly string[] PriceClasses = ["100", "200", "all"];

    /// <summary>CloudFront takes at most 10 headers, cookies or query strings in a cache policy.</summary>
    private const int MaxForwarded = 10;

    /// <summary>CloudFront's default quota of cache behaviours per distribution (the default behaviour not counted).</summary>
    public const int MaxBehaviours = 25;

    /// <summary>The busy page takes one of <see cref="MaxBehaviours"/>.</summary>
    private const int MaxStaticPaths = MaxBehaviours - 1;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}\\z")] private static partial Regex WafRuleName();
    [GeneratedRegex(@"^arn:(aws[a-z-]*):acm:([a-z0-9-]+):([0-9]{12}):certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z")]
    private static partial Regex CertificateArnPattern();
    [GeneratedRegex(@"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\z")] private static partial Regex DomainPattern();
    [GeneratedRegex(@"^/[A-Za-z0-9_\-.*$/~""'@:+&]*\z")] private static partial Regex PathPattern();
    [GeneratedRegex(@"^[A-Za-z0-9-]+\z")] private static partial Regex HeaderPattern();
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+\z")] private static partial Regex CookiePattern();
    [GeneratedRegex(@"^[A-Za-z0-9_\-.~\[\]]+\z")] private static partial Regex QueryStringPattern();

    /// <summary>The certificate's account, or null when <see cref="CertificateArn"/> is not an ACM certificate ARN.</summary>
    public string? CertificateAccount =>
        CertificateArn is { } arn && CertificateArnPattern().Match(arn) is { Success: true } m ? m.Groups[3].Value : null;

    /// <summary>What CloudFront and WAF accept.</summary>
    public void Check(ISettingsReport r)
    {
        r.OneOf(nameof(PriceClass), PriceClass, PriceClasses);

        if (CertificateArn is { } arn)
        {
            var match = CertificateArnPattern().Match(arn);
            if (!match.Success)
                r.Problem(nameof(CertificateArn), arn, "must be an ACM certificate ARN: arn:aws:acm:us-east-1:<account>:certificate/<id>");
            else
            {
                r.Check(match.Groups[2].Value == "us-east-1", nameof(CertificateArn), arn,
                    "must be a certificate in us-east-1: CloudFront takes certificates from no other region");
                // CloudFront is in the aws partition.
                r.Check(match.Groups[1].Value == "aws", nameof(CertificateArn), arn, "must be in the aws partition (arn:aws:acm:us-east-1:...), where CloudFront is");
            }
        }
        r.Check(DomainNames.Count == 0 || CertificateArn is not null, nameof(CertificateArn), null,
            "is required with domainNames: a us-east-1 ACM certificate covering them");
        r.Check(DomainNames.Count > 0 || CertificateArn is null, nameof(DomainNames), "[]",
            "must list the domain names the certificate is for (without them CloudFront serves only its own *.cloudfront.net name)");
        Each(nameof(DomainNames), DomainNames, 100, d => DomainPattern().IsMatch(d),
            "must be a lower-case domain name such as shop.example.com (or *.example.com)", StringComparer.Ordinal);

        Each(nameof(StaticPaths), StaticPaths, MaxStaticPaths,
            p => PathPattern().IsMatch(p) && p.Length <= 255 && p != "/*" && p != Edge.BusyPagePath,
            $"must be a CloudFront path pattern such as /static/*: starting with '/', at most 255 characters, not '/*' (every other path goes to the load balancer) and not {Edge.BusyPagePath}",
            StringComparer.Ordinal);
        Each(nameof(ForwardedHeaders), ForwardedHeaders, MaxForwarded, h => HeaderPattern().IsMatch(h),
            "must be a header name: letters, digits and '-'", StringComparer.OrdinalIgnoreCase);
        Each(nameof(ForwardedCookies), ForwardedCookies, MaxForwarded, c => CookiePattern().IsMatch(c),
            "must be a cookie name (no spaces, separators or quotes)", StringComparer.Ordinal);
        Each(nameof(ForwardedQueryStrings), ForwardedQueryStrings, MaxForwarded, q => QueryStringPattern().IsMatch(q),
            "must be a query string name: letters, digits and _-.~[]", StringComparer.Ordinal);

        r.Range(nameof(RateLimit), RateLimit, Edge.MinRateLimit, Edge.MaxRateLimit,
            $"requests per client IP per window; WAF's minimum is {Edge.MinRateLimit}");
        r.OneOf(nameof(RateLimitWindowSeconds), RateLimitWindowSeconds, Edge.RateLimitWindows);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < CommonRulesToCount.Count; i++)
        {
            var rule = CommonRulesToCount[i];
            var at = $"{nameof(CommonRulesToCount)}[{i}]";
            if (r.Matches(at, rule, WafRuleName(), "must be a rule name of AWSManagedRulesCommonRuleSet, such as SizeRestrictions_BODY (letters, digits, '_')"))
                r.Check(counted.Add(rule), at, rule, "must not repeat a rule listed before");
        }
        LoadTest.Check(r.Under(nameof(LoadTest)));
        r.Range(nameof(OriginReadTimeoutSeconds), OriginReadTimeoutSeconds, 1, 60, "CloudFront's limit without a quota increase");
        r.Range(nameof(BusyPageCacheSeconds), BusyPageCacheSeconds, 0, 3600,
            "how long a failed URL shows the busy page before CloudFront tries the origin again");
        r.Range(nameof(LogRetentionDays), LogRetentionDays, 1, 3650);

        void Each(string list, IReadOnlyList<string> items, int max, Func<string, bool> valid, string allowed, StringComparer comparer)
        {
            r.Check(items.Count <= max, list, $"{items.Count} entries", $"must list at most {max}");
            var seen = new HashSet<string>(comparer);
            for (var i = 0; i < items.Count; i++)
            {
                var at = $"{list}[{i}]";
                r.Check(valid(items[i]), at, items[i], allowed);
                r.Check(seen.Add(items[i]), at, items[i], "must not repeat an entry listed before");
            }
        }
    }
}
