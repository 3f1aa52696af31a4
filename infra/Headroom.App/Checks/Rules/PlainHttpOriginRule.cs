namespace Headroom.App.Checks.Rules;

/// <summary>
/// No plain HTTP to the origin by accident: the origin-verify header and session cookies cross the internet
/// between CloudFront (or the viewer) and the load balancer. Flags a CloudFront origin reached over HTTP and
/// a load-balancer listener that serves HTTP instead of redirecting it. An environment that means it says
/// <c>web.loadBalancer.allowPlainHttpOrigin: true</c> (never in production), which acknowledges these findings;
/// `headroom check` still prints them as warnings.
/// </summary>
public sealed class PlainHttpOriginRule : IRule
{
    public string Id => "Headroom-PlainHttpOrigin";

    public string Title => "CloudFront and viewers reach the load balancer over HTTPS";

    public string Fix => "give the load balancer a certificate (web.loadBalancer.certificateArn); outside production, say web.loadBalancer.allowPlainHttpOrigin: true to accept plain HTTP";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var distribution in env.OfType("AWS::CloudFront::Distribution"))
        {
            if (distribution.Prop("DistributionConfig") is not { } config || !config.TryGetProperty("Origins", out var origins)) continue;
            foreach (var origin in origins.EnumerateArray())
            {
                if (!origin.TryGetProperty("CustomOriginConfig", out var custom)) continue;
                var policy = custom.TryGetProperty("OriginProtocolPolicy", out var p) ? p.GetString() : null;
                if (policy is "http-only" or "match-viewer")
                    yield return RuleViolation.Of(distribution, $"origin {OriginId(origin)} is reached over {policy}: plain HTTP across the internet", OriginId(origin));
            }
        }
        foreach (var listener in env.OfType("AWS::ElasticLoadBalancingV2::Listener"))
        {
            if (listener.Str("Protocol") != "HTTP") continue;
            var actions = listener.Prop("DefaultActions");
            var redirects = actions is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() > 0
                            && a[0].TryGetProperty("Type", out var type) && type.GetString() == "redirect";
            if (!redirects)
                yield return RuleViolation.Of(listener, $"listener on port {listener.Prop("Port")} serves plain HTTP instead of redirecting to HTTPS");
        }
    }

    private static string OriginId(JsonElement origin) => origin.TryGetProperty("Id", out var id) ? id.GetString() ?? "?" : "?";
}
