using Headroom.App.Diff;

namespace Headroom.App.Deploy;

/// <summary>A stack of the cloud assembly as the deploy needs it: where, its template, and what it depends on.</summary>
public sealed record DeployStack(string Name, string TemplatePath, string? Account, string Region, IReadOnlyList<string> DependsOn)
{
    public AssemblyStack AsAssemblyStack => new(Name, TemplatePath, $"aws://{Account}/{Region}");

    /// <summary>"Data" of Headroom-staging-Data.</summary>
    public string Part(string environment) => Name[Stacks.HeadroomStack.NameFor(environment, "").Length..];
}

/// <summary>
/// One environment's stacks from a cloud assembly's manifest.json, in dependency order: the order
/// follows from each stack's `dependencies` (what `AddDependency` and cross-stack references wrote), not
/// from a list of ours, so a stack added later falls into place.
/// </summary>
public static class DeployStacks
{
    public static IReadOnlyList<DeployStack> Read(string assembly, string environment)
    {
        var manifest = Path.Combine(assembly, "manifest.json");
        if (!File.Exists(manifest)) throw new DeployException($"no cloud assembly in {assembly} (manifest.json is missing)");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
        var prefix = Stacks.HeadroomStack.NameFor(environment, "");
        var all = new List<DeployStack>();
        if (doc.RootElement.TryGetProperty("artifacts", out var artifacts))
        {
            foreach (var artifact in artifacts.EnumerateObject())
            {
                var a = artifact.Value;
                if (!a.TryGetProperty("type", out var type) || type.GetString() != "aws:cloudformation:stack") continue;
                var props = a.GetProperty("properties");
                var name = props.TryGetProperty("stackName", out var n) ? n.GetString()! : artifact.Name;
                var env = a.TryGetProperty("environment", out var e) ? e.GetString() ?? "" : "";
                var parts = env.Replace("aws://", "", StringComparison.Ordinal).Split('/');
                if (parts.Length != 2 || parts[1] == "unknown-region")
                    throw new DeployException($"{name} has no region in the cloud assembly ({env}); every Headroom stack names its account and region");
                var dependsOn = a.TryGetProperty("dependencies", out var d) ? d.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
                all.Add(new DeployStack(name, Path.Combine(assembly, props.GetProperty("templateFile").GetString()!),
                    parts[0] == "unknown-account" ? null : parts[0], parts[1], dependsOn));
            }
        }
        // Artifact IDs equal stack names for Headroom stacks; other dependencies are asset manifests.
        var names = all.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var ours = all.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)
                                  && !s.Name[prefix.Length..].Contains('-'))
            .Select(s => s with { DependsOn = s.DependsOn.Where(names.Contains).ToList() })
            .ToList();
        if (ours.Count == 0) throw new DeployException($"no stacks of {environment} ({prefix}*) in {assembly}");
        return InDependencyOrder(ours);
    }

    /// <summary>
    /// Kahn's algorithm, stable: of the stacks whose dependencies are all placed, the earliest in the input
    /// goes next. A dependency outside the list (another environment's stack) is taken as deployed.
    /// </summary>
    public static IReadOnlyList<DeployStack> InDependencyOrder(IReadOnlyList<DeployStack> stacks)
    {
        var inList = stacks.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<DeployStack>();
        while (ordered.Count < stacks.Count)
        {
            var next = stacks.FirstOrDefault(s => !placed.Contains(s.Name) && s.DependsOn.All(d => placed.Contains(d) || !inList.Contains(d)))
                ?? throw new DeployException("the stacks depend on each other in a cycle: "
                    + string.Join(", ", stacks.Where(s => !placed.Contains(s.Name)).Select(s => s.Name)));
            ordered.Add(next);
            placed.Add(next.Name);
        }
        return ordered;
    }

    /// <summary>
    /// The stacks named by `--stacks PART...` (the part after Headroom-ENV-, any case), in dependency order;
    /// all of them when none is named. An unknown part is an error that lists the known ones.
    /// </summary>
    public static IReadOnlyList<DeployStack> Select(IReadOnlyList<DeployStack> ordered, string environment, IReadOnlyCollection<string> parts)
    {
        if (parts.Count == 0) return ordered;
        var unknown = parts.Where(p => !ordered.Any(s => string.Equals(s.Part(environment), p, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            throw new DeployException($"no stack {string.Join(", ", unknown)} in {environment}; its stacks are {string.Join(", ", ordered.Select(s => s.Part(environment)))}");
        return ordered.Where(s => parts.Any(p => string.Equals(s.Part(environment), p, StringComparison.OrdinalIgnoreCase))).ToList();
    }
}
