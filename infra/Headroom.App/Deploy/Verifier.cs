using Spectre.Console;

namespace Headroom.App.Deploy;

/// <summary>One verification after a deploy.</summary>
public sealed record VerifyCheck(string Check, bool Passed, string Detail);

/// <summary>
/// After a deploy, the environment must be up: every stack in a *_COMPLETE state that is not a rollback,
/// every target of the load balancer healthy, no alarm of the environment in ALARM, and the site answering
/// through CloudFront. Targets, alarms and the site may still be settling (instances registering, alarms
/// leaving INSUFFICIENT_DATA, a distribution propagating), so those are asked again until they pass or the
/// timeout is up. What to look at comes from the templates (target groups, the distribution), so a stack
/// added later is covered.
/// </summary>
public static class Verifier
{
    private const string TargetGroupType = "AWS::ElasticLoadBalancingV2::TargetGroup";
    private const string DistributionType = "AWS::CloudFront::Distribution";

    /// <summary>
    /// The environment's alarm names start with "&lt;tags.project&gt;-&lt;env&gt;-" (EnvironmentStacks' NamePrefix;
    /// a test holds the synthesized alarm names to it).
    /// </summary>
    public static string AlarmPrefix(Config.EnvironmentConfig config) => $"{config.Tags.Project}-{config.Name}-";

    public static IReadOnlyList<VerifyCheck> Run(DeployTarget target, DeployContext context, TimeSpan timeout, TimeSpan interval)
    {
        var progress = context.Progress;
        progress.WriteLine($"headroom: verifying {target.Name} ...");
        var stacks = target.Stacks.Select(s => StackStatus(context.Aws, s)).ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var settling = Settling(target, context).ToList();
            if (settling.All(c => c.Passed) || DateTime.UtcNow + interval > deadline) return [.. stacks, .. settling];
            progress.WriteLine($"headroom: not yet: {string.Join("; ", settling.Where(c => !c.Passed).Select(c => $"{c.Check}: {c.Detail}"))}; asking again in {interval.TotalSeconds:0} s");
            Thread.Sleep(interval);
        }
    }

    private static VerifyCheck StackStatus(IAws aws, DeployStack stack)
    {
        var name = $"stack {stack.Name}";
        var d = aws.DescribeStack(stack.Name, stack.Region);
        if (d is null) return new VerifyCheck(name, false, "not deployed");
        var ok = d.Status.EndsWith("_COMPLETE", StringComparison.Ordinal) && !d.Status.Contains("ROLLBACK", StringComparison.Ordinal) && d.Status != "DELETE_COMPLETE";
        return new VerifyCheck(name, ok, d.Status + (ok || d.Reason is null ? "" : $": {d.Reason}"));
    }

    private static IEnumerable<VerifyCheck> Settling(DeployTarget target, DeployContext context)
    {
        foreach (var stack in target.Stacks.Where(s => Has(s, TargetGroupType)))
        {
            var groups = context.Aws.StackResources(stack.Name, stack.Region).Where(r => r.Type == TargetGroupType && r.PhysicalId is not null).ToList();
            if (groups.Count == 0) yield return new VerifyCheck($"targets of {stack.Name}", false, "CloudFormation lists no target group");
            foreach (var group in groups)
            {
                var health = context.Aws.TargetHealth(group.PhysicalId!, stack.Region);
                var bad = health.Where(h => h.State != "healthy").ToList();
                yield return new VerifyCheck($"targets {group.LogicalId}",
                    health.Count > 0 && bad.Count == 0,
                    health.Count == 0 ? "no registered targets"
                    : bad.Count == 0 ? $"{health.Count} of {health.Count} healthy"
                    : $"{health.Count - bad.Count} of {health.Count} healthy; " + string.Join(", ", bad.Select(h => $"{h.Target} {h.State}{(h.Reason is null ? "" : $" ({h.Reason})")}")));
            }
        }

        var prefix = AlarmPrefix(target.Config);
        foreach (var region in target.Stacks.Select(s => s.Region).Distinct())
        {
            var alarms = context.Aws.AlarmsInAlarm(prefix, region);
            yield return new VerifyCheck($"alarms {prefix}* in {region}", alarms.Count == 0,
                alarms.Count == 0 ? "none in ALARM" : $"in ALARM: {string.Join(", ", alarms)}");
        }

        var edge = target.Stacks.FirstOrDefault(s => Has(s, DistributionType));
        if (edge is null)
        {
            yield return new VerifyCheck("site through CloudFront", true, "no CloudFront distribution in this environment (web.loadBalancer.behindCloudFront: false); not checked");
            yield break;
        }
        var distribution = context.Aws.StackResources(edge.Name, edge.Region).FirstOrDefault(r => r.Type == DistributionType && r.PhysicalId is not null);
        if (distribution is null)
        {
            yield return new VerifyCheck("site through CloudFront", false, $"CloudFormation lists no distribution in {edge.Name}");
            yield break;
        }
        var hosts = new List<string> { context.Aws.DistributionDomain(distribution.PhysicalId!) };
        hosts.AddRange(target.Config.Edge.Settings(target.Config).DomainNames);
        foreach (var host in hosts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var url = new Uri($"https://{host}/");
            var (status, detail) = context.Site.Get(url);
            yield return new VerifyCheck($"site {url}", status is >= 200 and < 400, detail);
        }
    }

    private static bool Has(DeployStack stack, string type)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(stack.TemplatePath));
        return doc.RootElement.TryGetProperty("Resources", out var resources)
               && resources.EnumerateObject().Any(r => r.Value.TryGetProperty("Type", out var t) && t.GetString() == type);
    }

    public static void Render(IReadOnlyList<VerifyCheck> checks, DeployTarget target, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Simple).Title($"{Markup.Escape(target.Name)}: verification")
            .AddColumn("check").AddColumn("result").AddColumn("detail");
        foreach (var c in checks)
            table.AddRow(new Markup(Markup.Escape(c.Check)), new Markup(c.Passed ? "[green]ok[/]" : "[red]FAILED[/]"), new Markup(Markup.Escape(c.Detail)));
        console.Write(table);
        var failed = checks.Count(c => !c.Passed);
        console.MarkupLine(failed == 0
            ? $"[green]{Markup.Escape(target.Name)} deployed and verified[/]: {checks.Count} checks passed"
            : $"[red]{Markup.Escape(target.Name)} deployed, but {failed} of {checks.Count} checks failed[/]");
    }
}
