using Headroom.Blocks.Network;

namespace Headroom.App.Config.Sections;

/// <summary>The `network:` section: overrides of the network block's settings (<see cref="NetworkSettings"/>), and production's policy.</summary>
public sealed class NetworkConfig : IConfigSection, IOverrides<NetworkSettings>
{
    /// <summary>The VPC's range, /16 to /20; the subnet plan carves it into fixed slots.</summary>
    [Field("a private IPv4 range, /16 to /20, on its boundary")]
    public string? VpcCidr { get; set; }

    /// <summary>Unset: one per zone in production, one elsewhere.</summary>
    [Field("1 to the zone count; exactly the zone count in production", Default = "zone count in production, else 1")]
    public int? NatGateways { get; set; }

    [Field("a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …)")]
    public int? FlowLogRetentionDays { get; set; }
    [Field("`all`, `accept`, `reject`")]
    public FlowLogTraffic? FlowLogTraffic { get; set; }

    /// <summary>The file's values over the block's defaults, over the environment's zones; production has a NAT gateway per zone unless set.</summary>
    public NetworkSettings Apply(NetworkSettings d, EnvironmentConfig environment) => d with
    {
        VpcCidr = VpcCidr ?? d.VpcCidr,
        AvailabilityZones = environment.AvailabilityZones,
        NatGateways = NatGateways ?? (environment.Production ? environment.AvailabilityZones.Count : d.NatGateways),
        FlowLogRetentionDays = FlowLogRetentionDays ?? d.FlowLogRetentionDays,
        FlowLogTraffic = FlowLogTraffic ?? d.FlowLogTraffic,
    };

    /// <summary>The block's settings for this environment.</summary>
    public NetworkSettings Settings(EnvironmentConfig environment) => Apply(new NetworkSettings(), environment);

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // Production's policy, on top of what the block allows (more than one per zone is the block's to refuse).
        var zones = v.Root.AvailabilityZones.Count;
        if (v.Root.Production && NatGateways is { } nat)
            v.Check(nat >= zones, $"{path}.natGateways", nat,
                $"must be {zones} in production, one per availability zone, so losing a zone keeps egress (or leave it out)");
    }
}
