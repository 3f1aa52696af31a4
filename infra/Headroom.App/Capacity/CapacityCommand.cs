using Headroom.App.Cost;
using Spectre.Console;

namespace Headroom.App.Capacity;

/// <summary>
/// `headroom capacity [ENV...] [--users N]`: per environment, what each tier holds at the target latency
/// (baseline, max, each scheduled peak), the bottleneck, the scale-out time, the monthly cost, and every
/// assumption with its source. With --users, the smallest config change that holds N users, as YAML.
/// No synthesis and no AWS: config and arithmetic only.
/// </summary>
public static class CapacityCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string environmentsDirectory, IReadOnlyCollection<string> names, int? users, IAnsiConsole console, TextWriter error)
    {
        if (Cli.Output.LoadOrReport(environmentsDirectory, names, error) is not { } configs) return 1;

        var exit = 0;
        foreach (var config in configs)
        {
            try
            {
                var plan = EnvironmentPlan.Of(config);
                Render(console, plan);
                if (users is { } n) exit = Math.Max(exit, RenderRecommendation(console, config, plan, n));
            }
            catch (Exception e) when (e is CapacityInputException or UnpricedException)
            {
                error.WriteLine($"headroom capacity: {config.Name}: {e.Message}");
                exit = Math.Max(exit, 2);
            }
        }
        return exit;
    }

    private static void Render(IAnsiConsole console, EnvironmentPlan plan)
    {
        var (report, cost, workload) = (plan.Capacity, plan.Cost, plan.Workload);
        var peak = report.Peak;
        console.Write(new Rule($"[bold]{Markup.Escape(report.Environment)}[/]  " + (report.PlannedUsers > 0
            ? $"plan: {report.PlannedUsers.ToString("N0", Inv)} concurrent users at p95 ≤ {workload.P95TargetMs.ToString(Inv)} ms"
            : "no workload.peakUsers: capacity only")).LeftJustified());
        console.MarkupLine(Markup.Escape(Summary(report)));

        var table = new Table().Border(TableBorder.Simple).AddColumn("tier");
        foreach (var s in report.Scenarios) table.AddColumn(new TableColumn(Markup.Escape(s.Scenario.Name)).RightAligned());
        table.AddColumn($"limited by (at {Markup.Escape(peak.Scenario.Name)})").AddColumn("to raise it");
        foreach (var tier in peak.Tiers)
        {
            var row = new List<string> { Markup.Escape(tier.Tier) };
            foreach (var s in report.Scenarios)
            {
                var t = s.Tiers.First(x => x.Kind == tier.Kind && x.Key == tier.Key && x.Tier == tier.Tier);
                var text = Users(t.Users);
                row.Add(ReferenceEquals(t, s.Bottleneck) || (t.Tier == s.Bottleneck.Tier && t.Kind == s.Bottleneck.Kind) ? $"[bold]{text}*[/]" : text);
            }
            row.Add(Markup.Escape(tier.LimitedBy));
            row.Add(Markup.Escape(tier.ConfigPath));
            table.AddRow(row.ToArray());
        }
        table.AddRow(["[bold]holds[/]", .. report.Scenarios.Select(s => $"[bold]{Users(s.Users)}[/]"), "", ""]);
        if (report.PlannedUsers > 0)
            table.AddRow(["share of the plan", .. report.Scenarios.Select(s => Share(s.ShareOfPlan)), "", ""]);
        console.Write(table);
        console.WriteLine("  * the bottleneck of that column");

        foreach (var s in report.ScaleOut)
            console.WriteLine("  " + ScaleOutLine(s));
        foreach (var w in report.Warnings) console.MarkupLine($"  [yellow]warning:[/] {Markup.Escape(w)}");

        console.WriteLine();
        console.MarkupLine($"[bold]Cost[/], USD a month ({Markup.Escape(cost.Region)}, prices of {Markup.Escape(cost.PriceTableDate)}; peak = {Markup.Escape(cost.PeakScenario)})");
        var costs = new Table().Border(TableBorder.Simple).AddColumn("tier")
            .AddColumn(new TableColumn("baseline").RightAligned()).AddColumn(new TableColumn("at the peak all month").RightAligned())
            .AddColumn(new TableColumn($"planned peak month ({workload.PeakHoursPerMonth.ToString(Inv)} h at the peak)").RightAligned());
        foreach (var (tier, _) in cost.PlannedPeakMonth.PerTier)
            costs.AddRow(Markup.Escape(tier), Usd(TierUsd(cost.Baseline, tier)), Usd(TierUsd(cost.Peak, tier)), Usd(TierUsd(cost.PlannedPeakMonth, tier)));
        costs.AddRow("[bold]total[/]", $"[bold]{Usd(cost.Baseline.TotalUsd)}[/]", $"[bold]{Usd(cost.Peak.TotalUsd)}[/]", $"[bold]{Usd(cost.PlannedPeakMonth.TotalUsd)}[/]");
        costs.AddRow("of which usage-based", Usd(cost.Baseline.UsageUsd), Usd(cost.Peak.UsageUsd), Usd(cost.PlannedPeakMonth.UsageUsd));
        console.Write(costs);
        if (report.PlannedUsers > 0)
            console.WriteLine($"  {Usd(cost.CostPer1000PeakUsersUsd)} a month per 1,000 peak concurrent users (planned peak month)");

        console.WriteLine();
        console.MarkupLine("[bold]Assumptions[/] (value, unit, source; \"workload\" = set in this environment's file)");
        var assumptions = new Table().Border(TableBorder.Simple).AddColumn("assumption").AddColumn(new TableColumn("value").RightAligned()).AddColumn("unit").AddColumn("source");
        foreach (var a in report.Assumptions.Concat(cost.Assumptions).DistinctBy(a => a.Name))
            assumptions.AddRow(Markup.Escape(a.Name), a.Value.ToString("0.####", Inv), Markup.Escape(a.Unit), Markup.Escape(a.Source));
        console.Write(assumptions);
        console.WriteLine("  prices: " + string.Join("; ", cost.PriceSources));
        console.WriteLine();
    }

    /// <summary>One line: what the environment holds at its peak, what gives out first, and whether it meets the plan.</summary>
    public static string Summary(CapacityReport report)
    {
        var peak = report.Peak;
        var plan = report.PlannedUsers > 0
            ? $" — {Share(peak.ShareOfPlan)} of the plan ({report.PlannedUsers.ToString("N0", Inv)}){(peak.HoldsPlan ? "" : ": DOES NOT HOLD THE PLAN")}"
            : "";
        return $"holds {Users(peak.Users)} users at {peak.Scenario.Name}{plan}; bottleneck: {peak.Bottleneck.Tier} ({peak.Bottleneck.LimitedBy}); " +
               $"baseline holds {Users(report.Baseline.Users)}";
    }

    public static string ScaleOutLine(ScaleOutEstimate s) => s.PreScaled || s.ToInstances <= s.FromInstances
        ? $"scale-out ({s.Fleet}, {s.Scenario}): it starts at {s.FromInstances}, enough for the plan"
        : double.IsPositiveInfinity(s.TotalSeconds)
            ? $"scale-out ({s.Fleet}, {s.Scenario}): {s.FromInstances} → {s.ToInstances} instances: no scaling policy grows it"
            : $"scale-out ({s.Fleet}, {s.Scenario}): {s.FromInstances} → {s.ToInstances} instances in {s.Steps} step(s) of {s.StepSeconds / 60:0.#} min " +
              $"(×{s.GrowthPerStep:0.##} each): {s.TotalSeconds / 60:0} min";

    private static int RenderRecommendation(IAnsiConsole console, EnvironmentConfig config, EnvironmentPlan plan, int users)
    {
        var rec = CapacityRecommender.Recommend(plan.Shape, plan.Workload with { PeakUsers = users }, users);
        console.MarkupLine($"[bold]To hold {users.ToString("N0", Inv)} users[/] at {Markup.Escape(rec.Scenario)}: " +
                           $"{Users(rec.Before.Users)} today ({Markup.Escape(rec.Before.Bottleneck.Tier)} first), {Users(rec.After.Users)} after");
        if (rec.Changes.Count == 0 && rec.Holds) console.WriteLine("  no change needed");
        foreach (var c in rec.Changes) console.WriteLine($"  {c.Path}: {(c.From is "True" or "False" ? c.From.ToLowerInvariant() : c.From ?? "(default)")} → {Format(c.To)}  ({c.Why})");
        foreach (var u in rec.Unresolved) console.MarkupLine($"  [yellow]not in config:[/] {Markup.Escape(u)}");
        if (rec.Changes.Count > 0)
        {
            console.WriteLine();
            console.WriteLine($"# the changed sections of environments/{config.Name}.yaml (replace them whole):");
            console.WriteLine(ConfigPatch.Render(config.File, rec.Changes));
        }
        return rec.Holds ? 0 : 3;
    }

    private static double TierUsd(CostEstimate e, string tier) => e.PerTier.FirstOrDefault(t => t.Tier == tier).Usd;
    private static string Users(double users) => double.IsPositiveInfinity(users) || users >= long.MaxValue ? "no limit" : Math.Floor(users).ToString("N0", Inv);
    private static string Share(double share) => double.IsPositiveInfinity(share) ? "—" : share.ToString("P0", Inv);
    private static string Usd(double usd) => "$" + usd.ToString("N0", Inv);
    internal static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("0.###", Inv),
        IFormattable f => f.ToString(null, Inv),
        _ => value.ToString() ?? "",
    };
}
