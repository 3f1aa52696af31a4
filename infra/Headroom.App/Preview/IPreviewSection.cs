namespace Headroom.App.Preview;

/// <summary>
/// The key settings of one block, read back from the synthesized templates (not from config, so the
/// preview shows what would really be deployed). Sections are found by reflection: adding a block's
/// section is adding one class.
/// </summary>
public interface IPreviewSection
{
    /// <summary>Where the section stands in the output: network first, monitoring last.</summary>
    int Order { get; }
    string Title { get; }
    IEnumerable<string> Describe(SynthesizedEnvironment environment);

    static IReadOnlyList<IPreviewSection> All { get; } = typeof(IPreviewSection).Assembly.GetTypes()
        .Where(t => typeof(IPreviewSection).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IPreviewSection)Activator.CreateInstance(t)!)
        .OrderBy(s => s.Order)
        .ToList();
}

/// <summary>A section over the blocks of one kind (see EnvironmentStacks.Blocks), each block described on its own.</summary>
public abstract class BlockPreview(string kind, int order, string title) : IPreviewSection
{
    public int Order => order;
    public string Title => title;
    public IEnumerable<string> Describe(SynthesizedEnvironment environment) => environment.BlocksOf(kind).SelectMany(block => Describe(environment, block));
    protected abstract IEnumerable<string> Describe(SynthesizedEnvironment environment, BlockResources block);
}
