namespace Headroom.Blocks.Edge;

/// <summary>
/// Load generators WAF lets through before its rate rule (one client IP sending thousands of requests is what the
/// rate rule blocks): requests carrying a header whose value is a secret generated in Secrets Manager, or requests
/// from listed address ranges, or both (either one lets a request through).
/// </summary>
public sealed partial record LoadTestAllowSettings
{
    /// <summary>A request header; its value is a secret the edge generates (<c>headroom/&lt;env&gt;/edge/load-test</c>),
    /// read by `headroom loadtest run` and compared by WAF through a dynamic reference. Null: no header.</summary>
    [Field("a header name such as `X-Load-Test`; its value is generated in Secrets Manager as `headroom/<env>/edge/load-test` (us-east-1)", Default = "none")] public string? Header { get; init; }

    /// <summary>IPv4 ranges (CIDR) of the load generators, as an IP set. Empty: none.</summary>
    [Field("IPv4 ranges, /8 to /32, at most 10,000 (an IP set)", Default = "none")] public IReadOnlyList<string> IpAddresses { get; init; } = [];

    /// <summary>WAF's limit on addresses in one IP set (AWS WAF developer guide, "Quotas": 10,000 per IP set).</summary>
    public const int MaxIpAddresses = 10_000;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9-]{0,63}\z")] private static partial Regex HeaderPattern();
    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}/([89]|[12][0-9]|3[0-2])\z")]
    private static partial Regex Ipv4CidrPattern();

    /// <summary>Headers CloudFront or the load balancer already use for something else.</summary>
    private static readonly string[] Reserved = ["host", "authorization", "cookie", "x-forwarded-for", "x-origin-verify"];

    public void Check(ISettingsReport r)
    {
        r.Check(Header is not null || IpAddresses.Count > 0, nameof(Header), null,
            "needs a header or ipAddresses (or both): what lets a load generator through");
        if (Header is { } header && r.Matches(nameof(Header), header, HeaderPattern(), "must be a header name: a letter, then letters, digits and '-', at most 64 characters"))
            r.Check(!Reserved.Contains(header.ToLowerInvariant()), nameof(Header), header, $"must not be one of {string.Join(", ", Reserved)}: they carry other things");
        r.Check(IpAddresses.Count <= MaxIpAddresses, nameof(IpAddresses), $"{IpAddresses.Count} entries", $"must list at most {MaxIpAddresses} (WAF's limit per IP set)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < IpAddresses.Count; i++)
        {
            var at = $"{nameof(IpAddresses)}[{i}]";
            // WAF accepts /1 to /32 for IPv4; wider than /8 lets a continent through, which is never a load generator.
            if (r.Matches(at, IpAddresses[i], Ipv4CidrPattern(), "must be an IPv4 range such as 203.0.113.0/24, from /8 to /32"))
                r.Check(seen.Add(IpAddresses[i]), at, IpAddresses[i], "must not repeat an entry listed before");
        }
    }
}

/// <summary>What the edge does for load tests: nothing unless <see cref="Allow"/> is set.</summary>
public sealed record EdgeLoadTestSettings
{
    /// <summary>Load generators let through before the rate rule; null: none (a load test is rate-limited like anyone).</summary>
    public LoadTestAllowSettings? Allow { get; init; }

    public void Check(ISettingsReport r) => Allow?.Check(r.Under(nameof(Allow)));
}
