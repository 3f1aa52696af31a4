namespace Headroom.Blocks.LoadBalancer;

/// <summary>
/// IDs of the AWS-managed prefix list <c>com.amazonaws.global.cloudfront.origin-facing</c> (IPv4), which
/// differ per region. Synthesis must not look them up, so they are kept here. Taken from public code
/// that deploys against them (many independent projects agree on every entry); check one with
/// <c>aws ec2 describe-managed-prefix-lists --region R --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing</c>.
/// A region not listed here needs <c>web.loadBalancer.cloudFrontPrefixListId</c> in its environment file.
/// </summary>
public static class CloudFrontPrefixLists
{
    public const string Name = "com.amazonaws.global.cloudfront.origin-facing";

    public static readonly IReadOnlyDictionary<string, string> ByRegion = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ap-northeast-1"] = "pl-58a04531",
        ["ap-northeast-2"] = "pl-22a6434b",
        ["ap-south-1"] = "pl-9aa247f3",
        ["ap-southeast-1"] = "pl-31a34658",
        ["ap-southeast-2"] = "pl-b8a742d1",
        ["ca-central-1"] = "pl-38a64351",
        ["eu-central-1"] = "pl-a3a144ca",
        ["eu-north-1"] = "pl-fab65393",
        ["eu-west-1"] = "pl-4fa04526",
        ["eu-west-2"] = "pl-93a247fa",
        ["eu-west-3"] = "pl-75b1541c",
        ["sa-east-1"] = "pl-5da64334",
        ["us-east-1"] = "pl-3b927c52",
        ["us-east-2"] = "pl-b6a144df",
        ["us-west-1"] = "pl-4ea04527",
        ["us-west-2"] = "pl-82a045eb",
    };

    public static string? For(string region) => ByRegion.TryGetValue(region, out var id) ? id : null;

    /// <summary>Why a load balancer behind CloudFront in <paramref name="region"/> needs the prefix list's ID given.</summary>
    public static string Missing(string region) =>
        $"is required for region '{region}': Headroom has no built-in ID of its {Name} prefix list; " +
        "find it with aws ec2 describe-managed-prefix-lists (regions built in: " + string.Join(", ", ByRegion.Keys) + ")";
}
