namespace Headroom.App.Config.Sections;

/// <summary>Settings of the Cache tier; filled in by the issue that builds it.</summary>
public sealed class CacheConfig : IConfigSection
{
    public void Validate(ConfigValidator v, string path)
    {
    }
}
