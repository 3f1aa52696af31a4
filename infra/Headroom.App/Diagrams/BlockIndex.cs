using Headroom.App.Stacks;

namespace Headroom.App.Diagrams;

/// <summary>A block of the working tree: its resources by (stack, logical ID), and the logical-ID prefixes its constructs give.</summary>
public sealed record IndexedBlock(string Kind, string Name, IReadOnlyList<(string Stack, string LogicalId)> Resources, IReadOnlyList<(string Stack, string Prefix)> Prefixes)
{
    public string Key => $"{Kind}/{Name}";
}

/// <summary>
/// Which block each resource of one environment belongs to, and how the blocks connect (from the
/// architecture diagram's edges): what the diff's change diagram groups resource changes by. Built
/// from the working tree; a resource only the base has (removed) is placed by the logical-ID prefix
/// of the block's constructs (CDK derives logical IDs from construct paths), else by its type.
/// </summary>
public sealed class BlockIndex(IReadOnlyList<IndexedBlock> blocks, IReadOnlyList<(string From, string To)> links)
{
    public IReadOnlyList<IndexedBlock> Blocks { get; } = blocks;
    /// <summary>Block keys ("Fleet/web") that connect, in drawing order.</summary>
    public IReadOnlyList<(string From, string To)> Links { get; } = links;

    /// <summary>The working tree's environment as composed and synthesized.</summary>
    public static BlockIndex Of(EnvironmentStacks env, SynthesizedEnvironment synthesized)
    {
        var blocks = BlockMap.Of(env.Stacks, env.Blocks).Select(m => new IndexedBlock(m.Block.Kind, m.Block.Name, m.Ids,
            m.Block.Constructs.Select(c =>
            {
                var stack = Stack.Of(c);
                var relative = c.Node.Path.StartsWith(stack.Node.Path + "/", StringComparison.Ordinal) ? c.Node.Path[(stack.Node.Path.Length + 1)..] : c.Node.Id;
                return (stack.StackName, Prefix(relative));
            }).Where(p => p.Item2.Length > 0).ToList())).ToList();
        var diagram = DiagramCommand.Draw(env, synthesized);
        var byNode = diagram.Nodes.Where(n => n.Block.Length > 0).ToDictionary(n => n.Id, n => n.Block);
        var links = diagram.Edges
            .Where(e => byNode.ContainsKey(e.From) && byNode.ContainsKey(e.To) && byNode[e.From] != byNode[e.To])
            .Select(e => (byNode[e.From], byNode[e.To])).Distinct().ToList();
        return new BlockIndex(blocks, links);
    }

    /// <summary>The block a resource belongs to: by its ID in the working tree, else by the longest prefix of a block's constructs in its stack.</summary>
    public IndexedBlock? Find(string stack, string logicalId) =>
        Blocks.FirstOrDefault(b => b.Resources.Contains((stack, logicalId)))
        ?? Blocks.SelectMany(b => b.Prefixes.Where(p => p.Stack == stack && logicalId.StartsWith(p.Prefix, StringComparison.Ordinal)).Select(p => (b, p.Prefix.Length)))
            .OrderByDescending(x => x.Length).Select(x => x.b).FirstOrDefault();

    /// <summary>A construct path below its stack as CDK starts its logical IDs: components joined, "Default" and "Resource" left out, only letters and digits.</summary>
    internal static string Prefix(string relativePath) =>
        string.Concat(relativePath.Split('/').Where(c => c is not ("Default" or "Resource"))
            .SelectMany(c => c.Where(char.IsAsciiLetterOrDigit)));
}
