using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Headroom.Generators;

/// <summary>
/// Writes a config section's fields from its block's settings, so that each setting is declared once: in the
/// block's settings record, with its <c>[Field]</c> text. For a partial class marked <c>[SectionFields]</c> that
/// implements <c>IOverrides&lt;TSettings&gt;</c>, every public settings property carrying <c>[Field]</c> becomes a
/// nullable field of the same name (or the attribute's <c>Name</c>) with the same <c>[Field]</c> text, and
/// <c>Overlay(d, environment)</c> lays the ones a file sets over <c>d</c> with <c>with { … }</c>; a section that writes no
/// <c>Apply</c> of its own gets one that is the overlay alone, and one that writes no <c>Settings</c> gets
/// <c>Settings(environment)</c>, its <c>Apply</c> over the block's defaults.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SectionFieldsGenerator : IIncrementalGenerator
{
    private const string MarkerName = "Headroom.App.Config.SectionFieldsAttribute";
    private const string OverridesName = "Headroom.App.Config.IOverrides<TSettings>";
    private const string FieldName = "Headroom.Blocks.Common.FieldAttribute";

    private static readonly DiagnosticDescriptor NotOverrides = new(
        "HR001", "A [SectionFields] class must override a block's settings",
        "{0} is marked [SectionFields] but does not implement IOverrides<TSettings>", "Headroom", DiagnosticSeverity.Error, true);

    private static readonly DiagnosticDescriptor Declared = new(
        "HR002", "A generated field is also written by hand",
        "{0} declares {1} itself, but {2}.{3} has [Field]: the field is generated from the setting; remove one of them",
        "Headroom", DiagnosticSeverity.Error, true);

    private static readonly DiagnosticDescriptor Unsupported = new(
        "HR003", "A setting's type cannot be a plain field",
        "{0}.{1} is a {2}: only scalars, enums, strings, lists and dictionaries of them, and lists of records that have a section, become fields; give it a config section of its own and drop its [Field]",
        "Headroom", DiagnosticSeverity.Error, true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var sections = context.SyntaxProvider.ForAttributeWithMetadataName(
            MarkerName,
            static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
            static (ctx, _) => Describe((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation));
        context.RegisterSourceOutput(sections, static (spc, section) =>
        {
            foreach (var d in section.Diagnostics) spc.ReportDiagnostic(d);
            if (section.Source is not null) spc.AddSource(section.HintName, section.Source);
        });
    }

    private sealed class Section
    {
        public string HintName = "";
        public string? Source;
        public List<Diagnostic> Diagnostics = new();
    }

    private static Section Describe(INamedTypeSymbol type, Compilation compilation)
    {
        var section = new Section { HintName = type.ToDisplayString().Replace('<', '_').Replace('>', '_') + ".Fields.g.cs" };
        var location = type.Locations.FirstOrDefault();
        var overrides = type.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.ToDisplayString() == OverridesName);
        if (overrides is null)
        {
            section.Diagnostics.Add(Diagnostic.Create(NotOverrides, location, type.Name));
            return section;
        }
        var settings = overrides.TypeArguments[0];
        var full = SymbolDisplayFormat.FullyQualifiedFormat;
        var fields = new StringBuilder();
        var overlay = new StringBuilder();
        foreach (var property in SettingsProperties(settings))
        {
            var field = property.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == FieldName);
            if (field is null) continue;
            var named = field.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
            var name = named.TryGetValue("Name", out var n) && n.Value is string s ? s : property.Name;
            if (type.GetMembers(name).Length > 0)
            {
                section.Diagnostics.Add(Diagnostic.Create(Declared, location, type.Name, name, settings.Name, property.Name));
                continue;
            }
            // A list of records is a list of their sections, each laid over a fresh item.
            var items = ItemSection(property.Type, compilation);
            var fieldType = items is not null
                ? "global::System.Collections.Generic.List<" + items.ToDisplayString(full) + ">?"
                : FieldType(property.Type, full);
            if (fieldType is null)
            {
                section.Diagnostics.Add(Diagnostic.Create(Unsupported, location, settings.Name, property.Name, property.Type.ToDisplayString()));
                continue;
            }
            fields.Append("    [global::").Append(FieldName).Append('(').Append(Literal(field.ConstructorArguments[0].Value));
            foreach (var arg in field.NamedArguments.Where(a => a.Key != "Name"))
                fields.Append(", ").Append(arg.Key).Append(" = ").Append(Literal(arg.Value.Value));
            fields.Append(")]\n");
            if (name != property.Name)
                fields.Append("    [global::Headroom.App.Config.SettingAttribute(").Append(Literal(property.Name)).Append(")]\n");
            fields.Append("    [global::System.CodeDom.Compiler.GeneratedCode(\"Headroom.Generators\", \"1.0\")]\n");
            fields.Append("    public ").Append(fieldType).Append(' ').Append(name).Append(" { get; set; }\n");
            overlay.Append("        ").Append(property.Name).Append(" = ").Append(items is null
                ? name + " ?? d." + property.Name
                : "global::Headroom.App.Config.Overrides.Items(" + name + ", d." + property.Name + ", environment)").Append(",\n");
        }
        var settingsName = settings.ToDisplayString(full);
        var source = new StringBuilder("// <auto-generated/> by Headroom.Generators.SectionFieldsGenerator from ")
            .Append(settings.ToDisplayString()).Append("'s [Field] settings.\n#nullable enable\n");
        if (!type.ContainingNamespace.IsGlobalNamespace)
            source.Append("namespace ").Append(type.ContainingNamespace.ToDisplayString()).Append(";\n\n");
        source.Append("partial class ").Append(type.Name).Append("\n{\n").Append(fields)
            .Append("\n    /// <summary>The fields the file sets, over <paramref name=\"d\"/>.</summary>\n")
            .Append("    private ").Append(settingsName).Append(" Overlay(").Append(settingsName)
            .Append(" d, global::Headroom.App.Config.EnvironmentConfig environment) => d with\n    {\n")
            .Append(overlay).Append("    };\n");
        // A section with nothing of its own to apply is applied by its overlay alone.
        if (type.GetMembers("Apply").Length == 0)
            source.Append("\n    public ").Append(settingsName).Append(" Apply(").Append(settingsName)
                .Append(" d, global::Headroom.App.Config.EnvironmentConfig environment) => Overlay(d, environment);\n");
        if (type.GetMembers("Settings").Length == 0)
            source.Append("\n    /// <summary>The block's settings for this environment.</summary>\n    public ").Append(settingsName)
                .Append(" Settings(global::Headroom.App.Config.EnvironmentConfig environment) => Apply(new ").Append(settingsName).Append("(), environment);\n");
        source.Append("}\n");
        section.Source = source.ToString();
        return section;
    }

    /// <summary>The settings' public properties, the base record's first, each in declaration order.</summary>
    private static IEnumerable<IPropertySymbol> SettingsProperties(ITypeSymbol settings)
    {
        var chain = new List<ITypeSymbol>();
        for (var t = settings; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType) chain.Insert(0, t);
        return chain.SelectMany(t => t.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic && p.SetMethod is not null));
    }

    /// <summary>The nullable field type that can override a setting of this type, or null when there is none.</summary>
    private static string? FieldType(ITypeSymbol type, SymbolDisplayFormat full)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T }) return type.ToDisplayString(full);
        if (type.SpecialType == SpecialType.System_String) return "string?";
        if (type.IsValueType) return type.ToDisplayString(full) + "?";
        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            var args = generic.TypeArguments.Select(a => a.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(full)).ToArray();
            switch (generic.OriginalDefinition.ToDisplayString())
            {
                case "System.Collections.Generic.List<T>":
                case "System.Collections.Generic.IReadOnlyList<T>":
                case "System.Collections.Generic.IList<T>":
                    return "global::System.Collections.Generic.List<" + args[0] + ">?";
                case "System.Collections.Generic.Dictionary<TKey, TValue>":
                case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                    return "global::System.Collections.Generic.Dictionary<" + args[0] + ", " + args[1] + ">?";
            }
        }
        return null;
    }

    /// <summary>For a list of records, the section that overrides one record (a class implementing IOverrides of it), or null.</summary>
    private static INamedTypeSymbol? ItemSection(ITypeSymbol type, Compilation compilation)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true } generic || generic.TypeArguments[0].SpecialType == SpecialType.System_String) return null;
        var definition = generic.OriginalDefinition.ToDisplayString();
        if (definition != "System.Collections.Generic.IReadOnlyList<T>" && definition != "System.Collections.Generic.List<T>") return null;
        var item = generic.TypeArguments[0];
        return Types(compilation.Assembly.GlobalNamespace).FirstOrDefault(t => t.AllInterfaces.Any(i =>
            i.OriginalDefinition.ToDisplayString() == OverridesName && SymbolEqualityComparer.Default.Equals(i.TypeArguments[0], item)));
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns) =>
        ns.GetTypeMembers().Concat(ns.GetNamespaceMembers().SelectMany(Types));

    private static string Literal(object? value) => value switch
    {
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        bool b => b ? "true" : "false",
        null => "null",
        _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}
