using Headroom.Blocks.Edge;

namespace Headroom.App.Config.Sections;

/// <summary>The `edge.loadTest:` section: what WAF does for load tests (<see cref="EdgeLoadTestSettings"/>).</summary>
public sealed class EdgeLoadTestConfig : IOverrides<EdgeLoadTestSettings>
{
    /// <summary>Load generators let through before the rate rule.</summary>
    [Field("a header (its value a generated secret) or IP ranges that WAF lets through before its rate rule (`edge.loadTest.allow.*`)", Default = "none")]
    public LoadTestAllowConfig? Allow { get; set; }

    public EdgeLoadTestSettings Apply(EdgeLoadTestSettings d, EnvironmentConfig environment) => d with
    {
        Allow = Allow is null ? d.Allow : Allow.Apply(d.Allow ?? new LoadTestAllowSettings(), environment),
    };
}

/// <summary>The `edge.loadTest.allow:` section (<see cref="LoadTestAllowSettings"/>).</summary>
public sealed class LoadTestAllowConfig : IOverrides<LoadTestAllowSettings>
{
    /// <summary>The header whose value (a secret the edge generates) lets a request through.</summary>
    [Field("a header name such as `X-Load-Test`; its value is generated in Secrets Manager as `headroom/<env>/edge/load-test` (us-east-1)", Default = "none")]
    public string? Header { get; set; }

    /// <summary>The load generators' addresses.</summary>
    [Field("IPv4 ranges, /8 to /32, at most 10,000 (an IP set)", Default = "none")]
    public List<string>? IpAddresses { get; set; }

    public LoadTestAllowSettings Apply(LoadTestAllowSettings d, EnvironmentConfig environment) => d with
    {
        Header = Header ?? d.Header,
        IpAddresses = IpAddresses ?? d.IpAddresses,
    };
}
