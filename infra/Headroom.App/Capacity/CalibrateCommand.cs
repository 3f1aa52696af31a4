using Headroom.App.LoadTest;
using Spectre.Console;

namespace Headroom.App.Capacity;

/// <summary>
/// `headroom capacity ENV --calibrate REPORT.json [--instances N]`: reads an Artillery JSON report (a breakpoint run,
/// ideally, against the environment's web fleet held at a known size) and prints what one instance measured (its
/// throughput at the target latency, its throughput flat out, its service time), the workload values that carry those
/// measurements into the model, and the capacity they imply beside today's. Exit 0, or 2 when the report cannot be used.
/// </summary>
public static class CalibrateCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string environmentsDirectory, IReadOnlyCollection<string> names, string reportPath, int? instances, IAnsiConsole console, TextWriter error)
    {
        if (names.Count != 1)
        {
            error.WriteLine("headroom capacity --calibrate: name one environment (the one the report measured)");
            return 2;
        }
        if (Cli.Output.LoadOrReport(environmentsDirectory, names, error) is not { } configs) return 1;
        var config = configs.Single();
        try
        {
            var plan = EnvironmentPlan.Of(config);
            var web = plan.Shape.Fleets.First(f => f.Name == "web");
            var n = instances ?? web.BaselineInstances;
            var calibration = Calibration.Of(ArtilleryReport.Read(reportPath), plan.Workload, config.Workload.LoadTest.Settings(config), n);
            Render(console, config, plan, web, calibration, reportPath, instances is null);
            return 0;
        }
        catch (Exception e) when (e is LoadTestException or CapacityInputException or Cost.UnpricedException)
        {
            error.WriteLine($"headroom capacity --calibrate: {config.Name}: {e.Message}");
            return 2;
        }
    }

    private static void Render(IAnsiConsole console, EnvironmentConfig config, EnvironmentPlan plan, FleetShape web, Calibration c, string reportPath, bool defaultInstances)
    {
        var w = plan.Workload;
        var settings = config.Workload.LoadTest.Settings(config);
        console.Write(new Rule($"[bold]{Markup.Escape(config.Name)}[/] calibrated from {Markup.Escape(reportPath)}").LeftJustified());
        console.WriteLine($"instances that served it: {c.Instances} × {web.InstanceType}" +
                          (defaultInstances ? $" (web.fleet's baseline size; pass --instances when the fleet ran at another size: hold it with min = max for the run)" : ""));

        var t = new Table().Border(TableBorder.Simple).AddColumn("period").AddColumn(new TableColumn("s").RightAligned())
            .AddColumn(new TableColumn("responses/s").RightAligned()).AddColumn(new TableColumn("p50").RightAligned())
            .AddColumn(new TableColumn("p95").RightAligned()).AddColumn(new TableColumn("p99").RightAligned())
            .AddColumn(new TableColumn("failed").RightAligned()).AddColumn("targets");
        foreach (var (p, held) in c.Periods)
            t.AddRow(p.Start.ToString("HH:mm:ss", Inv), p.Seconds.ToString("0.#", Inv), p.Throughput.ToString("0.#", Inv), Ms(p.P50), Ms(p.P95), Ms(p.P99),
                $"{p.Failed.ToString(Inv)} ({p.ErrorRate.ToString("0.###", Inv)})", held ? "held" : "missed");
        console.Write(t);
        var targets = $"p95 < {w.P95TargetMs:0} ms" + (w.P99TargetMs is { } p99 ? $", p99 < {p99:0} ms" : "") + $", failed ≤ {settings.ErrorBudget.ToString("0.####", Inv)}";
        console.WriteLine($"  targets: {targets}");

        console.WriteLine();
        console.MarkupLine("[bold]Measured[/], per instance");
        console.WriteLine($"  service time: {c.ServiceTimeMs:0.#} ms (the median response of the lightest period, {c.Lightest.Throughput:0.#} responses/s, when nothing queues)");
        console.WriteLine(c.Broke
            ? $"  throughput flat out: {c.SaturationRpsPerInstance:0.#} requests/s (the busiest period, past the break: requests queued and it served all it could)"
            : $"  throughput flat out: at least {c.SaturationRpsPerInstance:0.#} requests/s (the run never missed a target: it measured the load it offered, not the limit; run the breakpoint scenario)");
        console.WriteLine($"  concurrency: {c.ConcurrencyPerInstance:0.#} requests in service at once (throughput × service time, Little's law)");
        console.WriteLine(c.AtTargetRpsPerInstance is not { } at
            ? "  throughput at the target latency: none measured (no period held the targets)"
            : c.FirstMissed is { } missed && c.BusiestWithinTargets is { } last
                ? $"  throughput at the target latency: {at:0.#} requests/s (where p95 crosses {w.P95TargetMs:0} ms between the busiest period that held the targets, " +
                  $"{last.Throughput / c.Instances:0.#}/s at p95 {Ms(last.P95)} ms, and the next that missed them, {missed.Throughput / c.Instances:0.#}/s at p95 {Ms(missed.P95)} ms)"
                : $"  throughput at the target latency: {at:0.#} requests/s (the busiest period, which held {targets}: a lower bound, the run did not pass the edge)");

        var profile = c.Profile(web.InstanceType);
        var profiles = w.ServiceProfiles.Where(p => p.InstanceType != web.InstanceType).Append(profile).ToList();
        console.WriteLine();
        console.WriteLine($"# the workload values to set in environments/{config.Name}.yaml (serviceProfiles replaces the list whole):");
        console.WriteLine("workload:");
        console.WriteLine("  serviceProfiles:");
        foreach (var p in profiles)
        {
            console.WriteLine($"    - instanceType: {p.InstanceType}");
            console.WriteLine($"      serviceTimeMs: {p.ServiceTimeMs.ToString("0.#", Inv)}");
            if (p.Concurrency is { } cc) console.WriteLine($"      concurrency: {cc.ToString(Inv)}");
            if (p.ThroughputAtTargetRps is { } rps) console.WriteLine($"      throughputAtTargetRps: {rps.ToString("0.#", Inv)}");
        }

        var calibrated = w with { ServiceProfiles = profiles };
        var after = CapacityModel.Evaluate(plan.Shape, calibrated);
        console.WriteLine();
        console.MarkupLine("[bold]Capacity[/] they imply");
        console.WriteLine($"  one {web.InstanceType}: {CapacityModel.MaxRpsPerInstance(web.InstanceType, w):0.#} requests/s at the target today, " +
                          $"{CapacityModel.MaxRpsPerInstance(web.InstanceType, calibrated):0.#} calibrated");
        console.WriteLine($"  today:      {CapacityCommand.Summary(plan.Capacity)}");
        console.WriteLine($"  calibrated: {CapacityCommand.Summary(after)}");
        foreach (var a in new[] { Calibration.MinPeriodSeconds, Calibration.MinResponsesForServiceTime })
            console.WriteLine($"  assumed: {a}");
    }

    private static string Ms(double? ms) => ms is { } x ? x.ToString("0.#", Inv) : "—";
}
