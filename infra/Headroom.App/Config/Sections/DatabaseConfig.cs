using Headroom.Blocks.Database;

namespace Headroom.App.Config.Sections;

/// <summary>The `database.proxy:` section: overrides of RDS Proxy's pool settings (<see cref="DatabaseProxySettings"/>).</summary>
[SectionFields] public sealed partial class DatabaseProxyConfig : IOverrides<DatabaseProxySettings>;

/// <summary>The `database:` section: overrides of the database block's settings (<see cref="DatabaseSettings"/>), and production's policy.</summary>
[SectionFields] public sealed partial class DatabaseConfig : IConfigSection, IOverrides<DatabaseSettings>
{
    public DatabaseProxyConfig Proxy { get; set; } = new();

    /// <summary>The file's values over the block's defaults; Multi-AZ and deletion protection follow production unless set.</summary>
    public DatabaseSettings Apply(DatabaseSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        MultiAz = MultiAz ?? environment.Production,
        DeletionProtection = DeletionProtection ?? environment.Production,
        Proxy = Proxy.Apply(d.Proxy, environment),
    };

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        // Production's policy, on top of what the block allows.
        if (!v.Root.Production) return;
        v.Check(MultiAz != false, $"{path}.multiAz", MultiAz, "must be true in production (a standby in another zone takes over on failure), or left out");
        if (settings.BackupRetentionDays >= 1) // below that, the block's own rule speaks
            v.Check(settings.BackupRetentionDays >= 7, $"{path}.backupRetentionDays", settings.BackupRetentionDays,
                "must be at least 7 in production: production keeps at least a week of backups and point-in-time recovery");
        v.Check(DeletionProtection != false, $"{path}.deletionProtection", DeletionProtection, "must be true in production, or left out");
    }
}
