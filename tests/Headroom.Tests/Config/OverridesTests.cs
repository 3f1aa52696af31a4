using System.Collections;
using System.Reflection;
using Headroom.Blocks.Common;
using Headroom.App.Config;
using Headroom.Tests.Support;

namespace Headroom.Tests.Config;

/// <summary>
/// Every config field that overrides a block stands for one block setting, of the same type, and is applied:
/// set alone, it changes that setting and nothing else. So no setting is declared twice, and none is dropped
/// on its way to the block.
/// </summary>
public sealed class OverridesTests
{
    /// <summary>Every section type in the model that overrides a block's settings.</summary>
    public static TheoryData<string> Sections()
    {
        var data = new TheoryData<string>();
        foreach (var type in OverrideTypes()) data.Add(type.Name);
        return data;
    }

    /// <summary>The sections whose fields are generated from their block's settings.</summary>
    public static TheoryData<string> GeneratedSections() =>
        new(OverrideTypes().Where(t => t.GetCustomAttribute<SectionFieldsAttribute>() is not null).Select(t => t.Name));

    private static IEnumerable<Type> OverrideTypes() =>
        typeof(EnvironmentConfig).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(IOverrides).IsAssignableFrom(t))
            .OrderBy(t => t.Name);

    [Fact]
    public void The_block_sections_override_block_settings()
    {
        OverrideTypes().Select(t => t.Name).Should().Contain(["CacheConfig", "DatabaseConfig", "DatabaseProxyConfig", "NetworkConfig", "QueuesConfig", "QueueConfig",
            "WorkersConfig", "FleetConfig", "WebConfig", "WebLoadBalancerConfig", "EdgeConfig", "MonitoringConfig", "AlarmOverride", "BudgetConfig", "WorkloadConfig"]);
    }

    /// <summary>The other direction, for the generated sections: a block setting with README text is a field of its
    /// section, of that name and text, so no setting a user may turn is left unreachable from YAML.</summary>
    [Theory]
    [MemberData(nameof(GeneratedSections))]
    public void Each_block_setting_with_field_text_is_a_field_of_its_section(string section)
    {
        var type = OverrideTypes().Single(t => t.Name == section);
        var defaults = ((IOverrides)Activator.CreateInstance(type)!).Defaults;
        var described = defaults.GetType().GetProperties().Where(p => p.GetCustomAttribute<FieldAttribute>() is not null).ToList();
        described.Should().NotBeEmpty($"{section} is generated from {defaults.GetType().Name}'s [Field] settings");
        foreach (var setting in described)
        {
            var text = setting.GetCustomAttribute<FieldAttribute>()!;
            var field = type.GetProperty(text.Name ?? setting.Name);
            field.Should().NotBeNull($"{defaults.GetType().Name}.{setting.Name} has [Field] text, so {section} has a field for it");
            Overrides.SettingName(field!).Should().Be(setting.Name);
            var generated = field!.GetCustomAttribute<FieldAttribute>()!;
            (generated.Allowed, generated.Default, generated.Key).Should().Be((text.Allowed, text.Default, text.Key), $"{section}.{field.Name} carries its setting's text");
        }
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Each_field_has_a_block_setting_of_its_type_behind_it(string section)
    {
        var type = OverrideTypes().Single(t => t.Name == section);
        var defaults = ((IOverrides)Activator.CreateInstance(type)!).Defaults;
        foreach (var field in ValueFields(type))
        {
            var setting = defaults.GetType().GetProperty(Overrides.SettingName(field));
            setting.Should().NotBeNull($"{section}.{field.Name} overrides a setting of {defaults.GetType().Name}");
            var fieldType = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
            var settingType = Nullable.GetUnderlyingType(setting!.PropertyType) ?? setting.PropertyType;
            if (ItemSection(fieldType) is { } item)
                settingType.Should().Be(typeof(IReadOnlyList<>).MakeGenericType(((IOverrides)Activator.CreateInstance(item)!).Defaults.GetType()),
                    $"{section}.{field.Name} lists overrides of the setting's items");
            else if (EntrySection(fieldType) is { } entry)
                settingType.Should().Be(typeof(IReadOnlyDictionary<,>).MakeGenericType(typeof(string), ((IOverrides)Activator.CreateInstance(entry)!).Defaults.GetType()),
                    $"{section}.{field.Name} maps names to overrides of the setting's entries");
            else if (fieldType.IsGenericType)
                settingType.IsAssignableFrom(fieldType).Should().BeTrue($"{section}.{field.Name} ({fieldType.Name}) is a {settingType.Name}, the setting's type");
            else
                settingType.Should().Be(fieldType, $"{section}.{field.Name} carries the setting's own type");
            field.GetValue(Activator.CreateInstance(type)).Should().BeNull($"{section}.{field.Name} only overrides: the block states the default");
        }
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Each_field_set_alone_changes_its_setting_and_no_other(string section)
    {
        var type = OverrideTypes().Single(t => t.Name == section);
        var environment = TestConfig.Parse(TestConfig.Staging);
        var empty = (IOverrides)Activator.CreateInstance(type)!;
        var baseline = empty.ApplyTo(empty.Defaults, environment);
        var settingProperties = baseline.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();

        // A mapping's names are the block's own (alarm kinds): its entries are tested as sections of their own.
        foreach (var field in ValueFields(type).Where(f => EntrySection(f.PropertyType) is null))
        {
            var name = Overrides.SettingName(field);
            var before = baseline.GetType().GetProperty(name)!.GetValue(baseline);
            var fieldType = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
            var value = Other(fieldType, before);
            var overrides = (IOverrides)Activator.CreateInstance(type)!;
            field.SetValue(overrides, value);
            // A list of item overrides reaches its setting as the items' settings, each applied over the item's defaults.
            if (ItemSection(fieldType) is not null)
                value = ((IEnumerable)value).Cast<IOverrides>().Select(i => i.ApplyTo(i.Defaults, environment)).ToList();

            var applied = overrides.ApplyTo(overrides.Defaults, environment);

            foreach (var p in settingProperties)
            {
                var now = p.GetValue(applied);
                if (p.Name == name)
                    Same(now, value).Should().BeTrue($"{section}.{field.Name} set to {Show(value)} reaches {p.Name} (got {Show(now)})");
                else
                    Same(now, p.GetValue(baseline)).Should().BeTrue($"{section}.{field.Name} leaves {p.Name} alone");
            }
        }
    }

    /// <summary>The fields that hold values (nested sections are sections of their own; a field the app uses
    /// itself says so, and why).</summary>
    private static IEnumerable<PropertyInfo> ValueFields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<YamlIgnoreFieldAttribute>() is null && p.GetCustomAttribute<AppOnlyAttribute>() is null)
            .Where(p => !typeof(IOverrides).IsAssignableFrom(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));

    /// <summary>The entry section of a mapping of names to overrides (`monitoring.alarms`), or null.</summary>
    private static Type? EntrySection(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && typeof(IOverrides).IsAssignableFrom(type.GetGenericArguments()[1])
            ? type.GetGenericArguments()[1] : null;

    /// <summary>The item section of a list of item overrides (`scheduledActions`), or null.</summary>
    private static Type? ItemSection(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && typeof(IOverrides).IsAssignableFrom(type.GetGenericArguments()[0])
            ? type.GetGenericArguments()[0] : null;

    /// <summary>A value of the type that differs from <paramref name="current"/>.</summary>
    private static object Other(Type type, object? current) => type switch
    {
        _ when type == typeof(int) => (current as int? ?? 0) + 1,
        _ when type == typeof(double) => (current as double? ?? 0) + 0.5,
        _ when type == typeof(bool) => !(current as bool? ?? false),
        _ when type == typeof(string) => (current as string ?? "") + "-changed",
        _ when type.IsEnum => Enum.GetValues(type).Cast<object>().First(v => !v.Equals(current)),
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && type.GetGenericArguments()[0] == typeof(string)
            => new List<string> { "changed" },
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && type.GetGenericArguments()[0] == typeof(int)
            => new List<int> { 7 },
        _ when type == typeof(Dictionary<string, string>) => new Dictionary<string, string> { ["changed"] = "changed" },
        // A list of choices (chaos.experiments): the first choice alone.
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) && type.GetGenericArguments()[0].IsEnum
            => AddOne((IList)Activator.CreateInstance(type)!, type.GetGenericArguments()[0]),
        // One item, with nothing overridden: it reaches the setting as the item's defaults.
        _ when ItemSection(type) is { } item => AddOne((IList)Activator.CreateInstance(type)!, item),
        _ => throw new InvalidOperationException($"no test value for {type.Name}: teach {nameof(Other)} one"),
    };

    private static IList AddOne(IList list, Type item)
    {
        list.Add(Activator.CreateInstance(item));
        return list;
    }

    private static bool Same(object? a, object? b) =>
        a is IEnumerable x and not string && b is IEnumerable y and not string
            ? x.Cast<object?>().SequenceEqual(y.Cast<object?>())
            : Equals(a, b);

    private static string Show(object? v) => v is IEnumerable e and not string ? "[" + string.Join(", ", e.Cast<object>()) + "]" : v?.ToString() ?? "null";
}
