using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.SecretsManager;
using Headroom.Blocks.Cache;
using Headroom.Blocks.Database;
using Headroom.Blocks.Edge;
using Headroom.Blocks.LoadBalancer;
using Headroom.Blocks.Monitoring;
using Headroom.Blocks.Network;
using Headroom.Blocks.Queues;

namespace Headroom.App.Stacks.Wiring;

// What each wiring step made. A step takes the records it needs and returns its own, so the order of the
// steps is the order of their inputs: nothing to remember, nothing shared and changed later.

/// <summary>Names every step derives from the environment: "headroom-prod", "/headroom/prod".</summary>
public sealed record EnvironmentNames(string NamePrefix, string ParameterPath)
{
    /// <summary>The origin-verify secret's fixed name: CloudFront's origin header reads its us-east-1 replica by it.</summary>
    public string OriginVerifySecretName => $"{ParameterPath.TrimStart('/')}/web/origin-verify";

    public string EdgeDashboardName => $"{NamePrefix}-edge";
}

/// <summary>The VPC and the fleets' security groups (in the Network stack, so the Data stack can admit them
/// without depending on the App stack).</summary>
public sealed record NetworkTier(Network Network, SecurityGroup WebSecurityGroup, SecurityGroup WorkerSecurityGroup)
{
    /// <summary>Every fleet's security group: the clients the data tier admits.</summary>
    public IReadOnlyList<ISecurityGroup> FleetSecurityGroups => [WebSecurityGroup, WorkerSecurityGroup];
}

/// <summary>The stateful tier. <paramref name="OriginVerifySecret"/> is null when CloudFront does not front the load balancer.</summary>
public sealed record DataTier(Database Database, Cache Cache, Queues Queues, Secret? OriginVerifySecret);

/// <summary>A fleet the load balancer forwards to: its block name ("web", a service's), the fleet and its target group.</summary>
public sealed record WebFacingFleet(string Name, Fleet Fleet, ApplicationTargetGroup TargetGroup)
{
    /// <summary>What else is the fleet's own (a service's security group, ingress rule and parameters), in any stack.</summary>
    public IReadOnlyList<Constructs.IConstruct> Parts { get; init; } = [];
}

/// <summary>The load balancer and every fleet behind it, the web fleet (its default route) first.</summary>
public sealed record WebTier(LoadBalancer LoadBalancer, IReadOnlyList<WebFacingFleet> Fleets)
{
    /// <summary>The web fleet: every request no service's path rule takes.</summary>
    public Fleet Fleet => Fleets[0].Fleet;
}

public sealed record WorkerTier(Fleet Fleet, BacklogScaling Scaling);

/// <summary>The App stack's monitoring and, with an edge stack, the edge's own (CloudFront and WAF publish in us-east-1).</summary>
public sealed record MonitoringTier(Monitoring Main, Monitoring? Edge);
