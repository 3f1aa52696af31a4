using Headroom.Blocks.Catalog;

namespace Headroom.App.Cost;

/// <summary>
/// On-demand list prices for one region, USD, pinned and dated: the cost model makes no AWS call. Instance
/// prices are kept per family for its "large" and scaled by size (AWS prices are linear within a family,
/// <see cref="InstanceSizes"/>). Transcribed on <see cref="PriceTables.Date"/> from the public pages in
/// <see cref="PriceTables.Sources"/>; re-check them before quoting a figure to a customer.
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

/// <summary>The pinned tables, one per priced region.</summary>
public static class PriceTables
{
    /// <summary>When the figures were transcribed.</summary>
    public const string Date = "2026-12-03";

    /// <summary>Where they come from (the AWS price pages; the regional tables render per region).</summary>
    public static readonly IReadOnlyList<string> Sources =
    [
        "https://aws.amazon.com/ec2/pricing/on-demand/",
        "https://aws.amazon.com/rds/postgresql/pricing/",
        "https://aws.amazon.com/rds/proxy/pricing/",
        "https://aws.amazon.com/elasticache/pricing/",
        "https://aws.amazon.com/ebs/pricing/",
        "https://aws.amazon.com/elasticloadbalancing/pricing/",
        "https://aws.amazon.com/vpc/pricing/",
        "https://aws.amazon.com/cloudfront/pricing/",
        "https://aws.amazon.com/waf/pricing/",
        "https://aws.amazon.com/sqs/pricing/",
        "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer_within_the_same_AWS_Region",
    ];

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
            : throw new UnpricedException($"no pinned prices for region '{region}': the price table ({Date}) covers {string.Join(" and ", ByRegion.Keys.Order())}; add the region's prices to infra/Headroom.App/Cost/PriceTable.cs from {Sources[0]} and the other pages listed there");
}
