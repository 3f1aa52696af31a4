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
