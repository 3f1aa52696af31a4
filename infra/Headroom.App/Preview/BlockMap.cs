
namespace Headroom.App.Preview;

/// <summary>One block of an environment, as composed: its kind ("Fleet", "Database", …), its name ("web",
/// "worker") and the constructs it is made of (a fleet and its scaling, say).</summary>
public sealed record ComposedBlock(string Kind, string Name, IReadOnlyList<IConstruct> Constructs);

/// <summary>A block's resources in the synthesized templates.</summary>
public sealed record BlockResources(string Kind, string Name, IReadOnlyList<TemplateResource> Resources)
{
    public IEnumerable<TemplateResource> OfType(string type) => Resources.Where(r => r.Type == type);
}

/// <summary>
/// Which template resources each block made, from the construct tree (each CloudFormation resource's
/// construct path and its final logical ID, overrides included), so that previews follow the blocks instead
/// of guessing from logical-ID prefixes, for any number of fleets, queues or load balancers.
/// </summary>
public static class BlockMap
{
    /// <summary>(stack name, logical ID) of every resource under each block, computed before synthesis.</summary>
    public static IReadOnlyList<(ComposedBlock Block, IReadOnlyList<(string Stack, string LogicalId)> Ids)> Of(IEnumerable<Stack> stacks, IReadOnlyList<ComposedBlock> blocks)
    {
        var resources = stacks.SelectMany(stack => stack.Node.FindAll().OfType<CfnResource>()
            .Select(r => (Path: r.Node.Path, Stack: stack.StackName, LogicalId: (string)stack.Resolve(r.LogicalId))))
            .ToList();
        return blocks.Select(block =>
        {
            var prefixes = block.Constructs.Select(c => c.Node.Path + "/").ToList();
            IReadOnlyList<(string, string)> ids = resources.Where(r => prefixes.Any(p => r.Path.StartsWith(p, StringComparison.Ordinal)))
                .Select(r => (r.Stack, r.LogicalId)).ToList();
            return (block, ids);
        }).ToList();
    }

    /// <summary>The same blocks with their resources read from the synthesized stacks.</summary>
    public static IReadOnlyList<BlockResources> Resolve(IReadOnlyList<(ComposedBlock Block, IReadOnlyList<(string Stack, string LogicalId)> Ids)> map, IReadOnlyList<SynthesizedStack> stacks)
    {
        var byId = stacks.SelectMany(s => s.Resources).ToDictionary(r => (r.Stack, r.LogicalId));
        return map.Select(m => new BlockResources(m.Block.Kind, m.Block.Name,
            m.Ids.Select(id => byId.GetValueOrDefault(id)).OfType<TemplateResource>().ToList())).ToList();
    }
}
