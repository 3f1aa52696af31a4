namespace Headroom.App.Checks.Rules;

/// <summary>
/// Every data store and queue is encrypted at rest and in transit. At rest: RDS storage, ElastiCache,
/// S3 bucket encryption, SQS (SQS-managed or KMS) and SNS (KMS). In transit: RDS's <c>rds.force_ssl</c>
/// parameter (MySQL/MariaDB: <c>require_secure_transport</c>), RDS Proxy's RequireTLS, ElastiCache's
/// transit encryption (required, not "preferred"), and bucket and queue policies that deny requests
/// without TLS. Findings carry appliesTo "at-rest" or "in-transit".
/// </summary>
public sealed class EncryptionRule : IRule
{
    public const string AtRest = "at-rest";
    public const string InTransit = "in-transit";

    public string Id => "Headroom-Encryption";

    public string Title => "Data stores and queues are encrypted at rest and in transit";

    public string Fix => "turn on the store's encryption (StorageEncrypted, AtRestEncryptionEnabled, BucketEncryption, "
                         + "SqsManagedSseEnabled or a KMS key) and require TLS (rds.force_ssl=1, RequireTLS, TransitEncryptionEnabled, "
                         + "a policy denying aws:SecureTransport false: enforceSSL in CDK)";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var r in env.Resources)
        {
            var violations = r.Type switch
            {
                "AWS::RDS::DBInstance" => DbInstance(env, r),
                "AWS::RDS::DBCluster" => DbCluster(env, r),
                "AWS::RDS::DBProxy" => RuleJson.IsTrue(r.Prop("RequireTLS")) ? [] : [RuleViolation.Of(r, "RDS proxy does not set RequireTLS", InTransit)],
                "AWS::ElastiCache::ReplicationGroup" => ReplicationGroup(r),
                "AWS::S3::Bucket" => Bucket(env, r),
                "AWS::SQS::Queue" => Queue(env, r),
                "AWS::SNS::Topic" => r.Prop("KmsMasterKeyId") is null ? [RuleViolation.Of(r, "SNS topic has no KmsMasterKeyId", AtRest)] : [],
                _ => [],
            };
            foreach (var v in violations) yield return v;
        }
    }

    private static IEnumerable<RuleViolation> DbInstance(SynthesizedEnvironment env, TemplateResource db)
    {
        // An Aurora instance stores nothing itself: its cluster is checked.
        if (db.Prop("DBClusterIdentifier") is not null) yield break;
        if (db.Prop("SourceDBInstanceIdentifier") is { } source)
        {
            // A read replica inherits encryption from its source (CloudFormation wants StorageEncrypted
            // left unset on it), so judge the source.
            var primary = RuleJson.Targets(source).Select(id => RuleJson.Resource(env, db.Stack, id))
                .FirstOrDefault(x => x?.Type == "AWS::RDS::DBInstance");
            if (primary is null)
                yield return RuleViolation.Of(db, "read replica of a source outside this environment: its encryption at rest cannot be checked", AtRest);
            else if (!RuleJson.IsTrue(primary.Prop("StorageEncrypted")))
                yield return RuleViolation.Of(db, $"read replica of {primary.LogicalId}, whose storage is not encrypted (StorageEncrypted)", AtRest);
        }
        else if (!RuleJson.IsTrue(db.Prop("StorageEncrypted")))
            yield return RuleViolation.Of(db, "DB instance storage is not encrypted (StorageEncrypted)", AtRest);

        // Replicas have their own parameter group, so each instance is checked for TLS.
        if (ForcesTls(env, db, "DBParameterGroupName", "AWS::RDS::DBParameterGroup") is { } problem)
            yield return RuleViolation.Of(db, problem, InTransit);
    }

    private static IEnumerable<RuleViolation> DbCluster(SynthesizedEnvironment env, TemplateResource cluster)
    {
        if (!RuleJson.IsTrue(cluster.Prop("StorageEncrypted")))
            yield return RuleViolation.Of(cluster, "DB cluster storage is not encrypted (StorageEncrypted)", AtRest);
        if (ForcesTls(env, cluster, "DBClusterParameterGroupName", "AWS::RDS::DBClusterParameterGroup") is { } problem)
            yield return RuleViolation.Of(cluster, problem, InTransit);
    }

    /// <summary>null when the instance's or cluster's parameter group forces TLS; else what is wrong.</summary>
    private static string? ForcesTls(SynthesizedEnvironment env, TemplateResource db, string property, string groupType)
    {
        var group = RuleJson.Resource(env, db.Stack, RuleJson.Target(db.Prop(property)));
        if (group?.Type != groupType)
            return $"{property} is not a parameter group of this stack, so TLS is not forced (the default group allows plaintext connections)";
        var engine = (db.Str("Engine") ?? group.Str("Family") ?? "").ToLowerInvariant();
        var parameter = engine.Contains("mysql", StringComparison.Ordinal) || engine.Contains("mariadb", StringComparison.Ordinal)
            ? "require_secure_transport" : "rds.force_ssl";
        var value = group.Prop("Parameters") is { ValueKind: JsonValueKind.Object } parameters && parameters.TryGetProperty(parameter, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;
        return value is "1" or "ON" or "on" or "true" ? null : $"parameter group {group.LogicalId} does not set {parameter}=1 ({value ?? "unset"})";
    }

    private static IEnumerable<RuleViolation> ReplicationGroup(TemplateResource group)
    {
        if (!RuleJson.IsTrue(group.Prop("AtRestEncryptionEnabled")))
            yield return RuleViolation.Of(group, "cache is not encrypted at rest (AtRestEncryptionEnabled)", AtRest);
        if (!RuleJson.IsTrue(group.Prop("TransitEncryptionEnabled")))
            yield return RuleViolation.Of(group, "cache does not encrypt in transit (TransitEncryptionEnabled)", InTransit);
        else if (group.Str("TransitEncryptionMode") is "preferred")
            yield return RuleViolation.Of(group, "cache accepts plaintext connections (TransitEncryptionMode preferred, not required)", InTransit);
    }

    private static IEnumerable<RuleViolation> Bucket(SynthesizedEnvironment env, TemplateResource bucket)
    {
        if (bucket.Prop("BucketEncryption") is null)
            yield return RuleViolation.Of(bucket, "bucket sets no BucketEncryption", AtRest);
        var policies = env.Stacks.First(s => s.Name == bucket.Stack).Resources
            .Where(p => p.Type == "AWS::S3::BucketPolicy" && Names(p.Prop("Bucket"), bucket, "BucketName"));
        if (!policies.Any(p => RuleJson.DeniesInsecureTransport(p.Prop("PolicyDocument"))))
            yield return RuleViolation.Of(bucket, "no bucket policy denies requests without TLS (aws:SecureTransport false)", InTransit);
    }

    private static IEnumerable<RuleViolation> Queue(SynthesizedEnvironment env, TemplateResource queue)
    {
        if (!RuleJson.IsTrue(queue.Prop("SqsManagedSseEnabled")) && queue.Prop("KmsMasterKeyId") is null)
            yield return RuleViolation.Of(queue, "queue is not encrypted (neither SqsManagedSseEnabled nor KmsMasterKeyId)", AtRest);
        var policies = env.Stacks.First(s => s.Name == queue.Stack).Resources
            .Where(p => p.Type == "AWS::SQS::QueuePolicy" && RuleJson.Items(p.Prop("Queues")).Any(q => Names(q, queue, "QueueName")));
        if (!policies.Any(p => RuleJson.DeniesInsecureTransport(p.Prop("PolicyDocument"))))
            yield return RuleViolation.Of(queue, "no queue policy denies requests without TLS (aws:SecureTransport false)", InTransit);
    }

    /// <summary>Whether a policy's target names the resource: by Ref/GetAtt, or by its literal name (a queue's URL ends with it).</summary>
    private static bool Names(JsonElement? value, TemplateResource resource, string nameProperty) =>
        RuleJson.Target(value) == resource.LogicalId
        || value is { ValueKind: JsonValueKind.String } s && resource.Str(nameProperty) is { } name
                                                         && (s.GetString() == name || s.GetString()!.EndsWith("/" + name, StringComparison.Ordinal));
}
