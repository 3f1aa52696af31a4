namespace Headroom.App.Preview.Sections;

internal sealed class EdgePreview() : BlockPreview("Edge", 20, "Edge")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block)
    {
        foreach (var distribution in block.OfType("AWS::CloudFront::Distribution"))
        {
            var config = distribution.Prop("DistributionConfig")!.Value;
            var aliases = Strings(config, "Aliases");
            var certificate = config.TryGetProperty("ViewerCertificate", out var vc) ? vc : default;
            var tls = certificate.ValueKind == JsonValueKind.Object && certificate.TryGetProperty("MinimumProtocolVersion", out var p)
                ? $"minimum {p.GetString()}" : "CloudFront's default certificate";
            yield return $"CloudFront in {distribution.Stack} ({Region(env, distribution.Stack)}): " +
                         $"{(aliases.Count > 0 ? string.Join(", ", aliases) : "*.cloudfront.net")}, {tls}, " +
                         $"{Str(config, "HttpVersion")}, {Str(config, "PriceClass")}";
            var behaviours = config.TryGetProperty("CacheBehaviors", out var cb) ? cb.EnumerateArray().ToList() : [];
            var dynamic = config.GetProperty("DefaultCacheBehavior");
            bool ToLoadBalancer(JsonElement b) => b.GetProperty("TargetOriginId").GetString() == dynamic.GetProperty("TargetOriginId").GetString();
            string Paths(IEnumerable<JsonElement> list) => string.Join(", ", list.Select(b => b.GetProperty("PathPattern").GetString()));
            var statics = behaviours.Where(b => !ToLoadBalancer(b) && b.GetProperty("PathPattern").GetString() != "/busy.html");
            yield return $"  static from the bucket (origin access control): {Paths(statics)}; everything else to the load balancer";
            // The services' paths: a managed policy's ID is a literal (CachingDisabled); the pages' own policy is a Ref.
            var services = behaviours.Where(ToLoadBalancer).ToLookup(b => b.GetProperty("CachePolicyId").ValueKind == JsonValueKind.String);
            if (services[true].Any())
                yield return $"  to the load balancer uncached, every viewer header, cookie and query string forwarded: {Paths(services[true])}";
            if (services[false].Any())
                yield return $"  to the load balancer cached as the pages: {Paths(services[false])}";
            var alb = config.GetProperty("Origins").EnumerateArray()
                .FirstOrDefault(o => o.GetProperty("Id").GetString() == dynamic.GetProperty("TargetOriginId").GetString());
            if (alb.ValueKind == JsonValueKind.Object && alb.TryGetProperty("CustomOriginConfig", out var origin))
            {
                var verified = alb.TryGetProperty("OriginCustomHeaders", out var headers)
                    ? $" with the {headers[0].GetProperty("HeaderName").GetString()} header" : "";
                yield return $"  load balancer over {origin.GetProperty("OriginProtocolPolicy").GetString()}{verified}, read timeout {origin.GetProperty("OriginReadTimeout")} s";
                if (origin.GetProperty("OriginProtocolPolicy").GetString() == "http-only")
                    yield return "  warning: plain HTTP from CloudFront to the load balancer (web.loadBalancer.allowPlainHttpOrigin: true): " +
                                 "the origin-verify header and session cookies cross the internet unencrypted";
            }
            var cachePolicyId = dynamic.TryGetProperty("CachePolicyId", out var cp) ? TemplateJson.Ref(cp) : null;
            var cache = block.OfType("AWS::CloudFront::CachePolicy").FirstOrDefault(c => c.LogicalId == cachePolicyId);
            if (cache is not null)
            {
                var key = cache.Prop("CachePolicyConfig")!.Value.GetProperty("ParametersInCacheKeyAndForwardedToOrigin");
                yield return $"  forwards only headers [{Names(key, "HeadersConfig", "Headers")}], cookies [{Names(key, "CookiesConfig", "Cookies")}], " +
                             $"query strings [{Names(key, "QueryStringsConfig", "QueryStrings")}]; cached only as the origin's Cache-Control says";
            }
            var errors = config.TryGetProperty("CustomErrorResponses", out var ce) ? ce.EnumerateArray().ToList() : [];
            if (errors.Count > 0)
                yield return $"  origin {string.Join("/", errors.Select(e => e.GetProperty("ErrorCode").GetInt32()))} -> " +
                             $"{errors[0].GetProperty("ResponsePagePath").GetString()} ({errors[0].GetProperty("ResponseCode")}, retried after {errors[0].GetProperty("ErrorCachingMinTTL")} s)";
            if (config.TryGetProperty("Logging", out var logging))
                yield return $"  access logs to the log bucket under {logging.GetProperty("Prefix").GetString()}";
        }
        foreach (var acl in block.OfType("AWS::WAFv2::WebACL"))
        {
            var rules = acl.Prop("Rules")!.Value.EnumerateArray().OrderBy(r => r.GetProperty("Priority").GetInt32()).ToList();
            foreach (var rule in rules)
            {
                var statement = rule.GetProperty("Statement");
                if (statement.TryGetProperty("RateBasedStatement", out var rate))
                    yield return $"WAF ({acl.Str("Scope")}): rate limit {rate.GetProperty("Limit").GetInt32()} requests per client IP per " +
                                 $"{(rate.TryGetProperty("EvaluationWindowSec", out var w) ? w.GetInt32() : 300)} s";
                if (rule.TryGetProperty("Action", out var action) && action.TryGetProperty("Allow", out _))
                {
                    var by = string.Join(" or ", new[] { ("ByteMatchStatement", "a load-test header (secret value)"), ("IPSetReferenceStatement", "load-generator addresses (IP set)") }
                        .Where(x => statement.ToString().Contains(x.Item1, StringComparison.Ordinal)).Select(x => x.Item2));
                    yield return $"WAF: {rule.GetProperty("Name").GetString()} lets {by} through before the rate limit";
                    if (env.Config.Production)
                        yield return "  warning: production lets load generators past the rate limit (edge.loadTest.allow); remove it when the test is over";
                }
            }
            var managed = rules.Select(r => r.GetProperty("Statement"))
                .Where(s => s.TryGetProperty("ManagedRuleGroupStatement", out _))
                .Select(s => s.GetProperty("ManagedRuleGroupStatement"))
                .ToList();
            yield return $"  managed rules: {string.Join(", ", managed.Select(m => m.GetProperty("Name").GetString()))}";
            var counted = managed.Where(m => m.TryGetProperty("RuleActionOverrides", out _))
                .SelectMany(m => m.GetProperty("RuleActionOverrides").EnumerateArray().Select(o => o.GetProperty("Name").GetString()))
                .ToList();
            if (counted.Count > 0) yield return $"  count only (not blocked): {string.Join(", ", counted)}";
        }
    }

    private static string Names(JsonElement key, string config, string list) =>
        key.GetProperty(config).TryGetProperty(list, out var names) ? string.Join(", ", names.EnumerateArray().Select(n => n.GetString())) : "";

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];

    private static string Region(SynthesizedEnvironment env, string stack) =>
        stack.EndsWith("-Edge", StringComparison.Ordinal) ? Stacks.Wiring.EdgeWiring.Region : env.Config.Region;
}
