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
        Allow = Overrides.Optional(Allow, d.Allow, environment),
    };
}

/// <summary>The `edge.loadTest.allow:` section (<see cref="LoadTestAllowSettings"/>).</summary>
[SectionFields] public sealed partial class LoadTestAllowConfig : IOverrides<LoadTestAllowSettings>;
