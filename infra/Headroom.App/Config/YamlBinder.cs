using System.Collections;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;

namespace Headroom.App.Config;

/// <summary>
/// Binds a YamlDotNet node tree onto the typed config model. YamlDotNet's own deserializer stops at the
/// first problem and forgets positions; this walks the parsed tree so that every unknown key and wrong
/// type is reported in one run, and every field's line is remembered for the validation rules.
/// </summary>
internal sealed class YamlBinder(string file, List<ConfigError> errors)
{
    public Dictionary<string, Mark> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>Fields whose value could not be bound; their rules stay quiet so one mistake is one error.</summary>
    public HashSet<string> Failed { get; } = new(StringComparer.Ordinal);

    public static string FieldName(PropertyInfo p) => CamelCaseNamingConvention.Instance.Apply(p.Name);

    /// <summary>A model type's bindable properties: the fields generated from a block's settings first, in the
    /// settings' order (<see cref="SectionFieldsAttribute"/>), then the section's own, each in declaration order.</summary>
    public static IEnumerable<PropertyInfo> Fields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<YamlIgnoreFieldAttribute>() is null)
            .OrderBy(p => p.IsDefined(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute)) ? 0 : 1)
            .ThenBy(p => p.MetadataToken);

    public T BindRoot<T>(YamlMappingNode root) where T : new()
    {
        Positions[""] = root.Start;
        return (T)BindObject(root, typeof(T), "")!;
    }

    /// <summary>The YAML tags that only restate a plain value's type (`!!str 5`); every other tag is refused.</summary>
    private static readonly HashSet<string> PlainTags =
        ["!", .. new[] { "str", "int", "float", "bool", "null", "seq", "map" }.Select(t => "tag:yaml.org,2002:" + t)];

    /// <summary>How many values binding may visit: aliases repeat a node wherever they stand, so a small file
    /// of nested aliases could otherwise expand to billions of values ("billion laughs").</summary>
    public const int MaxVisits = 20_000;
    private int _visits;

    private object? Bind(YamlNode node, Type type, string path, out bool ok)
    {
        if (++_visits > MaxVisits)
        {
            ok = _visits == MaxVisits + 1 && Fail(node, path, null, $"expands to more than {MaxVisits} values (through aliases?); an environment file holds far fewer");
            return null;
        }
        Positions[path] = node.Start;
        ok = true;
        // `!Ref x`, `!Sub ...`, `!!binary`: a tag would be dropped silently and the text bound as if plain.
        if (!node.Tag.IsEmpty && !PlainTags.Contains(node.Tag.Value))
        {
            ok = Fail(node, path, node.Tag.Value, "YAML tags such as !Ref or !Sub are not read: write plain values (Headroom makes the CloudFormation references itself)");
            return null;
        }
        var underlying = Nullable.GetUnderlyingType(type);
        if (IsNull(node))
        {
            if (underlying is not null || !type.IsValueType) return null;
            ok = Fail(node, path, null, $"must have a value of type {Describe(type)}");
            return null;
        }
        type = underlying ?? type;

        if (type == typeof(string) || type == typeof(int) || type == typeof(double) || type == typeof(bool) || type.IsEnum)
        {
            if (node is not YamlScalarNode scalar)
            {
                ok = Fail(node, path, Kind(node), $"must be {Describe(type)}, not a {Kind(node)}");
                return null;
            }
            return BindScalar(scalar, type, path, out ok);
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not YamlSequenceNode seq)
            {
                ok = Fail(node, path, ScalarText(node), $"must be a list of {Describe(type.GetGenericArguments()[0])}");
                return null;
            }
            var list = (IList)Activator.CreateInstance(type)!;
            var element = type.GetGenericArguments()[0];
            for (var i = 0; i < seq.Children.Count; i++)
            {
                var value = Bind(seq.Children[i], element, $"{path}[{i}]", out var itemOk);
                if (itemOk && value is not null) list.Add(value);
                ok &= itemOk;
            }
            return list;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            if (node is not YamlMappingNode map)
            {
                ok = Fail(node, path, ScalarText(node), "must be a mapping of names to values");
                return null;
            }
            var dict = (IDictionary)Activator.CreateInstance(type)!;
            var valueType = type.GetGenericArguments()[1];
            foreach (var (keyNode, valueNode) in map.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
                {
                    ok = Fail(keyNode, path, Kind(keyNode), "keys must be plain names");
                    continue;
                }
                if (UnsafeText(key) is { } keyProblem)
                {
                    ok = Fail(keyNode, $"{path}.{key}", key, keyProblem);
                    continue;
                }
                var value = Bind(valueNode, valueType, $"{path}.{key}", out var itemOk);
                if (itemOk && value is not null) dict[key] = value;
                ok &= itemOk;
            }
            return dict;
        }
        if (node is not YamlMappingNode mapping)
        {
            ok = Fail(node, path, ScalarText(node), $"must be a mapping with fields: {string.Join(", ", Fields(type).Select(FieldName))}");
            return null;
        }
        return BindObject(mapping, type, path);
    }

    private object BindObject(YamlMappingNode mapping, Type type, string path)
    {
        var target = Activator.CreateInstance(type)!;
        var fields = Fields(type).ToDictionary(FieldName, StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            var childPath = path.Length == 0 ? key ?? "?" : $"{path}.{key}";
            if (key is null || !fields.TryGetValue(key, out var prop))
            {
                var hint = key is null ? null : Suggest(key, fields.Keys);
                Fail(keyNode, childPath, key ?? Kind(keyNode),
                    $"unknown field{(hint is null ? "" : $"; did you mean '{hint}'?")} Allowed here: {string.Join(", ", fields.Keys)}");
                continue;
            }
            var value = Bind(valueNode, prop.PropertyType, childPath, out var ok);
            // A bad or empty value leaves the code default in place, so later rules see a sane model.
            if (ok && (value is not null || Nullable.GetUnderlyingType(prop.PropertyType) is not null))
                prop.SetValue(target, value);
        }
        return target;
    }

    private object? BindScalar(YamlScalarNode scalar, Type type, string path, out bool ok)
    {
        var text = scalar.Value ?? "";
        ok = true;
        if (type == typeof(string))
        {
            if (UnsafeText(text) is { } problem)
            {
                ok = Fail(scalar, path, text, problem);
                return null;
            }
            return text;
        }
        if (type == typeof(int) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        if (type == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        if (type == typeof(bool) && text is "true" or "false") return text == "true";
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => CamelCaseNamingConvention.Instance.Apply(n)).ToArray();
            var match = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return Enum.Parse(type, match, ignoreCase: true);
            ok = Fail(scalar, path, text, $"must be one of: {string.Join(", ", names)}");
            return null;
        }
        ok = Fail(scalar, path, text, $"must be {Describe(type)}");
        return null;
    }

    /// <summary>
    /// What no text value of an environment file may hold, whatever its field: control characters (a line
    /// break from a block scalar, a tab, a NUL byte, terminal escapes) and CloudFormation syntax that
    /// CloudFormation would act on where the value lands (a dynamic reference resolves a secret into a tag
    /// or name; ${...} substitutes inside Fn::Sub). Null when the text is fine.
    /// </summary>
    internal static string? UnsafeText(string text)
    {
        if (text.Any(char.IsControl))
            return "must be one line of text: no line breaks, tabs, NUL bytes or other control characters";
        if (text.Contains("{{resolve:", StringComparison.OrdinalIgnoreCase))
            return "must not be a CloudFormation dynamic reference ({{resolve:...}}): secrets stay in Secrets Manager, and Headroom writes the references itself";
        if (text.Contains("${", StringComparison.Ordinal))
            return "must not contain ${...}: CloudFormation would substitute it";
        return null;
    }

    private bool Fail(YamlNode node, string path, string? value, string allowed)
    {
        Failed.Add(path);
        errors.Add(new ConfigError(file, (int)node.Start.Line, (int)node.Start.Column, path.Length == 0 ? "(document)" : path, value, allowed));
        return false;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };

    private static string? ScalarText(YamlNode node) => node is YamlScalarNode s ? s.Value : Kind(node);

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(int)) return "a whole number";
        if (type == typeof(double)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(type).Select(n => CamelCaseNamingConvention.Instance.Apply(n)));
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)) return "a list";
        return "a mapping";
    }

    /// <summary>The closest allowed name within two edits, so a typo names its fix.</summary>
    internal static string? Suggest(string key, IEnumerable<string> allowed) =>
        allowed.Select(a => (a, d: Distance(key.ToLowerInvariant(), a.ToLowerInvariant())))
            .Where(x => x.d <= 2).OrderBy(x => x.d).Select(x => x.a).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var prev = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var cur = new int[b.Length + 1];
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            prev = cur;
        }
        return prev[b.Length];
    }
}

/// <summary>Marks a model property that is computed, not read from YAML.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class YamlIgnoreFieldAttribute : Attribute;
