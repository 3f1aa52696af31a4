using Headroom.Blocks.Monitoring;

namespace Headroom.App.Preview.Sections;

/// <summary>How many alarms each environment gets, per tier and stack, who they notify, and each kind's evaluation.</summary>
internal sealed partial class MonitoringPreview : IPreviewSection
{
    public int Order => 90;
    public string Title => "Monitoring";

    [GeneratedRegex(@"docs/runbooks/([a-z0-9-]+)\.md")] private static partial Regex RunbookLink();

    private static readonly Dictionary<Tier, string> TierNames = new()
    {
        [Tier.Edge] = "edge", [Tier.LoadBalancer] = "load balancer", [Tier.Fleets] = "fleets", [Tier.Database] = "database",
        [Tier.Cache] = "cache", [Tier.Queues] = "queues", [Tier.Network] = "network",
    };

    public IEnumerable<string> Describe(SynthesizedEnvironment env)
    {
        var all = env.OfType("AWS::CloudWatch::Alarm").ToList();
        // An alarm whose actions are scaling policies drives a fleet; it notifies nobody.
        var scaling = all.Where(a => DrivesScaling(env, a)).ToList();
        var metric = all.Except(scaling).ToList();
        var composite = env.OfType("AWS::CloudWatch::CompositeAlarm").ToList();
        if (metric.Count + composite.Count == 0) yield break;

        var total = metric.Count + composite.Count;
        yield return $"{total} alarm{(total == 1 ? "" : "s")} ({metric.Count} metric, {composite.Count} composite)" +
                     (scaling.Count == 0 ? "" : $"; {scaling.Count} more {(scaling.Count == 1 ? "drives" : "drive")} scaling and {(scaling.Count == 1 ? "notifies" : "notify")} nobody");
        var tiers = metric.GroupBy(a => Kind(a) is { } k ? AlarmKinds.ById(k)?.Tier : null)
            .OrderBy(g => g.Key ?? (Tier)int.MaxValue)
            .Select(g => $"{(g.Key is { } t ? TierNames[t] : "other")} {g.Count()}");
        yield return $"by tier: {string.Join(", ", tiers)}";
        var counted = metric.Concat(composite).ToList();
        yield return $"by stack: {string.Join(", ", counted.GroupBy(a => a.Stack).Select(g => $"{g.Key} {g.Count()}"))}";
        foreach (var stack in env.Stacks)
            foreach (var topic in stack.Resources.Where(r => r.Type == "AWS::SNS::Topic"))
            {
                var subscriptions = stack.Resources.Where(r => r.Type == "AWS::SNS::Subscription" && r.Prop("TopicArn")?.ToString().Contains(topic.LogicalId, StringComparison.Ordinal) == true).ToList();
                var unencrypted = topic.Prop("KmsMasterKeyId") is null ? " (UNENCRYPTED)" : "";
                yield return $"topic {topic.Str("TopicName")}{unencrypted} in {stack.Name}: {subscriptions.Count(s => s.Str("Protocol") == "email")} e-mail, {subscriptions.Count(s => s.Str("Protocol") == "https")} webhook";
            }
        foreach (var dashboard in env.OfType("AWS::CloudWatch::Dashboard"))
            yield return $"dashboard {dashboard.Str("DashboardName")}";
        foreach (var c in composite)
            yield return $"{c.Str("AlarmName")}: composite over {Regex.Matches(c.Prop("AlarmRule")?.ToString() ?? "", "ALARM\\(").Count} user-facing alarms";
        foreach (var group in metric.GroupBy(Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var evaluations = group.Select(Evaluation).Distinct().ToList();
            yield return $"  {group.Key ?? "(no runbook)",-28} x{group.Count(),-3} {string.Join(" | ", evaluations)}";
        }
    }

    private static bool DrivesScaling(SynthesizedEnvironment env, TemplateResource alarm) =>
        alarm.Prop("AlarmActions") is { ValueKind: System.Text.Json.JsonValueKind.Array } actions && actions.GetArrayLength() > 0
        && actions.EnumerateArray().All(a => a.ValueKind == System.Text.Json.JsonValueKind.Object && a.TryGetProperty("Ref", out var target)
            && env.Stacks.Single(s => s.Name == alarm.Stack).Resources.Any(r => r.LogicalId == target.GetString() && r.Type == "AWS::AutoScaling::ScalingPolicy"));

    private static string? Kind(TemplateResource alarm) =>
        alarm.Str("AlarmDescription") is { } d && RunbookLink().Match(d) is { Success: true } m ? m.Groups[1].Value : null;

    private static string Evaluation(TemplateResource alarm)
    {
        var op = alarm.Str("ComparisonOperator") switch
        {
            "GreaterThanThreshold" => ">",
            "GreaterThanOrEqualToThreshold" => ">=",
            "LessThanThreshold" => "<",
            "LessThanOrEqualToThreshold" => "<=",
            var other => other,
        };
        var value = alarm.Prop("Threshold")?.GetDouble() ?? 0;
        // Memory and storage thresholds are bytes: say GiB.
        var threshold = value >= 1 << 30 ? (value / (1 << 30)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB" : value.ToString("0.###", CultureInfo.InvariantCulture);
        var period = Regex.Match(alarm.Raw.ToString(), "\"Period\":\\s*(\\d+)").Groups[1].Value;
        return $"{op} {threshold} in {alarm.Prop("DatapointsToAlarm")} of {alarm.Prop("EvaluationPeriods")} x {period} s";
    }
}
