using System.Text.Json;
using Headroom.App.Diff;
using Headroom.App.Preview;

namespace Headroom.App.Checks.Rules;

/// <summary>
/// Every stateful resource (<see cref="StatefulTypes"/>) survives its stack: DeletionPolicy and
/// UpdateReplacePolicy are Retain, RetainExceptOnCreate or, where CloudFormation can take one, Snapshot.
/// CloudFormation's default (Delete) loses the data when the stack goes or the resource is replaced.
/// </summary>
public sealed class StatefulRetainedRule : IRule
{
    /// <summary>The stateful types CloudFormation can snapshot on deletion (its DeletionPolicy documentation).</summary>
    public static readonly IReadOnlySet<string> SnapshotTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup",
    };

    private static readonly string[] Retaining = ["Retain", "RetainExceptOnCreate"];

    public string Id => "Headroom-StatefulRetained";

    public string Title => "Stateful resources are retained or snapshotted when deleted or replaced";

    public string Fix => "set RemovalPolicy.RETAIN (or SNAPSHOT for databases and caches) on the construct, "
                         + "so DeletionPolicy and UpdateReplacePolicy keep the data";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var resource in env.Stacks.SelectMany(s => s.Resources).Where(r => StatefulTypes.Contains(r.Type)))
        {
            var wrong = new[] { "DeletionPolicy", "UpdateReplacePolicy" }
                .Select(attribute => (attribute, policy: resource.Raw.TryGetProperty(attribute, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null))
                .Where(a => !Allowed(resource.Type, a.policy))
                .Select(a => $"{a.attribute} {a.policy ?? "unset (Delete)"}")
                .ToList();
            if (wrong.Count > 0)
                yield return RuleViolation.Of(resource,
                    $"{resource.Type} has {string.Join(" and ", wrong)}, so deleting the stack or replacing the resource destroys it ({StatefulTypes.Reasons[resource.Type]})");
        }
    }

    private static bool Allowed(string type, string? policy) =>
        policy is not null && (Retaining.Contains(policy) || policy == "Snapshot" && SnapshotTypes.Contains(type));
}
