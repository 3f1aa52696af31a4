using Headroom.Blocks.Catalog;

namespace Headroom.App.Cost;

/// <summary>
/// On-demand list prices for one region, USD, pinned and dated: the cost model makes no AWS call. Instance
/// prices are kept per family for its "large" and scaled by size (AWS prices are linear within a family,
/// <see cref="InstanceSizes"/>). Transcribed on <see cref="PriceTables.Date"/>; <see cref="PriceTables.SourceEntries"/> says, per group
/// of figures, which were verified against a public source and which are unverified. Re-check before quoting a figure to a customer.
/// </summary>
public sealed record PriceTable
{
    public required string Region { get; init; }
    /// <summary>EC2 Linux on-demand, USD per hour of a "large" (t families: 2 × medium), by family ("m7i").</summary>
    public required IReadOnlyDictionary<string, double> Ec2LargeHourly { get; init; }
    /// <summary>RDS for PostgreSQL Single-AZ on-demand, USD per hour of a "large", by family ("db.r7g"). Multi-AZ: twice.</summary>
    public required IReadOnlyDictionary<string, double> RdsPostgresLargeHourly { get; init; }
    /// <summary>ElastiCache Redis OSS on-demand, USD per node-hour of a "large", by family ("cache.r7g").</summary>
    public required IReadOnlyDictionary<string, double> CacheLargeHourly { get; init; }
    public required double EbsGp3PerGiBMonth { get; init; }
    public required double RdsGp3PerGiBMonth { get; init; }
    public required double RdsProxyPerVCpuHour { get; init; }
    public required double AlbHourly { get; init; }
    public required double AlbPerLcuHour { get; init; }
    public required double NatHourly { get; init; }
    public required double NatPerGiB { get; init; }
    public required double PublicIpv4Hourly { get; init; }
    /// <summary>Data between zones, USD per GB in each direction (both sides pay).</summary>
    public required double CrossAzPerGiBEachWay { get; init; }
    /// <summary>CloudFront data to the internet by monthly tier: (GB up to, USD per GB), for the viewers' geography.</summary>
    public required IReadOnlyList<(double UpToGiB, double PerGiB)> CloudFrontDataTiers { get; init; }
    public required double CloudFrontPer10kHttps { get; init; }
    public required double WafPerWebAclMonth { get; init; }
    public required double WafPerRuleMonth { get; init; }
    public required double WafPerMillionRequests { get; init; }
    public required double SqsStandardPerMillion { get; init; }
    public required double SqsFifoPerMillion { get; init; }

    public double Ec2Hourly(string type) => Hourly(Ec2LargeHourly, type[..type.IndexOf('.')], type, "EC2 instance type");
    public double RdsHourly(string cls) => Hourly(RdsPostgresLargeHourly, InstanceSizes.FamilyOf(cls), cls, "RDS class");
    public double CacheHourly(string node) => Hourly(CacheLargeHourly, InstanceSizes.FamilyOf(node), node, "ElastiCache node type");

    private double Hourly(IReadOnlyDictionary<string, double> table, string family, string name, string what)
    {
        if (!table.TryGetValue(family, out var large) || InstanceSizes.Factor(name) is not { } factor)
            throw new UnpricedException($"no price for {what} '{name}' in {Region} (price table of {PriceTables.Date}); add its family to Cost/PriceTable.cs");
        return large * factor;
    }
}

/// <summary>A region or a type the pinned price table does not cover: the estimate is refused, not guessed.</summary>
public sealed class UnpricedException(string message) : Exception(message);

/// <summary>Where one group of the table's figures comes from, and whether anyone checked them.</summary>
/// <param name="Covers">which figures, for which region</param>
/// <param name="Source">the public URL the figures were checked against, or "unverified: " and why not</param>
/// <param name="Verified">what the check found and when, or what to check them against</param>
public sealed record PriceSource(string Covers, string Source, string Verified)
{
    public const string Unverified = "unverified: ";
    public bool IsVerified => !Source.StartsWith(Unverified, StringComparison.Ordinal);
    public override string ToString() => $"{Covers}: {Source} ({Verified})";
}

/// <summary>The pinned tables, one per priced region.</summary>
public static class PriceTables
{
    /// <summary>When the figures were transcribed.</summary>
    public const string Date = "2026-12-03";

    /// <summary>When the figures were last checked against the sources below.</summary>
    public const string VerifiedOn = "2026-12-03";

    private const string Ec2PricePage = "https://aws.amazon.com/ec2/pricing/on-demand/";
    private const string NotInPass = "not part of the " + VerifiedOn + " verification pass (prices of instances, databases, caches and storage only)";

    /// <summary>Every group of figures with its source: a URL where a check confirmed them, "unverified: why" where
    /// none could. The cost command prints these, so an unverified figure is never passed off as checked.</summary>
    public static readonly IReadOnlyList<PriceSource> SourceEntries =
    [
        new("EC2 Linux on-demand, us-east-1 (t3, t3a, t4g, m5, m6i, m6g, m7i, m7i-flex, m7g, c6i, c6g, c7i, c7g, r6i, r6g, r7i, r7g)",
            "https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81a9df9301e613f371dac5b4d16bfe/pkg/providers/pricing/zz_generated.pricing_aws.go",
            $"Verified {VerifiedOn}: each family's large equals that file's us-east-1 table, generated 2026-07-20 from the AWS Price List API " +
            "(t3.large 0.0832, m7i.large 0.1008, m7g.large 0.0816, c7i.large 0.08925, r7g.large 0.1071, ...), and sizes scale linearly there " +
            "(m7i.xlarge 0.2016, t3.micro 0.0104 = 0.0832 / 8); m5, m6i, m7i and m7g xlarge also on https://c3x.dev/blog/m5-vs-m6i-vs-m7i-cost-performance"),
        new("EC2 Linux on-demand, eu-west-1 (all families)",
            PriceSource.Unverified + "no eu-west-1 EC2 price list could be read (the AWS page renders its prices by script, and no per-type page for Ireland was found)",
            $"Not verified on {VerifiedOn}: figures as first transcribed; check them on {Ec2PricePage} with EU (Ireland) selected"),
        new("RDS for PostgreSQL Single-AZ on-demand, us-east-1, db.t4g",
            PriceSource.Unverified + "no page showing db.t4g.large was found",
            $"Partly checked {VerifiedOn}: https://infratally.com/articles/aws-rds-pricing-explained-2026.html gives db.t4g.micro 0.016, small 0.032, " +
            "medium 0.065 per hour Single-AZ and Multi-AZ exactly twice; 0.129 for the large lies between micro × 8 (0.128) and medium × 2 (0.130), " +
            "so the linear scaling is within 1% for the small sizes"),
        new("RDS for PostgreSQL Single-AZ on-demand, us-east-1, db.t3, db.m6g, db.m6i, db.m7g, db.r6g, db.r6i, db.r7g",
            PriceSource.Unverified + "no page with these classes' PostgreSQL prices was found",
            $"Not verified on {VerifiedOn}: check them on https://aws.amazon.com/rds/postgresql/pricing/"),
        new("RDS for PostgreSQL Single-AZ on-demand, eu-west-1 (all classes)",
            PriceSource.Unverified + "no page with eu-west-1 RDS prices was found",
            $"Not verified on {VerifiedOn}: check them on https://aws.amazon.com/rds/postgresql/pricing/ with EU (Ireland) selected"),
        new("RDS gp3 storage, us-east-1 (0.115 per GB-month)",
            "https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/",
            $"Verified {VerifiedOn} from a secondary source quoting the AWS RDS price page for US East (June 2026): gp3 at $0.115 per GB-month, " +
            "3,000 IOPS and 125 MB/s included"),
        new("RDS gp3 storage, eu-west-1 (0.127 per GB-month)",
            PriceSource.Unverified + "no page with the eu-west-1 RDS storage price was found",
            $"Not verified on {VerifiedOn}: check it on https://aws.amazon.com/rds/postgresql/pricing/"),
        new("RDS Proxy per vCPU-hour of the database (us-east-1 0.015, eu-west-1 0.0165)",
            PriceSource.Unverified + "no page with the RDS Proxy price was found",
            $"Not verified on {VerifiedOn}: check it on https://aws.amazon.com/rds/proxy/pricing/"),
        new("ElastiCache Redis OSS on-demand nodes, us-east-1 and eu-west-1 (cache.t3, cache.t4g, cache.m6g, cache.m7g, cache.r6g, cache.r7g)",
            PriceSource.Unverified + "the ElastiCache price page's tables were not readable and no other page with node prices was found",
            $"Not verified on {VerifiedOn}: check them on https://aws.amazon.com/elasticache/pricing/"),
        new("EBS gp3 volumes, us-east-1 0.08 and eu-west-1 0.088 per GB-month",
            PriceSource.Unverified + "the EBS price page found (https://aws.eu/ebs/pricing) prices its example in EUR, not the USD per-region rate",
            $"Not verified on {VerifiedOn} (that page does confirm 3,000 IOPS and 125 MB/s included with gp3): check them on https://aws.amazon.com/ebs/pricing/"),
        new("Application Load Balancer hours and LCUs", PriceSource.Unverified + NotInPass, "page: https://aws.amazon.com/elasticloadbalancing/pricing/"),
        new("NAT gateway hours and data, public IPv4 addresses", PriceSource.Unverified + NotInPass, "page: https://aws.amazon.com/vpc/pricing/"),
        new("Data between Availability Zones", PriceSource.Unverified + NotInPass, $"page: {Ec2PricePage}#Data_Transfer_within_the_same_AWS_Region"),
        new("CloudFront data out by tier and HTTPS requests", PriceSource.Unverified + NotInPass, "page: https://aws.amazon.com/cloudfront/pricing/"),
        new("WAF web ACL, rules and requests", PriceSource.Unverified + NotInPass, "page: https://aws.amazon.com/waf/pricing/"),
        new("SQS standard and FIFO requests", PriceSource.Unverified + NotInPass, "page: https://aws.amazon.com/sqs/pricing/"),
    ];

    /// <summary>The sources as the cost report prints them, one line per group of figures.</summary>
    public static readonly IReadOnlyList<string> Sources = SourceEntries.Select(s => s.ToString()).ToList();

    /// <summary>CloudFront's tiers are the same for the United States and Europe: 10 TB, 40 TB, 100 TB, 350 TB, 524 TB, 4 PB, above.</summary>
    private static readonly (double, double)[] CloudFrontUsEuropeTiers =
    [
        (10 * 1024, 0.085), (50 * 1024, 0.080), (150 * 1024, 0.060), (500 * 1024, 0.040),
        (1024 * 1024, 0.030), (5 * 1024 * 1024, 0.025), (double.PositiveInfinity, 0.020),
    ];

    private static readonly PriceTable UsEast1 = new()
    {
        Region = "us-east-1",
        Ec2LargeHourly = new Dictionary<string, double>
        {
            ["t3"] = 0.0832, ["t3a"] = 0.0752, ["t4g"] = 0.0672, ["m5"] = 0.096, ["m6i"] = 0.096, ["m6g"] = 0.077,
            ["m7i"] = 0.1008, ["m7i-flex"] = 0.09576, ["m7g"] = 0.0816, ["c6i"] = 0.085, ["c6g"] = 0.068, ["c7i"] = 0.08925,
            ["c7g"] = 0.0725, ["r6i"] = 0.126, ["r6g"] = 0.1008, ["r7i"] = 0.1323, ["r7g"] = 0.1071,
        },
        RdsPostgresLargeHourly = new Dictionary<string, double>
        {
            ["db.t3"] = 0.145, ["db.t4g"] = 0.129, ["db.m6g"] = 0.159, ["db.m6i"] = 0.178, ["db.m7g"] = 0.168,
            ["db.r6g"] = 0.225, ["db.r6i"] = 0.25, ["db.r7g"] = 0.239,
        },
        CacheLargeHourly = new Dictionary<string, double>
        {
            ["cache.t3"] = 0.136, ["cache.t4g"] = 0.128, ["cache.m6g"] = 0.149, ["cache.m7g"] = 0.158,
            ["cache.r6g"] = 0.206, ["cache.r7g"] = 0.219,
        },
        EbsGp3PerGiBMonth = 0.08, RdsGp3PerGiBMonth = 0.115, RdsProxyPerVCpuHour = 0.015,
        AlbHourly = 0.0225, AlbPerLcuHour = 0.008, NatHourly = 0.045, NatPerGiB = 0.045, PublicIpv4Hourly = 0.005,
        CrossAzPerGiBEachWay = 0.01, CloudFrontDataTiers = CloudFrontUsEuropeTiers, CloudFrontPer10kHttps = 0.0100,
        WafPerWebAclMonth = 5, WafPerRuleMonth = 1, WafPerMillionRequests = 0.60, SqsStandardPerMillion = 0.40, SqsFifoPerMillion = 0.50,
    };

    private static readonly PriceTable EuWest1 = new()
    {
        Region = "eu-west-1",
        Ec2LargeHourly = new Dictionary<string, double>
        {
            ["t3"] = 0.0912, ["t3a"] = 0.0816, ["t4g"] = 0.0736, ["m5"] = 0.107, ["m6i"] = 0.107, ["m6g"] = 0.086,
            ["m7i"] = 0.1124, ["m7i-flex"] = 0.10678, ["m7g"] = 0.0912, ["c6i"] = 0.096, ["c6g"] = 0.0768, ["c7i"] = 0.1008,
            ["c7g"] = 0.0816, ["r6i"] = 0.141, ["r6g"] = 0.1128, ["r7i"] = 0.1481, ["r7g"] = 0.1196,
        },
        RdsPostgresLargeHourly = new Dictionary<string, double>
        {
            ["db.t3"] = 0.16, ["db.t4g"] = 0.142, ["db.m6g"] = 0.176, ["db.m6i"] = 0.197, ["db.m7g"] = 0.186,
            ["db.r6g"] = 0.249, ["db.r6i"] = 0.277, ["db.r7g"] = 0.264,
        },
        CacheLargeHourly = new Dictionary<string, double>
        {
            ["cache.t3"] = 0.152, ["cache.t4g"] = 0.144, ["cache.m6g"] = 0.166, ["cache.m7g"] = 0.176,
            ["cache.r6g"] = 0.229, ["cache.r7g"] = 0.243,
        },
        EbsGp3PerGiBMonth = 0.088, RdsGp3PerGiBMonth = 0.127, RdsProxyPerVCpuHour = 0.0165,
        AlbHourly = 0.0252, AlbPerLcuHour = 0.008, NatHourly = 0.048, NatPerGiB = 0.048, PublicIpv4Hourly = 0.005,
        CrossAzPerGiBEachWay = 0.01, CloudFrontDataTiers = CloudFrontUsEuropeTiers, CloudFrontPer10kHttps = 0.0120,
        WafPerWebAclMonth = 5, WafPerRuleMonth = 1, WafPerMillionRequests = 0.60, SqsStandardPerMillion = 0.40, SqsFifoPerMillion = 0.50,
    };

    private static readonly Dictionary<string, PriceTable> ByRegion = new() { [UsEast1.Region] = UsEast1, [EuWest1.Region] = EuWest1 };

    public static IReadOnlyCollection<string> Regions => ByRegion.Keys;

    /// <summary>The region's table; any other region is refused rather than priced wrong.</summary>
    public static PriceTable For(string region) =>
        ByRegion.TryGetValue(region, out var table) ? table
            : throw new UnpricedException($"no pinned prices for region '{region}': the price table ({Date}) covers {string.Join(" and ", ByRegion.Keys.Order())}; add the region's prices to infra/Headroom.App/Cost/PriceTable.cs from {Ec2PricePage} and the other pages listed there");
}
