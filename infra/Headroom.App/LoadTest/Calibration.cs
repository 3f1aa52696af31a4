
namespace Headroom.App.LoadTest;

/// <summary>
/// What a load test measured, per instance, in the capacity model's terms. From the report's periods: the service
/// time (the median response at the lightest load, when nothing queues), the saturation throughput (the most
/// responses a period completed per second: a system past its break serves at its capacity while requests queue),
/// the concurrency those two imply (Little's law: throughput × service time), and the throughput of the busiest
/// period that still held the latency targets and the error budget.
/// </summary>
/// <param name="Instances">instances that served the test (the fleet held at one size)</param>
/// <param name="Broke">some period missed a latency target or the error budget: the saturation figure is a capacity,
/// not just the load that was offered</param>
public sealed record Calibration(int Instances, double ServiceTimeMs, double SaturationRps, double? AtTargetRps, bool Broke,
    ReportStretch Lightest, ReportStretch Busiest, ReportStretch? BusiestWithinTargets, IReadOnlyList<(ReportStretch Period, bool Held)> Periods)
{
    /// <summary>Artillery's periods are 10 s; shorter ones (the first and last of a run) are too short to judge a rate by.</summary>
    public static readonly Assumption MinPeriodSeconds = new("Shortest report period judged for a rate", 2, "s", "assumed: Artillery's periods are 10 s; a run's first and last are shorter");
    public static readonly Assumption MinResponsesForServiceTime = new("Responses needed to read a service time from a period", 5, "responses", Assumption.Assumed);

    public double SaturationRpsPerInstance => SaturationRps / Instances;
    public double? AtTargetRpsPerInstance => AtTargetRps / Instances;
    /// <summary>Requests in service at once per instance at saturation (Little's law).</summary>
    public double ConcurrencyPerInstance => SaturationRpsPerInstance * ServiceTimeMs / 1000.0;

    public static bool Holds(ReportStretch p, Workload w, LoadTestSettings s) =>
        p.P95 is { } p95 && p95 < w.P95TargetMs && (w.P99TargetMs is not { } t99 || p.P99 is { } p99 && p99 < t99) && p.ErrorRate <= s.ErrorBudget;

    public static Calibration Of(ArtilleryReport report, Workload w, LoadTestSettings s, int instances)
    {
        if (instances < 1) throw new LoadTestException("--instances must be at least 1");
        var periods = report.Periods.Where(p => p.Seconds >= MinPeriodSeconds.Value && p.Responses > 0).ToList();
        if (periods.Count == 0)
            throw new LoadTestException($"the report has no period of at least {MinPeriodSeconds.Value} s with responses: run longer (a breakpoint run, ideally)");
        var judged = periods.Select(p => (p, Holds(p, w, s))).ToList();
        var lightest = periods.Where(p => p.Responses >= MinResponsesForServiceTime.Value && p.P50 is not null).OrderBy(p => p.Throughput).FirstOrDefault()
            ?? throw new LoadTestException($"no period has {MinResponsesForServiceTime.Value} responses to read a service time from");
        var busiest = periods.MaxBy(p => p.Throughput)!;
        var within = judged.Where(x => x.Item2).Select(x => x.p).MaxBy(p => p.Throughput);
        // The edge is crossed in the first period after it (in time: the load rises through the run) that missed.
        var missed = within is null ? null : judged.SkipWhile(x => !ReferenceEquals(x.p, within)).Skip(1).Where(x => !x.Item2).Select(x => x.p).FirstOrDefault();
        return new(instances, lightest.P50!.Value, busiest.Throughput, within is null ? null : AtTarget(within, missed, w), judged.Any(x => !x.Item2),
            lightest, busiest, within, judged) { FirstMissed = missed };
    }

    /// <summary>The first period after <see cref="BusiestWithinTargets"/> that missed them: the edge lies between the two.</summary>
    public ReportStretch? FirstMissed { get; init; }

    /// <summary>Where the latency crosses its target between the busiest period that held it and the next one that did
    /// not, by linear interpolation of each targeted percentile against throughput (the lower crossing wins). A ramp's
    /// 10-second periods straddle the edge; the busiest held period alone would understate it by up to a period's rise.
    /// Without a busier missed period (or when the miss was the error budget) it is the held period's own throughput.</summary>
    private static double AtTarget(ReportStretch held, ReportStretch? missed, Workload w)
    {
        if (missed is null || missed.Throughput <= held.Throughput) return held.Throughput;
        var targets = new List<(double Target, double? Below, double? Above)> { (w.P95TargetMs, held.P95, missed.P95) };
        if (w.P99TargetMs is { } t99) targets.Add((t99, held.P99, missed.P99));
        var fraction = targets
            .Where(t => t.Below is not null && t.Above is { } above && above >= t.Target && above > t.Below)
            .Select(t => Math.Clamp((t.Target - t.Below!.Value) / (t.Above!.Value - t.Below.Value), 0, 1))
            .DefaultIfEmpty(0).Min();
        return held.Throughput + fraction * (missed.Throughput - held.Throughput);
    }

    /// <summary>The profile the workload should state for the fleet's instance type: the measured service time, the
    /// concurrency that reproduces the measured capacity, and the measured throughput at the target when the run broke
    /// (a run that never broke measured only what it offered, which is no ceiling).</summary>
    public ServiceProfile Profile(string instanceType) => new(instanceType, Math.Round(ServiceTimeMs, 1), Math.Max(1, (int)Math.Round(ConcurrencyPerInstance)),
        Broke && AtTargetRpsPerInstance is { } rps ? Math.Round(rps, 1) : null);
}
