using Headroom.App.Config.Sections;
using Headroom.Blocks.Network;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    public Network NetworkBlock { get; private set; } = null!;

    private void AddNetwork()
    {
        var cfg = Config.Network;
        NetworkBlock = new Network(Network, "Network", new NetworkProps
        {
            NamePrefix = NamePrefix,
            VpcCidr = cfg.VpcCidr,
            AvailabilityZones = Config.AvailabilityZones,
            NatGateways = cfg.EffectiveNatGateways(Config),
            FlowLogRetentionDays = cfg.FlowLogRetentionDays,
            FlowLogTrafficType = cfg.FlowLogTraffic.ToString().ToUpperInvariant(),
        });
    }
}
