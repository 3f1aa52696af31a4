using Headroom.App.Stacks.Wiring;

namespace Headroom.App.LoadTest;

/// <summary>One of Artillery's phases: <paramref name="ArrivalRate"/> journeys started per second, rising linearly to
/// <paramref name="RampTo"/> when set.</summary>
public sealed record Phase(string Name, int Seconds, double ArrivalRate, double? RampTo = null)
{
    public double HighestRate => Math.Max(ArrivalRate, RampTo ?? 0);
    /// <summary>Journeys the phase starts.</summary>
    public double Journeys => Seconds * (ArrivalRate + (RampTo ?? ArrivalRate)) / 2;
}

/// <summary>A named load pattern: what it shows and its phases.</summary>
public sealed record Scenario(string Name, string Purpose, IReadOnlyList<Phase> Phases)
{
    public int Seconds => Phases.Sum(p => p.Seconds);
}

/// <summary>
/// The load tests of one environment, derived from its workload. The request rate at the peak is the capacity
/// model's (<see cref="Workload.DynamicRpsPerUser"/> × peak users); the journeys turn it into journeys started per
/// second, so a script sends the load the model plans for. Thresholds are the workload's latency targets and the
/// load tests' error budget, checked by Artillery's ensure plugin (a run that misses one exits non-zero).
/// </summary>
public sealed record LoadTestPlan(string Environment, string Region, bool Production, string Target, Workload Workload, LoadTestSettings Settings,
    string? AllowHeader, IReadOnlyList<Scenario> Scenarios)
{
    public static readonly string[] ScenarioNames = ["smoke", "ramp", "spike", "soak", "breakpoint"];

    /// <summary>The environment variable the scripts read the WAF allow header's value from.</summary>
    public const string TokenVariable = "HEADROOM_LOADTEST_TOKEN";
    /// <summary>What the load generators call themselves, so logs and WAF samples tell them apart.</summary>
    public const string UserAgent = "headroom-loadtest (Artillery)";

    /// <summary>Mean requests one journey sends, weighted by the journeys' shares.</summary>
    public double RequestsPerJourney => Weighted(j => j.Requests);
    /// <summary>Mean time one user spends in a journey, s.</summary>
    public double SecondsPerJourney => Weighted(j => j.Seconds(Workload));
    /// <summary>Dynamic requests per second at the peak: the capacity model's figure.</summary>
    public double PeakRequestRate => Workload.PeakUsers * Workload.DynamicRpsPerUser;
    /// <summary>Journeys started per second that send <see cref="PeakRequestRate"/>.</summary>
    public double PeakArrivalRate => PeakRequestRate / RequestsPerJourney;
    /// <summary>Outside the peak: the workload's baseline share of it.</summary>
    public double BaselineArrivalRate => PeakArrivalRate * Workload.BaselineUserShare;
    /// <summary>Users in a journey at once at the peak (Little's law); the plan's peakUsers when the journeys' pages
    /// make the workload's requests per page.</summary>
    public double PeakVirtualUsers => PeakArrivalRate * SecondsPerJourney;

    private double Weighted(Func<Journey, double> f) => Settings.Journeys.Sum(j => j.Weight * f(j)) / Settings.Journeys.Sum(j => j.Weight);

    public Scenario Scenario(string name) => Scenarios.FirstOrDefault(s => s.Name == name)
        ?? throw new LoadTestException($"no scenario '{name}' for {Environment}: {string.Join(", ", Scenarios.Select(s => s.Name))}" +
                                       (Workload.PeakUsers == 0 ? " (workload.peakUsers is 0: only smoke has a load to send)" : ""));

    /// <summary>Requests per second a scenario sends at its highest.</summary>
    public double HighestRequestRate(Scenario s) => s.Phases.Max(p => p.HighestRate) * RequestsPerJourney;

    /// <summary>Fargate workers for a distributed run: enough that none sends more than an assumed share.</summary>
    public int Workers(Scenario s) => (int)Math.Clamp(Math.Ceiling(HighestRequestRate(s) / LoadTestDefaults.RequestsPerFargateWorker.Value), 1,
        LoadTestDefaults.MaxFargateWorkers.Value);

    public static LoadTestPlan Of(EnvironmentConfig config, string? target = null)
    {
        var workload = config.Workload.Settings(config);
        var settings = config.Workload.LoadTest.Settings(config);
        var edge = config.Edge.Settings(config);
        var url = target ?? settings.Target ?? (edge.DomainNames.FirstOrDefault(d => !d.StartsWith('*')) is { } domain ? $"https://{domain}" : null)
            ?? throw new LoadTestException($"{config.Name} has no target: set workload.loadTest.target or edge.domainNames, or pass --target");
        var plan = new LoadTestPlan(config.Name, config.Region, config.Production, url.TrimEnd('/'), workload, settings, edge.LoadTest.Allow?.Header, []);
        return plan with { Scenarios = plan.Build() };
    }

    private List<Scenario> Build()
    {
        var s = Settings;
        var list = new List<Scenario> { new("smoke", "a few users: every journey works and answers fast", [new("smoke", s.SmokeSeconds, s.SmokeArrivalRate)]) };
        if (Workload.PeakUsers == 0) return list;
        var (peak, baseline) = (PeakArrivalRate, BaselineArrivalRate);
        list.Add(new("ramp", "from the baseline to the planned peak, then held: scale-out keeps up",
            Without0([new("ramp to the peak", s.RampSeconds, baseline, peak), new("hold the peak", s.PeakHoldSeconds, peak)])));
        list.Add(new("spike", $"the Black Friday opening: the baseline to the peak ({peak / baseline:0.#}× the baseline) in {s.SpikeRiseSeconds} s",
            Without0([new("baseline", s.SpikeBaselineSeconds, baseline), new("opening", s.SpikeRiseSeconds, baseline, peak), new("hold the peak", s.SpikeHoldSeconds, peak)])));
        list.Add(new("soak", "the peak held for hours: leaks, pools and disks", [new("ramp to the peak", s.RampSeconds, baseline, peak), new("soak", s.SoakSeconds, peak)]));
        list.Add(new("breakpoint", $"rising to {s.BreakpointMaxFactor:0.#}× the peak: where the latency target or the error budget breaks",
            [new("rise until it breaks", s.BreakpointSeconds, baseline, peak * s.BreakpointMaxFactor)]));
        return list;

        static List<Phase> Without0(List<Phase> phases) => phases.Where(p => p.Seconds > 0).ToList();
    }

    /// <summary>The Artillery script of one scenario.</summary>
    public string Script(Scenario scenario)
    {
        var w = Workload;
        var inv = CultureInfo.InvariantCulture;
        string N(double x) => Math.Round(x, 3).ToString("0.###", inv);
        var y = new StringBuilder();
        y.AppendLine($"# {Environment} / {scenario.Name}: {scenario.Purpose}.");
        y.AppendLine($"# Written by `./headroom loadtest plan {Environment}` from environments/{Environment}.yaml; edit the workload, not this file.");
        if (w.PeakUsers > 0)
            y.AppendLine($"# Peak: {w.PeakUsers.ToString("N0", inv)} users × {N(w.DynamicRpsPerUser)} dynamic requests/s each (workload: {N(w.DynamicRequestsPerPage)} a page, " +
                         $"a page every {N(w.ThinkTimeSeconds)} s) = {N(PeakRequestRate)} requests/s = {N(PeakArrivalRate)} journeys/s × {N(RequestsPerJourney)} requests " +
                         $"(≈ {PeakVirtualUsers.ToString("N0", inv)} users in a journey at once).");
        y.AppendLine("config:");
        y.AppendLine($"  target: \"{Target}\"");
        y.AppendLine("  phases:");
        foreach (var p in scenario.Phases)
        {
            y.AppendLine($"    - name: \"{p.Name}\"");
            y.AppendLine($"      duration: {p.Seconds}");
            // Artillery splits a constant rate over its local workers in whole journeys per second (a fraction fails
            // its assertion); a ramp it splits exactly. A fractional constant rate is a count over the phase instead.
            if (p.RampTo is { } to)
                y.AppendLine($"      arrivalRate: {N(p.ArrivalRate)}\n      rampTo: {N(to)}");
            else if (Math.Abs(p.ArrivalRate - Math.Round(p.ArrivalRate)) < 1e-9)
                y.AppendLine($"      arrivalRate: {N(p.ArrivalRate)}");
            else
                y.AppendLine($"      arrivalCount: {Math.Max(1, Math.Round(p.ArrivalRate * p.Seconds))}");
        }
        y.AppendLine("  http:");
        y.AppendLine($"    timeout: {Settings.TimeoutSeconds}");
        y.AppendLine("    defaults:");
        y.AppendLine("      headers:");
        y.AppendLine($"        user-agent: \"{UserAgent}\"");
        if (AllowHeader is { } header)
        {
            y.AppendLine("        # WAF lets requests with this header past its rate limit (edge.loadTest.allow); headroom loadtest run");
            y.AppendLine($"        # reads the value from Secrets Manager ({EdgeWiring.LoadTestSecretName(Environment)}, {EdgeWiring.Region}) into {TokenVariable}.");
            y.AppendLine($"        {header}: \"{{{{ $env.{TokenVariable} }}}}\"");
        }
        y.AppendLine("  plugins:");
        y.AppendLine("    ensure: {}");
        y.AppendLine("    # An unexpected status fails the journey, so it counts against the error budget.");
        y.AppendLine("    expect:");
        y.AppendLine("      reportFailuresAsErrors: true");
        y.AppendLine("      outputFormat: silent");
        y.AppendLine("  # The environment's targets: a run that misses one exits non-zero.");
        y.AppendLine("  ensure:");
        y.AppendLine("    thresholds:");
        y.AppendLine($"      - http.response_time.p95: {N(w.P95TargetMs)}");
        if (w.P99TargetMs is { } p99) y.AppendLine($"      - http.response_time.p99: {N(p99)}");
        y.AppendLine("    conditions:");
        y.AppendLine($"      - expression: \"vusers.failed / http.requests <= {N(Settings.ErrorBudget)}\"");
        y.AppendLine("        strict: true");
        y.AppendLine("scenarios:");
        var statuses = string.Join(", ", LoadTestDefaults.SuccessStatuses);
        foreach (var j in Settings.Journeys)
        {
            y.AppendLine($"  - name: \"{j.Name}\"");
            y.AppendLine($"    weight: {j.Weight}");
            y.AppendLine("    flow:");
            foreach (var page in j.Pages)
            {
                Request(page.Method.ToLowerInvariant(), page.Path);
                foreach (var call in page.CallPaths) Request("get", call);
                var think = page.ThinkSeconds ?? w.ThinkTimeSeconds;
                if (think > 0) y.AppendLine($"      - think: {N(think)}");
            }
        }
        return y.ToString();

        void Request(string method, string path)
        {
            y.AppendLine($"      - {method}:");
            y.AppendLine($"          url: \"{path}\"");
            y.AppendLine($"          expect:");
            y.AppendLine($"            - statusCode: [{statuses}]");
        }
    }
}

/// <summary>A load test that cannot be planned or run as asked; the message says why.</summary>
public sealed class LoadTestException(string message) : Exception(message);
