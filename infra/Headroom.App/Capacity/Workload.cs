namespace Headroom.App.Capacity;

/// <summary>How one instance type serves the app's dynamic requests, measured by a load test or assumed.</summary>
/// <param name="InstanceType">the EC2 type, such as m7i.large</param>
/// <param name="ServiceTimeMs">mean time one request occupies one worker (CPU plus waiting on the database), ms</param>
/// <param name="Concurrency">requests one instance serves at once; null: its vCPUs (the catalog)</param>
/// <param name="ThroughputAtTargetRps">measured requests per second one instance sustains at the target latency;
/// null: the queueing model alone decides. When set it caps the model's figure (a load test beats a formula).</param>
public sealed record ServiceProfile(
    [property: Field("an EC2 instance type", Default = "required")] string InstanceType,
    [property: Field("0.1–60000 ms a dynamic request occupies one worker", Default = "required")] double ServiceTimeMs,
    [property: Field("1–10000 requests served at once per instance", Default = "the type's vCPUs")] int? Concurrency = null,
    [property: Field("requests per second one instance sustains at the target latency, measured", Default = "none (the queueing model decides)")] double? ThroughputAtTargetRps = null)
{
    public ServiceProfile() : this("", WorkloadDefaults.DefaultServiceTimeMs.Value) { }
}

/// <summary>Messages the app sends to one queue per dynamic request, and how it sends them.</summary>
/// <param name="MessageGroups">FIFO: message groups carrying the traffic at once (the app's MessageGroupId choice); null: many</param>
/// <param name="Batching">producers and workers use batch calls (10 messages a call)</param>
/// <param name="ProcessingSeconds">a worker's typical time over one message, s; null: the queue's processingTimeSeconds (its longest, so conservative)</param>
public sealed record QueueLoad(
    [property: Field("a queue of `queues.list`", Default = "required")] string Queue,
    [property: Field("0–100 messages per dynamic request", Default = "required", Name = "PerRequest")] double MessagesPerRequest,
    [property: Field("FIFO only: 1–1,000,000 message groups in use at once (one per customer or order, say)", Default = "many (no per-group limit)")] int? MessageGroups = null,
    [property: Field("`true` when producers and workers use batch calls (10 messages a call)")] bool Batching = false,
    [property: Field("0.001–43200 s: a worker's typical time over one message", Default = "the queue's `processingTimeSeconds` (its longest)")] double? ProcessingSeconds = null)
{
    public QueueLoad() : this("", 0) { }
}

/// <summary>
/// The shop's traffic as the capacity and cost models read it: who the users are and what one of them costs
/// each tier. Every default is an <see cref="Assumption"/> in <see cref="WorkloadDefaults"/>; the environment's
/// <c>workload:</c> section overrides them.
/// </summary>
public sealed record Workload
{
    /// <summary>Concurrent users to plan for, users; 0 plans for none (capacity only).</summary>
    [Field("0–10,000,000 concurrent users; 0 plans for none")] public int PeakUsers { get; init; }
    /// <summary>Target response time at the 95th percentile, ms.</summary>
    [Field("10–60000 ms")] public double P95TargetMs { get; init; } = WorkloadDefaults.P95TargetMs.Value;
    /// <summary>Target at the 99th percentile, ms; null: only p95 is held.</summary>
    [Field("at least `p95TargetMs`, at most 60000", Default = "none")] public double? P99TargetMs { get; init; }
    /// <summary>Time a user spends between two pages, s.</summary>
    [Field("0.5–3600 s between pages")] public double ThinkTimeSeconds { get; init; } = WorkloadDefaults.ThinkTimeSeconds.Value;
    /// <summary>Requests per page that CloudFront passes to the load balancer.</summary>
    [Field("0.1–100 requests CloudFront passes to the load balancer")] public double DynamicRequestsPerPage { get; init; } = WorkloadDefaults.DynamicRequestsPerPage.Value;
    /// <summary>Requests per page that CloudFront answers (static files); WAF still counts them.</summary>
    [Field("0–500 requests CloudFront answers (WAF counts them too)")] public double StaticRequestsPerPage { get; init; } = WorkloadDefaults.StaticRequestsPerPage.Value;
    /// <summary>Share of reads the cache answers, 0–1.</summary>
    [Field("0–1")] public double CacheHitRatio { get; init; } = WorkloadDefaults.CacheHitRatio.Value;
    /// <summary>Database reads per dynamic request before the cache.</summary>
    [Field("0–1000 queries before the cache")] public double DbReadsPerRequest { get; init; } = WorkloadDefaults.DbReadsPerRequest.Value;
    /// <summary>Database writes per dynamic request.</summary>
    [Field("0–1000 queries")] public double DbWritesPerRequest { get; init; } = WorkloadDefaults.DbWritesPerRequest.Value;
    /// <summary>Share of database reads the app sends to read replicas when there are any, 0–1.</summary>
    [Field("0–1: share of reads the app sends to replicas")] public double ReplicaReadShare { get; init; } = WorkloadDefaults.ReplicaReadShare.Value;
    /// <summary>Messages per dynamic request, per queue.</summary>
    [Field("per queue: messages per dynamic request, message groups, batching", Default = "none")] public IReadOnlyList<QueueLoad> Messages { get; init; } = [];
    /// <summary>Service time and throughput per instance type; a type without one gets the default profile.</summary>
    [Field("per instance type: service time, concurrency, measured throughput", Default = "none (50 ms on every type, assumed)")] public IReadOnlyList<ServiceProfile> ServiceProfiles { get; init; } = [];
    /// <summary>Largest share of all users behind one client IP (an office NAT, a partner's proxy), 0–1.</summary>
    [Field("0–1: largest share of users behind one client IP (office NAT, partner proxy)")] public double LargestClientIpShare { get; init; } = WorkloadDefaults.LargestClientIpShare.Value;

    // Per-request costs of the tiers; defaults assumed, a load test should measure them.
    public double DbReadCpuMs { get; init; } = WorkloadDefaults.DbReadCpuMs.Value;
    public double DbWriteCpuMs { get; init; } = WorkloadDefaults.DbWriteCpuMs.Value;
    public double DbQueryMs { get; init; } = WorkloadDefaults.DbQueryMs.Value;
    public double DbIosPerWrite { get; init; } = WorkloadDefaults.DbIosPerWrite.Value;
    public double DbReadMissRatio { get; init; } = WorkloadDefaults.DbReadMissRatio.Value;
    public double CacheSessionOpsPerRequest { get; init; } = WorkloadDefaults.CacheSessionOpsPerRequest.Value;
    public double SessionKiBPerUser { get; init; } = WorkloadDefaults.SessionKiBPerUser.Value;
    public double CacheWorkingSetGiB { get; init; } = WorkloadDefaults.CacheWorkingSetGiB.Value;
    public double CacheConnectionsPerInstance { get; init; } = WorkloadDefaults.CacheConnectionsPerInstance.Value;
    public double OutboundCallsPerRequest { get; init; } = WorkloadDefaults.OutboundCallsPerRequest.Value;
    public double OutboundConnectionSeconds { get; init; } = WorkloadDefaults.OutboundConnectionSeconds.Value;
    public double DefaultServiceTimeMs { get; init; } = WorkloadDefaults.DefaultServiceTimeMs.Value;
    public double WorkerConcurrencyPerVCpu { get; init; } = WorkloadDefaults.WorkerConcurrencyPerVCpu.Value;

    // Sizes and shares the cost model turns into usage.
    public double PageWeightKiB { get; init; } = WorkloadDefaults.PageWeightKiB.Value;
    public double DynamicResponseKiB { get; init; } = WorkloadDefaults.DynamicResponseKiB.Value;
    public double RequestKiB { get; init; } = WorkloadDefaults.RequestKiB.Value;
    public double BackendKiBPerRequest { get; init; } = WorkloadDefaults.BackendKiBPerRequest.Value;
    public double OutboundKiBPerCall { get; init; } = WorkloadDefaults.OutboundKiBPerCall.Value;
    public double AlbNewConnectionsPerRequest { get; init; } = WorkloadDefaults.AlbNewConnectionsPerRequest.Value;
    public double AlbConnectionSeconds { get; init; } = WorkloadDefaults.AlbConnectionSeconds.Value;
    public double BaselineUserShare { get; init; } = WorkloadDefaults.BaselineUserShare.Value;
    [Field("1–744 h at the peak in a planned peak month")] public double PeakHoursPerMonth { get; init; } = WorkloadDefaults.PeakHoursPerMonth.Value;

    /// <summary>Pages one user opens per second. The page's own response time is left out of the cycle, so the
    /// rate errs high (safe) and more think time never asks for more capacity.</summary>
    public double PagesPerUserPerSecond => 1.0 / ThinkTimeSeconds;
    /// <summary>Dynamic requests one user sends to the load balancer per second.</summary>
    public double DynamicRpsPerUser => DynamicRequestsPerPage * PagesPerUserPerSecond;
    /// <summary>All requests one user makes per second (what CloudFront and WAF see).</summary>
    public double TotalRpsPerUser => (DynamicRequestsPerPage + StaticRequestsPerPage) * PagesPerUserPerSecond;

    /// <summary>The profile of an instance type: the workload's own, or the default service time.</summary>
    public ServiceProfile ProfileFor(string instanceType) =>
        ServiceProfiles.FirstOrDefault(p => p.InstanceType == instanceType) ?? new ServiceProfile(instanceType, DefaultServiceTimeMs);

    /// <summary>Every workload figure with its source: the default's, or "workload" where the environment set it.</summary>
    public IReadOnlyList<Assumption> Assumptions()
    {
        var pairs = new (Assumption Default, double Value)[]
        {
            (WorkloadDefaults.P95TargetMs, P95TargetMs), (WorkloadDefaults.ThinkTimeSeconds, ThinkTimeSeconds),
            (WorkloadDefaults.DynamicRequestsPerPage, DynamicRequestsPerPage), (WorkloadDefaults.StaticRequestsPerPage, StaticRequestsPerPage),
            (WorkloadDefaults.CacheHitRatio, CacheHitRatio), (WorkloadDefaults.DbReadsPerRequest, DbReadsPerRequest),
            (WorkloadDefaults.DbWritesPerRequest, DbWritesPerRequest), (WorkloadDefaults.ReplicaReadShare, ReplicaReadShare),
            (WorkloadDefaults.LargestClientIpShare, LargestClientIpShare), (WorkloadDefaults.DbReadCpuMs, DbReadCpuMs),
            (WorkloadDefaults.DbWriteCpuMs, DbWriteCpuMs), (WorkloadDefaults.DbQueryMs, DbQueryMs), (WorkloadDefaults.DbIosPerWrite, DbIosPerWrite),
            (WorkloadDefaults.DbReadMissRatio, DbReadMissRatio), (WorkloadDefaults.CacheSessionOpsPerRequest, CacheSessionOpsPerRequest),
            (WorkloadDefaults.SessionKiBPerUser, SessionKiBPerUser), (WorkloadDefaults.CacheWorkingSetGiB, CacheWorkingSetGiB),
            (WorkloadDefaults.CacheConnectionsPerInstance, CacheConnectionsPerInstance), (WorkloadDefaults.OutboundCallsPerRequest, OutboundCallsPerRequest),
            (WorkloadDefaults.OutboundConnectionSeconds, OutboundConnectionSeconds), (WorkloadDefaults.DefaultServiceTimeMs, DefaultServiceTimeMs),
            (WorkloadDefaults.WorkerConcurrencyPerVCpu, WorkerConcurrencyPerVCpu), (WorkloadDefaults.PageWeightKiB, PageWeightKiB),
            (WorkloadDefaults.DynamicResponseKiB, DynamicResponseKiB), (WorkloadDefaults.RequestKiB, RequestKiB),
            (WorkloadDefaults.BackendKiBPerRequest, BackendKiBPerRequest), (WorkloadDefaults.OutboundKiBPerCall, OutboundKiBPerCall),
            (WorkloadDefaults.AlbNewConnectionsPerRequest, AlbNewConnectionsPerRequest), (WorkloadDefaults.AlbConnectionSeconds, AlbConnectionSeconds),
            (WorkloadDefaults.BaselineUserShare, BaselineUserShare), (WorkloadDefaults.PeakHoursPerMonth, PeakHoursPerMonth),
        };
        var list = new List<Assumption> { new("Peak concurrent users", PeakUsers, "users", "workload") };
        if (P99TargetMs is { } p99) list.Add(new("Target p99 response time", p99, "ms", "workload"));
        list.AddRange(pairs.Select(p => p.Default.Value.Equals(p.Value) ? p.Default : p.Default.SetBy(p.Value, "workload")));
        list.AddRange(ServiceProfiles.Select(p => new Assumption($"Service time on {p.InstanceType}", p.ServiceTimeMs, "ms", "workload")));
        list.AddRange(ServiceProfiles.Where(p => p.ThroughputAtTargetRps is not null)
            .Select(p => new Assumption($"Measured throughput of one {p.InstanceType} at the target", p.ThroughputAtTargetRps!.Value, "requests/s", "workload")));
        list.AddRange(Messages.Select(m => new Assumption($"Messages to {m.Queue} per dynamic request", m.MessagesPerRequest, "messages", "workload")));
        return list;
    }
}

/// <summary>The workload's defaults, each with its unit and why it is what it is.</summary>
public static class WorkloadDefaults
{
    private const string A = Assumption.Assumed;
    public static readonly Assumption P95TargetMs = new("Target p95 response time", 300, "ms", "issue 13: p95 < 300 ms");
    public static readonly Assumption ThinkTimeSeconds = new("Think time between pages", 10, "s", $"{A}: shop browsing, between 5 s (checkout) and 30 s (reading)");
    public static readonly Assumption DynamicRequestsPerPage = new("Dynamic requests per page", 3, "requests", $"{A}: the page plus two API calls (cart, recommendations)");
    public static readonly Assumption StaticRequestsPerPage = new("Static requests per page reaching CloudFront", 20, "requests", $"{A}: HTTP Archive's median page makes ~70 requests; the browser cache serves most repeats within a visit");
    public static readonly Assumption CacheHitRatio = new("Cache hit ratio for reads", 0.8, "fraction", $"{A}: cache-aside on catalogue and session reads");
    public static readonly Assumption DbReadsPerRequest = new("Database reads per dynamic request (before the cache)", 5, "queries", A);
    public static readonly Assumption DbWritesPerRequest = new("Database writes per dynamic request", 0.1, "queries", $"{A}: carts and orders; most pages only read");
    public static readonly Assumption ReplicaReadShare = new("Share of database reads sent to replicas", 0.8, "fraction", $"{A}: reads reach replicas only if the app sends them there (REFERENCE.md)");
    public static readonly Assumption LargestClientIpShare = new("Largest share of users behind one client IP", 0.001, "fraction", $"{A}: an office NAT or a partner proxy; 50 of 50,000 users");
    public static readonly Assumption DbReadCpuMs = new("Database CPU per read", 0.5, "ms", $"{A}: indexed lookup on a warm buffer cache");
    public static readonly Assumption DbWriteCpuMs = new("Database CPU per write", 2, "ms", $"{A}: insert or update with index maintenance and WAL");
    public static readonly Assumption DbQueryMs = new("Time one query holds a connection", 5, "ms", $"{A}: query time plus one network round trip");
    public static readonly Assumption DbIosPerWrite = new("Storage I/O operations per write", 2, "IOPS", $"{A}: WAL flush plus the data page (checkpoint-amortised)");
    public static readonly Assumption DbReadMissRatio = new("Share of database reads that miss the buffer cache", 0.05, "fraction", $"{A}: hot working set in shared_buffers and the page cache");
    public static readonly Assumption CacheSessionOpsPerRequest = new("Cache operations per request for the session", 2, "ops", $"{A}: read the session, refresh its expiry");
    public static readonly Assumption SessionKiBPerUser = new("Session size per user in the cache", 8, "KiB", A);
    public static readonly Assumption CacheWorkingSetGiB = new("Cached data besides sessions", 1, "GiB", $"{A}: catalogue and page fragments");
    public static readonly Assumption CacheConnectionsPerInstance = new("Cache connections per web instance", 20, "connections", $"{A}: the app's client pool");
    public static readonly Assumption OutboundCallsPerRequest = new("Outbound calls to the busiest external destination per dynamic request", 0.02, "calls", $"{A}: payment provider at checkout");
    public static readonly Assumption OutboundConnectionSeconds = new("Time an outbound connection holds its NAT port", 2, "s", $"{A}: call plus TLS set-up, no keep-alive");
    public static readonly Assumption DefaultServiceTimeMs = new("Service time of a dynamic request on one worker (no profile)", 50, "ms", $"{A}: until a load test measures it");
    public static readonly Assumption WorkerConcurrencyPerVCpu = new("Messages a worker processes at once per vCPU", 1, "messages", A);
    public static readonly Assumption PageWeightKiB = new("Bytes CloudFront sends per page view", 300, "KiB", $"{A}: HTTP Archive's median page is ~2 MB on a first view; within a visit the browser cache serves most of it");
    public static readonly Assumption DynamicResponseKiB = new("Response size of a dynamic request", 30, "KiB", $"{A}: compressed HTML or JSON");
    public static readonly Assumption RequestKiB = new("Request size (headers, cookies, body)", 2, "KiB", A);
    public static readonly Assumption BackendKiBPerRequest = new("Database and cache traffic per dynamic request", 20, "KiB", A);
    public static readonly Assumption OutboundKiBPerCall = new("Data per outbound call through NAT", 10, "KiB", A);
    public static readonly Assumption AlbNewConnectionsPerRequest = new("New load-balancer connections per dynamic request", 0.05, "connections", $"{A}: CloudFront reuses its origin connections");
    public static readonly Assumption AlbConnectionSeconds = new("Lifetime of a load-balancer connection", 60, "s", $"{A}: the load balancer's idle timeout");
    public static readonly Assumption BaselineUserShare = new("Users outside the peak as a share of the peak", 0.1, "fraction", A);
    public static readonly Assumption PeakHoursPerMonth = new("Peak hours in a planned peak month", 48, "h", $"{A}: a Black Friday weekend");
}
