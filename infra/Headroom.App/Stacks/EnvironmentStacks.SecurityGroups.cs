using Amazon.CDK.AWS.EC2;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    /// <summary>The web fleet's instances. Lives in the Network stack so that the Data stack can admit it
    /// (database, proxy, cache ingress rules) without depending on the App stack.</summary>
    public SecurityGroup WebSecurityGroup { get; private set; } = null!;

    /// <summary>The worker fleet's instances; same reasoning as <see cref="WebSecurityGroup"/>.</summary>
    public SecurityGroup WorkerSecurityGroup { get; private set; } = null!;

    /// <summary>Every fleet's security group: the clients the data tier admits.</summary>
    public IReadOnlyList<ISecurityGroup> FleetSecurityGroups => [WebSecurityGroup, WorkerSecurityGroup];

    private void AddFleetSecurityGroups()
    {
        // No ingress here: the App stack admits the load balancer to the web fleet, and nothing else
        // reaches either fleet. Egress stays open: instances reach SSM, package mirrors and AWS APIs
        // through the NAT gateways.
        WebSecurityGroup = new SecurityGroup(Network, "WebFleetSecurityGroup", new SecurityGroupProps
        {
            Vpc = NetworkBlock.Vpc,
            Description = $"{NamePrefix} web fleet instances",
            AllowAllOutbound = true,
        });
        WorkerSecurityGroup = new SecurityGroup(Network, "WorkerFleetSecurityGroup", new SecurityGroupProps
        {
            Vpc = NetworkBlock.Vpc,
            Description = $"{NamePrefix} worker fleet instances",
            AllowAllOutbound = true,
        });
    }
}
