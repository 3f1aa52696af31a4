using YamlDotNet.RepresentationModel;

namespace Headroom.App.Capacity;

/// <summary>
/// The recommender's changes written as YAML: the environment file's own sections that the changes touch,
/// with the changes applied, so replacing those top-level sections applies them (lists keep their other items
/// and fields, comments aside).
/// </summary>
public static partial class ConfigPatch
{
    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]*)(?:\[([0-9]+)\])?\z")] private static partial Regex Segment();

    public static string Render(string file, IReadOnlyList<ConfigChange> changes)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file)) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var touched = new List<string>();
        var skipped = new List<string>();
        foreach (var change in changes)
        {
            if (Apply(root, change.Path, CapacityCommand.Format(change.To))) touched.Add(change.Path.Split('.', '[')[0]);
            else skipped.Add(change.Path);
        }

        var patch = new YamlMappingNode();
        foreach (var key in touched.Distinct()) patch.Add(key, root.Children[new YamlScalarNode(key)]);
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(patch)).Save(writer, assignAnchors: false);
        var text = writer.ToString().TrimEnd();
        if (text.EndsWith("...", StringComparison.Ordinal)) text = text[..^3].TrimEnd();
        return skipped.Count == 0 ? text : text + "\n" + string.Join("\n", skipped.Select(p => $"# not applied (the list item is not in the file): {p}"));
    }

    /// <summary>Sets the scalar at a dotted path ("web.fleet.scheduledActions[0].maxCapacity"), making mappings on the way;
    /// false when the path goes through a list item the file does not have.</summary>
    public static bool Apply(YamlMappingNode root, string path, string value)
    {
        YamlNode node = root;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var m = Segment().Match(parts[i]);
            if (!m.Success || node is not YamlMappingNode mapping) return false;
            var key = new YamlScalarNode(m.Groups[1].Value);
            var last = i == parts.Length - 1;
            if (m.Groups[2].Success)
            {
                if (!mapping.Children.TryGetValue(key, out var list) || list is not YamlSequenceNode sequence) return false;
                var index = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (index >= sequence.Children.Count || last) return false;
                node = sequence.Children[index];
            }
            else if (last)
            {
                mapping.Children[key] = new YamlScalarNode(value);
            }
            else
            {
                if (!mapping.Children.TryGetValue(key, out var next)) mapping.Children[key] = next = new YamlMappingNode();
                node = next;
            }
        }
        return true;
    }
}
