using Headroom.Blocks.Cache;

namespace Headroom.App.Config.Sections;

/// <summary>The `cache:` section: overrides of the cache block's settings (<see cref="CacheSettings"/>), and production's policy.</summary>
[SectionFields] public sealed partial class CacheConfig : IConfigSection, IOverrides<CacheSettings>
{
    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // Production's policy, on top of what the block allows.
        if (!v.Root.Production) return;
        v.Check(settings.Replicas >= 1, $"{path}.replicas", settings.Replicas, "must be at least 1 in production: production keeps at least one replica to fail over to");
        v.Check(settings.SnapshotRetentionDays >= 1, $"{path}.snapshotRetentionDays", settings.SnapshotRetentionDays, "must be at least 1 in production: production keeps daily snapshots");
        v.Check(MultiAz != false, $"{path}.multiAz", MultiAz, "must be true in production, or left out");
        v.Check(AutomaticFailover != false, $"{path}.automaticFailover", AutomaticFailover, "must be true in production, or left out");
    }
}
