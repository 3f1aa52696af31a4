using Headroom.Blocks.LoadBalancer;
using LoadBalancerBlock = Headroom.Blocks.LoadBalancer.LoadBalancer;

namespace Headroom.App.Config.Sections;

/// <summary>
/// A web-facing service: a fleet of its own behind the web load balancer, with its own target group (port and
/// health check), security group (only the load balancer reaches it, on its port), instance role (its own SSM path
/// and secrets, the database and cache secrets, the queues it names) and scaling, reached by the requests whose path
/// (and host, when given) matches its rule; the web fleet keeps every other request.
/// </summary>
public sealed class ServiceConfig
{
    /// <summary>Names the service's fleet, target group, alarms and preview section.</summary>
    [Field("lower-case letters, digits, `-`, starting with a letter, up to 32; not `web` or `worker`; not repeated (ignoring `-`)", Default = "required")]
    public string Name { get; set; } = "";

    /// <summary>ALB path patterns (case-sensitive; `*` and `?` are wildcards), any of which routes a request here.</summary>
    [Field("1–3 ALB path patterns: `/` then letters, digits and `_-.$/~\"'@:+&*?`, up to 128 characters each; no path another service with the same host headers can match", Default = "required")]
    public List<string> PathPatterns { get; set; } = [];

    /// <summary>Host names (case-insensitive; `*` and `?` are wildcards), one of which the request's Host must match too.</summary>
    [Field("0–3 host names: letters, digits, `-`, `.`, `*`, `?`, up to 128 characters; paths + hosts + the origin-verify header at most 5, wildcards at most 5", Default = "none (any host)")]
    public List<string> HostHeaders { get; set; } = [];

    /// <summary>The listener rule's priority: lower is matched first, where rules of two services with different host headers overlap.</summary>
    [Field("1–49999, not 10 behind CloudFront; unique across services", Default = "required")]
    public int Priority { get; set; }

    /// <summary>The fraction of the page (dynamic) requests this service serves, for the capacity and cost models;
    /// the web fleet serves what the services leave.</summary>
    [Field("more than 0, less than 1; all services together less than 1", Default = "required")]
    public double? WorkloadShare { get; set; }

    /// <summary>The port the service listens on in each instance; its target group forwards to it.</summary>
    [Field("1–65535 except 22", Default = "`web.instancePort`")]
    [Setting(nameof(TargetGroupSettings.Port))]
    public int? InstancePort { get; set; }

    [Field("as `web.healthCheck`", Default = "`web.healthCheck`")]
    public HealthCheckConfig HealthCheck { get; set; } = new();

    [Field("as `web.scaling`: target tracking on this service's own requests per target, and CPU", Default = "`web.scaling`")]
    public WebScalingConfig Scaling { get; set; } = new();

    [Field("as `web.fleet`; user data gets the web tier's variables, with the service's port, health path and parameter path", Default = "as `web.fleet`")]
    public FleetConfig Fleet { get; set; } = new();

    /// <summary>Queues (of `queues.list`) the service may send to; it may send to no other.</summary>
    [Field("names from `queues.list`, not repeated", Default = "none")]
    public List<string> Queues { get; set; } = [];

    /// <summary>How CloudFront treats the service's paths: `disabled` passes every request through uncached with every
    /// viewer header, cookie and query string; `origin` caches as the web fleet's pages, as the origin's Cache-Control says.</summary>
    [Field("`disabled` (every request reaches the service, all viewer headers, cookies and query strings forwarded) or `origin` (as the web pages: cached as Cache-Control says)", Default = "`disabled`")]
    public string? EdgeCache { get; set; }

    /// <summary>The target group's port and health check: the web tier's, with what this entry sets.</summary>
    public TargetGroupSettings Targets(EnvironmentConfig environment)
    {
        var web = environment.Web.Settings(environment);
        return web with { Port = InstancePort ?? web.Port, HealthCheck = HealthCheck.Apply(web.HealthCheck, environment) };
    }

    /// <summary>The fleet's settings with the service's own target tracking.</summary>
    public FleetSettings FleetSettings(EnvironmentConfig environment) =>
        Fleet.Settings(environment) with { TargetTracking = Scaling.Apply(environment.Web.Scaling.Settings(environment), environment) };

    public bool CachedAtEdge => EdgeCache == "origin";
}

/// <summary>The `services:` list: each entry checked on its own, then names and priorities across entries.</summary>
public static partial class ServicesConfig
{
    public const int MaxNameLength = 32;

    /// <summary>The fleets the app names itself; a service by such a name would share their alarms and preview sections.</summary>
    public static readonly IReadOnlyList<string> ReservedNames = ["web", "worker"];

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\z")] private static partial Regex NamePattern();

    /// <summary>Names that differ only in '-' may make the same construct ids: "a-b1" and "a-b-1" are both "AB1".</summary>
    public static string Key(string name) => name.Replace("-", "", StringComparison.Ordinal);

    /// <summary>"cart-api" becomes "CartApi": the service's construct ids.</summary>
    public static string Pascal(string name) =>
        string.Concat(name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>What `edgeCache` takes.</summary>
    public static readonly IReadOnlyList<string> EdgeCacheModes = ["disabled", "origin"];

    public static void Validate(ConfigValidator v, string path, IReadOnlyList<ServiceConfig> services)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var priorities = new Dictionary<int, int>();
        var behindCloudFront = v.Root.Web.LoadBalancer.Settings(v.Root).BehindCloudFront;
        var queueNames = v.Root.Queues.Settings(v.Root).Queues.Select(q => q.Name).ToList();
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i];
            var at = $"{path}[{i}]";
            if (v.Required($"{at}.name", s.Name, "the service's name: lower-case letters, digits and '-'")
                && v.Check(!TagsConfig.LooksLikeSecret(s.Name), $"{at}.name", s.Name,
                    "looks like a secret (an access key): service names become alarm and resource names; keep secrets in Secrets Manager")
                && v.Check(NamePattern().IsMatch(s.Name) && s.Name.Length <= MaxNameLength, $"{at}.name", s.Name,
                    $"must be lower-case letters, digits and '-', starting with a letter, at most {MaxNameLength} characters")
                && v.Check(!ReservedNames.Contains(Key(s.Name)), $"{at}.name", s.Name,
                    $"must not be {string.Join(" or ", ReservedNames)}: the app's own fleets are named so"))
            {
                if (names.TryGetValue(Key(s.Name), out var first))
                    v.Error($"{at}.name", s.Name, $"must not repeat the name of {path}[{first}] ('{services[first].Name}'; names are compared ignoring '-')");
                else
                    names[Key(s.Name)] = i;
            }

            if (ValidatePatterns(v, $"{at}.pathPatterns", s.PathPatterns) & ValidateHosts(v, $"{at}.hostHeaders", s.HostHeaders))
                ValidateRuleSize(v, at, s, behindCloudFront);

            if (v.Range($"{at}.priority", s.Priority, 1, LoadBalancerBlock.LastRulePriority - 1,
                    $"the listener rule's priority; {LoadBalancerBlock.LastRulePriority} is the web fleet's catch-all rule")
                && v.Check(!behindCloudFront || s.Priority != LoadBalancerBlock.OriginVerifiedPriority, $"{at}.priority", s.Priority,
                    $"must not be {LoadBalancerBlock.OriginVerifiedPriority} behind CloudFront: the web fleet's rule takes it back when the last service is removed, which would fail while this rule still holds it"))
            {
                if (priorities.TryGetValue(s.Priority, out var first))
                    v.Error($"{at}.priority", s.Priority,
                        $"must be unique: {path}[{first}] ('{services[first].Name}') and {at} ('{s.Name}') both have priority {s.Priority}");
                else
                    priorities[s.Priority] = i;
            }

            if (v.Required($"{at}.workloadShare", s.WorkloadShare, "the fraction of the page requests this service serves, such as 0.15"))
                v.Check(s.WorkloadShare is > 0 and < 1, $"{at}.workloadShare", s.WorkloadShare,
                    "must be more than 0 and less than 1: the fraction of the page requests this service serves (the web fleet serves the rest)");

            s.Targets(v.Root).Check(v.Report(at, typeof(ServiceConfig)));
            s.Scaling.Apply(v.Root.Web.Scaling.Settings(v.Root), v.Root).Check(v.Report($"{at}.scaling", s.Scaling.GetType()));
            s.Fleet.Validate(v, $"{at}.fleet");
            s.Fleet.ValidateUserData(v, $"{at}.fleet", WebConfig.UserDataVariables);

            for (var j = 0; j < s.Queues.Count; j++)
                if (v.Check(queueNames.Contains(s.Queues[j]), $"{at}.queues[{j}]", s.Queues[j],
                        $"must name a queue of queues.list: {(queueNames.Count == 0 ? "there are none" : string.Join(", ", queueNames))}"))
                    v.Check(s.Queues.IndexOf(s.Queues[j]) == j, $"{at}.queues[{j}]", s.Queues[j], $"must not repeat {at}.queues[{s.Queues.IndexOf(s.Queues[j])}]");
            if (s.EdgeCache is not null) v.OneOf($"{at}.edgeCache", s.EdgeCache, EdgeCacheModes);
        }

        ValidateShares(v, path, services);
        ValidateOverlaps(v, path, services);
        if (behindCloudFront) ValidateEdge(v, path, services);
    }

    /// <summary>True when the path patterns are each valid (their count, shape, repeats).</summary>
    private static bool ValidatePatterns(ConfigValidator v, string path, IReadOnlyList<string> patterns) =>
        ValidateValues(v, path, patterns, 1, "path patterns", LoadBalancerBlock.PathPatternPattern(),
            $"must be an ALB path pattern: '/' then letters, digits and _-.$/~\"'@:+&*? (* and ? are wildcards), at most {LoadBalancerBlock.MaxPathPatternLength} characters",
            StringComparer.Ordinal);

    /// <summary>True when the host headers are each valid (their count, shape, repeats ignoring case).</summary>
    private static bool ValidateHosts(ConfigValidator v, string path, IReadOnlyList<string> hosts) =>
        ValidateValues(v, path, hosts, 0, "host names", RoutePatterns.HostHeaderPattern(),
            $"must be a host name for an ALB rule: letters, digits, '-', '.', and * or ? as wildcards, at most {RoutePatterns.MaxHostHeaderLength} characters",
            StringComparer.OrdinalIgnoreCase);

    /// <summary>One condition's values: <paramref name="min"/> to ALB's three, each of the shape, none repeated.</summary>
    private static bool ValidateValues(ConfigValidator v, string path, IReadOnlyList<string> values, int min, string what, Regex shape, string allowed, StringComparer comparer)
    {
        const int max = RoutePatterns.MaxValuesPerCondition;
        if (!v.Check(values.Count >= min && values.Count <= max, path, values,
                $"must list {(min == 0 ? "at most" : $"{min} to")} {max} {what} (an ALB rule condition takes at most {max} values)"))
            return false;
        var ok = true;
        for (var j = 0; j < values.Count; j++)
            ok &= v.Check(shape.IsMatch(values[j]), $"{path}[{j}]", values[j], allowed);
        return ok && NoRepeats(v, path, values, comparer);
    }

    private static bool NoRepeats(ConfigValidator v, string path, IReadOnlyList<string> values, StringComparer comparer)
    {
        var ok = true;
        for (var j = 0; j < values.Count; j++)
        {
            var earlier = values.Take(j).ToList().FindIndex(x => comparer.Equals(x, values[j]));
            ok &= v.Check(earlier < 0, $"{path}[{j}]", values[j], $"must not repeat {path}[{earlier}]");
        }
        return ok;
    }

    /// <summary>ALB's per-rule limits: five condition values (the origin-verify header is one behind CloudFront), five wildcards.</summary>
    private static void ValidateRuleSize(ConfigValidator v, string at, ServiceConfig s, bool behindCloudFront)
    {
        var header = behindCloudFront ? 1 : 0;
        var values = s.PathPatterns.Count + s.HostHeaders.Count + header;
        v.Check(values <= RoutePatterns.MaxValuesPerRule, s.HostHeaders.Count > 0 ? $"{at}.hostHeaders" : $"{at}.pathPatterns", values,
            $"must leave the rule at most {RoutePatterns.MaxValuesPerRule} condition values (an ALB limit): {s.PathPatterns.Count} path pattern(s) + {s.HostHeaders.Count} host(s)"
            + (behindCloudFront ? " + the origin-verify header" : "") + $" = {values}");
        var wildcards = RoutePatterns.Wildcards(s.PathPatterns.Concat(s.HostHeaders));
        v.Check(wildcards <= LoadBalancerBlock.MaxWildcardsPerRule, $"{at}.pathPatterns", s.PathPatterns,
            $"must have at most {LoadBalancerBlock.MaxWildcardsPerRule} wildcards (* and ?) in all, paths and hosts (an ALB rule takes no more); these have {wildcards}");
    }

    /// <summary>The services' shares leave the web fleet some of the page requests.</summary>
    private static void ValidateShares(ConfigValidator v, string path, IReadOnlyList<ServiceConfig> services)
    {
        var total = 0.0;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].WorkloadShare is not (> 0 and < 1) || v.HasError($"{path}[{i}].workloadShare")) continue;
            total += services[i].WorkloadShare!.Value;
            if (!v.Check(total < 1, $"{path}[{i}].workloadShare", services[i].WorkloadShare,
                    $"must leave the web fleet some of the page requests: the services' shares up to {path}[{i}] ('{services[i].Name}') add up to {total.ToString("0.###", CultureInfo.InvariantCulture)}"))
                return;
        }
    }

    /// <summary>Two rules with the same host condition (both none, or the same hosts) whose paths can match the same
    /// request: which service gets it would depend on the priorities alone.</summary>
    private static void ValidateOverlaps(ConfigValidator v, string path, IReadOnlyList<ServiceConfig> services)
    {
        for (var j = 1; j < services.Count; j++)
            for (var i = 0; i < j; i++)
            {
                if (!SameHosts(services[i].HostHeaders, services[j].HostHeaders)) continue;
                if (RoutePatterns.FirstOverlap(services[i].PathPatterns, services[j].PathPatterns) is not var (a, b)) continue;
                var k = services[j].PathPatterns.IndexOf(b);
                v.Error($"{path}[{j}].pathPatterns[{k}]", b,
                    $"must not overlap the paths of {path}[{i}] ('{services[i].Name}'): '{a}' of '{services[i].Name}' and '{b}' of '{services[j].Name}' can match the same path" +
                    (services[j].HostHeaders.Count > 0 ? " on the same hosts" : ""));
            }
    }

    private static bool SameHosts(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(b);

    /// <summary>CloudFront: a service's path must reach the load balancer (not a static path of the bucket), and the
    /// distribution takes at most <see cref="Blocks.Edge.EdgeSettings.MaxBehaviours"/> cache behaviours.</summary>
    private static void ValidateEdge(ConfigValidator v, string path, IReadOnlyList<ServiceConfig> services)
    {
        var edge = v.Root.Edge.Settings(v.Root);
        List<string> bucketPaths = [.. edge.StaticPaths, Blocks.Edge.Edge.BusyPagePath];
        var behaviours = edge.StaticPaths.Count + 1;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < services.Count; i++)
            for (var j = 0; j < services[i].PathPatterns.Count; j++)
            {
                var pattern = services[i].PathPatterns[j];
                var at = $"{path}[{i}].pathPatterns[{j}]";
                if (RoutePatterns.FirstOverlap([pattern], bucketPaths) is var (_, bucket))
                    v.Error(at, pattern, $"must not overlap '{bucket}', which CloudFront serves from the static-assets bucket (edge.staticPaths): such requests would never reach the service");
                if (!seen.TryAdd(pattern, services[i].Name)) continue; // one behaviour per pattern; the overlap check names a repeat
                if (++behaviours == Blocks.Edge.EdgeSettings.MaxBehaviours + 1)
                    v.Error(at, pattern, $"is one CloudFront cache behaviour too many: edge.staticPaths, the busy page and the services' path patterns may be at most {Blocks.Edge.EdgeSettings.MaxBehaviours} (CloudFront's default quota)");
            }
    }
}
