namespace Headroom.App.Config.Sections;

/// <summary>Settings of the Queues tier; filled in by the issue that builds it.</summary>
public sealed class QueuesConfig : IConfigSection
{
    public void Validate(ConfigValidator v, string path)
    {
    }
}
