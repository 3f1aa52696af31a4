using Headroom.App.Capacity;
using Headroom.App.Cost;
using Headroom.Tests.Capacity;

namespace Headroom.Tests.Cost;

public sealed class CostModelTests
{
    /// <summary>One t3.micro, an ALB, a single-AZ db.t4g.micro, one cache.t4g.micro shard with a replica; no traffic.</summary>
    private static EnvironmentShape Small() => Shapes.WebOnly(1, "t3.micro") with
    {
        Fleets = [Shapes.WebOnly(1, "t3.micro").Fleets[0] with { RootVolumeGiB = 8 }],
        Database = new DatabaseShape { ConfigPath = "database", PrimaryClass = "db.t4g.micro", MultiAz = false, ProxyMaxConnectionsPercent = null, AllocatedStorageGiB = 20 },
        Cache = new CacheShape { ConfigPath = "cache", NodeType = "cache.t4g.micro", Replicas = 1 },
    };

    [Fact]
    public void A_small_environment_costs_what_the_price_table_says_per_tier()
    {
        var report = CostModel.Estimate(Small(), new Workload { PeakUsers = 0 });
        var tiers = report.Baseline.PerTier.ToDictionary(t => t.Tier, t => t.Usd);
        // us-east-1, 730 h. By hand:
        tiers["web"].Should().BeApproximately(730 * 0.0832 / 8 + 8 * 0.08, 1e-9);          // 7.592 + 0.64
        tiers["load balancer"].Should().BeApproximately(730 * 0.0225, 1e-9);                 // 16.425, no LCUs without users
        tiers["database"].Should().BeApproximately(730 * 0.129 / 8 + 20 * 0.115, 1e-9);      // 11.77125 + 2.3
        tiers["cache"].Should().BeApproximately(2 * 730 * 0.128 / 8, 1e-9);                  // 23.36
        report.Baseline.TotalUsd.Should().BeApproximately(8.232 + 16.425 + 14.07125 + 23.36, 1e-9);
    }

    [Fact]
    public void Usage_follows_the_users()
    {
        // 1,000 users at one request a second each: 1,000 × 2,628,000 s = 2.628e9 requests; WAF $0.60 per million.
        var shape = Small() with { Edge = new EdgeShape() };
        var w = new Workload { PeakUsers = 1000, DynamicRequestsPerPage = 1, StaticRequestsPerPage = 9, ThinkTimeSeconds = 10 };
        var waf = CostModel.Estimate(shape, w).Peak.Lines.Single(l => l.Item.StartsWith("WAF requests", StringComparison.Ordinal));
        waf.MonthlyUsd.Should().BeApproximately(2628 * 0.60, 1e-6);
        waf.UsageBased.Should().BeTrue();
    }

    [Fact]
    public void The_planned_month_lies_between_baseline_and_a_whole_month_at_peak()
    {
        var report = CostModel.Estimate(Shapes.Prod(), Shapes.ProdWorkload());
        report.PeakScenario.Should().Be("black-friday-up");
        report.PlannedPeakMonth.TotalUsd.Should().BeGreaterThan(report.Baseline.TotalUsd).And.BeLessThan(report.Peak.TotalUsd);
        report.CostPer1000PeakUsersUsd.Should().BeApproximately(report.PlannedPeakMonth.TotalUsd / 50, 1e-9);
        report.PriceTableDate.Should().Be(PriceTables.Date);
    }

    [Fact]
    public void CloudFront_data_is_priced_by_tier() =>
        CostModel.Tiered(20 * 1024, PriceTables.For("us-east-1").CloudFrontDataTiers).Should().BeApproximately(10240 * 0.085 + 10240 * 0.080, 1e-9);

    [Fact]
    public void Every_price_source_is_a_URL_or_says_why_it_is_unverified()
    {
        PriceTables.SourceEntries.Should().OnlyContain(s =>
            (s.Source.StartsWith("https://", StringComparison.Ordinal) || s.Source.StartsWith("unverified: ", StringComparison.Ordinal) && s.Source.Length > 20)
            && s.Verified.Length > 0);
        PriceTables.SourceEntries.Single(s => s.Covers.StartsWith("EC2 Linux on-demand, us-east-1", StringComparison.Ordinal)).IsVerified.Should().BeTrue();
        PriceTables.SourceEntries.Single(s => s.Covers.StartsWith("EC2 Linux on-demand, eu-west-1", StringComparison.Ordinal)).IsVerified.Should().BeFalse();
        PriceTables.Sources.Should().HaveCount(PriceTables.SourceEntries.Count).And.Contain(l => l.Contains("unverified: ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_us_east_1_EC2_prices_are_the_verified_ones()
    {
        // The AWS Price List snapshot of 2026-07-20 (PriceTable's EC2 us-east-1 source), per hour.
        var p = PriceTables.For("us-east-1");
        p.Ec2Hourly("m7i.large").Should().Be(0.1008);
        p.Ec2Hourly("m7i.xlarge").Should().BeApproximately(0.2016, 1e-12);
        p.Ec2Hourly("r7g.large").Should().Be(0.1071);
        p.Ec2Hourly("t3.micro").Should().BeApproximately(0.0104, 1e-12);
        p.Ec2Hourly("t4g.micro").Should().BeApproximately(0.0084, 1e-12);
    }

    [Fact]
    public void A_region_without_prices_is_refused()
    {
        var act = () => CostModel.Estimate(Small() with { Region = "eu-central-1" }, new Workload { PeakUsers = 1 });
        act.Should().Throw<UnpricedException>().WithMessage("*'eu-central-1'*eu-west-1 and us-east-1*");
        PriceTables.Regions.Should().BeEquivalentTo(["eu-west-1", "us-east-1"]);
    }

    [Fact]
    public void A_type_without_a_price_is_refused_not_guessed()
    {
        var act = () => CostModel.Estimate(Shapes.WebOnly(1, "x2idn.large"), new Workload { PeakUsers = 0, ServiceProfiles = [new("x2idn.large", 40, 2)] });
        act.Should().Throw<UnpricedException>().WithMessage("*x2idn.large*us-east-1*");
    }
}
