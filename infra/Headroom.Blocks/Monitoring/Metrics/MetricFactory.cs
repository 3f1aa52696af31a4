namespace Headroom.Blocks.Monitoring.Metrics;

/// <summary>
/// What every per-source metric factory shares: plain CloudWatch metrics by namespace and dimensions
/// (the dimension values are the blocks' resource names and ids, tokens included), and metric math.
/// </summary>
internal static class MetricFactory
{
    public static Metric Create(string ns, string name, string statistic, Duration period, IDictionary<string, string> dimensions,
        string label, string? region = null) =>
        new(new MetricProps
        {
            Namespace = ns,
            MetricName = name,
            Statistic = statistic,
            Period = period,
            DimensionsMap = new Dictionary<string, string>(dimensions),
            Label = label,
            Region = region,
        });

    /// <summary>
    /// Metric math. A dashboard graph or an alarm may not use one id for two different metrics, so every id
    /// gets the resource's label as suffix ("requests" of "web" is "requests_web").
    /// </summary>
    public static MathExpression Math(string expression, Duration period, string label, string resource, IDictionary<string, IMetric> usingMetrics)
    {
        var suffix = "_" + Regex.Replace(resource, "[^A-Za-z0-9]", "");
        var renamed = usingMetrics.Keys.Aggregate(expression, (text, id) => Regex.Replace(text, $@"\b{id}\b", id + suffix));
        return new(new MathExpressionProps
        {
            Expression = renamed,
            UsingMetrics = usingMetrics.ToDictionary(m => m.Key + suffix, m => m.Value),
            Period = period,
            Label = label,
        });
    }
}
