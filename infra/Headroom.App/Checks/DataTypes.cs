namespace Headroom.App.Checks;

/// <summary>
/// Resource types that can hold data (or keys, secrets, logs), each with what its loss would take. This
/// list does not say a resource is stateful (<see cref="Stateful"/> does, from its policies): it says
/// which resources must be made stateful, or declared expendable by an acknowledgement
/// (Headroom-StatefulRetained). The README repeats the reasons; a type is added here, never worked around.
/// </summary>
public static class DataTypes
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
