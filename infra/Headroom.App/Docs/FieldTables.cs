using System.Collections;
using System.Reflection;
using YamlDotNet.Serialization.NamingConventions;

namespace Headroom.App.Docs;

/// <summary>What a config property is to the tables: a value, or an object whose fields have rows of their own.</summary>
internal enum FieldShape
{
    /// <summary>A scalar, an enum, or a list or mapping of them: one row.</summary>
    Value,
    /// <summary>A nested object that is always there (`web.loadBalancer`): its fields are the rows.</summary>
    Section,
    /// <summary>A nested object that is absent unless set (`web.fleet.warmPool`): a row, then its fields.</summary>
    Optional,
    /// <summary>A list of objects (`queues.list`): a row `list[]`, then `list[].field`.</summary>
    Items,
    /// <summary>A mapping of names to objects (`monitoring.alarms`): a row `alarms.&lt;kind&gt;`, then its fields.</summary>
    Entries,
}

/// <summary>One bindable property at one place in the model. <see cref="Path"/> is dotted from the file's
/// top, `[]` for a list's items and `&lt;key&gt;` for a mapping's names; <see cref="Initial"/> is its value
/// on a fresh instance of its owner.</summary>
internal sealed record FieldNode(string Path, PropertyInfo Property, FieldShape Shape, object? Initial)
{
    public FieldAttribute? Text => Property.GetCustomAttribute<FieldAttribute>();

    /// <summary>A section with [Field] is one row pointing elsewhere; its fields are not repeated here.</summary>
    public bool Collapsed => Shape == FieldShape.Section && Text is not null;

    /// <summary>Sections are containers; every other field needs its README text.</summary>
    public bool NeedsText => Shape != FieldShape.Section;
}

/// <summary>One README table: the fields under <see cref="Root"/> (shown relative to it), except those
/// under another table's root.</summary>
internal sealed record FieldTable(string Id, string Root, string Header);

internal sealed record FieldRow(FieldNode Node, string Field, string Default, string Allowed);

/// <summary>The README's field tables, rendered from the config model and its [Field] texts.</summary>
internal static class FieldTables
{
    public static readonly IReadOnlyList<FieldTable> All =
    [
        new("environment", "", "field"),
        new("web", "web", "field (under `web.`)"),
        new("database", "database", "`database.` field"),
        new("cache", "cache", "`cache.` field"),
        new("edge", "edge", "`edge.` field"),
        new("queues", "queues", "`queues.` field"),
        new("workers", "queues.workers", "`queues.workers.` field"),
        new("monitoring", "monitoring", "`monitoring.` field"),
        new("workload", "workload", "`workload.` field"),
    ];

    /// <summary>Every bindable property of the model, depth first in declaration order, as the binder sees it.</summary>
    public static IReadOnlyList<FieldNode> Nodes() => Walk(typeof(EnvironmentConfig), new EnvironmentConfig(), "").ToList();

    private static IEnumerable<FieldNode> Walk(Type type, object owner, string prefix)
    {
        // Metadata tokens follow declaration order, which is the order the README reads best in.
        foreach (var p in YamlBinder.Fields(type))
        {
            var path = prefix + YamlBinder.FieldName(p);
            // An override's default is the block's: read it from the block's settings record.
            var initial = p.GetValue(owner) ?? (owner is IOverrides o ? o.Defaults.GetType().GetProperty(Overrides.SettingName(p))?.GetValue(o.Defaults) : null);
            var valueType = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            var element = ObjectElement(valueType);
            if (element is null && IsObject(valueType))
            {
                var node = new FieldNode(path, p, initial is null ? FieldShape.Optional : FieldShape.Section, initial);
                yield return node;
                foreach (var child in Walk(valueType, initial ?? Activator.CreateInstance(valueType)!, path + ".")) yield return child;
            }
            else if (element is not null && IsList(valueType))
            {
                yield return new FieldNode(path + "[]", p, FieldShape.Items, initial);
                foreach (var child in Walk(element, Activator.CreateInstance(element)!, path + "[].")) yield return child;
            }
            else if (element is not null)
            {
                var key = $"<{p.GetCustomAttribute<FieldAttribute>()?.Key ?? "name"}>";
                yield return new FieldNode($"{path}.{key}", p, FieldShape.Entries, initial);
                foreach (var child in Walk(element, Activator.CreateInstance(element)!, $"{path}.{key}.")) yield return child;
            }
            else
            {
                yield return new FieldNode(path, p, FieldShape.Value, initial);
            }
        }
    }

    private static bool IsList(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>);
    private static bool IsMap(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>);
    private static bool IsObject(Type t) => t.IsClass && t != typeof(string) && !IsList(t) && !IsMap(t);

    /// <summary>The object type a list or mapping holds, or null when it holds values.</summary>
    private static Type? ObjectElement(Type t)
    {
        var element = IsList(t) ? t.GetGenericArguments()[0] : IsMap(t) ? t.GetGenericArguments()[1] : null;
        return element is not null && IsObject(element) ? element : null;
    }

    /// <summary>The table's rows: every field under its root that is not another table's, nor inside a collapsed section.</summary>
    public static IReadOnlyList<FieldRow> Rows(FieldTable table)
    {
        var prefix = table.Root.Length == 0 ? "" : table.Root + ".";
        var others = All.Where(t => t.Root.Length > table.Root.Length && t.Root.StartsWith(prefix, StringComparison.Ordinal)).Select(t => t.Root).ToList();
        var rows = new List<FieldRow>();
        string? collapsed = null;
        foreach (var node in Nodes())
        {
            if (!node.Path.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (others.Any(o => Under(node.Path, o))) continue;
            if (collapsed is not null && Under(node.Path, collapsed) && node.Path != collapsed) continue;
            if (node.Collapsed) collapsed = node.Path;
            if (node.Shape == FieldShape.Section && !node.Collapsed) continue;

            var text = node.Text ?? throw new InvalidOperationException($"{node.Path} has no [Field] text ({node.Property.DeclaringType!.Name}.{node.Property.Name})");
            var shown = node.Path[prefix.Length..] + (node.Collapsed ? ".*" : "");
            rows.Add(new FieldRow(node, shown, DefaultText(node), text.Allowed));
        }
        return rows;
    }

    private static bool Under(string path, string root) =>
        path == root || path.StartsWith(root + ".", StringComparison.Ordinal) || path.StartsWith(root + "[]", StringComparison.Ordinal);

    /// <summary>The "default" column: the [Field] Default when given, else the initial value as YAML would write it.</summary>
    public static string DefaultText(FieldNode node)
    {
        if (node.Text?.Default is { } given) return given;
        return node.Initial switch
        {
            null => "none",
            IList { Count: 0 } or IDictionary { Count: 0 } => "none",
            IList list when list.Cast<object>().All(IsScalar) => string.Join(", ", list.Cast<object>().Select(Scalar)),
            var v when IsScalar(v) && v is not "" => Scalar(v),
            // An empty string may mean "required" or "none", and an object has no short form: say it.
            var v => throw new InvalidOperationException($"{node.Path}: its initial value ({(v is "" ? "an empty string" : v.GetType().Name)}) needs a [Field] Default text"),
        };
    }

    private static bool IsScalar(object v) => v is string or bool or int or double or Enum;

    private static string Scalar(object v) => "`" + (v switch
    {
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        Enum e => CamelCaseNamingConvention.Instance.Apply(e.ToString()),
        _ => (string)v,
    }) + "`";

    public static string Markdown(FieldTable table)
    {
        var text = new StringBuilder();
        text.Append("| ").Append(table.Header).Append(" | default | allowed |\n|---|---|---|");
        foreach (var row in Rows(table))
            text.Append("\n| `").Append(row.Field).Append("` | ").Append(row.Default).Append(" | ").Append(row.Allowed).Append(" |");
        return text.ToString();
    }
}
