using Headroom.Blocks.Monitoring.Alarms;
using Headroom.Blocks.Monitoring.Metrics;

namespace Headroom.Blocks.Monitoring;

/// <summary>Monitoring's settings and what it is wired to.</summary>
public sealed record MonitoringProps : MonitoringSettings
{
    /// <summary>Wiring on top of settings made elsewhere (an environment file's), or on top of the defaults.</summary>
    public MonitoringProps(MonitoringSettings? settings = null) : base(settings ?? new()) { }

    /// <summary>Such as "headroom-prod": prefixes the topic, alarm and dashboard names.</summary>
    public required string NamePrefix { get; init; }
    /// <summary>The dashboard's name, or null for none (a regional satellite such as the edge stack's).</summary>
    public string? DashboardName { get; init; }
    /// <summary>Extra markdown for the dashboard's header, such as where the edge dashboard is.</summary>
    public string? DashboardNote { get; init; }
    /// <summary>
    /// An ops topic of the same region to notify instead of making one (a second facade in the region of
    /// an existing one). Null: this facade makes its own, with the subscriptions above.
    /// </summary>
    public ITopic? Topic { get; init; }
    /// <summary>Name of the composite alarm over the user-facing alarms, after the prefix.</summary>
    public string SiteDegradedName { get; init; } = AlarmKinds.SiteDegradedId;
}

/// <summary>
/// The monitoring facade of one region of an environment: the ops topic, an alarm factory every alarm goes
/// through, a Monitor* method per kind of resource (metrics from Metrics/, alarm definitions from Alarms/),
/// and, on <see cref="Finish"/>, the composite "site degraded" alarm and the dashboard. Blocks are not
/// changed: monitoring reads their metrics by dimension.
/// </summary>
public sealed class Monitoring : Construct
{
    private static readonly Duration DashboardPeriod = Duration.Minutes(1);
    private readonly MonitoringProps _props;
    private readonly OpsDashboard _dashboard = new();

    public Monitoring(Construct scope, string id, MonitoringProps props) : base(scope, id)
    {
        Common.Settings.Enforce(nameof(Monitoring), props.Check);
        _props = props;
        Ops = props.Topic is null
            ? new OpsTopic(this, "OpsTopic", new OpsTopicProps { NamePrefix = props.NamePrefix, Emails = props.Emails, WebhookUrl = props.WebhookUrl })
            : null;
        Topic = props.Topic ?? Ops!.Topic;
        Factory = new AlarmFactory(this, Topic, props.NamePrefix, props.RunbookBaseUrl ?? "", props.Alarms);
    }

    /// <summary>The topic this facade made, or null when it notifies one it was given.</summary>
    public OpsTopic? Ops { get; }
    /// <summary>Where alarms and the fleets' scaling notifications go.</summary>
    public ITopic Topic { get; }
    public AlarmFactory Factory { get; }
    public IReadOnlyList<CreatedAlarm> Alarms => Factory.Alarms;
    public CompositeAlarm? SiteDegraded { get; private set; }
    public Dashboard? Dashboard { get; private set; }
    public bool IsFinished { get; private set; }

    public void MonitorNatGateway(NatGatewayTarget t)
    {
        Open();
        var m = new NatMetrics(t.NatGatewayId, $"NAT {t.Label}");
        NetworkAlarms.Create(Factory, m, t.Label);
        _dashboard.Add(Tier.Network, Signal.Traffic, m.BytesOut(DashboardPeriod));
        _dashboard.Add(Tier.Network, Signal.Errors, m.PortAllocationErrors(DashboardPeriod));
        _dashboard.Add(Tier.Network, Signal.Errors, m.PacketsDropped(DashboardPeriod));
        _dashboard.Add(Tier.Network, Signal.Saturation, m.ActiveConnections(DashboardPeriod));
    }

    public void MonitorLoadBalancer(LoadBalancerTarget t)
    {
        Open();
        var m = new AlbMetrics(t.LoadBalancerFullName, t.TargetGroupFullName, t.Label);
        LoadBalancerAlarms.Create(Factory, m, t.Label);
        _dashboard.Add(Tier.LoadBalancer, Signal.Traffic, m.Requests(DashboardPeriod));
        _dashboard.Add(Tier.LoadBalancer, Signal.Errors, m.Elb5xxRate(DashboardPeriod));
        _dashboard.Add(Tier.LoadBalancer, Signal.Errors, m.Target5xxRate(DashboardPeriod));
        _dashboard.Add(Tier.LoadBalancer, Signal.Latency, m.TargetResponseTime(DashboardPeriod, "p50"));
        _dashboard.Add(Tier.LoadBalancer, Signal.Latency, m.TargetResponseTime(DashboardPeriod, "p99"));
        _dashboard.Add(Tier.LoadBalancer, Signal.Saturation, m.ActiveConnections(DashboardPeriod));
        _dashboard.Add(Tier.LoadBalancer, Signal.Saturation, m.HealthyHosts(DashboardPeriod), rightAxis: true);
        _dashboard.Add(Tier.LoadBalancer, Signal.Saturation, m.UnhealthyHosts(DashboardPeriod), rightAxis: true);
    }

    /// <summary>A target group watched apart from its load balancer (<see cref="MonitorLoadBalancer"/> watches the default one).</summary>
    public void MonitorTargetGroup(TargetGroupTarget t)
    {
        Open();
        var m = new AlbMetrics(t.LoadBalancerFullName, t.TargetGroupFullName, t.Label);
        LoadBalancerAlarms.CreateForTargetGroup(Factory, m, t.Label);
        // A row of its own: the service's traffic, errors, latency and hosts side by side.
        var row = ServiceRow(t.Label);
        _dashboard.AddToRow(row, Signal.Traffic, m.TargetGroupRequests(DashboardPeriod));
        _dashboard.AddToRow(row, Signal.Errors, m.TargetGroupTarget5xxRate(DashboardPeriod));
        _dashboard.AddToRow(row, Signal.Latency, m.TargetGroupResponseTime(DashboardPeriod, "p99"));
        _dashboard.AddToRow(row, Signal.Saturation, m.HealthyHosts(DashboardPeriod), rightAxis: true);
        _dashboard.AddToRow(row, Signal.Saturation, m.UnhealthyHosts(DashboardPeriod), rightAxis: true);
    }

    public void MonitorFleet(FleetTarget t)
    {
        Open();
        var m = new FleetMetrics(t.AutoScalingGroupName, t.Label);
        FleetAlarms.Create(Factory, m, t.Label);
        AddFleetWidgets(m, t.Label);
    }

    /// <summary>A fleet that drains queues: the fleet's alarms and its backlog alarm.</summary>
    public void MonitorWorkerFleet(WorkerTarget t)
    {
        Open();
        var m = new FleetMetrics(t.AutoScalingGroupName, t.Label);
        var queues = t.Queues.Select((q, i) => (new SqsMetrics(q.QueueName, $"{t.Label} queue {i + 1}"), q.SecondsPerMessage)).ToList();
        FleetAlarms.Create(Factory, m, t.Label);
        FleetAlarms.CreateBacklog(Factory, m, queues, t.Label);
        AddFleetWidgets(m, t.Label);
        _dashboard.Add(Tier.Fleets, Signal.Latency, FleetAlarms.BacklogWait(m, queues, DashboardPeriod, t.Label));
    }

    public void MonitorDatabaseInstance(DatabaseInstanceTarget t)
    {
        Open();
        var m = new RdsMetrics(t.InstanceIdentifier, t.Label);
        DatabaseAlarms.Create(Factory, m, t);
        _dashboard.Add(Tier.Database, Signal.Traffic, m.ReadIops(DashboardPeriod));
        _dashboard.Add(Tier.Database, Signal.Traffic, m.WriteIops(DashboardPeriod));
        if (t.IsReplica) _dashboard.Add(Tier.Database, Signal.Errors, m.ReplicaLag(DashboardPeriod));
        _dashboard.Add(Tier.Database, Signal.Latency, m.ReadLatency(DashboardPeriod));
        _dashboard.Add(Tier.Database, Signal.Latency, m.WriteLatency(DashboardPeriod));
        _dashboard.Add(Tier.Database, Signal.Saturation, m.Cpu(DashboardPeriod));
        _dashboard.Add(Tier.Database, Signal.Saturation, m.Connections(DashboardPeriod), rightAxis: true);
    }

    public void MonitorDatabaseProxy(DatabaseProxyTarget t)
    {
        Open();
        var m = new ProxyMetrics(t.ProxyName, t.Label);
        DatabaseAlarms.CreateProxy(Factory, m, t.Label);
        _dashboard.Add(Tier.Database, Signal.Errors, m.ConnectionsSetupFailedAuth(DashboardPeriod), rightAxis: true);
        _dashboard.Add(Tier.Database, Signal.Latency, m.QueryResponseLatency(DashboardPeriod), rightAxis: true);
        _dashboard.Add(Tier.Database, Signal.Saturation, m.ClientConnections(DashboardPeriod), rightAxis: true);
        _dashboard.Add(Tier.Database, Signal.Saturation, m.DatabaseConnections(DashboardPeriod), rightAxis: true);
    }

    public void MonitorCache(CacheTarget t)
    {
        Open();
        for (var i = 0; i < t.NodeIds.Count; i++)
        {
            var node = $"{t.Label}-{i + 1}";
            var m = new RedisMetrics(t.NodeIds[i], node);
            CacheAlarms.Create(Factory, m, node, t.HasReplicas);
            _dashboard.Add(Tier.Cache, Signal.Traffic, m.Hits(DashboardPeriod));
            _dashboard.Add(Tier.Cache, Signal.Traffic, m.Misses(DashboardPeriod));
            _dashboard.Add(Tier.Cache, Signal.Errors, m.Evictions(DashboardPeriod));
            if (t.HasReplicas) _dashboard.Add(Tier.Cache, Signal.Errors, m.ReplicationLag(DashboardPeriod), rightAxis: true);
            _dashboard.Add(Tier.Cache, Signal.Latency, m.GetLatency(DashboardPeriod));
            _dashboard.Add(Tier.Cache, Signal.Latency, m.SetLatency(DashboardPeriod));
            _dashboard.Add(Tier.Cache, Signal.Saturation, m.EngineCpu(DashboardPeriod));
            _dashboard.Add(Tier.Cache, Signal.Saturation, m.MemoryUsagePercent(DashboardPeriod));
            _dashboard.Add(Tier.Cache, Signal.Saturation, m.CurrentConnections(DashboardPeriod), rightAxis: true);
        }
    }

    public void MonitorDistribution(DistributionTarget t)
    {
        Open();
        RequireMetricRegion(CloudFrontMetrics.MetricRegion, "CloudFront");
        var m = new CloudFrontMetrics(t.DistributionId, t.Label);
        EdgeAlarms.CreateDistribution(Factory, m, t.Label);
        _dashboard.Add(Tier.Edge, Signal.Traffic, m.Requests(DashboardPeriod));
        _dashboard.Add(Tier.Edge, Signal.Errors, m.ErrorRate5xx(DashboardPeriod));
        _dashboard.Add(Tier.Edge, Signal.Errors, m.ErrorRate4xx(DashboardPeriod));
        _dashboard.Add(Tier.Edge, Signal.Latency, m.OriginLatency(DashboardPeriod, "p90"));
        _dashboard.Add(Tier.Edge, Signal.Saturation, m.CacheHitRate(DashboardPeriod));
    }

    public void MonitorWebAcl(WebAclTarget t)
    {
        Open();
        RequireMetricRegion(WafMetrics.MetricRegion, "CloudFront-scope WAF");
        var m = new WafMetrics(t.WebAclName, t.Label);
        EdgeAlarms.CreateWebAcl(Factory, m, t.Label);
        _dashboard.Add(Tier.Edge, Signal.Traffic, m.Allowed(DashboardPeriod), rightAxis: true);
        _dashboard.Add(Tier.Edge, Signal.Errors, m.BlockedRate(DashboardPeriod));
    }

    public void MonitorQueue(QueueTarget t)
    {
        Open();
        var m = new SqsMetrics(t.QueueName, t.Label);
        QueueAlarms.Create(Factory, m, t);
        if (t.IsDeadLetter)
        {
            _dashboard.Add(Tier.Queues, Signal.Errors, m.Visible(DashboardPeriod));
            return;
        }
        _dashboard.Add(Tier.Queues, Signal.Traffic, m.Sent(DashboardPeriod));
        _dashboard.Add(Tier.Queues, Signal.Traffic, m.Deleted(DashboardPeriod));
        _dashboard.Add(Tier.Queues, Signal.Latency, m.OldestMessageAge(DashboardPeriod));
        _dashboard.Add(Tier.Queues, Signal.Saturation, m.Visible(DashboardPeriod));
        _dashboard.Add(Tier.Queues, Signal.Saturation, m.InFlight(DashboardPeriod));
    }

    /// <summary>
    /// After the last Monitor* call: the composite "site degraded" alarm over the user-facing alarms made
    /// here (when there are any) and the dashboard (when named).
    /// </summary>
    public void Finish()
    {
        Open();
        IsFinished = true;
        var userFacing = Alarms.Where(a => a.Kind.UserFacing).Select(a => (IAlarm)a.Alarm).ToList();
        if (userFacing.Count > 0)
            SiteDegraded = Factory.CreateComposite(AlarmKinds.SiteDegradedId, _props.SiteDegradedName,
                $"Site degraded: users see errors, slowness or refused connections ({string.Join(", ", Alarms.Where(a => a.Kind.UserFacing).Select(a => a.Kind.Id).Distinct())}). Page the person on call.",
                userFacing);
        if (_props.DashboardName is { } name)
        {
            var all = Alarms.Select(a => (IAlarm)a.Alarm).ToList();
            if (SiteDegraded is not null) all.Insert(0, SiteDegraded);
            var runbooks = Factory.RunbookFolderLink.StartsWith("https://", StringComparison.Ordinal)
                ? $"[{AlarmKinds.RunbookFolder}]({Factory.RunbookFolderLink}/README.md)"
                : $"`{AlarmKinds.RunbookFolder}/` in the Headroom repository";
            var header = $"# {name}\nEvery alarm notifies the SNS topic `{_props.NamePrefix}-ops` on ALARM and OK, and its description links its runbook: {runbooks}.";
            if (_props.DashboardNote is { } note) header += " " + note;
            Dashboard = _dashboard.Build(this, "Dashboard", name, header, all);
        }
    }

    /// <summary>The dashboard row of a target group's service ("Service checkout").</summary>
    public static string ServiceRow(string label) => $"Service {label}";

    private void AddFleetWidgets(FleetMetrics m, string label)
    {
        _dashboard.Add(Tier.Fleets, Signal.Saturation, m.Cpu(DashboardPeriod));
        _dashboard.Add(Tier.Fleets, Signal.Traffic, m.InService(DashboardPeriod));
        _dashboard.AddWidget(Tier.Fleets, OpsDashboard.CapacityAgainstMax($"{label}: capacity against max",
            m.InService(DashboardPeriod), m.Desired(DashboardPeriod), m.MinSize(DashboardPeriod), m.MaxSize(DashboardPeriod)));
    }

    private void RequireMetricRegion(string region, string what)
    {
        var stackRegion = Stack.Of(this).Region;
        if (!Token.IsUnresolved(stackRegion) && stackRegion != region)
            throw new InvalidOperationException($"{what} metrics exist only in {region}, and an alarm must live in its metric's region: monitor it from a {region} stack, not {stackRegion}");
    }

    private void Open()
    {
        if (IsFinished) throw new InvalidOperationException("monitoring is finished: Monitor* calls go before Finish()");
    }
}
