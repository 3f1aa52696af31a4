using System.Net;

namespace Headroom.Blocks.Network;

/// <summary>Which traffic the VPC flow log records.</summary>
public enum FlowLogTraffic { All, Reject, Accept }

/// <summary>What a network is, as plain values: each default stated here once, each rule in <see cref="Check"/>.</summary>
public record NetworkSettings
{
    /// <summary>The VPC's range, /16 to /20, on its boundary; the subnet plan carves it into fixed slots.</summary>
    [Field("a private IPv4 range, /16 to /20, on its boundary")] public string VpcCidr { get; init; } = "10.0.0.0/16";
    /// <summary>Full zone names such as eu-west-1a; each zone's letter fixes its subnets' ranges.</summary>
    public IReadOnlyList<string> AvailabilityZones { get; init; } = [];
    /// <summary>1 to the zone count. Zones without their own NAT share one.</summary>
    [Field("1 to the zone count; exactly the zone count in production", Default = "zone count in production, else 1")] public int NatGateways { get; init; } = 1;
    /// <summary>A CloudWatch Logs retention value.</summary>
    [Field("a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …)")] public int FlowLogRetentionDays { get; init; } = 90;
    [Field("`all`, `accept`, `reject`")] public FlowLogTraffic FlowLogTraffic { get; init; } = FlowLogTraffic.All;

    /// <summary>What a VPC takes: a private range the subnet plan can carve, and no more NAT gateways than zones.</summary>
    public void Check(ISettingsReport r)
    {
        CheckCidr(r, nameof(VpcCidr), VpcCidr);
        r.Range(nameof(NatGateways), NatGateways, 1, Math.Max(1, AvailabilityZones.Count),
            "private subnets need at least one NAT gateway, and there is at most one per zone");
        r.OneOf(nameof(FlowLogRetentionDays), FlowLogRetentionDays, Settings.LogRetentionDays);
    }

    public static bool TryParseCidr(string cidr, out uint network, out int prefix)
    {
        network = 0;
        prefix = 0;
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
            || prefix is < 0 or > 32) return false;
        if (!IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || parts[0].Count(c => c == '.') != 3) return false;
        var bytes = ip.GetAddressBytes();
        network = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        // One reading only: the text must be what the address prints as ("10.020.0.0" or "10.0.0.0/016" are not),
        // so the VPC and the subnet plan can never read it differently.
        return cidr == $"{ip}/{prefix}";
    }

    private static void CheckCidr(ISettingsReport r, string setting, string cidr)
    {
        if (!TryParseCidr(cidr, out var network, out var prefix))
        {
            r.Problem(setting, cidr, "must be an IPv4 CIDR block in canonical form (no leading zeros), such as 10.0.0.0/16");
            return;
        }
        if (!r.Range(setting, prefix, 16, 20, "the VPC size; each subnet is 1/32 of it")) return;
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        r.Check((network & ~mask) == 0, setting, cidr, "must start on its block boundary (host bits zero), such as 10.0.0.0/16");
        var first = network >> 24;
        var second = (network >> 16) & 0xff;
        var isPrivate = first == 10 || (first == 172 && second is >= 16 and <= 31) || (first == 192 && second == 168);
        r.Check(isPrivate, setting, cidr, "must be a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
    }
}
