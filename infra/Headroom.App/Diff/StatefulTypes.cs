namespace Headroom.App.Diff;

/// <summary>
/// Resource types whose replacement, deletion or orphaning loses data, or makes data unreadable. The
/// diff gate stops on a destructive change to any of them. Listed with the reason, which the README
/// repeats; a type is added here, never worked around in the gate.
/// </summary>
public static class StatefulTypes
{
    public static IReadOnlyDictionary<string, string> Reasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS::RDS::DBInstance"] = "a database (primary or replica): a replacement starts empty or from a snapshot",
        ["AWS::RDS::DBCluster"] = "an Aurora cluster's storage",
        ["AWS::RDS::GlobalCluster"] = "a global database",
        ["AWS::ElastiCache::ReplicationGroup"] = "the cache and the sessions in it",
        ["AWS::ElastiCache::CacheCluster"] = "a cache node's data",
        ["AWS::ElastiCache::ServerlessCache"] = "a serverless cache's data",
        ["AWS::MemoryDB::Cluster"] = "a durable Redis data set",
        ["AWS::S3::Bucket"] = "stored objects (a replaced bucket starts empty)",
        ["AWS::SQS::Queue"] = "messages waiting in the queue (and its dead letters)",
        ["AWS::DynamoDB::Table"] = "table items",
        ["AWS::DynamoDB::GlobalTable"] = "table items in every region",
        ["AWS::EFS::FileSystem"] = "files",
        ["AWS::Kinesis::Stream"] = "records not yet consumed",
        ["AWS::OpenSearchService::Domain"] = "search indexes",
        ["AWS::Backup::BackupVault"] = "backups",
        ["AWS::KMS::Key"] = "a key: whatever it encrypted can no longer be decrypted",
        ["AWS::SecretsManager::Secret"] = "credentials: a new secret means new passwords for the database or cache",
        ["AWS::Logs::LogGroup"] = "logs kept for audit (flow logs, database logs)",
    };

    public static bool Contains(string? type) => type is not null && Reasons.ContainsKey(type);
}
