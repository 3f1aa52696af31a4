namespace Headroom.Blocks.Common;

/// <summary>
/// A block's own word that a resource needs no CloudWatch alarm, and why, written into the template where
/// `headroom check`'s alarm-coverage rule reads it. It keeps that decision with the block that made the
/// resource (a budget is itself an alert) instead of in a central list every new block must edit.
/// </summary>
public static class AlarmExemption
{
    /// <summary>The resource metadata key; its value is the reason.</summary>
    public const string MetadataKey = "headroom:needsNoAlarm";

    public static void Declare(CfnResource resource, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("a resource that needs no alarm must say why", nameof(reason));
        resource.AddMetadata(MetadataKey, reason);
    }
}
