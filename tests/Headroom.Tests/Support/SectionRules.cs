using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Headroom.Tests.Support;

/// <summary>One row of a rule file: YAML that, merged over a valid environment file, breaks exactly one rule.</summary>
public sealed class SectionRule : IXunitSerializable
{
    /// <summary>Where the row stands: the file's name and the line of its first key.</summary>
    public string File { get; private set; } = "";
    public int Line { get; private set; }

    /// <summary>The YAML merged over the environment file, the section's own line included.</summary>
    public string Yaml { get; private set; } = "";
    public string Field { get; private set; } = "";
    public string Phrase { get; private set; } = "";

    /// <summary>Merged over the prod file instead of staging (<c>over: prod</c>).</summary>
    public bool OverProd { get; private set; }

    /// <summary>Breaks the rule over the prod file and nothing over staging (<c>productionOnly: true</c>).</summary>
    public bool ProductionOnly { get; private set; }

    [Obsolete("For xUnit's deserialization only.")]
    public SectionRule() { }

    public SectionRule(string file, int line, string yaml, string field, string phrase, bool overProd, bool productionOnly) =>
        (File, Line, Yaml, Field, Phrase, OverProd, ProductionOnly) = (file, line, yaml, field, phrase, overProd, productionOnly);

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(File), File);
        info.AddValue(nameof(Line), Line);
        info.AddValue(nameof(Yaml), Yaml);
        info.AddValue(nameof(Field), Field);
        info.AddValue(nameof(Phrase), Phrase);
        info.AddValue(nameof(OverProd), OverProd);
        info.AddValue(nameof(ProductionOnly), ProductionOnly);
    }

    public void Deserialize(IXunitSerializationInfo info)
    {
        File = info.GetValue<string>(nameof(File));
        Line = info.GetValue<int>(nameof(Line));
        Yaml = info.GetValue<string>(nameof(Yaml));
        Field = info.GetValue<string>(nameof(Field));
        Phrase = info.GetValue<string>(nameof(Phrase));
        OverProd = info.GetValue<bool>(nameof(OverProd));
        ProductionOnly = info.GetValue<bool>(nameof(ProductionOnly));
    }

    /// <summary>The test's display name: where the row stands and the field it names.</summary>
    public override string ToString() =>
        $"{File}:{Line} {Field}" + (ProductionOnly ? " (production only)" : OverProd ? " (over prod)" : "");
}

/// <summary>A rule file read: its rows, and what is wrong with it (a row that cannot be read is a problem, never left out quietly).</summary>
public sealed record RuleFile(string Name, IReadOnlyList<SectionRule> Rules, IReadOnlyList<string> Problems);

/// <summary>
/// The rule files in tests/Headroom.Tests/Config/Rules, read from the repository like the environments. A file:
/// <code>
/// section: cache          # optional: each row's lines go under `cache:`
/// rules:
///   - yaml: 'replicas: 6' # lines merged over the valid staging file (TestConfig.With)
///     field: cache.replicas   # the field the one error names
///     phrase: from 0 to 5     # a phrase of that error's message
///     productionOnly: true    # optional: breaks the rule over the prod file, and nothing over staging
///     over: prod              # optional: merged over the prod file instead of staging
/// </code>
/// </summary>
public static class RuleFiles
{
    public static string Folder => Path.Combine(Repo.Root, "tests", "Headroom.Tests", "Config", "Rules");

    private static readonly string[] FileKeys = ["section", "rules"];
    private static readonly string[] RowKeys = ["yaml", "field", "phrase", "productionOnly", "over"];

    public static IReadOnlyList<RuleFile> All() =>
        Directory.GetFiles(Folder).Order(StringComparer.Ordinal).Select(p => Read(Path.GetFileName(p), System.IO.File.ReadAllText(p))).ToList();

    public static RuleFile Read(string name, string text)
    {
        var rules = new List<SectionRule>();
        var problems = new List<string>();
        void Problem(YamlNode? at, string what) => problems.Add($"{name}:{at?.Start.Line ?? 1}: {what}");

        if (!name.EndsWith(".yaml", StringComparison.Ordinal)) Problem(null, "a rule file's name ends in .yaml");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            problems.Add($"{name}:{e.Start.Line}: not valid YAML: {e.Message}");
            return new RuleFile(name, rules, problems);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Problem(null, "a rule file is one mapping of section and rules");
            return new RuleFile(name, rules, problems);
        }

        foreach (var key in root.Children.Keys.Where(k => !FileKeys.Contains(Text(k))))
            Problem(key, $"unknown key '{Text(key)}' (known: {string.Join(", ", FileKeys)})");
        string? section = null;
        if (root.Children.TryGetValue("section", out var sectionNode) && (section = Text(sectionNode)) is null or "")
            Problem(sectionNode, "section names the top-level key each row goes under");
        if (!root.Children.TryGetValue("rules", out var rulesNode) || rulesNode is not YamlSequenceNode { Children.Count: > 0 } rows)
        {
            Problem(rulesNode ?? root, "rules lists at least one rule");
            return new RuleFile(name, rules, problems);
        }

        foreach (var node in rows)
        {
            if (node is not YamlMappingNode row)
            {
                Problem(node, "a rule is a mapping of yaml, field and phrase");
                continue;
            }
            var problemsBefore = problems.Count;
            var values = new Dictionary<string, string>();
            foreach (var (key, value) in row.Children)
            {
                if (!RowKeys.Contains(Text(key)))
                    Problem(key, $"unknown key '{Text(key)}' (known: {string.Join(", ", RowKeys)})");
                else if (Text(value) is { Length: > 0 } scalar)
                    values[Text(key)!] = scalar;
                else
                    Problem(value, $"{Text(key)} must be a non-empty scalar");
            }
            var missing = RowKeys[..3].Where(k => !row.Children.ContainsKey(k)).ToList();
            if (missing.Count > 0) Problem(row, $"the rule has no {string.Join(", ", missing)}");
            var productionOnly = values.GetValueOrDefault("productionOnly", "false");
            var over = values.GetValueOrDefault("over", "staging");
            if (productionOnly is not ("true" or "false")) Problem(row, $"productionOnly is true or false, not '{productionOnly}'");
            if (over is not ("staging" or "prod")) Problem(row, $"over is staging or prod, not '{over}'");
            if (productionOnly == "true" && values.ContainsKey("over")) Problem(row, "a productionOnly rule is merged over both files; it takes no over");
            if (problems.Count > problemsBefore) continue;

            var yaml = values["yaml"].TrimEnd('\n');
            if (section is not null) yaml = section + ":\n" + string.Join('\n', yaml.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));
            rules.Add(new SectionRule(name, (int)row.Start.Line, yaml, values["field"], values["phrase"], over == "prod", productionOnly == "true"));
        }
        return new RuleFile(name, rules, problems);
    }

    private static string? Text(YamlNode node) => (node as YamlScalarNode)?.Value;
}
