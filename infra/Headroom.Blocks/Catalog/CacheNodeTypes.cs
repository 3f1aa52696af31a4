namespace Headroom.Blocks.Catalog;

/// <summary>One ElastiCache node type as capacity planning sizes it.</summary>
/// <param name="Name">the type, such as cache.r7g.large</param>
/// <param name="VCpus">vCPUs</param>
/// <param name="MemoryGiB">memory the engine may use, GiB (before reserved memory)</param>
public sealed record CacheNodeType(string Name, int VCpus, double MemoryGiB);

/// <summary>
/// What Headroom knows of an ElastiCache node type, from its name. Memory of the "large" of each family as
/// AWS publishes it, doubled per size (AWS's own figures for larger sizes are within 1% of that, and slightly
/// above it, so the derivation errs low). Source: unverified: the memory figures could not be confirmed on
/// 2026-12-03 — "Supported node types" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html)
/// lists node types and network bandwidth, not memory, and the memory column of https://aws.amazon.com/elasticache/pricing/
/// was not readable; the figures are as first transcribed. Check them there before relying on a node's memory.
/// </summary>
public static class CacheNodeTypes
{
    /// <summary>Memory of each family's "large" (or its medium × 2 for t families), GiB: cache.r7g.large 13.07,
    /// cache.m7g.large 6.38, cache.t4g.medium 3.09 (unverified, see above).</summary>
    private static readonly Dictionary<char, double> LargeMemoryGiB = new() { ['r'] = 13.07, ['m'] = 6.38, ['t'] = 6.18 };

    /// <summary>Burstable micro and small are smaller than the ladder says: 0.5 and 1.37 GiB (unverified, see above).</summary>
    private static readonly Dictionary<string, double> BurstableSmallMemoryGiB = new() { ["micro"] = 0.5, ["small"] = 1.37 };

    public static CacheNodeType? Find(string nodeType)
    {
        if (!nodeType.StartsWith("cache.", StringComparison.Ordinal)) return null;
        var family = InstanceSizes.FamilyOf(nodeType)["cache.".Length..];
        if (family.Length == 0 || !LargeMemoryGiB.TryGetValue(family[0], out var largeGiB)) return null;
        if (InstanceSizes.Factor(nodeType) is not { } factor) return null;
        var size = InstanceSizes.SizeOf(nodeType);
        if (family[0] == 't')
        {
            if (factor > 0.5) return null; // ElastiCache sells t nodes up to medium only
            return new(nodeType, 2, BurstableSmallMemoryGiB.TryGetValue(size, out var small) ? small : largeGiB * factor);
        }
        if (factor < 1) return null;
        return new(nodeType, (int)Math.Round(2 * factor), largeGiB * factor);
    }
}
