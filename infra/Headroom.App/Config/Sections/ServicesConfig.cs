using LoadBalancerBlock = Headroom.Blocks.LoadBalancer.LoadBalancer;

namespace Headroom.App.Config.Sections;

/// <summary>
/// A web-facing service: a fleet of its own behind the web load balancer, with its own target group, reached by
/// the requests whose path matches its patterns; the web fleet keeps every other request. For now a service
/// shares the web tier's instance port, health check, scaling targets, security group and instance permissions
/// (issue 16 gives each service its own port, host headers, security group and role).
/// </summary>
public sealed class ServiceConfig
{
    /// <summary>Names the service's fleet, target group, alarms and preview section.</summary>
    [Field("lower-case letters, digits, `-`, starting with a letter, up to 32; not `web` or `worker`; not repeated (ignoring `-`)", Default = "required")]
    public string Name { get; set; } = "";

    /// <summary>ALB path patterns (case-sensitive; `*` and `?` are wildcards), any of which routes a request here.</summary>
    [Field("1–3 ALB path patterns: `/` then letters, digits and `_-.$/~\"'@:+&*?`, up to 128 characters each, 5 wildcards in all", Default = "required")]
    public List<string> PathPatterns { get; set; } = [];

    /// <summary>The listener rule's priority: lower is matched first, where patterns of two services overlap.</summary>
    [Field("1–49999, not 10 behind CloudFront; unique across services", Default = "required")]
    public int Priority { get; set; }

    [Field("as `web.fleet`; user data gets the web tier's variables", Default = "as `web.fleet`")]
    public FleetConfig Fleet { get; set; } = new();
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

    public static void Validate(ConfigValidator v, string path, IReadOnlyList<ServiceConfig> services)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var priorities = new Dictionary<int, int>();
        var behindCloudFront = v.Root.Web.LoadBalancer.Settings(v.Root).BehindCloudFront;
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

            ValidatePatterns(v, $"{at}.pathPatterns", s.PathPatterns);

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

            s.Fleet.Validate(v, $"{at}.fleet");
            s.Fleet.ValidateUserData(v, $"{at}.fleet", WebConfig.UserDataVariables);
        }
    }

    private static void ValidatePatterns(ConfigValidator v, string path, IReadOnlyList<string> patterns)
    {
        if (!v.Check(patterns.Count is >= 1 and <= LoadBalancerBlock.MaxPathPatterns, path, patterns,
                $"must list 1 to {LoadBalancerBlock.MaxPathPatterns} path patterns (an ALB rule condition takes at most {LoadBalancerBlock.MaxPathPatterns} values)"))
            return;
        var ok = true;
        for (var j = 0; j < patterns.Count; j++)
            ok &= v.Check(LoadBalancerBlock.PathPatternPattern().IsMatch(patterns[j]), $"{path}[{j}]", patterns[j],
                $"must be an ALB path pattern: '/' then letters, digits and _-.$/~\"'@:+&*? (* and ? are wildcards), at most {LoadBalancerBlock.MaxPathPatternLength} characters");
        if (!ok) return;
        for (var j = 0; j < patterns.Count; j++)
        {
            var earlier = patterns.Take(j).ToList().IndexOf(patterns[j]);
            v.Check(earlier < 0, $"{path}[{j}]", patterns[j], $"must not repeat {path}[{earlier}]");
        }
        var wildcards = patterns.Sum(p => p.Count(c => c is '*' or '?'));
        v.Check(wildcards <= LoadBalancerBlock.MaxWildcardsPerRule, path, patterns,
            $"must have at most {LoadBalancerBlock.MaxWildcardsPerRule} wildcards (* and ?) in all (an ALB rule takes no more); these have {wildcards}");
    }
}
