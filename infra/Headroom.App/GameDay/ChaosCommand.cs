using Headroom.App.Stacks;
using Headroom.Blocks.Chaos;
using Spectre.Console;

namespace Headroom.App.GameDay;

/// <summary>
/// `headroom chaos ENV...`: per environment, each FIS experiment the Chaos block makes: what it does, what stops it,
/// the impact the capacity model expects (with every assumption named), and how to start it. The environment's
/// constructs are built offline (no synthesis, no AWS call); a template's ID exists only once deployed, so the
/// start command reads it from the SSM parameter the block writes.
/// </summary>
public static class ChaosCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string environmentsDirectory, IReadOnlyCollection<string> names, IAnsiConsole console, TextWriter error)
    {
        if (Cli.Output.LoadOrReport(environmentsDirectory, names, error) is not { } configs) return 1;
        var app = HeadroomApp.Create(Directory.CreateTempSubdirectory("headroom-chaos-").FullName);
        var exit = 0;
        foreach (var config in configs)
        {
            try
            {
                Render(console, ChaosReport.Of(new EnvironmentStacks(app, config)));
            }
            catch (Exception e) when (e is CapacityInputException or Cost.UnpricedException)
            {
                error.WriteLine($"headroom chaos: {config.Name}: {e.Message}");
                exit = Math.Max(exit, 2);
            }
        }
        return exit;
    }

    public static void Render(IAnsiConsole console, ChaosReport report)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(report.Environment)}[/]  chaos experiments (AWS FIS)").LeftJustified());
        if (report.Experiments.Count == 0)
        {
            console.WriteLine(report.Production
                ? "  none: production makes experiment templates only when its file says `chaos: { enabled: true }`"
                : "  none: `chaos.enabled` is false");
            console.WriteLine();
            return;
        }
        console.WriteLine($"  game day: {report.Runbook}; impaired zone: {report.Zone}; log: a retained CloudWatch log group ({report.LogRetentionDays} days)");
        console.WriteLine($"  role: trusted only by fis.amazonaws.com for this account's experiments; acts only on resources of {report.Scope}");
        console.WriteLine();
        var number = 0;
        foreach (var e in report.Experiments)
        {
            console.MarkupLine($"[bold]{++number}. {Markup.Escape(e.Name)}[/]");
            console.WriteLine($"   does:     {e.Summary}");
            console.WriteLine($"   stops on: {string.Join(", ", e.StopAlarms)} (any in ALARM stops the experiment)");
            console.WriteLine("   expected:");
            foreach (var line in e.Impact) console.WriteLine($"     - {line}");
            console.WriteLine($"   start:    {e.StartCommand}");
            console.WriteLine();
        }
        console.WriteLine("  assumptions:");
        foreach (var a in report.Assumptions)
            console.WriteLine($"    {a}");
        console.WriteLine();
    }
}

/// <summary>One experiment as `headroom chaos` prints it.</summary>
public sealed record ExperimentReport(string Name, ChaosExperiment Kind, string Summary, IReadOnlyList<string> StopAlarms,
    IReadOnlyList<string> Impact, string ParameterName, string StartCommand);

/// <summary>An environment's experiments with the impact the capacity model expects of each.</summary>
public sealed record ChaosReport(string Environment, bool Production, string Zone, string Scope, string Runbook, int LogRetentionDays,
    IReadOnlyList<ExperimentReport> Experiments, IReadOnlyList<Assumption> Assumptions)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Failover and recovery times: the database's from the RDS guide; the rest Headroom's assumptions until a game day measures them.
    public static readonly Assumption RdsFailoverSeconds = new("RDS Multi-AZ DB instance failover (the upper end)", 120, "s",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html (checked 2026-12-03: 'Failover times are typically 60–120 seconds'; large transactions or a lengthy recovery can increase it)");
    public static readonly Assumption RdsRebootSeconds = new("Single-AZ RDS reboot until it accepts writes again", 300, "s", "assumed: measure on the game day");
    public static readonly Assumption CacheFailoverSeconds = new("ElastiCache Multi-AZ promotion of a replica", 60, "s", "assumed: measure on the game day");
    public static readonly Assumption UnhealthyDetectionSeconds = new("Auto Scaling notices a stopped or terminated instance", 60, "s", "assumed: EC2 status checks; measure on the game day");
    public static readonly Assumption AvailabilityTarget = new("Availability target (error budget = the rest)", 99.9, "% of a 30-day month", "assumed: the shop states no SLO yet");
    public static readonly Assumption PercentRounding = new("Instances FIS selects for PERCENT(n)", 1, "at least", "assumed: FIS rounds the share to whole instances; Headroom counts at least one");

    public static ChaosReport Of(EnvironmentStacks env)
    {
        var config = env.Config;
        var settings = config.Chaos.Settings(config);
        var scope = $"project={config.Tags.Project}, environment={config.Name}";
        if (env.ChaosBlock is not { } block)
            return new(config.Name, config.Production, "", scope, "", settings.LogRetentionDays, [], []);

        var plan = EnvironmentPlan.Of(config);
        var impact = new Impact(plan, block.ImpairedZone, settings, env.DataTier.Database.Primary.Node.DefaultChild is Amazon.CDK.AWS.RDS.CfnDBInstance { MultiAz: true });
        var experiments = block.Templates.Select(t => new ExperimentReport(t.Name, t.Kind, t.Summary, block.StopAlarmNames, impact.Of(t),
            t.ParameterName, StartCommand(t.ParameterName, config.Region))).ToList();
        var used = new List<Assumption>
        {
            CapacityFacts.InstanceLaunchSeconds, UnhealthyDetectionSeconds, RdsFailoverSeconds, RdsRebootSeconds, CacheFailoverSeconds,
            AvailabilityTarget, PercentRounding, CapacityFacts.TargetTrackingDetectionSeconds,
        };
        return new(config.Name, config.Production, block.ImpairedZone, scope, block.RunbookLink, settings.LogRetentionDays, experiments,
            [.. used, .. plan.Workload.Assumptions()]);
    }

    /// <summary>The template's ID lives in SSM once deployed: read it there, then start the experiment.</summary>
    public static string StartCommand(string parameterName, string region) =>
        $"aws fis start-experiment --region {region} --experiment-template-id \"$(aws ssm get-parameter --region {region} --name {parameterName} --query Parameter.Value --output text)\"";

    private sealed class Impact(EnvironmentPlan plan, string zone, ChaosSettings settings, bool multiAzDatabase)
    {
        private readonly EnvironmentShape _shape = plan.Shape;
        private readonly Workload _w = plan.Workload;
        private double BudgetSeconds => (100 - AvailabilityTarget.Value) / 100 * 30 * 24 * 3600;

        public IReadOnlyList<string> Of(ChaosTemplate t) => t.Kind switch
        {
            ChaosExperiment.ZonePower => ZonePower(),
            ChaosExperiment.FleetTermination => Termination(t.Name["terminate-".Length..]),
            ChaosExperiment.DatabaseFailover => [Database(), Budget(DatabaseSeconds)],
            ChaosExperiment.CacheFailover =>
            [
                $"if the cache's primary is in {zone}, a replica in another zone is promoted in about {CacheFailoverSeconds.Value:0} s; otherwise {zone}'s replica is gone for {settings.StressDuration} and reads go to the others",
                "sessions and cached pages survive on the promoted replica (asynchronous replication: the last writes may be lost)",
                Budget(CacheFailoverSeconds.Value),
            ],
            ChaosExperiment.CpuStress => CpuStress(),
            ChaosExperiment.DatabaseLatency => Latency(),
            _ => [],
        };

        private double DatabaseSeconds => multiAzDatabase ? RdsFailoverSeconds.Value : RdsRebootSeconds.Value;

        private string Database() => multiAzDatabase
            ? $"the database fails over to its standby in about 60–{RdsFailoverSeconds.Value:0} s; writes fail meanwhile and RDS Proxy keeps the clients' connections"
            : $"the database is single-AZ: it reboots, and writes fail for about {RdsRebootSeconds.Value:0} s (assumed)";

        private IReadOnlyList<string> ZonePower()
        {
            var zones = _shape.AvailabilityZones;
            var lines = new List<string>();
            var remaining = new Dictionary<string, int>();
            foreach (var f in _shape.Fleets)
            {
                var n = f.BaselineInstances;
                var lost = n == 0 ? 0 : (int)Math.Ceiling((double)n / zones);
                remaining[f.Name] = n - lost;
                lines.Add(n == 0
                    ? $"the {f.Name} fleet runs no instance at baseline: nothing to stop in {zone}"
                    : $"losing {zone} leaves {n - lost} of {n} {f.Name} instance{(n == 1 ? "" : "s")} (Auto Scaling spreads them over {zones} zones; the zone with the most)");
            }
            lines.Add(Users("the zone lost", remaining));
            lines.Add($"Auto Scaling replaces them in the other zones: in service after about {ReplacementSeconds():0} s (detection {UnhealthyDetectionSeconds.Value:0} s, launch {CapacityFacts.InstanceLaunchSeconds.Value:0} s, warm-up, health checks)");
            lines.Add(Database());
            if (_shape.Cache is not null) lines.Add($"the cache loses its nodes in {zone}; a primary there is replaced by a replica in about {CacheFailoverSeconds.Value:0} s (assumed)");
            var webShare = _shape.Fleets[0].BaselineInstances == 0 ? 0 : 1.0 - (double)remaining[_shape.Fleets[0].Name] / _shape.Fleets[0].BaselineInstances;
            lines.Add(Budget(DatabaseSeconds + webShare * UnhealthyDetectionSeconds.Value));
            return lines;
        }

        private IReadOnlyList<string> Termination(string fleetName)
        {
            var f = _shape.Fleets.FirstOrDefault(x => x.Name == fleetName);
            if (f is null) return [$"the {fleetName} fleet is not in the capacity model"];
            var n = f.BaselineInstances;
            var killed = n == 0 ? 0 : Math.Clamp((int)Math.Round(n * settings.TerminatePercent / 100.0), 1, n);
            var remaining = _shape.Fleets.ToDictionary(x => x.Name, x => x.Name == fleetName ? n - killed : x.BaselineInstances);
            return
            [
                $"{settings.TerminatePercent}% of {n} {fleetName} instance{(n == 1 ? "" : "s")} is {killed}: {n - killed} keep serving",
                Users($"{killed} terminated", remaining),
                $"replacements are in service after about {ReplacementSeconds():0} s",
                Budget((double)killed / Math.Max(n, 1) * UnhealthyDetectionSeconds.Value),
            ];
        }

        private IReadOnlyList<string> CpuStress()
        {
            var web = _shape.Fleets[0];
            var n = web.BaselineInstances;
            var stressed = n == 0 ? 0 : Math.Clamp((int)Math.Ceiling(n * settings.StressedPercent / 100.0), 1, n);
            var effective = n - stressed * settings.CpuLoadPercent / 100.0;
            var perInstance = CapacityModel.UsersPerInstance(web, _w);
            var lines = new List<string>
            {
                $"{stressed} of {n} web instances run at {settings.CpuLoadPercent}% CPU: the web fleet holds about {Count(perInstance * effective)} users instead of {Count(perInstance * n)}{Plan(perInstance * effective)}",
            };
            var rise = n == 0 ? 0 : (double)stressed / n * settings.CpuLoadPercent;
            lines.Add(web.CpuTargetPercent is int target && rise >= target
                ? $"average CPU rises by about {rise:0} points, above the {target}% target: target tracking adds instances after about {CapacityFacts.TargetTrackingDetectionSeconds.Value:0} s"
                : $"average CPU rises by about {rise:0} points{(web.CpuTargetPercent is int t ? $", below the {t}% target: no scale-out expected" : "")}");
            lines.Add("no request should fail: slower responses on the stressed instances only; the shop should stay within its error budget");
            return lines;
        }

        private IReadOnlyList<string> Latency()
        {
            var queries = _w.DbReadsPerRequest * (1 - _w.CacheHitRatio) + _w.DbWritesPerRequest;
            var added = queries * settings.LatencyMilliseconds;
            return
            [
                $"each dynamic request on a slowed instance makes about {queries.ToString("0.##", Inv)} database round trips (reads after the cache, writes: workload model), so it takes about {added:0} ms longer",
                added >= _w.P95TargetMs
                    ? $"that is above the p95 target of {_w.P95TargetMs:0} ms: expect the response-time alarm on the slowed share ({settings.StressedPercent}% of instances)"
                    : $"that stays under the p95 target of {_w.P95TargetMs:0} ms",
                "connections are held longer: the proxy's pool and the web fleet's concurrency fill sooner (a bottleneck to watch on the dashboard)",
            ];
        }

        private string Users(string what, IReadOnlyDictionary<string, int> instances)
        {
            var scenario = CapacityModel.EvaluateScenario(_shape, _w, new Scenario(what, ScenarioKind.Baseline, instances));
            var baseline = plan.Capacity.Baseline;
            return $"with {what} the shop holds {Count(scenario.Users)} users against {Count(baseline.Users)} at baseline{Plan(scenario.Users)} " +
                   $"(bottleneck: {scenario.Bottleneck.Tier}, {scenario.Bottleneck.LimitedBy})";
        }

        private string Plan(double users)
        {
            if (_w.PeakUsers == 0) return "";
            var planned = _w.PeakUsers.ToString("N0", Inv);
            // A plan the baseline does not hold relies on scale-out: the experiment tells only under a load the baseline holds.
            if (plan.Capacity.Baseline.Users < _w.PeakUsers)
                return $"; the {planned} planned users need the fleet scaled out, so run it under a load the baseline holds";
            return users >= _w.PeakUsers ? $" and {planned} planned: it holds the plan" : $" and {planned} planned: below the plan, the site-degraded alarm may stop the experiment";
        }

        private string Budget(double errorSeconds)
        {
            var share = errorSeconds / BudgetSeconds;
            return share < 1
                ? $"about {errorSeconds:0} s of errors is {share:P0} of a month's error budget ({BudgetSeconds / 60:0} min at {AvailabilityTarget.Value.ToString(Inv)}%): the shop should stay below its error budget"
                : $"about {errorSeconds:0} s of errors exceeds a month's error budget ({BudgetSeconds / 60:0} min at {AvailabilityTarget.Value.ToString(Inv)}%)";
        }

        private double ReplacementSeconds()
        {
            var web = _shape.Fleets[0];
            return UnhealthyDetectionSeconds.Value + CapacityFacts.InstanceLaunchSeconds.Value + web.DefaultInstanceWarmupSeconds + web.HealthCheckSeconds;
        }

        private static string Count(double users) =>
            double.IsPositiveInfinity(users) || users >= long.MaxValue ? "unbounded" : Math.Floor(users).ToString("N0", Inv);
    }
}
