using Amazon.CDK.AWS.RDS;
using Headroom.Blocks.Chaos;

namespace Headroom.App.Stacks.Wiring;

public static class ChaosWiring
{
    /// <summary>
    /// The environment's FIS experiment templates (App stack: they act on its fleets and stop on its site-degraded
    /// alarm), made from what the earlier steps made; null when `chaos.enabled` is false (production's default) or
    /// when there is no site-degraded alarm to stop them.
    /// </summary>
    public static Chaos? Build(HeadroomStack stack, EnvironmentConfig config, EnvironmentNames names, DataTier data, WebTier web,
        WorkerTier? workers, MonitoringTier monitoring)
    {
        var settings = config.Chaos.Settings(config);
        if (!settings.Enabled || monitoring.Main.SiteDegraded is not { } siteDegraded) return null;
        return new Chaos(stack, "Chaos", new ChaosProps(settings)
        {
            NamePrefix = names.NamePrefix,
            ParameterPath = names.ParameterPath,
            ScopeTags = new Dictionary<string, string> { ["project"] = config.Tags.Project, ["environment"] = config.Name },
            AvailabilityZones = config.AvailabilityZones,
            SiteDegraded = siteDegraded,
            WebFleets = [.. web.Fleets.Select(f => new ChaosFleet(f.Name, f.Fleet.Group))],
            Workers = workers is null ? null : new ChaosFleet("worker", workers.Fleet.Group),
            Database = new ChaosDatabase(data.Database.Primary.InstanceArn,
                data.Database.Primary.Node.DefaultChild is CfnDBInstance { MultiAz: true },
                [data.Database.WriteEndpoint, .. data.Database.ReplicaEndpoints]),
            Cache = new ChaosCache(data.Cache.ReplicationGroup.Ref, data.Cache.ReplicationGroup.MultiAzEnabled is true),
            // Beside the alarms' runbooks: a full URL when monitoring.runbookBaseUrl is set.
            RunbookLink = $"{monitoring.Main.Factory.RunbookFolderLink}/game-day.md",
        });
    }
}
