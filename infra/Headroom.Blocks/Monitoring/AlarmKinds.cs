namespace Headroom.Blocks.Monitoring;

/// <summary>
/// Every kind of alarm Headroom makes, with its defaults in one place (AWS recommended alarms and the
/// starting points in REFERENCE.md). Environment files override threshold and M of N per kind; each kind
/// has a runbook docs/runbooks/&lt;id&gt;.md, and a test fails when one is missing.
/// </summary>
public static class AlarmKinds
{
    public const string RunbookFolder = "docs/runbooks";

    private const ComparisonOperator Above = ComparisonOperator.GREATER_THAN_THRESHOLD;
    private const ComparisonOperator AtLeast = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
    private const ComparisonOperator Below = ComparisonOperator.LESS_THAN_THRESHOLD;

    private const string QuietIsHealthy = "no datapoint means nothing happened (the service publishes only when there is traffic or an error)";
    private const string GaugeGap = "a gap in a gauge says nothing about the resource; keep the last state rather than guess";

    // ---- Network ----
    public static readonly AlarmKind NatPortAllocationErrors = new()
    {
        Id = "nat-port-allocation-errors", Tier = Tier.Network, Title = "NAT gateway port allocation errors",
        Meaning = "The NAT gateway could not allocate a source port: instances in private subnets are failing to open outbound connections (package mirrors, AWS APIs, payment providers).",
        Condition = "more than {0} port allocation errors per period", Unit = "count", Comparison = Above,
        Defaults = new(0, 60, 15, 15), MinThreshold = 0, MaxThreshold = 1_000_000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = QuietIsHealthy,
    };

    // ---- Load balancer ----
    public static readonly AlarmKind Alb5xxRate = new()
    {
        Id = "alb-5xx-rate", Tier = Tier.LoadBalancer, Title = "Load balancer 5xx rate",
        Meaning = "The load balancer itself answered users with 5xx errors (no healthy target, target timeouts, connection failures).",
        Condition = "load-balancer 5xx responses above {0}% of requests", Unit = "% of requests", Comparison = Above,
        Defaults = new(5, 60, 3, 5), MinThreshold = 0, MaxThreshold = 100,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = QuietIsHealthy, UserFacing = true,
    };

    public static readonly AlarmKind AlbTarget5xxRate = new()
    {
        Id = "alb-target-5xx-rate", Tier = Tier.LoadBalancer, Title = "Application 5xx rate",
        Meaning = "The web fleet's application answered users with 5xx errors.",
        Condition = "target 5xx responses above {0}% of requests", Unit = "% of requests", Comparison = Above,
        Defaults = new(5, 60, 3, 5), MinThreshold = 0, MaxThreshold = 100,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = QuietIsHealthy, UserFacing = true,
    };

    public static readonly AlarmKind AlbTargetResponseTime = new()
    {
        Id = "alb-target-response-time", Tier = Tier.LoadBalancer, Title = "Application p99 response time",
        Meaning = "The slowest 1% of requests take too long: users wait, and the fleet may be saturated or waiting on the database or cache.",
        Condition = "p99 target response time above {0} s", Unit = "seconds", Comparison = Above,
        Defaults = new(0.5, 60, 3, 5), MinThreshold = 0.001, MaxThreshold = 120,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "no requests, no latency to judge", UserFacing = true,
    };

    public static readonly AlarmKind AlbUnhealthyHosts = new()
    {
        Id = "alb-unhealthy-hosts", Tier = Tier.LoadBalancer, Title = "Unhealthy targets",
        Meaning = "Targets fail the load balancer's health check; if all of them fail, the load balancer fails open and sends traffic to broken instances.",
        Condition = "more than {0} unhealthy targets", Unit = "targets", Comparison = Above,
        Defaults = new(0, 60, 3, 5), MinThreshold = 0, MaxThreshold = 1000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "no unhealthy-host count published means none was counted",
    };

    public static readonly AlarmKind AlbRejectedConnections = new()
    {
        Id = "alb-rejected-connections", Tier = Tier.LoadBalancer, Title = "Rejected connections",
        Meaning = "The load balancer refused client connections because it reached its connection limit: users got no answer at all.",
        Condition = "more than {0} rejected connections per period", Unit = "connections", Comparison = Above,
        Defaults = new(0, 60, 1, 1), MinThreshold = 0, MaxThreshold = 1_000_000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = QuietIsHealthy, UserFacing = true,
    };

    // ---- Fleets ----
    public static readonly AlarmKind FleetInServiceBelowMin = new()
    {
        Id = "fleet-in-service-below-min", Tier = Tier.Fleets, Title = "Fleet below its minimum",
        Meaning = "The Auto Scaling group has fewer in-service instances than its minimum: launches fail (capacity, image, quota) or instances die faster than they are replaced.",
        Condition = "in-service instances below the group's minimum (value {0} or more)", Unit = "flag (1 = below)", Comparison = AtLeast,
        Defaults = new(1, 60, 10, 10), MinThreshold = 1, MaxThreshold = 1,
        MissingData = TreatMissingData.BREACHING, MissingDataReason = "the group publishes its size every minute; silence means the group or its metrics collection is gone",
    };

    public static readonly AlarmKind FleetAtMax = new()
    {
        Id = "fleet-at-max", Tier = Tier.Fleets, Title = "Fleet held at its maximum",
        Meaning = "The Auto Scaling group wants at least its maximum size for a sustained period: the capacity ceiling is reached, and more load will not be absorbed. Capacity-planning warning.",
        Condition = "desired capacity at the group's maximum (value {0} or more)", Unit = "flag (1 = at max)", Comparison = AtLeast,
        Defaults = new(1, 300, 6, 6), MinThreshold = 1, MaxThreshold = 1,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "without size metrics there is no evidence of a ceiling; fleet-in-service-below-min reports the silence",
    };

    public static readonly AlarmKind WorkerBacklogAge = new()
    {
        Id = "worker-backlog-age", Tier = Tier.Fleets, Title = "Worker backlog age",
        // Forward-looking twin of sqs-oldest-message-age: the work queued (messages times the seconds each
        // takes) per in-service worker is how long a message arriving now will wait; it fires before
        // messages get old. It assumes a worker handles one message at a time.
        Meaning = "The worker fleet's backlog would take too long to drain at its current size: workers do not keep up (too few, held at max, or failing), and orders, e-mails or images will be late.",
        Condition = "estimated wait (queued messages x seconds each, per in-service worker) above {0} s", Unit = "seconds", Comparison = Above,
        Defaults = new(600, 60, 5, 5), MinThreshold = 1, MaxThreshold = 1_209_600,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "SQS stops publishing for idle queues; idle means no backlog",
    };

    // ---- Database ----
    public static readonly AlarmKind RdsCpu = new()
    {
        Id = "rds-cpu", Tier = Tier.Database, Title = "Database CPU",
        Meaning = "The database instance's CPU is nearly saturated: queries queue and every page that reads from it slows down.",
        Condition = "CPU above {0}%", Unit = "%", Comparison = Above,
        Defaults = new(90, 60, 5, 5), MinThreshold = 1, MaxThreshold = 100,
        MissingData = TreatMissingData.MISSING, MissingDataReason = GaugeGap,
    };

    public static readonly AlarmKind RdsFreeableMemory = new()
    {
        Id = "rds-freeable-memory", Tier = Tier.Database, Title = "Database freeable memory",
        Meaning = "The database instance is short of memory: caches shrink, it swaps, and queries slow down.",
        Condition = "freeable memory below {0}% of the instance's memory", Unit = "% of instance memory", Comparison = Below,
        Defaults = new(25, 60, 15, 15), MinThreshold = 1, MaxThreshold = 90,
        MissingData = TreatMissingData.MISSING, MissingDataReason = GaugeGap,
    };

    public static readonly AlarmKind RdsFreeStorage = new()
    {
        Id = "rds-free-storage", Tier = Tier.Database, Title = "Database free storage",
        Meaning = "The database is running out of disk; when it is full, writes stop (no orders).",
        Condition = "free storage below {0}% of the allocated storage", Unit = "% of allocated storage", Comparison = Below,
        Defaults = new(10, 60, 5, 5), MinThreshold = 1, MaxThreshold = 90,
        MissingData = TreatMissingData.MISSING, MissingDataReason = GaugeGap,
    };

    public static readonly AlarmKind RdsConnections = new()
    {
        Id = "rds-connections", Tier = Tier.Database, Title = "Database connections",
        Meaning = "The database is close to max_connections; new connections will be refused.",
        Condition = "connections above {0}% of max_connections", Unit = "% of max_connections", Comparison = Above,
        Defaults = new(90, 60, 5, 5), MinThreshold = 1, MaxThreshold = 100,
        MissingData = TreatMissingData.MISSING, MissingDataReason = GaugeGap,
    };

    public static readonly AlarmKind RdsReadLatency = new()
    {
        Id = "rds-read-latency", Tier = Tier.Database, Title = "Database read latency",
        Meaning = "Disk reads of the database are slow: storage throughput or IOPS are exhausted, or the working set no longer fits in memory.",
        Condition = "p90 read latency above {0} s", Unit = "seconds", Comparison = Above,
        Defaults = new(0.02, 60, 5, 5), MinThreshold = 0.0001, MaxThreshold = 10,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "no disk reads, no latency to judge",
    };

    public static readonly AlarmKind RdsWriteLatency = new()
    {
        Id = "rds-write-latency", Tier = Tier.Database, Title = "Database write latency",
        Meaning = "Disk writes of the database are slow: commits (orders, sessions) wait on storage.",
        Condition = "p90 write latency above {0} s", Unit = "seconds", Comparison = Above,
        Defaults = new(0.02, 60, 5, 5), MinThreshold = 0.0001, MaxThreshold = 10,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "no disk writes, no latency to judge",
    };

    public static readonly AlarmKind RdsReplicaLag = new()
    {
        Id = "rds-replica-lag", Tier = Tier.Database, Title = "Read replica lag",
        Meaning = "A read replica is behind its primary: pages served from it show stale data (a product just bought still in stock).",
        // Minimum over 5 minutes: an idle PostgreSQL primary writes WAL only every few minutes, so the lag
        // saw-tooths up to five minutes without anything being wrong; only a floor above the threshold is.
        Condition = "replica lag (lowest in each period) above {0} s", Unit = "seconds", Comparison = Above,
        Defaults = new(60, 300, 3, 3), MinThreshold = 1, MaxThreshold = 86_400,
        MissingData = TreatMissingData.BREACHING, MissingDataReason = "a replica that stops reporting lag is not replicating",
    };

    public static readonly AlarmKind RdsProxyClientConnections = new()
    {
        Id = "rds-proxy-client-connections", Tier = Tier.Database, Title = "Database proxy client connections",
        Meaning = "Unusually many application connections reach RDS Proxy: a connection leak or a fleet far larger than planned; the pool behind it will saturate.",
        Condition = "more than {0} client connections", Unit = "connections", Comparison = Above,
        Defaults = new(1000, 60, 5, 5), MinThreshold = 1, MaxThreshold = 1_000_000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "the proxy publishes connection metrics only once clients connect",
    };

    // ---- Cache ----
    public static readonly AlarmKind RedisEngineCpu = new()
    {
        Id = "redis-engine-cpu", Tier = Tier.Cache, Title = "Redis engine CPU",
        Meaning = "The Redis engine thread is nearly saturated: every cache and session lookup slows down.",
        Condition = "engine CPU above {0}%", Unit = "%", Comparison = Above,
        Defaults = new(90, 60, 5, 5), MinThreshold = 1, MaxThreshold = 100,
        MissingData = TreatMissingData.MISSING, MissingDataReason = GaugeGap,
    };

    public static readonly AlarmKind RedisMemory = new()
    {
        Id = "redis-memory", Tier = Tier.Cache, Title = "Redis memory usage",
        Meaning = "Redis is close to maxmemory: keys are evicted (users lose sessions) or writes fail.",
        Condition = "memory usage above {0}% of maxmemory", Unit = "%", Comparison = Above,
        Defaults = new(80, 60, 5, 5), MinThreshold = 1, MaxThreshold = 100,
        MissingData = TreatMissingData.MISSING, MissingDataReason = GaugeGap,
    };

    public static readonly AlarmKind RedisEvictions = new()
    {
        Id = "redis-evictions", Tier = Tier.Cache, Title = "Redis evictions",
        Meaning = "Redis evicts keys to make room: cache hit rate drops and stored sessions can vanish (users logged out, carts emptied).",
        Condition = "more than {0} evictions per period", Unit = "keys", Comparison = Above,
        Defaults = new(100, 300, 2, 3), MinThreshold = 0, MaxThreshold = 100_000_000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = QuietIsHealthy,
    };

    public static readonly AlarmKind RedisConnections = new()
    {
        Id = "redis-connections", Tier = Tier.Cache, Title = "Redis connections",
        Meaning = "A Redis node holds very many connections (the limit is 65,000): a connection leak or missing pooling in the application.",
        Condition = "more than {0} connections", Unit = "connections", Comparison = Above,
        Defaults = new(50_000, 60, 5, 5), MinThreshold = 1, MaxThreshold = 65_000,
        MissingData = TreatMissingData.MISSING, MissingDataReason = GaugeGap,
    };

    public static readonly AlarmKind RedisReplicationLag = new()
    {
        Id = "redis-replication-lag", Tier = Tier.Cache, Title = "Redis replication lag",
        Meaning = "A Redis replica is behind its primary: a failover now would lose recent writes (sessions, carts).",
        Condition = "replication lag above {0} s", Unit = "seconds", Comparison = Above,
        Defaults = new(10, 60, 5, 5), MinThreshold = 0.1, MaxThreshold = 3600,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "a primary publishes no lag, and any node may be primary after a failover",
    };

    // ---- Edge ----
    public static readonly AlarmKind CloudFront5xxRate = new()
    {
        Id = "cloudfront-5xx-rate", Tier = Tier.Edge, Title = "CloudFront 5xx rate",
        Meaning = "Users receive 5xx errors from CloudFront: the origin (load balancer, fleet) fails or is unreachable.",
        Condition = "5xx responses above {0}% of requests", Unit = "% of requests", Comparison = Above,
        Defaults = new(5, 60, 3, 5), MinThreshold = 0, MaxThreshold = 100,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = QuietIsHealthy, UserFacing = true,
    };

    public static readonly AlarmKind CloudFrontOriginLatency = new()
    {
        Id = "cloudfront-origin-latency", Tier = Tier.Edge, Title = "CloudFront origin latency",
        Meaning = "CloudFront waits too long for the origin's first byte: uncached pages are slow for users everywhere.",
        Condition = "p90 origin latency above {0} ms", Unit = "milliseconds", Comparison = Above,
        Defaults = new(1000, 60, 3, 5), MinThreshold = 1, MaxThreshold = 60_000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "no origin requests (all cached or no traffic), no latency to judge", UserFacing = true,
    };

    public static readonly AlarmKind WafBlockedSurge = new()
    {
        Id = "waf-blocked-surge", Tier = Tier.Edge, Title = "WAF blocked-request surge",
        Meaning = "The web ACL blocks far more requests than usual: an attack or a bot wave is under way, or a rule blocks legitimate users.",
        Condition = "more than {0} blocked requests per period", Unit = "requests", Comparison = Above,
        Defaults = new(1000, 300, 1, 1), MinThreshold = 1, MaxThreshold = 100_000_000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = QuietIsHealthy,
    };

    // ---- Queues ----
    public static readonly AlarmKind SqsOldestMessageAge = new()
    {
        Id = "sqs-oldest-message-age", Tier = Tier.Queues, Title = "Queue oldest message age",
        Meaning = "A message has waited too long in the queue: consumers are slow, stopped or failing on it.",
        Condition = "oldest message older than {0} s", Unit = "seconds", Comparison = Above,
        Defaults = new(600, 60, 5, 5), MinThreshold = 1, MaxThreshold = 1_209_600,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "SQS stops publishing for idle queues; idle means nothing waits",
    };

    public static readonly AlarmKind SqsDlqMessages = new()
    {
        Id = "sqs-dlq-messages", Tier = Tier.Queues, Title = "Messages in a dead-letter queue",
        Meaning = "Messages failed processing repeatedly and were moved to the dead-letter queue: that work (an order, an e-mail) has not happened.",
        Condition = "{0} or more visible messages", Unit = "messages", Comparison = AtLeast,
        Defaults = new(1, 60, 1, 1), MinThreshold = 1, MaxThreshold = 1_000_000,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "SQS stops publishing for idle queues; an idle dead-letter queue is empty",
    };

    public static readonly AlarmKind SqsDlqOldestMessageAge = new()
    {
        Id = "sqs-dlq-oldest-message-age", Tier = Tier.Queues, Title = "Dead-letter message close to expiry",
        Meaning = "A message has sat in the dead-letter queue for most of its retention period: SQS deletes it when that ends, and the work it stands for is lost for good.",
        Condition = "oldest message older than {0}% of the queue's retention period", Unit = "% of retention", Comparison = Above,
        Defaults = new(75, 300, 1, 1), MinThreshold = 1, MaxThreshold = 99,
        MissingData = TreatMissingData.NOT_BREACHING, MissingDataReason = "SQS stops publishing for idle queues; an idle dead-letter queue is empty",
    };

    /// <summary>The composite alarm over the user-facing kinds: the one that pages.</summary>
    public const string SiteDegradedId = "site-degraded";

    public static IReadOnlyList<AlarmKind> All { get; } =
    [
        NatPortAllocationErrors,
        Alb5xxRate, AlbTarget5xxRate, AlbTargetResponseTime, AlbUnhealthyHosts, AlbRejectedConnections,
        FleetInServiceBelowMin, FleetAtMax, WorkerBacklogAge,
        RdsCpu, RdsFreeableMemory, RdsFreeStorage, RdsConnections, RdsReadLatency, RdsWriteLatency, RdsReplicaLag, RdsProxyClientConnections,
        RedisEngineCpu, RedisMemory, RedisEvictions, RedisConnections, RedisReplicationLag,
        CloudFront5xxRate, CloudFrontOriginLatency, WafBlockedSurge,
        SqsOldestMessageAge, SqsDlqMessages, SqsDlqOldestMessageAge,
    ];

    public static AlarmKind? ById(string id) => All.FirstOrDefault(k => k.Id == id);

    public static AlarmKind? ByConfigKey(string key) => All.FirstOrDefault(k => k.ConfigKey == key);
}
