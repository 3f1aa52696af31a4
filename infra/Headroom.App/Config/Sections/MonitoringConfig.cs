namespace Headroom.App.Config.Sections;

/// <summary>Settings of the Monitoring tier; filled in by the issue that builds it.</summary>
public sealed class MonitoringConfig : IConfigSection
{
    public void Validate(ConfigValidator v, string path)
    {
    }
}
