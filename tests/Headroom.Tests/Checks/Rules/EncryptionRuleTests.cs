using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SQS;

namespace Headroom.Tests.Checks.Rules;

public sealed class EncryptionStacks() : BareStacks("Data")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var data = stacks["Data"];
        // Databases: a primary and its replica (which leaves StorageEncrypted to its source), and both wrong.
        var tls = new CfnDBParameterGroup(data, "TlsParams", new CfnDBParameterGroupProps
        {
            Family = "postgres16", Description = "tls", Parameters = new Dictionary<string, object> { ["rds.force_ssl"] = "1" },
        });
        var lax = new CfnDBParameterGroup(data, "LaxParams", new CfnDBParameterGroupProps
        {
            Family = "postgres16", Description = "lax", Parameters = new Dictionary<string, object> { ["rds.force_ssl"] = "0" },
        });
        var encrypted = new CfnDBInstance(data, "EncryptedDb", new CfnDBInstanceProps
        {
            Engine = "postgres", DbInstanceClass = "db.t4g.medium", StorageEncrypted = true, DbParameterGroupName = tls.Ref,
        });
        new CfnDBInstance(data, "Replica", new CfnDBInstanceProps
        {
            SourceDbInstanceIdentifier = encrypted.Ref, DbInstanceClass = "db.t4g.medium", DbParameterGroupName = tls.Ref,
        });
        var plain = new CfnDBInstance(data, "PlainDb", new CfnDBInstanceProps
        {
            Engine = "postgres", DbInstanceClass = "db.t4g.medium", StorageEncrypted = false, DbParameterGroupName = lax.Ref,
        });
        new CfnDBInstance(data, "PlainReplica", new CfnDBInstanceProps
        {
            SourceDbInstanceIdentifier = plain.Ref, DbInstanceClass = "db.t4g.medium", DbParameterGroupName = tls.Ref,
        });
        new CfnDBInstance(data, "DefaultParamsDb", new CfnDBInstanceProps
        {
            Engine = "postgres", DbInstanceClass = "db.t4g.medium", StorageEncrypted = true, DbParameterGroupName = "default.postgres16",
        });
        Raw(data, "TlsProxy", "AWS::RDS::DBProxy", new Dictionary<string, object> { ["RequireTLS"] = true });
        Raw(data, "OpenProxy", "AWS::RDS::DBProxy");

        // Caches.
        Raw(data, "SafeCache", "AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["AtRestEncryptionEnabled"] = true, ["TransitEncryptionEnabled"] = true,
        });
        Raw(data, "PreferredTlsCache", "AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["AtRestEncryptionEnabled"] = true, ["TransitEncryptionEnabled"] = true, ["TransitEncryptionMode"] = "preferred",
        });

        // Buckets, queues and topics as CDK makes them, with and without the protections.
        Named(new Bucket(data, "SafeBucket", new BucketProps { Encryption = BucketEncryption.S3_MANAGED, EnforceSSL = true }));
        new CfnBucket(data, "PlainBucket");
        Named(new Queue(data, "SafeQueue", new QueueProps { Encryption = QueueEncryption.SQS_MANAGED, EnforceSSL = true }));
        Named(new Queue(data, "PlainQueue", new QueueProps { Encryption = QueueEncryption.UNENCRYPTED }));
        Named(new Topic(data, "SafeTopic", new TopicProps { MasterKey = new Key(data, "TopicKey") }));
        Named(new Topic(data, "PlainTopic"));
    }
}

public sealed class EncryptionRuleTests(EncryptionStacks stacks) : IClassFixture<EncryptionStacks>
{
    private readonly EncryptionRule _rule = new();

    [Fact]
    public void Encrypted_stores_with_tls_enforced_pass_and_every_other_store_is_flagged()
    {
        stacks.Flagged(_rule).Should().Equal(new[]
        {
            "PlainDb", "PlainReplica", "DefaultParamsDb", "OpenProxy", "PreferredTlsCache", "PlainBucket",
            stacks.Ids["PlainQueue"], stacks.Ids["PlainTopic"],
        }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void At_rest_and_in_transit_are_separate_findings()
    {
        var found = _rule.Evaluate(stacks.Environment()).Select(v => $"{v.LogicalId} {v.AppliesTo}").ToList();

        found.Should().BeEquivalentTo(
        [
            "PlainDb at-rest", "PlainDb in-transit",
            "PlainReplica at-rest",            // through its source; its own parameter group forces TLS
            "DefaultParamsDb in-transit",
            "OpenProxy in-transit",
            "PreferredTlsCache in-transit",
            "PlainBucket at-rest", "PlainBucket in-transit",
            $"{stacks.Ids["PlainQueue"]} at-rest", $"{stacks.Ids["PlainQueue"]} in-transit",
            $"{stacks.Ids["PlainTopic"]} at-rest",
        ]);
    }

    [Fact]
    public void A_read_replica_is_judged_by_its_source_and_not_asked_to_set_storage_encrypted()
    {
        var template = stacks.Environment().Stacks.Single().Resources.Single(r => r.LogicalId == "Replica");
        template.Prop("StorageEncrypted").Should().BeNull("CloudFormation wants a replica to inherit it");
        _rule.Evaluate(stacks.Environment()).Single(v => v.LogicalId == "PlainReplica").Message.Should().Contain("PlainDb");
    }
}
