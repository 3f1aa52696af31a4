using System.Globalization;
using System.Text.RegularExpressions;
using Headroom.App.Capacity;
using Headroom.App.LoadTest;

namespace Headroom.Tests.LoadTest;

/// <summary>
/// End to end, with the real Artillery: a local server of known capacity (8 slots of 100 ms: 80 requests/s), a test
/// environment pointed at it, its smoke and breakpoint scripts generated and run, and the breakpoint report calibrated.
/// The run happens once, in the fixture; the facts read what it left. It runs beside the jsii tests (it calls no jsii,
/// and it mostly waits for its scripts' phases), so the client's own latency varies with the machine's load: a 100 ms
/// service time keeps that a few percent of what calibration reads.
/// </summary>
[Collection(Beside.LoadTest)]
public sealed class LoadTestEndToEndTests(LoadTestEndToEndTests.Run run) : IClassFixture<LoadTestEndToEndTests.Run>
{
    [Fact]
    public void Smoke_holds_the_latency_target_and_the_error_budget()
    {
        run.Smoke.Exit.Should().Be(0, run.Smoke.Output);
        run.Smoke.Output.Should().MatchRegex(@"p95 +[0-9.]+ ms +< 1000 ms +passed").And.Contain("thresholds: passed");
        // Artillery's own ensure plugin agreed: it printed its checks.
        run.Smoke.Output.Should().Contain("ok: http.response_time.p95 < 1000").And.Contain("ok: vusers.failed / http.requests <= 0.01");
        var script = File.ReadAllText(Path.Combine(run.Scripts, "smoke.yml"));
        script.Should().Contain("target: \"" + run.Server.Url + "\"").And.Contain("- http.response_time.p95: 1000");
    }

    [Fact]
    public void Breakpoint_rises_past_the_servers_capacity_and_fails_the_thresholds()
    {
        var script = File.ReadAllText(Path.Combine(run.Scripts, "breakpoint.yml"));
        // From the baseline (10% of the peak's 40 journeys/s) to 3.5× the peak: 4 → 140, past the server's 80.
        script.Should().Contain("arrivalRate: 4\n      rampTo: 140");
        run.Breakpoint.Exit.Should().Be(LoadTestCommand.Missed, run.Breakpoint.Output);
        run.Breakpoint.Output.Should().MatchRegex(@"p95 +[0-9.]+ ms +< 1000 ms +FAILED").And.Contain("thresholds: FAILED");
        run.Breakpoint.Output.Should().Contain("fail: http.response_time.p95 < 1000");
    }

    [Fact]
    public void Calibration_from_the_breakpoint_report_recovers_the_servers_capacity_within_25_percent()
    {
        run.Calibrate.Exit.Should().Be(0, run.Calibrate.Output);
        var output = run.Calibrate.Output;
        double Number(string pattern) => double.Parse(Regex.Match(output, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

        var flatOut = Number(@"throughput flat out: ([0-9.]+) requests/s \(the busiest period, past the break");
        flatOut.Should().BeInRange(run.Server.CapacityRps * 0.75, run.Server.CapacityRps * 1.25, output);
        var serviceTime = Number(@"serviceTimeMs: ([0-9.]+)");
        serviceTime.Should().BeInRange(run.Server.ServiceMs * 0.75, run.Server.ServiceMs * 1.25, output);
        var concurrency = Number(@"concurrency: ([0-9]+)\n");
        concurrency.Should().BeInRange(run.Server.Slots * 0.75, run.Server.Slots * 1.25, output);
        // Below the break, periods held the target; where p95 crosses it lies between them and the capacity.
        output.Should().Contain("throughput at the target latency: ").And.Contain("where p95 crosses 1000 ms between the busiest period that held the targets");
        Number(@"throughputAtTargetRps: ([0-9.]+)").Should().BeInRange(run.Server.CapacityRps * 0.4, flatOut);
        output.Should().Contain("workload:\n  serviceProfiles:").And.MatchRegex(@"calibrated: holds [0-9,]+ users");
    }

    [Fact]
    public void Traffic_stays_on_the_loopback_server_and_bounded()
    {
        run.Server.Requests.Should().BeInRange(1, 3000, "smoke sends 25 requests and the breakpoint about 1,440");
        // Bounded in time by the scripts themselves (and each run by its grace period), not by a stopwatch here.
        var seconds = new[] { "smoke.yml", "breakpoint.yml" }
            .SelectMany(f => Regex.Matches(File.ReadAllText(Path.Combine(run.Scripts, f)), @"duration: ([0-9]+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
            .Sum();
        seconds.Should().Be(25, "the test environment's smokeSeconds (5) and breakpointSeconds (20)");
    }

    /// <summary>The server, the environment, both runs and the calibration, once.</summary>
    public sealed class Run : IDisposable
    {
        public CapacityServer Server { get; } = new(slots: 8, serviceMs: 100, maxRequests: 5000);
        private readonly string _dir = Directory.CreateTempSubdirectory("headroom-loadtest-").FullName;
        public string Scripts => Path.Combine(_dir, "scripts");
        public (int Exit, string Output) Smoke { get; }
        public (int Exit, string Output) Breakpoint { get; }
        public (int Exit, string Output) Calibrate { get; }

        public Run()
        {
            var environments = Path.Combine(_dir, "environments");
            Directory.CreateDirectory(environments);
            // 20 users, a page every 0.5 s, one request a page: 40 requests/s at the peak, half the server's capacity.
            // Short scenarios, as a test environment may set them.
            File.WriteAllText(Path.Combine(environments, "loadtest.yaml"), TestConfig.With(TestConfig.Staging, $$"""
                workload:
                  peakUsers: 20
                  p95TargetMs: 1000
                  thinkTimeSeconds: 0.5
                  dynamicRequestsPerPage: 1
                  loadTest:
                    target: {{Server.Url}}
                    errorBudget: 0.01
                    smokeSeconds: 5
                    smokeArrivalRate: 5
                    breakpointSeconds: 20
                    breakpointMaxFactor: 3.5
                    timeoutSeconds: 5
                    journeys:
                      - name: home
                        pages:
                          - path: /
                            thinkSeconds: 0
                """));
            WarmUp();
            Smoke = RunScenario(environments, "smoke");
            Breakpoint = RunScenario(environments, "breakpoint");
            var output = new StringWriter();
            var exit = CalibrateCommand.Run(environments, ["loadtest"], Path.Combine(_dir, "breakpoint.report.json"), 1, PlainConsole.Into(output, 200), output);
            Calibrate = (exit, output.ToString());
        }

        /// <summary>The server's first requests pay for its JIT and thread pool, not for its capacity: a few, before the runs.</summary>
        private void WarmUp()
        {
            using var client = new HttpClient();
            Task.WaitAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(Server.Url + "/")).ToArray(), TimeSpan.FromSeconds(10));
        }

        private (int, string) RunScenario(string environments, string scenario)
        {
            var output = new StringWriter();
            var exit = LoadTestCommand.Run(new LoadTestRunOptions(environments, "loadtest", scenario, Repo.Root)
            {
                ScriptsDirectory = Scripts,
                Report = Path.Combine(_dir, $"{scenario}.report.json"),
                Grace = TimeSpan.FromSeconds(60),
            }, PlainConsole.Into(output, 200), output, interactive: false);
            return (exit, output.ToString());
        }

        public void Dispose()
        {
            Server.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
