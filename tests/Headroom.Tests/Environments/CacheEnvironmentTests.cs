using static Headroom.Tests.Blocks.CachePins;

namespace Headroom.Tests.Environments;

/// <summary>What the example environments ask of the cache, and how it is wired into their Data stack.</summary>
[Collection(SynthCollection.Name)]
public sealed class CacheEnvironmentTests(SynthFixture synth)
{
    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_data_stack_keeps_the_caches_pinned_logical_ids(string env) =>
        CachePins.ShouldHold(synth.DataStack(env).Resources.ToDictionary(r => r.LogicalId));

    [Theory]
    [InlineData("prod", "cache.r7g.large", 6, 14)]
    [InlineData("staging", "cache.t4g.small", 2, 7)]
    public void Each_environment_sizes_its_replication_group(string env, string nodeType, int nodes, int snapshotDays)
    {
        var group = synth.DataResource(env, GroupId);

        (group.Str("Engine"), group.Str("EngineVersion"), group.Str("CacheNodeType")).Should().Be(("redis", "7.1", nodeType));
        var count = group.Prop("NumCacheClusters")?.GetInt32()
            ?? group.Prop("NumNodeGroups")!.Value.GetInt32() * (1 + group.Prop("ReplicasPerNodeGroup")!.Value.GetInt32());
        count.Should().Be(nodes, "primaries and their replicas (in cluster mode, per shard)");
        group.Prop("MultiAZEnabled")!.Value.GetBoolean().Should().BeTrue();
        group.Prop("AutomaticFailoverEnabled")!.Value.GetBoolean().Should().BeTrue();
        group.Prop("SnapshotRetentionLimit")!.Value.GetInt32().Should().Be(snapshotDays);
    }

    [Fact]
    public void Production_has_at_least_one_replica()
    {
        var group = synth.DataResource("prod", GroupId);
        (group.Prop("NumCacheClusters")?.GetInt32() ?? 1 + group.Prop("ReplicasPerNodeGroup")!.Value.GetInt32()).Should().BeGreaterThanOrEqualTo(2);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_cache_takes_the_network_stacks_isolated_subnets_and_admits_the_fleets(string env)
    {
        synth.DataResource(env, SubnetGroupId).Prop("SubnetIds")!.Value.EnumerateArray()
            .Should().HaveCount(synth.Environments[env].Config.AvailabilityZones.Count)
            .And.OnlyContain(s => s.GetProperty("Fn::ImportValue").GetString()!.Contains("NetworkIsolatedSubnet", StringComparison.Ordinal));
        Admitted(synth.DataStack(env).Resources, SecurityGroupId).Should().BeEquivalentTo("web:6380-6380", "worker:6380-6380");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Its_settings_are_published_under_the_environments_path(string env)
    {
        Parameters(synth.DataStack(env).Resources, $"/headroom/{env}/cache/").Keys
            .Should().BeEquivalentTo("primary-endpoint", "reader-endpoint", "port", "auth-secret-arn");
    }

    [Fact]
    public void The_preview_shows_productions_cache_with_its_size()
    {
        var lines = IPreviewSection.All.Single(s => s.Title == "Cache").Describe(synth.Json("prod")).ToList();

        lines.Should().Contain("redis 7.1, cache.r7g.large x 2 shard(s) x (1 primary + 2 replica(s)), cluster mode");
        lines.Should().Contain(l => l.Contains("Multi-AZ") && l.Contains("automatic failover on") && l.Contains("port 6380"));
        lines.Should().Contain(l => l.Contains("TLS + AUTH token") && l.Contains("encrypted at rest (KMS)"));
        lines.Should().Contain(l => l.Contains("snapshots kept 14 days") && l.Contains("on delete: Snapshot"));
    }
}
