namespace Headroom.App.Config.Sections;

/// <summary>Settings of the Web tier; filled in by the issue that builds it.</summary>
public sealed class WebConfig : IConfigSection
{
    public void Validate(ConfigValidator v, string path)
    {
    }
}
