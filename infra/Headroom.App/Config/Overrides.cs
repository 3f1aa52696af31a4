using System.Reflection;

namespace Headroom.App.Config;

/// <summary>
/// A config section that overrides a block's settings. The block's settings record states each default
/// once; the section's fields are nullable, each named after the setting it overrides (or marked
/// <see cref="SettingAttribute"/>), and <see cref="IOverrides{TSettings}.Apply"/> lays the ones the file
/// sets over the block's defaults with <c>with { … }</c>. The README's "default" column reads the block's
/// defaults through <see cref="Defaults"/>.
/// </summary>
public interface IOverrides
{
    /// <summary>The block's settings with nothing overridden.</summary>
    object Defaults { get; }

    /// <summary>The settings with this section's overrides applied, for an environment.</summary>
    object ApplyTo(object settings, EnvironmentConfig environment);
}

/// <inheritdoc cref="IOverrides"/>
public interface IOverrides<TSettings> : IOverrides where TSettings : class, new()
{
    TSettings Apply(TSettings settings, EnvironmentConfig environment);

    object IOverrides.Defaults => new TSettings();
    object IOverrides.ApplyTo(object settings, EnvironmentConfig environment) => Apply((TSettings)settings, environment);
}

/// <summary>
/// The section's fields are generated (Headroom.Generators) from its block's settings that carry <see cref="FieldAttribute"/>:
/// a nullable field each, of the same name and text, and a private <c>Overlay(d, environment)</c> that lays the ones a file sets over
/// <c>d</c>. The class is partial and writes by hand only what is its own: nested sections, production's policy.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SectionFieldsAttribute : Attribute;

/// <summary>The settings property a config field overrides, when its YAML name differs from it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A field of an overriding section that no block setting is behind: the app's own (a file it reads).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AppOnlyAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}

public static class Overrides
{
    /// <summary>A list the file gives replaces the default list; each of its items is laid over a fresh item's defaults.</summary>
    public static IReadOnlyList<T> Items<T>(IEnumerable<IOverrides<T>>? items, IReadOnlyList<T> defaults, EnvironmentConfig environment)
        where T : class, new() =>
        items is null ? defaults : [.. items.Select(item => item.Apply(new T(), environment))];

    /// <summary>An optional nested section (absent unless the file sets it): when the file has it, it is laid over the
    /// current settings, or over a fresh item's defaults where there are none.</summary>
    public static T? Optional<T>(IOverrides<T>? section, T? current, EnvironmentConfig environment) where T : class, new() =>
        section is null ? current : section.Apply(current ?? new T(), environment);

    /// <summary>The settings property a config field overrides.</summary>
    public static string SettingName(PropertyInfo field) => field.GetCustomAttribute<SettingAttribute>()?.Name ?? field.Name;

    /// <summary>A report that files each problem of a block's settings under the YAML field that overrides
    /// the setting ("Replicas" under `cache.replicas`), with that field's line and column.</summary>
    public static ISettingsReport Report(this ConfigValidator v, string path, Type section) => new SectionReport(v, path, section);

    private sealed class SectionReport(ConfigValidator v, string path, Type section) : ISettingsReport
    {
        public void Problem(string setting, object? value, string allowed)
        {
            var type = section;
            var at = path;
            foreach (var part in setting.Length == 0 ? [] : setting.Split('.'))
            {
                // "Actions[2]": the list field, then its item.
                var index = part.IndexOf('[');
                var name = index < 0 ? part : part[..index];
                // A mapping's entry: its key, as the file wrote it.
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
                {
                    at += "." + part;
                    type = type.GetGenericArguments()[1];
                    continue;
                }
                var field = YamlBinder.Fields(type).FirstOrDefault(p => SettingName(p) == name);
                if (field is null)
                {
                    // A setting no field overrides is the block's own doing: report it on the section.
                    Report(at, value, $"{setting} {allowed}");
                    return;
                }
                at += "." + YamlBinder.FieldName(field) + (index < 0 ? "" : part[index..]);
                type = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
                if (index >= 0 && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
                    type = type.GetGenericArguments()[0];
            }
            Report(at, value, allowed);
        }

        // One mistake, one error: a field production's policy already refused is not refused again.
        private void Report(string at, object? value, string allowed)
        {
            if (!v.HasError(at)) v.Error(at, value, allowed);
        }
    }
}
