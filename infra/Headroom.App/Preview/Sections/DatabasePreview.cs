namespace Headroom.App.Preview.Sections;

/// <summary>The primary, its replicas, the proxy and the credentials, as synthesized.</summary>
internal sealed class DatabasePreview() : BlockPreview("Database", 40, "Database")
{
    protected override IEnumerable<string> Describe(SynthesizedEnvironment env, BlockResources block)
    {
        var instances = block.OfType("AWS::RDS::DBInstance").ToList();
        var primary = instances.FirstOrDefault(i => i.Prop("SourceDBInstanceIdentifier") is null);
        if (primary is null) yield break;
        var replicas = instances.Where(i => i != primary).ToList();

        yield return $"primary   PostgreSQL {primary.Str("EngineVersion")}, {primary.Str("DBInstanceClass")}, " +
                     $"{(Flag(primary, "MultiAZ") ? "Multi-AZ" : "single zone")}, port {Text(primary.Prop("Port"))}";
        yield return $"          storage {primary.Str("StorageType")} {Text(primary.Prop("AllocatedStorage"))} GiB, autoscaling to " +
                     $"{Text(primary.Prop("MaxAllocatedStorage"))} GiB, {(Flag(primary, "StorageEncrypted") && primary.Prop("KmsKeyId") is not null ? "encrypted (KMS)" : "NOT ENCRYPTED")}";
        yield return $"          backups {Text(primary.Prop("BackupRetentionPeriod"))} days ({primary.Str("PreferredBackupWindow")} UTC), " +
                     $"maintenance {primary.Str("PreferredMaintenanceWindow")}";
        yield return $"          deletion protection {(Flag(primary, "DeletionProtection") ? "on" : "off")}, on delete: {primary.Raw.GetProperty("DeletionPolicy").GetString()}";
        if (replicas.Count == 0) yield return "replicas  none";
        for (var i = 0; i < replicas.Count; i++)
            yield return $"{(i == 0 ? "replicas" : ""),-10}{i + 1}: {replicas[i].Str("DBInstanceClass")} in {replicas[i].Str("AvailabilityZone")}";

        foreach (var proxy in block.OfType("AWS::RDS::DBProxy"))
        {
            var pool = block.OfType("AWS::RDS::DBProxyTargetGroup").Select(t => t.Prop("ConnectionPoolConfigurationInfo")).FirstOrDefault();
            yield return $"proxy     {(Flag(proxy, "RequireTLS") ? "TLS required" : "TLS optional")}, pool {Text(Field(pool, "MaxConnectionsPercent"))}% " +
                         $"({Text(Field(pool, "MaxIdleConnectionsPercent"))}% idle), client idle timeout {Text(proxy.Prop("IdleClientTimeout"))} s";
        }
        foreach (var rotation in block.OfType("AWS::SecretsManager::RotationSchedule")
                     .Where(r => Text(Field(r.Prop("HostedRotationLambda"), "RotationType")).StartsWith("PostgreSQL", StringComparison.Ordinal)))
            yield return $"password  Secrets Manager, rotated {Text(Field(rotation.Prop("RotationRules"), "ScheduleExpression"))}";
    }

    internal static bool Flag(TemplateResource r, string property) => r.Prop(property) is { ValueKind: JsonValueKind.True };

    internal static JsonElement? Field(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) ? v : null;

    internal static string Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } v => v.GetString() ?? "",
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        null => "-",
        _ => "(computed)",
    };
}
