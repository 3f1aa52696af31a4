using Headroom.App.Checks;
using Headroom.App.Stacks.Wiring;
using Headroom.Blocks.Budget;
using Headroom.Blocks.Chaos;
using Headroom.Blocks.Edge;

namespace Headroom.App.Stacks;

/// <summary>
/// Everything one environment deploys. Stateful resources (database, cache, data buckets, queues)
/// live in the Data stack, apart from the replaceable App stack, so a change to the stateless side
/// can never take data with it. Composing is a sequence of wiring steps (Stacks/Wiring/): each takes the
/// records of what the earlier steps made and returns its own, so their order follows from their inputs.
/// </summary>
public sealed class EnvironmentStacks
{
    public EnvironmentStacks(Construct scope, EnvironmentConfig config)
    {
        Config = config;
        Names = new EnvironmentNames($"{config.Tags.Project}-{config.Name}", $"/headroom/{config.Name}");
        Network = new HeadroomStack(scope, config, "Network", "VPC, subnets, NAT gateways, flow logs", stateful: true);
        Data = new HeadroomStack(scope, config, "Data", "stateful tier: database, cache, queues, data buckets", stateful: true);
        App = new HeadroomStack(scope, config, "App", "stateless tier: load balancer, fleets, monitoring", stateful: false);
        Data.AddDependency(Network);
        App.AddDependency(Data);
        // CloudFront's certificates and CLOUDFRONT-scope web ACLs exist only in us-east-1; it holds the
        // static-assets bucket, so it is stateful. Only when CloudFront fronts the load balancer.
        if (config.Web.LoadBalancer.Settings(config).BehindCloudFront)
        {
            Edge = new HeadroomStack(scope, config, "Edge", "edge: CloudFront, WAF, static assets (us-east-1)", stateful: true, region: EdgeWiring.Region);
            Edge.AddDependency(App);
        }

        NetworkTier = NetworkWiring.Build(Network, config, Names);
        DataTier = DataWiring.Build(Data, config, Names, NetworkTier);
        var serviceSettings = ServiceWiring.PublishDataSettings(Data, config, Names, DataTier);
        var loadBalancer = WebWiring.BuildLoadBalancer(App, config, NetworkTier, DataTier.OriginVerifySecret);
        var monitoring = MonitoringWiring.Open(App, config, Names, hasEdge: Edge is not null);
        var web = WebWiring.BuildFleet(App, config, Names, NetworkTier, DataTier, loadBalancer, monitoring.Topic);
        WebTier = ServiceWiring.Build(App, config, Names, NetworkTier, DataTier, serviceSettings, web, monitoring.Topic);
        EdgeBlock = Edge is not null && loadBalancer.OriginVerifySecret is not null ? EdgeWiring.Build(Edge, config, Names, loadBalancer) : null;
        WorkerTier = WorkerWiring.Build(App, config, Names, NetworkTier, DataTier, WebTier, monitoring.Topic);
        BudgetBlock = BudgetWiring.Build(App, config, Names);
        MonitoringTier = MonitoringWiring.Watch(monitoring, config, Names, NetworkTier, DataTier, WebTier, WorkerTier, Edge, EdgeBlock);
        ChaosBlock = ChaosWiring.Build(App, config, Names, DataTier, WebTier, WorkerTier, MonitoringTier);

        foreach (var stack in Stacks)
        {
            ApplyTags(stack);
            HelperRuntimes.Apply(stack);
        }
        // Last: what `headroom check` accepts, written onto the resources it concerns (Checks/Acknowledged.cs).
        Acknowledgements.Apply(Stacks, Config);
    }

    public EnvironmentConfig Config { get; }
    public EnvironmentNames Names { get; }
    public HeadroomStack Network { get; }
    public HeadroomStack Data { get; }
    public HeadroomStack App { get; }
    /// <summary>Null when CloudFront does not front the load balancer (web.loadBalancer.behindCloudFront: false).</summary>
    public HeadroomStack? Edge { get; }

    public NetworkTier NetworkTier { get; }
    public DataTier DataTier { get; }
    public WebTier WebTier { get; }
    /// <summary>Null when no queues are configured.</summary>
    public WorkerTier? WorkerTier { get; }
    /// <summary>Null without an edge stack.</summary>
    public Edge? EdgeBlock { get; }
    public MonitoringTier MonitoringTier { get; }
    /// <summary>Null without a `budget:` section.</summary>
    public Budget? BudgetBlock { get; }
    /// <summary>Null when `chaos.enabled` is false (production unless its file turns it on).</summary>
    public Chaos? ChaosBlock { get; }

    public IEnumerable<HeadroomStack> Stacks => Edge is null ? [Network, Data, App] : [Network, Data, App, Edge];

    /// <summary>Every block by kind and name, with the constructs it is made of: what previews and tools follow.</summary>
    public IReadOnlyList<ComposedBlock> Blocks =>
    [
        new("Network", "network", [NetworkTier.Network, NetworkTier.WebSecurityGroup, NetworkTier.WorkerSecurityGroup]),
        new("Database", "database", [DataTier.Database]),
        new("Cache", "cache", [DataTier.Cache]),
        new("Queues", "queues", [DataTier.Queues]),
        new("LoadBalancer", "web", DataTier.OriginVerifySecret is { } secret ? [WebTier.LoadBalancer, secret] : [WebTier.LoadBalancer]),
        .. WebTier.Fleets.Select(f => new ComposedBlock("Fleet", f.Name, [f.Fleet, .. f.Parts])),
        .. WorkerTier is null ? Array.Empty<ComposedBlock>() : [new("Fleet", "worker", [WorkerTier.Fleet, WorkerTier.Scaling])],
        .. EdgeBlock is null ? Array.Empty<ComposedBlock>() : [new("Edge", "edge", [EdgeBlock])],
        new("Monitoring", "main", [MonitoringTier.Main]),
        .. MonitoringTier.Edge is null ? Array.Empty<ComposedBlock>() : [new("Monitoring", "edge", [MonitoringTier.Edge])],
        .. BudgetBlock is null ? Array.Empty<ComposedBlock>() : [new("Budget", "monthly", [BudgetBlock])],
        .. ChaosBlock is null ? Array.Empty<ComposedBlock>() : [new("Chaos", "experiments", [ChaosBlock])],
    ];

    /// <summary>"headroom-prod": the prefix of names and Name tags.</summary>
    public string NamePrefix => Names.NamePrefix;

    private void ApplyTags(Stack stack)
    {
        var tags = Tags.Of(stack);
        // A change to an experiment template's Tags replaces it: it carries fixed tags of its own (Blocks/Chaos).
        var props = new TagProps { ExcludeResourceTypes = ["AWS::FIS::ExperimentTemplate"] };
        tags.Add("project", Config.Tags.Project, props);
        tags.Add("environment", Config.Name, props);
        tags.Add("cost-centre", Config.Tags.CostCentre, props);
        tags.Add("owner", Config.Tags.Owner, props);
        foreach (var (key, value) in Config.Tags.Additional) tags.Add(key, value, props);
    }
}
