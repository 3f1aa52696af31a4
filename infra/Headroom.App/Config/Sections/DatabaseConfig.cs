namespace Headroom.App.Config.Sections;

/// <summary>Settings of the Database tier; filled in by the issue that builds it.</summary>
public sealed class DatabaseConfig : IConfigSection
{
    public void Validate(ConfigValidator v, string path)
    {
    }
}
