using System.Text.RegularExpressions;

namespace Headroom.App.Config.Sections;

/// <summary>Tags every resource carries. `environment` comes from the file name.</summary>
public sealed partial class TagsConfig : IConfigSection
{
    [Field("tag text")]
    public string Project { get; set; } = "headroom";
    [Field("tag text", Default = "required")]
    public string CostCentre { get; set; } = "";
    [Field("tag text", Default = "required")]
    public string Owner { get; set; } = "";

    /// <summary>Any further tags, name to value.</summary>
    [Field("more tags, name → value (not `aws:*`, not `project`, `environment`, `cost-centre`, `owner`)")]
    public Dictionary<string, string> Additional { get; set; } = [];

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")] private static partial Regex TagText();

    /// <summary>Tag keys the config sets itself; `additional` must not override them.</summary>
    public static readonly string[] Reserved = ["project", "environment", "cost-centre", "owner"];

    public void Validate(ConfigValidator v, string path)
    {
        ValidateValue(v, $"{path}.project", Project, required: true);
        ValidateValue(v, $"{path}.costCentre", CostCentre, required: true);
        ValidateValue(v, $"{path}.owner", Owner, required: true);
        foreach (var (key, value) in Additional)
        {
            var keyPath = $"{path}.additional.{key}";
            v.Check(key.Length <= 128 && TagText().IsMatch(key) && !key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase),
                keyPath, key, "a tag name has at most 128 letters, digits, spaces or _.:/=+-@ and does not start with 'aws:'");
            v.Check(!Reserved.Contains(key, StringComparer.OrdinalIgnoreCase), keyPath, key,
                $"must not redefine a tag Headroom sets itself ({string.Join(", ", Reserved)})");
            ValidateValue(v, keyPath, value, required: false);
        }
    }

    private static void ValidateValue(ConfigValidator v, string path, string value, bool required)
    {
        if (required && !v.Required(path, value, "a tag value")) return;
        v.Check(value.Length <= 256 && TagText().IsMatch(value), path, value,
            "a tag value has at most 256 letters, digits, spaces or _.:/=+-@");
    }
}
