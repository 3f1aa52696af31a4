namespace Headroom.App.Capacity;

/// <summary>One constant of the model as the command prints it: its value, its unit and where it comes from
/// (a public URL, "workload" when the environment set it, or "assumed" with the reason).</summary>
public sealed record Assumption(string Name, double Value, string Unit, string Source)
{
    public const string Assumed = "assumed";

    /// <summary>The same fact with the value the environment chose instead of the default.</summary>
    public Assumption SetBy(double value, string source) => this with { Value = value, Source = source };

    /// <summary>"Name: value unit (source)": how the commands list an assumption line by line.</summary>
    public override string ToString() => $"{Name}: {Value.ToString("0.####", CultureInfo.InvariantCulture)} {Unit} ({Source})";
}

/// <summary>
/// The model's fixed facts: AWS quotas with their public source, and the constants it assumes. Every number the
/// capacity and cost models use that is not an input lives here, so the command can list them all.
/// </summary>
public static class CapacityFacts
{
    // Quotas and limits, each from the page named.
    public static readonly Assumption NatConnectionsPerDestination = new("NAT gateway simultaneous connections per destination, per IP address", 55_000, "connections",
        "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html ; https://repost.aws/knowledge-center/vpc-resolve-port-allocation-errors");
    public static readonly Assumption NatMaxIpsPerGateway = new("IP addresses per NAT gateway (with a quota increase)", 8, "addresses",
        "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html");
    public static readonly Assumption FifoApiPerSecond = new("SQS FIFO transactions per second per API action (no high throughput)", 300, "requests/s",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html (verified 2026-12-03: 300 transactions per second, per API action, outside high throughput mode; read through its copy at https://mdsite.deno.dev/https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html)");
    public static readonly Assumption FifoBatchedPerSecond = new("SQS FIFO messages per second per API action with batches of 10 (no high throughput)", 3_000, "messages/s",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html (verified 2026-12-03: up to 3,000 messages per second, per API action, as 300 calls of 10; read through its copy at https://mdsite.deno.dev/https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html)");
    public static readonly Assumption FifoHighThroughputPerSecond = new("SQS high-throughput FIFO transactions per second per API action (us-east-1, us-west-2, eu-west-1)", 70_000, "requests/s",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html (verified 2026-12-03: 'US East (N. Virginia), US West (Oregon), and Europe (Ireland): Up to 70,000 transactions per second (TPS)', non-batched calls in high throughput mode; read through its copy at https://mdsite.deno.dev/https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html)");
    public static readonly Assumption FifoPartitionPerSecond = new("SQS FIFO messages per second per message group (one partition) without batching", 300, "messages/s",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html");
    public static readonly Assumption FifoPartitionBatchedPerSecond = new("SQS FIFO messages per second per message group (one partition) with batching", 3_000, "messages/s",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html");
    public static readonly Assumption SqsBatchSize = new("SQS messages per batch request", 10, "messages",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html");
    public static readonly Assumption CloudFrontRequestsPerSecond = new("CloudFront requests per second per distribution", 250_000, "requests/s",
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html");
    public static readonly Assumption CloudFrontGbps = new("CloudFront data transfer rate per distribution", 150, "Gbit/s",
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html");
    public static readonly Assumption RedisMaxClientsPerNode = new("ElastiCache Redis OSS connections per node (maxclients)", 65_000, "connections",
        "https://docs.amazonaws.cn/en_us/AmazonElastiCache/latest/red-ug/BestPractices.Clients.Redis.Connections.html (verified 2026-12-03: 'Serverless caches and individual ElastiCache (Redis OSS) nodes support up to 65,000 concurrent client connections')");
    public static readonly Assumption RedisReservedMemoryShare = new("ElastiCache reserved-memory-percent default", 0.25, "fraction of node memory",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/redis-memory-management.html (verified 2026-12-03: reserve 25% of a node type's maxmemory with reserved-memory-percent, 'This is the default value'; AWS advises up to 30% on small and 50% on micro burstable nodes)");
    public static readonly Assumption RedisMaxShards = new("ElastiCache Redis OSS shards per cluster", 500, "shards",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/quota-limits.html");
    public static readonly Assumption RdsMaxReadReplicas = new("RDS PostgreSQL read replicas per primary", 15, "replicas",
        "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/rds/aws.sdk.kotlin.services.rds.model/-create-db-instance-read-replica-request/source-db-instance-identifier.html (verified 2026-12-03, CreateDBInstanceReadReplica reference: 'Each DB instance can have up to 15 read replicas', except Db2, Oracle and SQL Server)");
    public static readonly Assumption Gp3BaselineIops = new("RDS gp3 baseline IOPS below 400 GiB (PostgreSQL; with 125 MiB/s)", 3_000, "IOPS",
        "https://rajeshnoql.medium.com/gp2-to-gp3-migration-for-amazon-rds-cd3af879c4d7 ; https://github.com/hashicorp/terraform-provider-aws/issues/28382 (verified 2026-12-03 from secondary sources: RDS gp3 below 400 GiB has a baseline of 3,000 IOPS and 125 MiB/s, from 400 GiB 12,000 IOPS and 500 MiB/s; AWS's own page, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html, did not show the figures where searched)");
    public static readonly Assumption Gp3LargeBaselineIops = new("RDS gp3 baseline IOPS at 400 GiB and above (PostgreSQL; with 500 MiB/s)", 12_000, "IOPS",
        "https://rajeshnoql.medium.com/gp2-to-gp3-migration-for-amazon-rds-cd3af879c4d7 ; https://github.com/hashicorp/terraform-provider-aws/issues/28382 (verified 2026-12-03 from secondary sources: RDS gp3 below 400 GiB has a baseline of 3,000 IOPS and 125 MiB/s, from 400 GiB 12,000 IOPS and 500 MiB/s; AWS's own page, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html, did not show the figures where searched)");
    public static readonly Assumption Gp3LargeVolumeGiB = new("RDS gp3 volume size from which the higher baseline applies", 400, "GiB",
        "https://rajeshnoql.medium.com/gp2-to-gp3-migration-for-amazon-rds-cd3af879c4d7 ; https://github.com/hashicorp/terraform-provider-aws/issues/28382 (verified 2026-12-03 from secondary sources: RDS gp3 below 400 GiB has a baseline of 3,000 IOPS and 125 MiB/s, from 400 GiB 12,000 IOPS and 500 MiB/s; AWS's own page, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html, did not show the figures where searched)");
    public static readonly Assumption AlbTargetsPerLoadBalancer = new("Targets per Application Load Balancer", 1_000, "targets",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html");
    public static readonly Assumption MaxGroupSize = new("Instances per Auto Scaling group, as Headroom's config allows", 1_000, "instances",
        "infra/Headroom.App/Config/Sections/FleetConfig.cs (MaxCapacityLimit)");
    public static readonly Assumption WafMaxRateLimit = new("WAF rate-based rule limit, highest", 2_000_000_000, "requests per window",
        "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html");
    public static readonly Assumption TargetTrackingDetectionSeconds = new("Target tracking scale-out alarm: 3 one-minute datapoints", 180, "s",
        "https://github.com/hashicorp/terraform-provider-aws/issues/42553 ; https://github.com/aws/copilot-cli/issues/4233 (verified 2026-12-03 from secondary sources: the alarms target tracking creates use a 60 s period, 3 of 3 datapoints to scale out and 15 of 15 to scale in; the AWS guide, https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html, did not show the figure where searched; one-minute datapoints need detailed monitoring, which Fleet turns on)");

    // Assumed: no public figure fits every shop; a load test or the workload section should replace them.
    public static readonly Assumption UtilisationCeiling = new("Utilisation ceiling of CPU-bound tiers (database, cache, workers)", 0.7, "fraction",
        "assumed: latency rises steeply past ~70% utilisation (M/M/c), /work/shared/REFERENCE.md");
    public static readonly Assumption InstanceLaunchSeconds = new("EC2 launch until the user data starts the app", 90, "s",
        "assumed: typical Amazon Linux 2023 boot plus package install");
    public static readonly Assumption StepGrowthWithoutRequestTracking = new("Growth of one target-tracking step when only CPU tracking applies", 2, "x",
        "assumed: CPU pinned at 100% against a 50% target doubles the group; /work/shared/REFERENCE.md");
    public static readonly Assumption RedisOpsPerNode = new("Redis OSS operations per second one node serves", 100_000, "ops/s",
        "assumed: single-threaded engine, small GET/SET; measure with redis-benchmark");
    public static readonly Assumption BurstableThroughputShare = new("Sustained share of a burstable (T) instance's vCPUs", 0.4, "fraction",
        "assumed: t3/t4g.large baseline is 30% per vCPU, unlimited mode bursts at extra cost; https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html");

    /// <summary>Every fixed fact, in the order the command prints them.</summary>
    public static IReadOnlyList<Assumption> All { get; } =
    [
        NatConnectionsPerDestination, NatMaxIpsPerGateway, FifoApiPerSecond, FifoBatchedPerSecond, FifoHighThroughputPerSecond,
        FifoPartitionPerSecond, FifoPartitionBatchedPerSecond, SqsBatchSize, CloudFrontRequestsPerSecond, CloudFrontGbps,
        RedisMaxClientsPerNode, RedisReservedMemoryShare, RedisMaxShards, RdsMaxReadReplicas, Gp3BaselineIops, Gp3LargeBaselineIops,
        Gp3LargeVolumeGiB, AlbTargetsPerLoadBalancer, MaxGroupSize, WafMaxRateLimit, TargetTrackingDetectionSeconds,
        UtilisationCeiling, InstanceLaunchSeconds, StepGrowthWithoutRequestTracking, RedisOpsPerNode, BurstableThroughputShare,
    ];
}
