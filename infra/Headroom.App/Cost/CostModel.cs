using Headroom.Blocks.Catalog;

namespace Headroom.App.Cost;

/// <summary>The three months the estimate prices.</summary>
public enum CostMonth
{
    /// <summary>Every fleet at its baseline size, the workload's off-peak users, all month.</summary>
    Baseline,
    /// <summary>Fleets at the size the plan needs at its (scheduled) peak, the planned users, all month: the rate of the peak.</summary>
    Peak,
    /// <summary>Baseline, plus the planned peak hours at the peak's size and users.</summary>
    PlannedPeakMonth,
}

/// <summary>One priced line.</summary>
/// <param name="Tier">what it belongs to: a fleet's name, "load balancer", "database", "cache", "network", "edge", "queues"</param>
/// <param name="Item">what is billed: "m7i.large instance-hours", "CloudFront data out"</param>
/// <param name="Quantity">how much, in <paramref name="Unit"/></param>
/// <param name="UnitPriceUsd">USD per unit (for tiered items, the average)</param>
public sealed record CostLine(string Tier, string Item, double Quantity, string Unit, double UnitPriceUsd, double MonthlyUsd, bool UsageBased);

/// <summary>One month's estimate, line by line.</summary>
public sealed record CostEstimate(CostMonth Month, IReadOnlyList<CostLine> Lines)
{
    public double TotalUsd => Lines.Sum(l => l.MonthlyUsd);
    public double UsageUsd => Lines.Where(l => l.UsageBased).Sum(l => l.MonthlyUsd);
    /// <summary>USD per tier, in the order tiers first appear.</summary>
    public IReadOnlyList<(string Tier, double Usd)> PerTier =>
        Lines.GroupBy(l => l.Tier).Select(g => (g.Key, g.Sum(l => l.MonthlyUsd))).ToList();
}

/// <summary>An environment's monthly cost three ways, and per 1,000 peak concurrent users.</summary>
/// <param name="PeakInstances">instances per fleet the peak month runs</param>
/// <param name="CostPer1000PeakUsersUsd">the planned peak month over the workload's peak users, per 1,000</param>
public sealed record CostReport(string Environment, string Region, string PriceTableDate, IReadOnlyList<string> PriceSources,
    string PeakScenario, IReadOnlyDictionary<string, int> PeakInstances,
    CostEstimate Baseline, CostEstimate Peak, CostEstimate PlannedPeakMonth, double CostPer1000PeakUsersUsd, IReadOnlyList<Assumption> Assumptions);

/// <summary>
/// Monthly cost from the pinned price table and the workload: instances, databases and caches by the hour,
/// usage (CloudFront data and requests, WAF requests, LCUs, NAT data, cross-zone data, SQS requests) from the
/// workload's users. No AWS call; an unpriced region is refused (<see cref="UnpricedException"/>).
/// </summary>
public static class CostModel
{
    public static readonly Assumption HoursPerMonth = new("Hours in a month", 730, "h", "https://aws.amazon.com/calculator/ (AWS's convention: 24 × 365 / 12)");
    public static readonly Assumption SqsCallsPerMessage = new("SQS requests per message (send, receive, delete)", 3, "requests", "https://aws.amazon.com/sqs/pricing/");
    public static readonly Assumption LcuNewConnections = new("New connections per second in one LCU", 25, "connections/s", "https://aws.amazon.com/elasticloadbalancing/pricing/");
    public static readonly Assumption LcuActiveConnections = new("Active connections in one LCU", 3000, "connections", "https://aws.amazon.com/elasticloadbalancing/pricing/");
    public static readonly Assumption LcuProcessedGiBPerHour = new("Processed bytes per hour in one LCU (EC2 targets)", 1, "GB/h", "https://aws.amazon.com/elasticloadbalancing/pricing/");
    public static readonly Assumption RdsProxyMinVCpus = new("RDS Proxy minimum billed vCPUs", 2, "vCPUs", "https://aws.amazon.com/rds/proxy/pricing/");
    public static readonly Assumption FreeTiersIgnored = new("Free tiers (CloudFront 1 TB and 10M requests, SQS 1M requests) not deducted", 0, "USD",
        "assumed: the account's free tier is shared with other workloads, so the estimate errs high");

    private const double KiBPerGiB = 1024 * 1024;

    /// <summary>The three months for one environment. Throws <see cref="UnpricedException"/> for an unpriced region or type.</summary>
    public static CostReport Estimate(EnvironmentShape shape, Workload w)
    {
        var prices = PriceTables.For(shape.Region);
        var hours = HoursPerMonth.Value;
        var scenarios = CapacityModel.Scenarios(shape);
        var peak = scenarios.FirstOrDefault(s => s.Kind == ScenarioKind.ScheduledPeak) ?? scenarios.First(s => s.Kind == ScenarioKind.Max);
        var floor = peak.PeakName is { } name
            ? scenarios.First(s => s.Kind == ScenarioKind.ScheduledPeakPreScaled && s.PeakName == name).Instances
            : scenarios.First(s => s.Kind == ScenarioKind.Baseline).Instances;
        var baselineUsers = w.PeakUsers * w.BaselineUserShare;
        var baseline = shape.Fleets.ToDictionary(f => f.Name, f => Math.Max(f.BaselineInstances, Math.Min(f.MaxCapacity, Needed(shape, f, w, baselineUsers))));
        var atPeak = shape.Fleets.ToDictionary(f => f.Name, f => Math.Clamp(Needed(shape, f, w, w.PeakUsers), floor[f.Name], Math.Max(floor[f.Name], peak.Instances[f.Name])));

        var peakHours = Math.Min(w.PeakHoursPerMonth, hours);
        var baselineMonth = Price(shape, w, prices, CostMonth.Baseline, [new(hours, baseline, baselineUsers)]);
        var peakMonth = Price(shape, w, prices, CostMonth.Peak, [new(hours, atPeak, w.PeakUsers)]);
        var planned = Price(shape, w, prices, CostMonth.PlannedPeakMonth,
            [new(hours - peakHours, baseline, baselineUsers), new(peakHours, atPeak, w.PeakUsers)]);
        var per1000 = w.PeakUsers > 0 ? planned.TotalUsd / w.PeakUsers * 1000 : 0;
        var assumptions = new List<Assumption> { HoursPerMonth, SqsCallsPerMessage, LcuNewConnections, LcuActiveConnections, LcuProcessedGiBPerHour, RdsProxyMinVCpus, FreeTiersIgnored };
        assumptions.AddRange(w.Assumptions());
        return new CostReport(shape.Name, shape.Region, PriceTables.Date, PriceTables.Sources, peak.Name, atPeak, baselineMonth, peakMonth, planned, per1000, assumptions);
    }

    /// <summary>Instances a fleet needs for some users (0 users: none beyond its floor).</summary>
    private static int Needed(EnvironmentShape shape, FleetShape f, Workload w, double users)
    {
        if (users <= 0) return 0;
        if (f.Workers is null)
        {
            var perInstance = CapacityModel.UsersPerInstance(f, w);
            return double.IsPositiveInfinity(perInstance) || perInstance <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(users / perInstance - 1e-9));
        }
        var slots = CapacityModel.Concurrency(f.InstanceType, w) * w.WorkerConcurrencyPerVCpu * CapacityFacts.UtilisationCeiling.Value;
        return (int)Math.Ceiling(users * CapacityModel.WorkerSecondsPerUser(shape, w) / slots - 1e-9);
    }

    /// <summary>A stretch of the month at one size and one load.</summary>
    private sealed record Segment(double Hours, IReadOnlyDictionary<string, int> Instances, double Users);

    private static CostEstimate Price(EnvironmentShape shape, Workload w, PriceTable p, CostMonth month, IReadOnlyList<Segment> segments)
    {
        var lines = new List<CostLine>();
        var hours = segments.Sum(s => s.Hours);
        void Add(string tier, string item, double qty, string unit, double price, bool usage) =>
            lines.Add(new(tier, item, qty, unit, price, qty * price, usage));
        double Sum(Func<Segment, double> f) => segments.Sum(f);
        double Seconds(Segment s) => s.Hours * 3600;
        double Dynamic(Segment s) => s.Users * w.DynamicRpsPerUser;

        foreach (var f in shape.Fleets)
        {
            var instanceHours = Sum(s => s.Instances[f.Name] * s.Hours);
            Add(f.Name, $"{f.InstanceType} instance-hours", instanceHours, "instance-h", p.Ec2Hourly(f.InstanceType), false);
            Add(f.Name, "EBS gp3 root volumes", instanceHours / HoursPerMonth.Value * f.RootVolumeGiB, "GiB-month", p.EbsGp3PerGiBMonth, false);
        }

        Add("load balancer", "ALB hours", hours, "h", p.AlbHourly, false);
        var lcuHours = Sum(s =>
        {
            var newConnections = Dynamic(s) * w.AlbNewConnectionsPerRequest;
            var active = newConnections * w.AlbConnectionSeconds;
            var gibPerHour = Dynamic(s) * (w.DynamicResponseKiB + w.RequestKiB) * 3600 / KiBPerGiB;
            // One LCU-hour per hour for the largest of the dimensions (rule evaluations: within the 10 free rules).
            return s.Hours * Math.Max(Math.Max(newConnections / LcuNewConnections.Value, active / LcuActiveConnections.Value), gibPerHour / LcuProcessedGiBPerHour.Value);
        });
        Add("load balancer", "LCU-hours", lcuHours, "LCU-h", p.AlbPerLcuHour, true);

        if (shape.Database is { } db)
        {
            var copies = db.MultiAz ? 2 : 1;
            Add("database", $"{db.PrimaryClass} primary{(db.MultiAz ? " (Multi-AZ: primary and standby)" : "")}", hours * copies, "instance-h", p.RdsHourly(db.PrimaryClass), false);
            foreach (var group in db.ReplicaClasses.GroupBy(c => c))
                Add("database", $"{group.Key} read replicas", hours * group.Count(), "instance-h", p.RdsHourly(group.Key), false);
            Add("database", "gp3 storage (primary, standby, replicas)", db.AllocatedStorageGiB * (copies + db.ReplicaClasses.Count) * hours / HoursPerMonth.Value, "GiB-month", p.RdsGp3PerGiBMonth, false);
            if (db.ProxyMaxConnectionsPercent is not null)
            {
                var vcpus = Math.Max(RdsProxyMinVCpus.Value, DbInstanceClasses.Find(db.PrimaryClass)?.VCpus ?? RdsProxyMinVCpus.Value);
                Add("database", "RDS Proxy vCPU-hours", vcpus * hours, "vCPU-h", p.RdsProxyPerVCpuHour, false);
            }
        }

        if (shape.Cache is { } cache)
            Add("cache", $"{cache.NodeType} node-hours ({cache.Shards} shard(s) × {1 + cache.Replicas} nodes)", cache.Nodes * hours, "node-h", p.CacheHourly(cache.NodeType), false);

        if (shape.Network.NatGateways > 0)
        {
            Add("network", "NAT gateway hours", shape.Network.NatGateways * hours, "gateway-h", p.NatHourly, false);
            Add("network", "NAT gateway public IPv4 addresses", shape.Network.NatGateways * shape.Network.IpsPerNatGateway * hours, "address-h", p.PublicIpv4Hourly, false);
            Add("network", "NAT data processed", Sum(s => Dynamic(s) * w.OutboundCallsPerRequest * w.OutboundKiBPerCall * Seconds(s) / KiBPerGiB), "GB", p.NatPerGiB, true);
        }
        if (shape.AvailabilityZones > 1)
        {
            // The app talks to the database and cache primaries in one zone; instances in the other zones cross.
            var crossShare = (shape.AvailabilityZones - 1.0) / shape.AvailabilityZones;
            Add("network", "cross-AZ data (app to database and cache, both directions billed)",
                Sum(s => Dynamic(s) * w.BackendKiBPerRequest * Seconds(s) / KiBPerGiB) * crossShare, "GB", 2 * p.CrossAzPerGiBEachWay, true);
        }

        if (shape.Edge is { } edge)
        {
            var gib = Sum(s => s.Users * w.PagesPerUserPerSecond * w.PageWeightKiB * Seconds(s) / KiBPerGiB);
            var dataUsd = Tiered(gib, p.CloudFrontDataTiers);
            lines.Add(new("edge", "CloudFront data out", gib, "GB", gib > 0 ? dataUsd / gib : p.CloudFrontDataTiers[0].PerGiB, dataUsd, true));
            var requests = Sum(s => s.Users * w.TotalRpsPerUser * Seconds(s));
            Add("edge", "CloudFront HTTPS requests", requests / 10_000, "10k requests", p.CloudFrontPer10kHttps, true);
            Add("edge", "WAF web ACL", hours / HoursPerMonth.Value, "ACL-month", p.WafPerWebAclMonth, false);
            Add("edge", "WAF rules", edge.WafRules * hours / HoursPerMonth.Value, "rule-month", p.WafPerRuleMonth, false);
            Add("edge", "WAF requests (static included)", requests / 1e6, "million requests", p.WafPerMillionRequests, true);
        }

        foreach (var m in w.Messages)
        {
            var q = shape.Queues.FirstOrDefault(x => x.Name == m.Queue);
            var perCall = q?.Batching == true ? CapacityFacts.SqsBatchSize.Value : 1;
            var calls = Sum(s => Dynamic(s) * m.MessagesPerRequest * Seconds(s)) * SqsCallsPerMessage.Value / perCall;
            Add("queues", $"SQS requests ({m.Queue})", calls / 1e6, "million requests", q?.Fifo == true ? p.SqsFifoPerMillion : p.SqsStandardPerMillion, true);
        }
        return new CostEstimate(month, lines);
    }

    /// <summary>USD for a monthly volume over cumulative tiers.</summary>
    public static double Tiered(double gib, IReadOnlyList<(double UpToGiB, double PerGiB)> tiers)
    {
        double usd = 0, below = 0;
        foreach (var (upTo, perGiB) in tiers)
        {
            if (gib <= below) break;
            usd += (Math.Min(gib, upTo) - below) * perGiB;
            below = upTo;
        }
        return usd;
    }
}
