namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>
/// Auto Scaling group metrics of one fleet (AWS/AutoScaling group metrics need the group's metrics
/// collection on; the Fleet block turns it on) and its instances' CPU (AWS/EC2 by group).
/// </summary>
public sealed class FleetMetrics(string autoScalingGroupName, string label)
{
    private readonly Dictionary<string, string> _dimensions = new() { ["AutoScalingGroupName"] = autoScalingGroupName };

    public Metric InService(Duration period) => Group("GroupInServiceInstances", period, $"{label} in service");
    public Metric Desired(Duration period) => Group("GroupDesiredCapacity", period, $"{label} desired");
    public Metric MinSize(Duration period) => Group("GroupMinSize", period, $"{label} min");
    public Metric MaxSize(Duration period) => Group("GroupMaxSize", period, $"{label} max");
    public Metric Pending(Duration period) => Group("GroupPendingInstances", period, $"{label} pending");
    public Metric Cpu(Duration period) =>
        MetricFactory.Create("AWS/EC2", "CPUUtilization", "Average", period, _dimensions, $"{label} CPU %");

    /// <summary>1 while fewer instances are in service than the group's minimum, else 0.</summary>
    public MathExpression BelowMin(Duration period) =>
        MetricFactory.Math("IF(inService < minSize, 1, 0)", period, $"{label} below min", label,
            new Dictionary<string, IMetric> { ["inService"] = InService(period), ["minSize"] = MinSize(period) });

    /// <summary>1 while the group wants its maximum size (or more), else 0.</summary>
    public MathExpression AtMax(Duration period) =>
        MetricFactory.Math("IF(desired >= maxSize, 1, 0)", period, $"{label} at max", label,
            new Dictionary<string, IMetric> { ["desired"] = Desired(period), ["maxSize"] = MaxSize(period) });

    private Metric Group(string name, Duration period, string text) =>
        // Maximum: group metrics are one value per minute; the highest is the conservative reading of a period.
        MetricFactory.Create("AWS/AutoScaling", name, "Maximum", period, _dimensions, text);
}
