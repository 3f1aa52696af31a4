namespace Headroom.App.Config;

/// <summary>
/// The availability-zone letters each region has, so that a zone the region does not have is refused
/// before anything is synthesized (synthesis may not ask AWS). Source: AWS's list of Availability Zones per
/// Region, https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
/// (read 2026-12). A zone AWS adds later is accepted when the environment lists it under
/// `extraAvailabilityZones`.
/// </summary>
public static class KnownZones
{
    public static readonly IReadOnlyDictionary<string, string> LettersByRegion = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["us-east-1"] = "abcdef", ["us-east-2"] = "abc", ["us-west-1"] = "abc", ["us-west-2"] = "abcd",
        ["ca-central-1"] = "abd", ["ca-west-1"] = "abc", ["mx-central-1"] = "abc", ["sa-east-1"] = "abc",
        ["eu-west-1"] = "abc", ["eu-west-2"] = "abc", ["eu-west-3"] = "abc", ["eu-central-1"] = "abc", ["eu-central-2"] = "abc",
        ["eu-north-1"] = "abc", ["eu-south-1"] = "abc", ["eu-south-2"] = "abc",
        ["af-south-1"] = "abc", ["il-central-1"] = "abc", ["me-south-1"] = "abc", ["me-central-1"] = "abc",
        ["ap-east-1"] = "abc", ["ap-east-2"] = "abc", ["ap-south-1"] = "abc", ["ap-south-2"] = "abc",
        ["ap-southeast-1"] = "abc", ["ap-southeast-2"] = "abc", ["ap-southeast-3"] = "abc", ["ap-southeast-4"] = "abc",
        ["ap-southeast-5"] = "abc", ["ap-southeast-7"] = "abc",
        ["ap-northeast-1"] = "acd", ["ap-northeast-2"] = "abcd", ["ap-northeast-3"] = "abc",
        ["us-gov-west-1"] = "abc", ["us-gov-east-1"] = "abc", ["cn-north-1"] = "ab", ["cn-northwest-1"] = "abc",
    };

    /// <summary>Whether the zone is one of its region's (or listed as extra); null when Headroom does not know the region.</summary>
    public static bool? Exists(string region, string zone, IReadOnlyCollection<string> extra) =>
        extra.Contains(zone) ? true
        : LettersByRegion.TryGetValue(region, out var letters) ? zone.Length == region.Length + 1 && zone.StartsWith(region, StringComparison.Ordinal) && letters.Contains(zone[^1])
        : null;
}
