using Headroom.Blocks.Monitoring;

namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    private Monitoring? _monitoring;

    /// <summary>
    /// The App stack's monitoring: ops topic, alarms, dashboard. Made on first use, because blocks wired
    /// before <see cref="AddMonitoring"/> (the fleets' scaling notifications) already need its topic.
    /// </summary>
    public Monitoring MonitoringBlock => _monitoring ??= NewMonitoring(App, dashboard: true);

    private Monitoring NewMonitoring(HeadroomStack stack, bool dashboard)
    {
        var cfg = Config.Monitoring;
        return new Monitoring(stack, "Monitoring", new MonitoringProps
        {
            NamePrefix = NamePrefix,
            Emails = cfg.Emails,
            WebhookUrl = cfg.WebhookUrl,
            RunbookBaseUrl = cfg.RunbookBaseUrl ?? "",
            Alarms = cfg.EffectiveAlarms(),
            DashboardName = dashboard ? NamePrefix : null,
        });
    }

    /// <summary>Called last: every block exists, so each one's alarms and dashboard widgets can be added.</summary>
    private void AddMonitoring()
    {
        var monitoring = MonitoringBlock;
        for (var i = 0; i < NetworkBlock.NatGateways.Count; i++)
            monitoring.MonitorNatGateway(new NatGatewayTarget(NetworkBlock.NatGatewayZones[i], NetworkBlock.NatGateways[i].AttrNatGatewayId));
        monitoring.MonitorLoadBalancer(new LoadBalancerTarget("web", WebLoadBalancer.Alb.LoadBalancerFullName, WebLoadBalancer.TargetGroup.TargetGroupFullName));
        monitoring.MonitorFleet(new FleetTarget("web", WebFleet.Group.AutoScalingGroupName));
        monitoring.Finish();
    }
}
