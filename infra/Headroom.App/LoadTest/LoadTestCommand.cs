using System.Diagnostics;
using Headroom.App.Stacks.Wiring;
using Spectre.Console;

namespace Headroom.App.LoadTest;

/// <summary>What `headroom loadtest run` is asked to do: a scenario of an environment (environments/ENV.yaml in
/// <paramref name="EnvironmentsDirectory"/>), with loadtest/ (Artillery, the scripts, the reports) under
/// <paramref name="RepositoryRoot"/>.</summary>
public sealed record LoadTestRunOptions(string EnvironmentsDirectory, string Environment, string Scenario, string RepositoryRoot)
{
    public string? Target { get; init; }
    /// <summary>Run on AWS Fargate; the workers, or null to derive them from the arrival rate.</summary>
    public bool Distributed { get; init; }
    public int? Workers { get; init; }
    public bool Yes { get; init; }
    /// <summary>Where the script is written; null: loadtest/ENV/.</summary>
    public string? ScriptsDirectory { get; init; }
    /// <summary>The JSON report; null: loadtest/ENV/SCENARIO.report.json.</summary>
    public string? Report { get; init; }
    /// <summary>Longest a run may take beyond the scenario's own length before it is stopped.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// `headroom loadtest plan ENV` writes (or prints) the environment's Artillery scripts; `headroom loadtest run ENV
/// --scenario NAME` runs one with Artillery, here or on Fargate, and prints a summary against the thresholds.
/// Exit codes: 0 thresholds held, 1 a threshold missed (or Artillery failed), 2 the plan or the run could not be
/// made, 3 not confirmed (production without --yes).
/// </summary>
public static partial class LoadTestCommand
{
    public const int Missed = 1, Unusable = 2, NotConfirmed = 3;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Where an environment's scripts live.</summary>
    public static string Folder(string repositoryRoot, string environment) => Path.Combine(repositoryRoot, "loadtest", environment);

    public static int Plan(string environmentsDirectory, IReadOnlyCollection<string> names, string repositoryRoot, string? target, bool print,
        IAnsiConsole console, TextWriter error)
    {
        if (Cli.Output.LoadOrReport(environmentsDirectory, names, error) is not { } configs) return Unusable;
        var exit = 0;
        foreach (var config in configs)
        {
            LoadTestPlan plan;
            try { plan = LoadTestPlan.Of(config, target); }
            catch (LoadTestException e)
            {
                error.WriteLine($"headroom loadtest: {config.Name}: {e.Message}");
                exit = Unusable;
                continue;
            }
            if (print)
            {
                foreach (var s in plan.Scenarios)
                {
                    console.WriteLine($"# --- {plan.Environment}/{s.Name}.yml");
                    console.Write(new Text(plan.Script(s)));
                }
                continue;
            }
            var folder = Folder(repositoryRoot, plan.Environment);
            Directory.CreateDirectory(folder);
            foreach (var s in plan.Scenarios) File.WriteAllText(Path.Combine(folder, $"{s.Name}.yml"), plan.Script(s));
            Describe(console, plan, Path.GetRelativePath(repositoryRoot, folder));
        }
        return exit;
    }

    /// <summary>The plan as a table: each scenario's length, its highest rates and the Fargate workers it needs.</summary>
    public static void Describe(IAnsiConsole console, LoadTestPlan plan, string folder)
    {
        var w = plan.Workload;
        console.Write(new Rule($"[bold]{Markup.Escape(plan.Environment)}[/]  load tests against {Markup.Escape(plan.Target)} → {Markup.Escape(folder)}/").LeftJustified());
        if (w.PeakUsers > 0)
            console.WriteLine($"peak: {w.PeakUsers.ToString("N0", Inv)} users × {w.DynamicRpsPerUser:0.###} dynamic requests/s each = {plan.PeakRequestRate:0.#} requests/s " +
                              $"= {plan.PeakArrivalRate:0.###} journeys/s × {plan.RequestsPerJourney:0.#} requests (≈ {plan.PeakVirtualUsers:N0} users in a journey at once)");
        else
            console.WriteLine("workload.peakUsers is 0: only the smoke test has a load to send");
        var t = new Table().Border(TableBorder.Simple).AddColumn("scenario").AddColumn("what it shows").AddColumn(new TableColumn("length").RightAligned())
            .AddColumn(new TableColumn("journeys/s at most").RightAligned()).AddColumn(new TableColumn("requests/s at most").RightAligned())
            .AddColumn(new TableColumn("--distributed").RightAligned());
        foreach (var s in plan.Scenarios)
            t.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Purpose), Length(s.Seconds), s.Phases.Max(p => p.HighestRate).ToString("0.##", Inv),
                plan.HighestRequestRate(s).ToString("0.#", Inv), plan.Workers(s).ToString(Inv));
        console.Write(t);
        var thresholds = $"p95 < {w.P95TargetMs:0} ms" + (w.P99TargetMs is { } p99 ? $", p99 < {p99:0} ms" : "") + $", failed requests ≤ {plan.Settings.ErrorBudget:0.####}";
        console.WriteLine($"  thresholds (Artillery's ensure; a miss exits non-zero): {thresholds}");
        console.WriteLine($"  journeys: {string.Join(", ", plan.Settings.Journeys.Select(j => $"{j.Name} {j.Weight}"))}; {plan.RequestsPerJourney:0.#} requests and {plan.SecondsPerJourney:0.#} s each on average");
        if (plan.AllowHeader is { } header)
            console.WriteLine($"  WAF lets the {header} header through (its value: Secrets Manager {EdgeWiring.LoadTestSecretName(plan.Environment)}, {EdgeWiring.Region})");
        console.WriteLine("  assumptions (value, unit, source; \"workload\" = set in this environment's file):");
        var budget = LoadTestDefaults.ErrorBudget;
        var journeys = new Assumption("Journeys and their weights", plan.Settings.Journeys.Count, "journeys", ReferenceEquals(plan.Settings.Journeys, LoadTestSettings.DefaultJourneys)
            ? $"{Assumption.Assumed}: a shop's mix, mostly browsing, few checkouts; each page calls the cart and recommendations APIs" : "workload");
        var baseline = WorkloadDefaults.BaselineUserShare.Value.Equals(w.BaselineUserShare) ? WorkloadDefaults.BaselineUserShare : WorkloadDefaults.BaselineUserShare.SetBy(w.BaselineUserShare, "workload");
        foreach (var a in new[] { budget.Value.Equals(plan.Settings.ErrorBudget) ? budget : budget.SetBy(plan.Settings.ErrorBudget, "workload"), baseline, journeys,
                     LoadTestDefaults.RequestsPerFargateWorker, LoadTestDefaults.MaxFargateWorkers })
            console.WriteLine($"    {a}");
    }

    public static int Run(LoadTestRunOptions o, IAnsiConsole console, TextWriter progress, bool interactive)
    {
        if (Cli.Output.LoadOrReport(o.EnvironmentsDirectory, [o.Environment], progress) is not { } configs) return Unusable;
        var config = configs.Single();
        LoadTestPlan plan;
        Scenario scenario;
        try
        {
            plan = LoadTestPlan.Of(config, o.Target);
            scenario = plan.Scenario(o.Scenario);
        }
        catch (LoadTestException e)
        {
            progress.WriteLine($"headroom loadtest: {e.Message}");
            return Unusable;
        }
        if (o.Distributed && o.Workers is < 1 or > 1000)
        {
            progress.WriteLine("headroom loadtest: --distributed takes 1 to 1000 workers");
            return Unusable;
        }

        if (config.Production && !o.Yes)
        {
            var what = $"{scenario.Name} against PRODUCTION ({plan.Target}): up to {plan.HighestRequestRate(scenario):0} requests/s for {Length(scenario.Seconds)}";
            if (!interactive)
            {
                progress.WriteLine($"headroom loadtest: not running {what}: no terminal to confirm on; pass --yes");
                return NotConfirmed;
            }
            if (!console.Confirm(Markup.Escape($"Run {what}?"), defaultValue: false))
            {
                progress.WriteLine("headroom loadtest: not running: declined");
                return NotConfirmed;
            }
        }

        var folder = o.ScriptsDirectory ?? Folder(o.RepositoryRoot, plan.Environment);
        Directory.CreateDirectory(folder);
        var script = Path.Combine(folder, $"{scenario.Name}.yml");
        File.WriteAllText(script, plan.Script(scenario));
        var report = Path.GetFullPath(o.Report ?? Path.Combine(folder, $"{scenario.Name}.report.json"), o.RepositoryRoot);
        if (File.Exists(report)) File.Delete(report);

        var artillery = new Artillery(o.RepositoryRoot);
        var environment = new Dictionary<string, string?>();
        string? dotenv = null;
        try
        {
            artillery.EnsureInstalled(progress);
            if (plan.AllowHeader is not null && Token(plan, progress) is { } token)
            {
                environment[LoadTestPlan.TokenVariable] = token;
                if (o.Distributed)
                {
                    // The Fargate workers get it through Artillery's --dotenv (deleted here once the run is over).
                    dotenv = Path.Combine(Path.GetTempPath(), $"headroom-loadtest-{Guid.NewGuid():N}.env");
                    File.WriteAllText(dotenv, $"{LoadTestPlan.TokenVariable}={token}\n");
                }
            }
            var args = new List<string>();
            if (o.Distributed)
            {
                var workers = o.Workers ?? plan.Workers(scenario);
                args.AddRange(["run-fargate", script, "--region", config.Region, "--count", workers.ToString(Inv), "--output", report]);
                if (dotenv is not null) args.AddRange(["--dotenv", dotenv]);
                progress.WriteLine($"headroom loadtest: {plan.Environment}/{scenario.Name} on {workers} Fargate worker(s) in {config.Region} against {plan.Target} ({Length(scenario.Seconds)})");
            }
            else
            {
                args.AddRange(["run", script, "--output", report]);
                progress.WriteLine($"headroom loadtest: {plan.Environment}/{scenario.Name} from this machine against {plan.Target} ({Length(scenario.Seconds)})");
            }
            var filter = new ProgressFilter(progress);
            var clock = Stopwatch.StartNew();
            var code = artillery.Invoke(args, environment, filter.Line, TimeSpan.FromSeconds(scenario.Seconds) + o.Grace);
            filter.Flush();
            if (!File.Exists(report))
            {
                progress.WriteLine($"headroom loadtest: Artillery exited {code} without a report");
                return code == 0 ? Unusable : code;
            }
            var result = ArtilleryReport.Read(report);
            var shown = Path.GetRelativePath(o.RepositoryRoot, report);
            var held = Summary(console, plan, scenario, result, shown.StartsWith("..", StringComparison.Ordinal) ? report : shown, clock.Elapsed);
            if (code != 0 && held) progress.WriteLine($"headroom loadtest: Artillery exited {code}");
            return held && code == 0 ? 0 : Missed;
        }
        catch (LoadTestException e)
        {
            progress.WriteLine($"headroom loadtest: {e.Message}");
            return Unusable;
        }
        finally
        {
            if (dotenv is not null) File.Delete(dotenv);
        }
    }

    /// <summary>The run's figures and each threshold, passed or failed; true when all held.</summary>
    public static bool Summary(IAnsiConsole console, LoadTestPlan plan, Scenario scenario, ArtilleryReport report, string reportPath, TimeSpan elapsed)
    {
        var a = report.Aggregate;
        var w = plan.Workload;
        var checks = new List<(string Name, string Value, string Threshold, bool Held)>
        {
            ("p95", Ms(a.P95), $"< {w.P95TargetMs:0} ms", a.P95 is { } p95 && p95 < w.P95TargetMs),
        };
        if (w.P99TargetMs is { } t99) checks.Add(("p99", Ms(a.P99), $"< {t99:0} ms", a.P99 is { } p99 && p99 < t99));
        checks.Add(("failed requests", $"{a.Failed.ToString("N0", Inv)} ({a.ErrorRate.ToString("0.####", Inv)})", $"≤ {plan.Settings.ErrorBudget.ToString("0.####", Inv)}",
            a.ErrorRate <= plan.Settings.ErrorBudget && a.Requests > 0));

        console.Write(new Rule($"[bold]{Markup.Escape(plan.Environment)}/{Markup.Escape(scenario.Name)}[/] against {Markup.Escape(plan.Target)}").LeftJustified());
        var t = new Table().Border(TableBorder.Simple).AddColumn("measure").AddColumn(new TableColumn("value").RightAligned()).AddColumn("threshold").AddColumn("result");
        t.AddRow("requests", a.Requests.ToString("N0", Inv), "", "");
        t.AddRow("responses", $"{a.Responses.ToString("N0", Inv)} ({a.Throughput.ToString("0.#", Inv)}/s)", "", "");
        t.AddRow("journeys", $"{a.Journeys.ToString("N0", Inv)}", "", "");
        t.AddRow("p50", Ms(a.P50), "", "");
        foreach (var c in checks)
            t.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Value), Markup.Escape(c.Threshold), c.Held ? "[green]passed[/]" : "[red]FAILED[/]");
        foreach (var (name, count) in a.Errors.OrderByDescending(e => e.Value).Take(5))
            t.AddRow(Markup.Escape($"  error: {Shorten(name)}"), count.ToString("N0", Inv), "", "");
        console.Write(t);
        var held = checks.All(c => c.Held);
        console.MarkupLine($"  thresholds: {(held ? "[green]passed[/]" : "[red]FAILED[/]")}; {elapsed.TotalSeconds:0} s; report: {Markup.Escape(reportPath)}");
        return held;
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
    private static string Ms(double? ms) => ms is { } x ? x.ToString("0.#", Inv) + " ms" : "—";
    internal static string Length(int seconds) => seconds >= 3600 ? $"{seconds / 3600.0:0.#} h" : seconds >= 120 ? $"{seconds / 60.0:0.#} min" : $"{seconds} s";

    /// <summary>The WAF allow header's value: HEADROOM_LOADTEST_TOKEN when set, else read from Secrets Manager with the
    /// AWS CLI. A local target needs none.</summary>
    private static string? Token(LoadTestPlan plan, TextWriter progress)
    {
        if (System.Environment.GetEnvironmentVariable(LoadTestPlan.TokenVariable) is { Length: > 0 } set) return set;
        if (Uri.TryCreate(plan.Target, UriKind.Absolute, out var uri) && uri.IsLoopback) return null;
        var secret = EdgeWiring.LoadTestSecretName(plan.Environment);
        var info = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("HEADROOM_AWS") ?? "aws")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "secretsmanager", "get-secret-value", "--region", EdgeWiring.Region, "--secret-id", secret, "--query", "SecretString", "--output", "text" })
            info.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(info)!;
            var value = p.StandardOutput.ReadToEnd().Trim();
            var err = p.StandardError.ReadToEnd().Trim();
            if (p.WaitForExit(60_000) && p.ExitCode == 0 && value.Length > 0) return value;
            progress.WriteLine($"headroom loadtest: warning: cannot read {secret} ({EdgeWiring.Region}): {err}; WAF's rate limit applies to this run (set {LoadTestPlan.TokenVariable})");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            progress.WriteLine($"headroom loadtest: warning: cannot run the AWS CLI ({e.Message}); WAF's rate limit applies to this run (set {LoadTestPlan.TokenVariable})");
        }
        return null;
    }

    /// <summary>Artillery's console output cut to one line per 10-second period (requests, p95, failures), its phase
    /// changes, its checks and anything else it says; its own end-of-run summary gives way to ours.</summary>
    private sealed partial class ProgressFilter(TextWriter progress)
    {
        private string? _period;
        private string _section = "";
        private long _requests, _failed;
        private string _p95 = "—";
        private bool _summary;

        [GeneratedRegex(@"^([A-Za-z0-9_.\- ]+?):\s*\.*\s*([0-9.]+)(/sec)?\z")] private static partial Regex Metric();

        public void Line(string raw)
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("Metrics for period to:", StringComparison.Ordinal))
            {
                Flush();
                _period = line["Metrics for period to:".Length..].Trim().Split(' ')[0];
                return;
            }
            if (line.StartsWith("Summary report", StringComparison.Ordinal)) { Flush(); _summary = true; return; }
            if (line.StartsWith("Phase ", StringComparison.Ordinal) || line.StartsWith("Checks:", StringComparison.Ordinal)
                || line.StartsWith("ok:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal))
            {
                Flush();
                progress.WriteLine("  " + line);
                return;
            }
            if (line.Length == 0 || line.All(c => c is '-' or '─')) return;
            if (_period is null)
            {
                if (!_summary && !line.StartsWith("Log file", StringComparison.Ordinal)) progress.WriteLine("  " + line);
                return;
            }
            if (!char.IsWhiteSpace(raw[0])) _section = line.TrimEnd(':');
            var m = Metric().Match(line.Trim());
            if (!m.Success) return;
            var (name, value) = (m.Groups[1].Value, m.Groups[2].Value);
            if (name == "http.requests") _requests = (long)double.Parse(value, Inv);
            else if (name == "vusers.failed") _failed = (long)double.Parse(value, Inv);
            else if (name == "p95" && _section == "http.response_time") _p95 = value + " ms";
        }

        public void Flush()
        {
            if (_period is null) return;
            progress.WriteLine($"  {_period}  {_requests} requests, p95 {_p95}, {_failed} failed");
            (_period, _section, _requests, _failed, _p95) = (null, "", 0, 0, "—");
        }
    }
}
