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
    [Field("more tags, name → value (not `aws:*`, not `project`, `environment`, `cost-centre`, `owner`); at most 44; no names like password, token or secret, no keys as values")]
    public Dictionary<string, string> Additional { get; set; } = [];

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z")] private static partial Regex TagText();

    /// <summary>Tag keys the config sets itself; `additional` must not override them.</summary>
    public static readonly string[] Reserved = ["project", "environment", "cost-centre", "owner"];

    /// <summary>AWS allows 50 tags per resource; Headroom sets the four above, and some resources also carry
    /// Name and headroom:tier.</summary>
    public const int AwsTagLimit = 50;
    public static readonly int MaxAdditional = AwsTagLimit - Reserved.Length - 2;

    [GeneratedRegex(@"(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential)", RegexOptions.IgnoreCase)] private static partial Regex SecretName();
    [GeneratedRegex(@"(AKIA|ASIA)[A-Z0-9]{16}|-----BEGIN")] private static partial Regex SecretValue();

    /// <summary>An AWS access key ID or a PEM private key inside a value: what must never become a tag or a name.</summary>
    public static bool LooksLikeSecret(string value) => SecretValue().IsMatch(value);

    public void Validate(ConfigValidator v, string path)
    {
        ValidateValue(v, $"{path}.project", Project, required: true);
        ValidateValue(v, $"{path}.costCentre", CostCentre, required: true);
        ValidateValue(v, $"{path}.owner", Owner, required: true);
        v.Check(Additional.Count <= MaxAdditional, $"{path}.additional", $"{Additional.Count} tags",
            $"may hold at most {MaxAdditional} tags: AWS allows {AwsTagLimit} per resource, and Headroom sets {AwsTagLimit - MaxAdditional} of its own on some");
        foreach (var (key, value) in Additional)
        {
            var keyPath = $"{path}.additional.{key}";
            // The name here; the value, like every tag value, in ValidateValue.
            if (!v.Check(!SecretName().IsMatch(key) && !LooksLikeSecret(key), keyPath, key,
                    "looks like a secret: tags are readable by anyone who can list resources; keep secrets in Secrets Manager and let the app read them"))
                continue;
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
        if (!v.Check(!LooksLikeSecret(value), path, value, "looks like a secret (an access key or a private key): keep it in Secrets Manager"))
            return;
        v.Check(value.Length <= 256 && TagText().IsMatch(value), path, value,
            "a tag value has at most 256 letters, digits, spaces or _.:/=+-@");
    }
}
