namespace Headroom.Blocks.Catalog;

/// <summary>
/// The size ladder AWS uses in every instance name (EC2 "m7i.large", RDS "db.r7g.large", ElastiCache
/// "cache.r7g.large"): nano, micro, small, medium, large, xlarge, then Nxlarge. Within a family, vCPUs, memory
/// and the on-demand price grow with the size in proportion ("large" is the unit, xlarge twice it, Nxlarge 2N
/// times it), so sizing and pricing read one factor from here instead of a table per size.
/// Source: "Amazon EC2 instance types", https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html
/// (sizes and vCPUs), and the on-demand price lists, which are linear within a family: checked 2026-12-03 for EC2 us-east-1
/// (m7i.xlarge 0.2016 = 2 × 0.1008, t3.micro 0.0104 = 0.0832 / 8 in the AWS Price List snapshot at
/// https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81a9df9301e613f371dac5b4d16bfe/pkg/providers/pricing/zz_generated.pricing_aws.go).
/// RDS rounds its small burstable prices (db.t4g.micro 0.016, medium 0.065), so there the factor is within 1%.
/// </summary>
public static partial class InstanceSizes
{
    /// <summary>Size relative to "large", a factor: micro an eighth, medium a half, 4xlarge eight.</summary>
    private static readonly Dictionary<string, double> SmallSizes = new()
    {
        ["nano"] = 1.0 / 16, ["micro"] = 1.0 / 8, ["small"] = 1.0 / 4, ["medium"] = 1.0 / 2, ["large"] = 1, ["xlarge"] = 2,
    };

    /// <summary>The sizes the recommender climbs through, smallest first. 12xlarge and 24xlarge exist only in
    /// some families; doubling steps exist in all current ones.</summary>
    private static readonly string[] Ladder =
        ["micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"];

    [GeneratedRegex(@"^(?<n>[0-9]+)xlarge\z")] private static partial Regex NXLarge();

    /// <summary>The size part of an instance name ("4xlarge" of "db.r7g.4xlarge").</summary>
    public static string SizeOf(string instanceName) => instanceName[(instanceName.LastIndexOf('.') + 1)..];

    /// <summary>The family part ("db.r7g" of "db.r7g.4xlarge").</summary>
    public static string FamilyOf(string instanceName) => instanceName[..Math.Max(0, instanceName.LastIndexOf('.'))];

    /// <summary>The size as a multiple of "large", or null for a size this ladder does not know (metal).</summary>
    public static double? Factor(string instanceName)
    {
        var size = SizeOf(instanceName);
        if (SmallSizes.TryGetValue(size, out var f)) return f;
        var m = NXLarge().Match(size);
        if (!m.Success || !int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) return null;
        return 2.0 * n;
    }

    /// <summary>The next size up in the same family, or null past 16xlarge (or for an unknown size).</summary>
    public static string? Next(string instanceName)
    {
        var i = Array.IndexOf(Ladder, SizeOf(instanceName));
        return i < 0 || i + 1 >= Ladder.Length ? null : $"{FamilyOf(instanceName)}.{Ladder[i + 1]}";
    }
}
