using Headroom.App.Config.Sections;
using Headroom.Blocks.Cache;

namespace Headroom.Tests.Config;

public sealed class CacheConfigTests
{
    /// <summary>The cache block's settings an environment document makes.</summary>
    private static CacheSettings Settings(string yaml) => Settings(TestConfig.Parse(yaml));
    private static CacheSettings Settings(EnvironmentConfig env) => env.Cache.Settings(env);

    [Fact]
    public void Production_refuses_turning_automatic_failover_off()
    {
        var errors = TestConfig.Errors(TestConfig.With(TestConfig.Prod, "cache:\n  automaticFailover: false"));

        errors.Should().Contain(e => e.Field == "cache.automaticFailover" && e.Allowed.Contains("must be true in production"));
        errors.Should().Contain(e => e.Field == "cache.multiAz" && e.Allowed.Contains("Multi-AZ needs automatic failover"));
    }

    [Fact]
    public void Failover_and_multi_az_default_on_when_there_is_a_replica()
    {
        var withReplica = Settings(TestConfig.Staging);
        var without = Settings(TestConfig.With(TestConfig.Staging, "cache:\n  replicas: 0"));
        var cluster = Settings(TestConfig.With(TestConfig.Staging, "cache:\n  clusterMode: true\n  replicas: 0\n  shards: 3"));

        (withReplica.Replicas, withReplica.EffectiveMultiAz, withReplica.EffectiveAutomaticFailover).Should().Be((1, true, true));
        (without.EffectiveMultiAz, without.EffectiveAutomaticFailover).Should().Be((false, false));
        (cluster.EffectiveMultiAz, cluster.EffectiveAutomaticFailover).Should().Be((false, true), "cluster mode always fails over");
    }

    [Fact]
    public void A_valid_section_round_trips_every_field()
    {
        var cache = Settings(TestConfig.With(TestConfig.Staging, """
            cache:
              engine: valkey
              engineVersion: "8.0"
              nodeType: cache.m7g.large
              replicas: 2
              clusterMode: true
              shards: 3
              multiAz: true
              automaticFailover: true
              port: 7000
              snapshotRetentionDays: 5
              snapshotWindow: "22:00-23:30"
              maintenanceWindow: "mon:00:00-mon:01:00"
              maxmemoryPolicy: allkeys-lfu
              subnets: private
              logRetentionDays: 14
              authTokenRotationDays: 7
            """));

        (cache.EngineName, cache.EngineVersion, cache.NodeType).Should().Be(("valkey", "8.0", "cache.m7g.large"));
        (cache.Replicas, cache.ClusterMode, cache.Shards, cache.EffectiveMultiAz, cache.EffectiveAutomaticFailover).Should().Be((2, true, 3, true, true));
        (cache.Port, cache.SnapshotRetentionDays, cache.SnapshotWindow, cache.MaintenanceWindow).Should().Be((7000, 5, "22:00-23:30", "mon:00:00-mon:01:00"));
        (cache.MaxMemoryPolicy, cache.Subnets, cache.LogRetentionDays, cache.AuthTokenRotationDays).Should().Be(("allkeys-lfu", CacheSubnets.Private, 14, 7));
    }

    [Theory]
    [InlineData("01:00-02:00", "sun:02:00-sun:03:00", false)] // back to back
    [InlineData("01:00-02:00", "sun:01:59-sun:03:00", true)]
    [InlineData("23:30-00:30", "sat:00:00-sat:01:00", true)]   // the daily window wraps midnight
    [InlineData("03:00-04:00", "sun:23:30-mon:00:30", false)]  // the weekly window wraps a day
    [InlineData("00:00-01:00", "sun:23:30-mon:00:30", true)]
    [InlineData("10:00-11:00", "sun:23:00-sun:23:30", false)]
    [InlineData("23:45-00:45", "sun:23:00-mon:00:10", true)]   // wraps the end of the week
    public void Windows_overlap_across_midnight_and_week_ends(string daily, string weekly, bool overlap)
    {
        var errors = TestConfig.Errors(TestConfig.With(TestConfig.Staging, $"cache:\n  snapshotWindow: \"{daily}\"\n  maintenanceWindow: \"{weekly}\""));

        errors.Where(e => e.Allowed.Contains("must not overlap")).Should().HaveCount(overlap ? 1 : 0);
    }

    [Fact]
    public void The_real_environments_have_the_intended_cache_shape()
    {
        var envs = ConfigLoader.LoadDirectory(Repo.Environments).ToDictionary(e => e.Name);

        var prod = Settings(envs["prod"]);
        prod.Replicas.Should().BeGreaterThanOrEqualTo(1);
        prod.EffectiveMultiAz.Should().BeTrue();
        prod.EffectiveAutomaticFailover.Should().BeTrue();
    }
}
