using Amazon.CDK;
using Constructs;
using Headroom.App.Checks;
using Headroom.App.Config;
using Headroom.App.Config.Sections;

namespace Headroom.App.Stacks;

/// <summary>
/// Everything one environment deploys. Stateful resources (database, cache, data buckets, queues)
/// live in the Data stack, apart from the replaceable App stack, so a change to the stateless side
/// can never take data with it. Each block is wired in its own partial file (EnvironmentStacks.*.cs).
/// </summary>
public sealed partial class EnvironmentStacks
{
    public EnvironmentStacks(Construct scope, EnvironmentConfig config)
    {
        Config = config;
        Network = new HeadroomStack(scope, config, "Network", "VPC, subnets, NAT gateways, flow logs", stateful: true);
        Data = new HeadroomStack(scope, config, "Data", "stateful tier: database, cache, queues, data buckets", stateful: true);
        App = new HeadroomStack(scope, config, "App", "stateless tier: load balancer, fleets, monitoring", stateful: false);
        Data.AddDependency(Network);
        App.AddDependency(Data);
        // CloudFront's certificates and CLOUDFRONT-scope web ACLs exist only in us-east-1; it holds the
        // static-assets bucket, so it is stateful. Only when CloudFront fronts the load balancer.
        if (config.Web.LoadBalancer.BehindCloudFront)
        {
            Edge = new HeadroomStack(scope, config, "Edge", "edge: CloudFront, WAF, static assets (us-east-1)", stateful: true, region: EdgeRegion);
            Edge.AddDependency(App);
        }

        // One call per block, in dependency order; each lives in its own EnvironmentStacks.<Block>.cs.
        AddNetwork();
        AddFleetSecurityGroups();
        AddData();
        AddQueues();
        AddOriginVerifySecret();
        AddWeb();
        AddEdge();
        AddWorkers();
        AddMonitoring(); // last: it watches every block above

        foreach (var stack in Stacks)
        {
            ApplyTags(stack);
            HelperRuntimes.Apply(stack);
        }
        // Last: what `headroom check` accepts, written onto the resources it concerns (Checks/Acknowledged.cs).
        Acknowledgements.Apply(Stacks, Config);
    }

    public EnvironmentConfig Config { get; }
    public HeadroomStack Network { get; }
    public HeadroomStack Data { get; }
    public HeadroomStack App { get; }
    /// <summary>Null when CloudFront does not front the load balancer (web.loadBalancer.behindCloudFront: false).</summary>
    public HeadroomStack? Edge { get; }

    public IEnumerable<HeadroomStack> Stacks => Edge is null ? [Network, Data, App] : [Network, Data, App, Edge];

    /// <summary>"headroom-prod": the prefix of names and Name tags.</summary>
    public string NamePrefix => $"{Config.Tags.Project}-{Config.Name}";

    private void ApplyTags(Stack stack)
    {
        var tags = Tags.Of(stack);
        tags.Add("project", Config.Tags.Project);
        tags.Add("environment", Config.Name);
        tags.Add("cost-centre", Config.Tags.CostCentre);
        tags.Add("owner", Config.Tags.Owner);
        foreach (var (key, value) in Config.Tags.Additional) tags.Add(key, value);
    }
}
