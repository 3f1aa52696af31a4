using Headroom.Blocks.Network;

namespace Headroom.App.Config.Sections;

/// <summary>The `network:` section: overrides of the network block's settings (<see cref="NetworkSettings"/>), and production's policy.</summary>
[SectionFields] public sealed partial class NetworkConfig : IConfigSection, IOverrides<NetworkSettings>
{
    /// <summary>The file's values over the block's defaults, over the environment's zones; production has a NAT gateway per zone unless set.</summary>
    public NetworkSettings Apply(NetworkSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        AvailabilityZones = environment.AvailabilityZones,
        NatGateways = NatGateways ?? (environment.Production ? environment.AvailabilityZones.Count : d.NatGateways),
    };

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
