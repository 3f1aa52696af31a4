namespace Headroom.App.Capacity;

/// <summary>When fleets are sized: the everyday size, the most they may grow to, or a scheduled peak.</summary>
public enum ScenarioKind
{
    /// <summary>Every fleet at its desired (or minimum) size.</summary>
    Baseline,
    /// <summary>Every fleet at its maximum.</summary>
    Max,
    /// <summary>A scheduled action in force, fleets at the maximum it allows.</summary>
    ScheduledPeak,
    /// <summary>A scheduled action in force, fleets at the minimum it sets: held from the first minute.</summary>
    ScheduledPeakPreScaled,
}

/// <summary>Fleet sizes to judge the environment at.</summary>
/// <param name="Name">"baseline", "max", the scheduled action's name, or "name (pre-scaled)"</param>
/// <param name="Instances">instances per fleet name</param>
/// <param name="PeakName">the scheduled action's name for the two peak kinds</param>
public sealed record Scenario(string Name, ScenarioKind Kind, IReadOnlyDictionary<string, int> Instances, string? PeakName = null);

/// <summary>The kinds of limit the model knows; the recommender picks its remedy by kind.</summary>
public enum TierKind
{
    Fleet, Workers, LoadBalancer, DatabasePrimaryCpu, DatabasePrimaryConnections, DatabaseProxyPool, DatabaseIops,
    ReplicaCpu, ReplicaConnections, CacheOps, CacheMemory, CacheConnections, Nat, Queue, WafRateRule,
    CloudFrontRequests, CloudFrontBandwidth,
}

/// <summary>What one tier holds.</summary>
/// <param name="Tier">the name the table shows: "web fleet", "read replicas (CPU)"</param>
/// <param name="Key">the fleet or queue name for kinds that repeat; null otherwise</param>
/// <param name="Users">concurrent users it holds at the target; +∞ when it sets no limit</param>
/// <param name="LimitedBy">the numbers behind it, for the table and the refusal message</param>
/// <param name="ConfigPath">the YAML path to change to raise it</param>
public sealed record TierCapacity(TierKind Kind, string Tier, string? Key, double Users, string LimitedBy, string ConfigPath)
{
    public bool Unbounded => double.IsPositiveInfinity(Users);
}

/// <summary>The environment at one scenario: each tier, the lowest of them, and the share of the plan held.</summary>
/// <param name="Users">the capacity: the lowest tier, whole users (long.MaxValue when nothing limits)</param>
/// <param name="ShareOfPlan">Users over the workload's peak users (1 = exactly the plan)</param>
public sealed record ScenarioCapacity(Scenario Scenario, IReadOnlyList<TierCapacity> Tiers, long Users, TierCapacity Bottleneck, double ShareOfPlan)
{
    public bool HoldsPlan => ShareOfPlan >= 1;
}

/// <summary>How long a fleet takes from its starting size to the size the plan needs.</summary>
/// <param name="FromInstances">where scaling starts: the baseline, or the scheduled action's minimum</param>
/// <param name="ToInstances">instances the plan needs, capped at the scenario's maximum</param>
/// <param name="PreScaled">the schedule alone already holds the plan: no scaling needed at the peak</param>
/// <param name="GrowthPerStep">how much one target-tracking step multiplies the fleet by, x</param>
/// <param name="StepSeconds">one step: detection + launch + warm-up + health checks + slow start, s</param>
/// <param name="TotalSeconds">Steps × StepSeconds; +∞ when no policy scales the fleet out</param>
/// <param name="StepBreakdown">the parts of one step, each with its source</param>
public sealed record ScaleOutEstimate(string Fleet, string Scenario, int FromInstances, int ToInstances, bool PreScaled, int Steps,
    double GrowthPerStep, double StepSeconds, double TotalSeconds, IReadOnlyList<Assumption> StepBreakdown);

/// <summary>The capacity of one environment: every scenario, the scale-out times and what the numbers rest on.</summary>
public sealed record CapacityReport(string Environment, int PlannedUsers, IReadOnlyList<ScenarioCapacity> Scenarios,
    IReadOnlyList<ScaleOutEstimate> ScaleOut, IReadOnlyList<Assumption> Assumptions, IReadOnlyList<string> Warnings)
{
    public ScenarioCapacity Baseline => Scenarios.First(s => s.Scenario.Kind == ScenarioKind.Baseline);
    public ScenarioCapacity Max => Scenarios.First(s => s.Scenario.Kind == ScenarioKind.Max);
    /// <summary>The scheduled peaks at their maximum sizes (none without a schedule).</summary>
    public IEnumerable<ScenarioCapacity> ScheduledPeaks => Scenarios.Where(s => s.Scenario.Kind == ScenarioKind.ScheduledPeak);
    /// <summary>The best the environment can do for its plan: the largest peak capacity (a scheduled peak or max).</summary>
    public ScenarioCapacity Peak => Scenarios.Where(s => s.Scenario.Kind is ScenarioKind.ScheduledPeak or ScenarioKind.Max).MaxBy(s => s.Users)!;
}

/// <summary>Input the model cannot judge (an instance type it does not know and no profile says its size).</summary>
public sealed class CapacityInputException(string message) : Exception(message);
