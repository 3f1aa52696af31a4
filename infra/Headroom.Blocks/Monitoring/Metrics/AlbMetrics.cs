namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>
/// AWS/ApplicationELB metrics of one load balancer and its target group. Rates are metric math over
/// RequestCount, so an alarm reads "5% of requests failed", not a count that depends on traffic.
/// </summary>
public sealed class AlbMetrics(string loadBalancerFullName, string targetGroupFullName, string label)
{
    private const string Namespace = "AWS/ApplicationELB";
    private readonly Dictionary<string, string> _lb = new() { ["LoadBalancer"] = loadBalancerFullName };
    private readonly Dictionary<string, string> _tg = new() { ["LoadBalancer"] = loadBalancerFullName, ["TargetGroup"] = targetGroupFullName };

    public Metric Requests(Duration period) => Lb("RequestCount", "Sum", period, $"{label} requests");
    public Metric Elb5xx(Duration period) => Lb("HTTPCode_ELB_5XX_Count", "Sum", period, $"{label} load balancer 5xx");
    public Metric Target5xx(Duration period) => Lb("HTTPCode_Target_5XX_Count", "Sum", period, $"{label} target 5xx");
    public Metric Target4xx(Duration period) => Lb("HTTPCode_Target_4XX_Count", "Sum", period, $"{label} target 4xx");
    public Metric TargetResponseTime(Duration period, string percentile = "p99") =>
        Lb("TargetResponseTime", percentile, period, $"{label} response time {percentile}");
    public Metric RejectedConnections(Duration period) => Lb("RejectedConnectionCount", "Sum", period, $"{label} rejected connections");
    public Metric ActiveConnections(Duration period) => Lb("ActiveConnectionCount", "Sum", period, $"{label} active connections");
    public Metric UnhealthyHosts(Duration period) =>
        MetricFactory.Create(Namespace, "UnHealthyHostCount", "Maximum", period, _tg, $"{label} unhealthy targets");
    public Metric HealthyHosts(Duration period) =>
        MetricFactory.Create(Namespace, "HealthyHostCount", "Minimum", period, _tg, $"{label} healthy targets");

    // The same, for this target group alone (a service's share of the load balancer).
    public Metric TargetGroupRequests(Duration period) => Tg("RequestCount", "Sum", period, $"{label} requests");
    public Metric TargetGroupTarget5xx(Duration period) => Tg("HTTPCode_Target_5XX_Count", "Sum", period, $"{label} target 5xx");
    public Metric TargetGroupResponseTime(Duration period, string percentile = "p99") =>
        Tg("TargetResponseTime", percentile, period, $"{label} response time {percentile}");

    /// <summary>This target group's application 5xx as a percentage of its requests.</summary>
    public MathExpression TargetGroupTarget5xxRate(Duration period) =>
        Rate("target5xx", TargetGroupTarget5xx(period), TargetGroupRequests(period), period, $"{label} target 5xx %");

    /// <summary>Load-balancer 5xx as a percentage of requests.</summary>
    public MathExpression Elb5xxRate(Duration period) => Rate("elb5xx", Elb5xx(period), Requests(period), period, $"{label} load balancer 5xx %");

    /// <summary>Application (target) 5xx as a percentage of requests.</summary>
    public MathExpression Target5xxRate(Duration period) => Rate("target5xx", Target5xx(period), Requests(period), period, $"{label} target 5xx %");

    private MathExpression Rate(string errorsId, IMetric errors, IMetric requests, Duration period, string text) =>
        // The error count is only published when there are errors: fill its gaps with 0.
        MetricFactory.Math($"IF(requests > 0, 100 * FILL({errorsId}, 0) / requests, 0)", period, text, label,
            new Dictionary<string, IMetric> { [errorsId] = errors, ["requests"] = requests });

    private Metric Lb(string name, string statistic, Duration period, string text) =>
        MetricFactory.Create(Namespace, name, statistic, period, _lb, text);

    private Metric Tg(string name, string statistic, Duration period, string text) =>
        MetricFactory.Create(Namespace, name, statistic, period, _tg, text);
}
