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
                [Resolved(data.Database, "/write-endpoint"), Resolved(data.Database, "/read-endpoints")]),
            Cache = new ChaosCache(data.Cache.ReplicationGroup.Ref, data.Cache.ReplicationGroup.MultiAzEnabled is true),
            // Beside the alarms' runbooks: a full URL when monitoring.runbookBaseUrl is set.
            RunbookLink = $"{monitoring.Main.Factory.RunbookFolderLink}/game-day.md",
        });
    }

    /// <summary>
    /// A value the block publishes in SSM (the database's endpoints), as a dynamic reference CloudFormation resolves at
    /// deploy time rather than a cross-stack export: turning chaos off must not leave the Data stack removing an export
    /// the App stack still imports.
    /// </summary>
    private static string Resolved(Constructs.IConstruct block, string suffix)
    {
        var name = block.Node.FindAll().OfType<Amazon.CDK.AWS.SSM.CfnParameter>().Select(p => p.Name)
            .Single(n => n is not null && n.EndsWith(suffix, StringComparison.Ordinal));
        return $"{{{{resolve:ssm:{name}}}}}";
    }
}
