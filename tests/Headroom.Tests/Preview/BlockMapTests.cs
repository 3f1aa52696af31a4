namespace Headroom.Tests.Preview;

/// <summary>The block -> resources map previews read, built from the construct tree rather than logical-ID prefixes.</summary>
[Collection(SynthCollection.Name)]
public sealed class BlockMapTests(SynthFixture synth)
{
    [Fact]
    public void Every_block_of_prod_is_mapped_to_its_own_resources_and_no_resource_to_two_blocks()
    {
        var blocks = synth.Json("prod").Blocks;

        blocks.Select(b => $"{b.Kind}:{b.Name}").Should().Equal(
            "Network:network", "Database:database", "Cache:cache", "Queues:queues", "LoadBalancer:web", "Fleet:web", "Fleet:checkout", "Fleet:worker",
            "Edge:edge", "Monitoring:main", "Monitoring:edge");
        blocks.Should().OnlyContain(b => b.Resources.Count > 0);
        var owned = blocks.SelectMany(b => b.Resources.Select(r => (r.Stack, r.LogicalId))).ToList();
        owned.Should().OnlyHaveUniqueItems("a resource belongs to one block");
    }

    [Fact]
    public void Each_fleet_block_holds_its_group_under_its_final_logical_id_and_its_launch_template()
    {
        var fleets = synth.Json("prod").BlocksOf("Fleet").ToDictionary(b => b.Name);

        // The groups' logical IDs are overridden (pinned); the map reads the final ID, not the generated one.
        fleets["web"].OfType("AWS::AutoScaling::AutoScalingGroup").Select(g => g.LogicalId).Should().Equal("WebFleetGroup");
        fleets["worker"].OfType("AWS::AutoScaling::AutoScalingGroup").Select(g => g.LogicalId).Should().Equal("WorkerFleetGroup");
        fleets.Values.Should().OnlyContain(f => f.OfType("AWS::EC2::LaunchTemplate").Count() == 1);
        // The worker's backlog scaling is part of its block.
        fleets["worker"].OfType("AWS::AutoScaling::ScalingPolicy").Should().NotBeEmpty();
    }

    [Fact]
    public void The_load_balancer_block_holds_its_listeners_target_groups_and_log_buckets()
    {
        var lb = synth.Json("staging").BlocksOf("LoadBalancer").Single();

        lb.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").Should().ContainSingle();
        lb.OfType("AWS::ElasticLoadBalancingV2::TargetGroup").Should().HaveCount(2, "the web fleet's and the checkout service's");
        lb.OfType("AWS::ElasticLoadBalancingV2::Listener").Should().HaveCount(2, "HTTPS, and HTTP redirecting to it");
        lb.OfType("AWS::S3::Bucket").Should().HaveCount(2, "the access logs and who read them");
    }
}
