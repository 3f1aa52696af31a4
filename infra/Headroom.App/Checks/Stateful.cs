namespace Headroom.App.Checks;

/// <summary>
/// "Stateful", decided once: a resource is stateful (its data is protected) when its DeletionPolicy or
/// its UpdateReplacePolicy is Retain, RetainExceptOnCreate or Snapshot. Its type does not decide: a read
/// replica is a database, but with Delete it is declared expendable. Read by the diff gate (replacing,
/// deleting or orphaning a stateful resource fails `headroom diff`) and by the rule pack
/// (Headroom-StatefulPinned pins stateful resources; Headroom-StatefulRetained makes every
/// <see cref="DataTypes">data type</see> stateful unless it is acknowledged as expendable).
/// </summary>
public static class Stateful
{
    public const string DeletionPolicy = "DeletionPolicy";
    public const string UpdateReplacePolicy = "UpdateReplacePolicy";

    /// <summary>The policies that keep the data (CloudFormation's default, Delete, does not).</summary>
    public static readonly IReadOnlySet<string> ProtectingPolicies = new HashSet<string>(StringComparer.Ordinal)
    {
        "Retain", "RetainExceptOnCreate", "Snapshot",
    };

    /// <summary>
    /// A policy that keeps the data. One that is not a literal (Fn::If under the AWS::LanguageExtensions
    /// transform) may resolve to Retain at deploy time, so it counts: the gate errs on the side of the data.
    /// </summary>
    public static bool Protects(string? policy) =>
        policy is not null && (ProtectingPolicies.Contains(policy) || policy.StartsWith('{'));

    public static bool Is(string? deletionPolicy, string? updateReplacePolicy) =>
        Protects(deletionPolicy) || Protects(updateReplacePolicy);

    /// <summary>A template resource (its JSON object, with DeletionPolicy and UpdateReplacePolicy beside Properties).</summary>
    public static bool Is(JsonElement resource) =>
        Is(Policy(resource, DeletionPolicy), Policy(resource, UpdateReplacePolicy));

    /// <summary>The attribute as written: a string, the raw JSON of anything else, null when unset (CloudFormation then deletes).</summary>
    public static string? Policy(JsonElement resource, string attribute) =>
        resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty(attribute, out var p) ? Text(p) : null;

    /// <summary>A policy value from JSON: a string, the raw JSON of anything else, null for JSON null.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
