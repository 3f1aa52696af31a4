using System.Reflection;
using Headroom.Blocks.Common;

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

/// <summary>The settings property a config field overrides, when its YAML name differs from it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public static class Overrides
{
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
            var parts = setting.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                if (IsGeneric(type, typeof(Dictionary<,>)))
                {
                    // A mapping's entry ("ReplicaInstanceClassOverrides.2"): the rest is its key, as the file wrote it.
                    at += "." + string.Join('.', parts[i..]);
                    break;
                }
                // A list's item ("Queues[0].Name"): the field, then the item's index as the file counts it.
                var bracket = parts[i].IndexOf('[', StringComparison.Ordinal);
                var name = bracket < 0 ? parts[i] : parts[i][..bracket];
                var field = YamlBinder.Fields(type).FirstOrDefault(p => SettingName(p) == name);
                if (field is null)
                {
                    // A setting no field overrides is the block's own doing: report it on the section.
                    v.Error(at, value, $"{setting} {allowed}");
                    return;
                }
                at += "." + YamlBinder.FieldName(field);
                type = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
                if (bracket >= 0 && IsGeneric(type, typeof(List<>)))
                {
                    at += parts[i][bracket..];
                    type = type.GetGenericArguments()[0];
                }
            }
            v.Error(at, value, allowed);
        }

        private static bool IsGeneric(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;
    }
}
