using Headroom.Blocks.Monitoring;

namespace Headroom.App.Stacks.Wiring;

public static class MonitoringWiring
{
    /// <summary>The App stack's ops topic, alarm factory and dashboard. Opened before the fleets, which send
    /// their scaling notifications to its topic; it watches the blocks once they all exist (<see cref="Watch"/>).</summary>
    public static Monitoring Open(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, bool hasEdge) =>
        new(stack, "Monitoring", Props(config, names) with
        {
            DashboardName = names.NamePrefix,
            DashboardNote = hasEdge ? $"CloudFront and WAF publish in us-east-1: their alarms and graphs are on the dashboard `{names.EdgeDashboardName}`." : null,
        });

    /// <summary>
    /// Every block's alarms and dashboard widgets, from the blocks themselves. The edge gets its own facade in
    /// us-east-1, where CloudFront and WAF publish their metrics: an alarm notifies only a topic of its own
    /// region, so in another region than the environment's the edge stack gets its own ops topic with the same
    /// subscribers; in us-east-1 it notifies the App stack's.
    /// </summary>
    public static MonitoringTier Watch(Monitoring monitoring, EnvironmentConfig config, EnvironmentNames names, NetworkTier network, DataTier data,
        WebTier web, WorkerTier? workers, HeadroomStack? edgeStack, Blocks.Edge.Edge? edge)
    {
        monitoring.Monitor(network.Network);
        monitoring.Monitor("web", web.LoadBalancer);
        foreach (var fleet in web.Fleets)
        {
            monitoring.Monitor(fleet.Name, fleet.Fleet);
            // The default target group is watched with the load balancer (above); every other one on its own.
            if (fleet.TargetGroup != web.LoadBalancer.TargetGroup) monitoring.Monitor(fleet.Name, web.LoadBalancer, fleet.TargetGroup);
        }
        monitoring.Monitor(data.Database);
        monitoring.Monitor(data.Cache);
        if (workers is not null) monitoring.MonitorWorkers("worker", workers.Fleet, data.Queues);
        monitoring.Monitor(data.Queues);
        monitoring.Finish();

        if (edge is null || edgeStack is null) return new MonitoringTier(monitoring, null);
        var sameRegion = edgeStack.Region == config.Region;
        var edgeMonitoring = new Monitoring(edgeStack, "Monitoring", Props(config, names) with
        {
            Topic = sameRegion ? monitoring.Topic : null,
            DashboardName = names.EdgeDashboardName,
            DashboardNote = $"The rest of the environment is on the dashboard `{names.NamePrefix}` ({config.Region}).",
            SiteDegradedName = $"{AlarmKinds.SiteDegradedId}-edge",
        });
        edgeMonitoring.Monitor(edge);
        edgeMonitoring.Finish();
        return new MonitoringTier(monitoring, edgeMonitoring);
    }

    private static MonitoringProps Props(EnvironmentConfig config, EnvironmentNames names) =>
        new(config.Monitoring.Settings(config)) { NamePrefix = names.NamePrefix };
}
