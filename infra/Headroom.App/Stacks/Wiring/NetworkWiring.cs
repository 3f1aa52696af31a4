using Amazon.CDK.AWS.EC2;
using Headroom.Blocks.Network;

namespace Headroom.App.Stacks.Wiring;

public static class NetworkWiring
{
    /// <summary>The network, then the fleets' security groups. No ingress here: the App stack admits the load
    /// balancer to the web fleet, and nothing else reaches either fleet. Egress stays open: instances reach
    /// SSM, package mirrors and AWS APIs through the NAT gateways.</summary>
    public static NetworkTier Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names)
    {
        var network = new Network(stack, "Network", new NetworkProps(config.Network.Settings(config)) { NamePrefix = names.NamePrefix });
        return new NetworkTier(network, FleetGroup("WebFleetSecurityGroup", "web"), FleetGroup("WorkerFleetSecurityGroup", "worker"));

        SecurityGroup FleetGroup(string id, string fleet) => new(stack, id, new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = $"{names.NamePrefix} {fleet} fleet instances",
            AllowAllOutbound = true,
        });
    }
}
