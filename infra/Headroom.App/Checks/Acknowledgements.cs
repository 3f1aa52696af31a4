namespace Headroom.App.Checks;

/// <summary>
/// Every finding Headroom accepts, with its reason, in one place. Acknowledgements are written onto the
/// resources' template metadata in cdk-nag's own format (<c>Metadata.cdk_nag.rules_to_suppress</c>:
/// <c>{id, reason, applies_to}</c>), so cdk-nag honours them itself and every other check reads them back
/// from the template with <see cref="ReasonFor"/>: one format for CloudFormation validation
/// (<c>CloudFormation-Validate::F3020</c>), cdk-nag (<c>AwsSolutions-IAM5</c>), Headroom's rules
/// (<c>Headroom-…</c>) and the metric catalog.
/// </summary>
public static partial class Acknowledgements
{
    /// <summary>The shortest reason accepted; cdk-nag 2.x refuses shorter ones too.</summary>
    public const int MinimumReasonLength = 10;

    /// <summary>
    /// The reason <paramref name="resource"/> acknowledges <paramref name="rule"/> for, or null. With
    /// <paramref name="appliesTo"/> (one finding of a rule that reports several per resource, such as
    /// "Resource::*"), an entry with an <c>applies_to</c> list must name it; an entry without one covers all.
    /// A reason shorter than <see cref="MinimumReasonLength"/> does not count (see <see cref="Unreasoned"/>).
    /// </summary>
    public static string? ReasonFor(TemplateResource resource, string rule, string? appliesTo = null)
    {
        foreach (var entry in Suppressions(resource))
        {
            if (entry.Id != rule || entry.Reason is null || entry.Reason.Trim().Length < MinimumReasonLength) continue;
            if (entry.AppliesTo is null || appliesTo is null || entry.AppliesTo.Contains(appliesTo)) return entry.Reason;
        }
        return null;
    }

    /// <summary>Suppressions on a resource whose reason is missing or too short: each is a finding of its own.</summary>
    public static IEnumerable<SuppressionEntry> Unreasoned(TemplateResource resource) =>
        Suppressions(resource).Where(e => e.Reason is null || e.Reason.Trim().Length < MinimumReasonLength);

    public sealed record SuppressionEntry(string Id, string? Reason, IReadOnlyList<string>? AppliesTo);

    /// <summary>The cdk_nag.rules_to_suppress entries in a resource's template metadata.</summary>
    public static IEnumerable<SuppressionEntry> Suppressions(TemplateResource resource)
    {
        if (resource.Raw.ValueKind != JsonValueKind.Object
            || !resource.Raw.TryGetProperty("Metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("cdk_nag", out var nag) || nag.ValueKind != JsonValueKind.Object
            || !nag.TryGetProperty("rules_to_suppress", out var rules) || rules.ValueKind != JsonValueKind.Array)
            yield break;
        foreach (var rule in rules.EnumerateArray())
        {
            if (rule.ValueKind != JsonValueKind.Object || !rule.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String) continue;
            var reason = rule.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            IReadOnlyList<string>? appliesTo = rule.TryGetProperty("applies_to", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
                : null;
            yield return new SuppressionEntry(id.GetString()!, reason, appliesTo);
        }
    }
}
