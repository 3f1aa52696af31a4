namespace Headroom.Tests.Blocks;

// The logical IDs of what keeps data, as first deployed: a block made under its usual id keeps them, or CloudFormation
// would replace the resource. The blocks' tests check them on bare stacks, the environments' tests in their Data stacks.

/// <summary>The check all pins share: each pinned logical ID stands in the template, still the resource type it was.</summary>
internal static class Pinned
{
    public static void ShouldHold(IReadOnlyDictionary<string, TemplateResource> resources, (string Id, string Type)[] pins)
    {
        foreach (var (id, type) in pins)
            resources.Should().ContainKey(id, $"the {type} keeps the logical ID it was first deployed with").WhoseValue.Type.Should().Be(type, id);
    }
}

/// <summary>The cache's stateful resources under the logical IDs they were first deployed with (a cache made under the id "Cache").</summary>
public static class CachePins
{
    // Pinned literally: a changed logical ID would make CloudFormation replace the cache.
    public const string GroupId = "CacheReplicationGroupBFE59FF3";
    public const string KeyId = "CacheKeyCDF9DE27";
    public const string TokenId = "CacheAuthToken04672416";
    public const string ParametersId = "CacheParameters9A38CCC4";
    public const string SubnetGroupId = "CacheSubnetGroup355C216D";
    public const string SecurityGroupId = "CacheSecurityGroup79A9F160";

    public static void ShouldHold(IReadOnlyDictionary<string, TemplateResource> resources)
    {
        Pinned.ShouldHold(resources, [
            (GroupId, "AWS::ElastiCache::ReplicationGroup"), (KeyId, "AWS::KMS::Key"), (TokenId, "AWS::SecretsManager::Secret"),
            (ParametersId, "AWS::ElastiCache::ParameterGroup"), (SubnetGroupId, "AWS::ElastiCache::SubnetGroup"), (SecurityGroupId, "AWS::EC2::SecurityGroup"),
        ]);
        resources.Values.Should().ContainSingle(r => r.Type == "AWS::ElastiCache::ReplicationGroup");
    }
}

/// <summary>The database's stateful resources under the logical IDs they were first deployed with (a database made under the id "Database").</summary>
public static class DatabasePins
{
    // If a refactor changes one, CloudFormation would replace the resource (a new, empty database).
    public const string PrimaryId = "DatabasePrimaryEDE0B3D0";
    public const string Replica1Id = "DatabaseReplica1ED560A1F";
    public const string Replica2Id = "DatabaseReplica2035311FF";
    public const string ProxyId = "DatabaseProxyE01FC4E6";
    public const string ProxyTargetGroupId = "DatabaseProxyProxyTargetGroupCFEDF3AA";
    public const string KeyId = "DatabaseKey5E5D9547";
    public const string SecretId = "DatabaseSecret3B817195";
    public const string SecretAttachmentId = "DatabaseSecretAttachmentE5D1B020";
    public const string ParameterGroupId = "DatabaseParametersB8AC9B07";
    public const string SubnetGroupId = "DatabaseSubnetGroup7D60F180";

    /// <summary>Every DB instance: Performance Insights under the block's key, enhanced monitoring, both logs exported for <paramref name="logDays"/>.</summary>
    public static void ShouldWatchEveryInstance(IEnumerable<TemplateResource> resources, int logDays)
    {
        var instances = resources.Where(r => r.Type == "AWS::RDS::DBInstance").ToList();

        instances.Should().NotBeEmpty();
        foreach (var instance in instances)
        {
            instance.Prop("EnablePerformanceInsights")!.Value.GetBoolean().Should().BeTrue(instance.LogicalId);
            instance.Prop("PerformanceInsightsRetentionPeriod")!.Value.GetInt32().Should().Be(7);
            Target(instance.Prop("PerformanceInsightsKMSKeyId")).Should().Be(KeyId);
            instance.Prop("MonitoringInterval")!.Value.GetInt32().Should().Be(60);
            Target(instance.Prop("MonitoringRoleArn")).Should().NotBeNull();
            instance.Prop("EnableCloudwatchLogsExports")!.Value.EnumerateArray().Select(e => e.GetString()).Should().Equal("postgresql", "upgrade");
        }
        var retentions = resources.Where(r => r.Type == "Custom::LogRetention").ToList();
        retentions.Should().HaveCount(instances.Count * 2);
        retentions.Should().OnlyContain(r => r.Prop("RetentionInDays")!.Value.GetInt32() == logDays);
    }

    public static void ShouldHold(IReadOnlyDictionary<string, TemplateResource> resources, string[] instances)
    {
        resources.Values.Where(r => r.Type == "AWS::RDS::DBInstance").Select(r => r.LogicalId).Should().BeEquivalentTo(instances);
        Pinned.ShouldHold(resources, [
            (ProxyId, "AWS::RDS::DBProxy"), (ProxyTargetGroupId, "AWS::RDS::DBProxyTargetGroup"), (KeyId, "AWS::KMS::Key"),
            (SecretId, "AWS::SecretsManager::Secret"), (SecretAttachmentId, "AWS::SecretsManager::SecretTargetAttachment"),
            (ParameterGroupId, "AWS::RDS::DBParameterGroup"), (SubnetGroupId, "AWS::RDS::DBSubnetGroup"),
        ]);
    }
}

/// <summary>The queues' logical IDs as first deployed: a changed one replaces the queue, and the messages in it are gone.</summary>
public static class QueuesPins
{
    public static readonly string[] Default =
    [
        "QueuesOrdersQueue1A584920", "QueuesOrdersDeadLetterQueueC0122726",
        "QueuesEmailsQueue72AB577A", "QueuesEmailsDeadLetterQueue7EAE93A9",
        "QueuesImagesQueueDCE2F4E7", "QueuesImagesDeadLetterQueue646B9D2D",
    ];

    public static void ShouldHold(IReadOnlyList<TemplateResource> queues)
    {
        queues.Select(q => q.LogicalId).Should().BeEquivalentTo(Default);
        queues.Should().OnlyContain(q => q.Raw.GetProperty("DeletionPolicy").GetString() == "Retain"
                                         && q.Raw.GetProperty("UpdateReplacePolicy").GetString() == "Retain");
    }
}
