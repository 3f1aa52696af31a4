using System.Net;

namespace Headroom.App.Config.Sections;

public enum FlowLogTraffic { All, Reject, Accept }

public sealed class NetworkConfig : IConfigSection
{
    /// <summary>The VPC's range, /16 to /20; the subnet plan carves it into fixed slots.</summary>
    [Field("a private IPv4 range, /16 to /20, on its boundary")]
    public string VpcCidr { get; set; } = "10.0.0.0/16";

    /// <summary>Unset: one per zone in production, one elsewhere.</summary>
    [Field("1 to the zone count; exactly the zone count in production", Default = "zone count in production, else 1")]
    public int? NatGateways { get; set; }

    [Field("a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …)")]
    public int FlowLogRetentionDays { get; set; } = 90;
    [Field("`all`, `accept`, `reject`")]
    public FlowLogTraffic FlowLogTraffic { get; set; } = FlowLogTraffic.All;

    /// <summary>CloudWatch Logs accepts only these retention periods.</summary>
    public static readonly int[] RetentionDays =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public int EffectiveNatGateways(EnvironmentConfig env) =>
        NatGateways ?? (env.Production ? env.AvailabilityZones.Count : 1);

    public void Validate(ConfigValidator v, string path)
    {
        ValidateCidr(v, $"{path}.vpcCidr", VpcCidr);
        var zones = v.Root.AvailabilityZones.Count;
        if (NatGateways is { } nat)
        {
            if (v.Root.Production)
                v.Check(nat == zones, $"{path}.natGateways", nat,
                    $"must be {zones} in production, one per availability zone, so losing a zone keeps egress (or leave it out)");
            else
                v.Range($"{path}.natGateways", nat, 1, Math.Max(1, zones), "private subnets need at least one NAT gateway, and there is at most one per zone");
        }
        v.OneOf($"{path}.flowLogRetentionDays", FlowLogRetentionDays, RetentionDays);
    }

    public static bool TryParseCidr(string cidr, out uint network, out int prefix)
    {
        network = 0;
        prefix = 0;
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix)
            || prefix is < 0 or > 32) return false;
        if (!IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || parts[0].Count(c => c == '.') != 3) return false;
        var bytes = ip.GetAddressBytes();
        network = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        // One reading only: the text must be what the address prints as ("10.020.0.0" or "10.0.0.0/016" are not),
        // so the VPC and the subnet plan can never read it differently.
        return cidr == $"{ip}/{prefix}";
    }

    private static void ValidateCidr(ConfigValidator v, string path, string cidr)
    {
        if (!TryParseCidr(cidr, out var network, out var prefix))
        {
            v.Error(path, cidr, "must be an IPv4 CIDR block in canonical form (no leading zeros), such as 10.0.0.0/16");
            return;
        }
        if (!v.Range(path, prefix, 16, 20, "the VPC size; each subnet is 1/32 of it")) return;
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        v.Check((network & ~mask) == 0, path, cidr, "must start on its block boundary (host bits zero), such as 10.0.0.0/16");
        var first = network >> 24;
        var second = (network >> 16) & 0xff;
        var isPrivate = first == 10 || (first == 172 && second is >= 16 and <= 31) || (first == 192 && second == 168);
        v.Check(isPrivate, path, cidr, "must be a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
    }
}
