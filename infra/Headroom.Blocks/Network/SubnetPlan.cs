namespace Headroom.Blocks.Network;

/// <summary>The tiers a zone's subnets come in. The number is the tier's fixed quarter of the VPC.</summary>
public enum SubnetTier
{
    /// <summary>Fleets: no public IPs, egress through NAT.</summary>
    Private = 0,
    /// <summary>Load balancer and NAT gateways.</summary>
    Public = 1,
    /// <summary>Databases and caches: no route out at all.</summary>
    Isolated = 2,
    // Quarter 3 is kept free for a tier added later.
}

/// <summary>
/// The pinned subnet CIDR plan. The VPC is cut into four quarters, one per tier, and each quarter
/// into eight slots, one per zone letter (a..h). A subnet's range depends only on its tier and its
/// zone's letter, never on how many zones or tiers exist, so adding either never renumbers (and so
/// never replaces) a subnet that is already there.
/// </summary>
public static class SubnetPlan
{
    public const int TierQuarters = 4;
    public const int ZoneSlots = 8;

    /// <summary>Bits the plan adds to the VPC prefix: 2 for the tier, 3 for the zone.</summary>
    public const int ExtraPrefixBits = 5;

    public static string CidrFor(string vpcCidr, char zoneLetter, SubnetTier tier)
    {
        var (network, prefix) = Parse(vpcCidr);
        var slot = zoneLetter - 'a';
        if (slot is < 0 or >= ZoneSlots)
            throw new ArgumentOutOfRangeException(nameof(zoneLetter), zoneLetter, "zone letters a to h have a slot in the plan");
        var subnetPrefix = prefix + ExtraPrefixBits;
        var size = 1u << (32 - subnetPrefix);
        var index = (uint)((int)tier * ZoneSlots + slot);
        return $"{Format(network + index * size)}/{subnetPrefix}";
    }

    private static (uint Network, int Prefix) Parse(string cidr)
    {
        var parts = cidr.Split('/');
        var prefix = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        if (prefix is < 16 or > 27 - ExtraPrefixBits)
            throw new ArgumentOutOfRangeException(nameof(cidr), cidr, "the VPC must be /16 to /22");
        var b = System.Net.IPAddress.Parse(parts[0]).GetAddressBytes();
        return ((uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3], prefix);
    }

    private static string Format(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}";
}
