namespace Headroom.App.Checks.Rules;

/// <summary>
/// Every resource of a type that can hold data (<see cref="DataTypes"/>) is stateful and stays so across a
/// replacement: DeletionPolicy and UpdateReplacePolicy are both Retain, RetainExceptOnCreate or, where
/// CloudFormation can take one, Snapshot. CloudFormation's default (Delete) loses the data when the stack
/// goes or the resource is replaced. A resource whose data is expendable (a read replica) keeps Delete and
/// is declared so by an acknowledgement in Acknowledged.cs; the diff gate (<see cref="Stateful"/>) then
/// lets it go.
/// </summary>
public sealed class StatefulRetainedRule : IRule
{
    /// <summary>The data types CloudFormation can snapshot on deletion (its DeletionPolicy documentation).</summary>
    public static readonly IReadOnlySet<string> SnapshotTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup",
    };

    public string Id => "Headroom-StatefulRetained";

    public string Title => "Data types are retained or snapshotted when deleted or replaced, or acknowledged as expendable";

    public string Fix => "set RemovalPolicy.RETAIN (or SNAPSHOT for databases and caches) on the construct, "
                         + "so DeletionPolicy and UpdateReplacePolicy keep the data; if the data is expendable, acknowledge it in Checks/Acknowledged.cs with the reason";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var resource in env.Resources.Where(r => DataTypes.Contains(r.Type)))
        {
            var wrong = new[] { Stateful.DeletionPolicy, Stateful.UpdateReplacePolicy }
                .Select(attribute => (attribute, policy: Stateful.Policy(resource.Raw, attribute)))
                .Where(a => !Keeps(resource.Type, a.policy))
                .Select(a => $"{a.attribute} {a.policy ?? "unset (Delete)"}")
                .ToList();
            if (wrong.Count > 0)
                yield return RuleViolation.Of(resource,
                    $"{resource.Type} has {string.Join(" and ", wrong)}, so deleting the stack or replacing the resource destroys it ({DataTypes.Reasons[resource.Type]})");
        }
    }

    /// <summary>A protecting policy (<see cref="Stateful.ProtectingPolicies"/>) that CloudFormation can honour for this type:
    /// Snapshot only where it can take one; a policy that is not a literal cannot be verified here.</summary>
    private static bool Keeps(string type, string? policy) =>
        policy is not null && Stateful.ProtectingPolicies.Contains(policy) && (policy != "Snapshot" || SnapshotTypes.Contains(type));
}
