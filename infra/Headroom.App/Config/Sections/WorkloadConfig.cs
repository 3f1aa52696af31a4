
namespace Headroom.App.Config.Sections;

/// <summary>Messages the app sends to one queue per dynamic request, and how it sends them.</summary>
[SectionFields] public sealed partial class QueueLoadConfig : IOverrides<QueueLoad>;

/// <summary>How one instance type serves the app, measured by a load test or assumed.</summary>
[SectionFields] public sealed partial class ServiceProfileConfig : IOverrides<ServiceProfile>;

/// <summary>
/// The `workload:` section: what the capacity and cost models plan for. Defaults are the model's stated
/// assumptions (<see cref="WorkloadDefaults"/>, each with its source); this section only overrides them.
/// </summary>
[SectionFields] public sealed partial class WorkloadConfig : IConfigSection, IOverrides<Workload>
{
    [Field("production only: why a plan that does not hold `peakUsers` may still deploy (a written reason)", Default = "none: refused")]
    [AppOnly("the config gate reads it; the models do not")]
    public string? AcceptShortfall { get; set; }

    /// <summary>The load tests: error budget, journeys, scenario lengths, target (`workload.loadTest.*`).</summary>
    public LoadTestConfig LoadTest { get; set; } = new();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9]+\z")] private static partial Regex InstanceTypePattern();

    /// <summary>Production's promise: its max and scheduled sizes hold workload.peakUsers at the target, by the capacity
    /// model, unless a written reason accepts the shortfall. Runs on an otherwise valid environment.</summary>
    public void ValidatePlan(ConfigValidator v, string path)
    {
        if (!v.Root.Production || v.HasErrors || (PeakUsers ?? 0) == 0) return;
        EnvironmentPlan plan;
        try { plan = EnvironmentPlan.Of(v.Root); }
        catch (Exception e) when (e is CapacityInputException or Cost.UnpricedException)
        {
            v.Error($"{path}.peakUsers", PeakUsers, $"cannot be judged by the capacity model: {e.Message}");
            return;
        }
        var peak = plan.Capacity.Peak;
        if (peak.HoldsPlan) return;
        if (AcceptShortfall is { Length: > 0 }) return;
        v.Error($"{path}.peakUsers", PeakUsers,
            $"is more than production holds: {peak.Users:N0} users at {peak.Scenario.Name}, {peak.Bottleneck.Tier} first ({peak.Bottleneck.LimitedBy}); " +
            $"`./headroom capacity {v.Root.Name} --users {PeakUsers}` prints the change that holds it, or set workload.acceptShortfall to a reason");
    }

    public void Validate(ConfigValidator v, string path)
    {
        LoadTest.Validate(v, $"{path}.loadTest");
        if (AcceptShortfall is not null) v.Check(AcceptShortfall.Trim().Length >= 10, $"{path}.acceptShortfall", AcceptShortfall, "must be a written reason (at least 10 characters)");
        Range("peakUsers", PeakUsers, 0, 10_000_000);
        Range("p95TargetMs", P95TargetMs, 10, 60_000);
        if (P99TargetMs is { } p99)
            v.Check(p99 >= (P95TargetMs ?? WorkloadDefaults.P95TargetMs.Value) && p99 <= 60_000, $"{path}.p99TargetMs", p99, "must be at least p95TargetMs and at most 60000");
        Range("thinkTimeSeconds", ThinkTimeSeconds, 0.5, 3600);
        Range("dynamicRequestsPerPage", DynamicRequestsPerPage, 0.1, 100);
        Range("staticRequestsPerPage", StaticRequestsPerPage, 0, 500);
        Range("cacheHitRatio", CacheHitRatio, 0, 1);
        Range("dbReadsPerRequest", DbReadsPerRequest, 0, 1000);
        Range("dbWritesPerRequest", DbWritesPerRequest, 0, 1000);
        Range("replicaReadShare", ReplicaReadShare, 0, 1);
        Range("largestClientIpShare", LargestClientIpShare, 0, 1);
        Range("peakHoursPerMonth", PeakHoursPerMonth, 1, 744);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (Messages?.Count ?? 0); i++)
        {
            var m = Messages![i];
            var at = $"{path}.messages[{i}]";
            if (v.Required($"{at}.queue", m.Queue, "a queue of queues.list"))
            {
                v.Check(seen.Add(m.Queue!), $"{at}.queue", m.Queue, "must not repeat a queue listed before");
                var queues = v.Root.Queues.Settings(v.Root).Queues.Select(q => q.Name).ToList();
                v.Check(queues.Contains(m.Queue!), $"{at}.queue", m.Queue, $"must be a queue of queues.list: {string.Join(", ", queues)}");
            }
            if (v.Required($"{at}.perRequest", m.PerRequest, "messages per dynamic request, 0–100"))
                v.Range($"{at}.perRequest", m.PerRequest!.Value, 0, 100);
            if (m.MessageGroups is { } groups) v.Range($"{at}.messageGroups", groups, 1, 1_000_000);
            if (m.ProcessingSeconds is { } seconds) v.Range($"{at}.processingSeconds", seconds, 0.001, 43_200);
        }
        var types = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (ServiceProfiles?.Count ?? 0); i++)
        {
            var p = ServiceProfiles![i];
            var at = $"{path}.serviceProfiles[{i}]";
            if (v.Required($"{at}.instanceType", p.InstanceType, "an EC2 instance type such as m7i.large")
                && v.Matches($"{at}.instanceType", p.InstanceType, InstanceTypePattern(), "must be an EC2 instance type such as m7i.large"))
                v.Check(types.Add(p.InstanceType!), $"{at}.instanceType", p.InstanceType, "must not repeat a type listed before");
            if (v.Required($"{at}.serviceTimeMs", p.ServiceTimeMs, "0.1–60000 ms"))
                v.Range($"{at}.serviceTimeMs", p.ServiceTimeMs!.Value, 0.1, 60_000);
            if (p.Concurrency is { } c) v.Range($"{at}.concurrency", c, 1, 10_000);
            if (p.ThroughputAtTargetRps is { } t) v.Range($"{at}.throughputAtTargetRps", t, 0.001, 1_000_000);
        }

        void Range(string field, double? value, double min, double max)
        {
            if (value is { } x) v.Range($"{path}.{field}", x, min, max);
        }
    }
}
