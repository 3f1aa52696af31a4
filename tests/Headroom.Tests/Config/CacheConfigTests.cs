using Headroom.App.Config.Sections;
using Headroom.Blocks.Cache;

namespace Headroom.Tests.Config;

public sealed class CacheConfigTests : SectionRules
{
    protected override string Section => "cache:\n  ";

    /// <summary>The cache block's settings an environment document makes.</summary>
    private static CacheSettings Settings(string yaml) => Settings(TestConfig.Parse(yaml));
    private static CacheSettings Settings(EnvironmentConfig env) => env.Cache.Settings(env);

    public static TheoryData<string, string, string> Violations => new()
    {
        // extra `cache:` lines merged over a valid staging file, the field the error names, a phrase of its message
        { "replicas: 6", "cache.replicas", "from 0 to 5" },
        { "engine: memcached", "cache.engine", "one of: redis, valkey" },
        { "engineVersion: seven", "cache.engineVersion", "major.minor" },
        { "engineVersion: \"7\"", "cache.engineVersion", "major.minor" },
        { "engineVersion: \"5.0\"", "cache.engineVersion", "redis version Headroom supports: 6.0, 6.2, 7.0, 7.1" },
        { "engine: valkey\n  engineVersion: \"7.1\"", "cache.engineVersion", "valkey version Headroom supports: 7.2, 8.0, 8.1" },
        { "nodeType: r7g.large", "cache.nodeType", "cache.<family>.<size>" },
        { "nodeType: db.r7g.large", "cache.nodeType", "cache.<family>.<size>" },
        { "multiAz: true\n  automaticFailover: false", "cache.multiAz", "Multi-AZ needs automatic failover" },
        { "multiAz: true\n  replicas: 0", "cache.multiAz", "needs a replica in another zone" },
        { "automaticFailover: true\n  replicas: 0", "cache.automaticFailover", "needs a replica to fail over to" },
        { "shards: 2", "cache.shards", "must be 1 unless clusterMode is true" },
        { "clusterMode: true\n  shards: 0", "cache.shards", "from 1 to 500" },
        { "clusterMode: true\n  shards: 300", "cache.shards", "at most 500 nodes (got 600)" },
        { "clusterMode: true\n  replicas: 0\n  multiAz: false\n  automaticFailover: false", "cache.automaticFailover", "must be true in cluster mode" },
        { "port: 6379", "cache.port", "non-default port" },
        { "port: 80", "cache.port", "from 1024 to 65535" },
        { "snapshotRetentionDays: 36", "cache.snapshotRetentionDays", "from 0 to 35" },
        { "snapshotWindow: 03:00-03:30", "cache.snapshotWindow", "at least 60 minutes" },
        { "snapshotWindow: 3am", "cache.snapshotWindow", "daily UTC window" },
        { "maintenanceWindow: sun:05:00-sun:05:30", "cache.maintenanceWindow", "at least 60 minutes" },
        { "maintenanceWindow: sun:05:00-tue:05:00", "cache.maintenanceWindow", "at most 24 hours" },
        { "maintenanceWindow: sun:03:30-sun:04:30", "cache.maintenanceWindow", "must not overlap snapshotWindow" },
        { "maxmemoryPolicy: lru", "cache.maxmemoryPolicy", "one of: volatile-lru, allkeys-lru" },
        { "subnets: public", "cache.subnets", "one of: isolated, private" },
        { "logRetentionDays: 2", "cache.logRetentionDays", "one of: 1, 3, 5" },
        { "authTokenRotationDays: 0", "cache.authTokenRotationDays", "from 1 to 365" },
        { "authTokenRotationDays: 366", "cache.authTokenRotationDays", "from 1 to 365" },
        { "nodetype: cache.t4g.small", "cache.nodetype", "did you mean 'nodeType'" },
    };

    [Theory]
    [InlineData("replicas: 0", "cache.replicas", "production keeps at least one replica")]
    [InlineData("multiAz: false", "cache.multiAz", "must be true in production")]
    [InlineData("snapshotRetentionDays: 0", "cache.snapshotRetentionDays", "production keeps daily snapshots")]
    public void Production_rules(string lines, string field, string phrase) =>
        TestConfig.ShouldBreakOnlyInProduction(Section + lines, field, phrase);

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
