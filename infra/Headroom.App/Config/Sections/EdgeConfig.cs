namespace Headroom.App.Config.Sections;

/// <summary>Settings of the Edge tier; filled in by the issue that builds it.</summary>
public sealed class EdgeConfig : IConfigSection
{
    public void Validate(ConfigValidator v, string path)
    {
    }
}
