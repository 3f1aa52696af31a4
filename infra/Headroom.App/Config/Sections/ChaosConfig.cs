using Headroom.Blocks.Chaos;

namespace Headroom.App.Config.Sections;

/// <summary>The `chaos:` section: overrides of the chaos block's settings (<see cref="ChaosSettings"/>). On outside
/// production unless the file turns it off; in production only when the file turns it on.</summary>
[SectionFields] public sealed partial class ChaosConfig : IConfigSection, IOverrides<ChaosSettings>
{
    public ChaosSettings Apply(ChaosSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        // Production runs experiments only when its file asks for them.
        Enabled = Enabled ?? (d.Enabled && !environment.Production),
    };

    public void Validate(ConfigValidator v, string path)
    {
        var settings = Settings(v.Root);
        settings.Check(v.Report(path, GetType()));
        if (settings.Zone is { } zone)
            v.Check(v.Root.AvailabilityZones.Contains(zone), $"{path}.zone", zone,
                $"must be one of the environment's availabilityZones: {string.Join(", ", v.Root.AvailabilityZones)}");
    }
}
