namespace Headroom.App.Diff;

/// <summary>A stack as a cloud assembly lists it: its name, template file and AWS environment.</summary>
public sealed record AssemblyStack(string Name, string TemplatePath, string? Environment);

/// <summary>
/// Reads a cloud assembly's manifest.json directly, so that both sides of a diff are read the same
/// way whichever code wrote them (the base is synthesized by its own revision, in another process).
/// </summary>
public static class CloudAssemblyStacks
{
    public sealed record Contents(IReadOnlyList<AssemblyStack> Stacks, IReadOnlyList<string> MissingContext);

    public static Contents Read(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath)) throw new DiffException($"no cloud assembly in {directory} (manifest.json is missing)");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var root = doc.RootElement;
        var stacks = new List<AssemblyStack>();
        var missing = new List<string>();
        if (root.TryGetProperty("missing", out var m))
            missing.AddRange(m.EnumerateArray().Select(x => x.TryGetProperty("key", out var k) ? k.GetString() ?? "?" : "?"));
        if (root.TryGetProperty("artifacts", out var artifacts))
        {
            foreach (var artifact in artifacts.EnumerateObject())
            {
                var type = artifact.Value.TryGetProperty("type", out var t) ? t.GetString() : null;
                var props = artifact.Value.TryGetProperty("properties", out var p) ? p : default;
                if (type == "aws:cloudformation:stack")
                {
                    var name = props.ValueKind == JsonValueKind.Object && props.TryGetProperty("stackName", out var n) ? n.GetString()! : artifact.Name;
                    var template = Path.Combine(directory, props.GetProperty("templateFile").GetString()!);
                    var env = artifact.Value.TryGetProperty("environment", out var e) ? e.GetString() : null;
                    stacks.Add(new AssemblyStack(name, template, env));
                }
                else if (type == "cdk:cloud-assembly" && props.ValueKind == JsonValueKind.Object
                         && props.TryGetProperty("directoryName", out var nested))
                {
                    // A CDK Stage writes its stacks into a nested assembly.
                    var inner = Read(Path.Combine(directory, nested.GetString()!));
                    stacks.AddRange(inner.Stacks);
                    missing.AddRange(inner.MissingContext);
                }
            }
        }
        return new Contents(stacks, missing);
    }
}

/// <summary>A failure of the diff itself (git, synthesis, the engine): exit code 1, no verdict.</summary>
public sealed class DiffException(string message) : Exception(message);
