using Headroom.Blocks.Monitoring;

namespace Headroom.App.Config.Sections;

/// <summary>
/// The `monitoring:` section: overrides of the monitoring block's settings (<see cref="MonitoringSettings"/>: who
/// hears about trouble and when), and production's policy. Alarm kinds and their defaults live in
/// <see cref="AlarmKinds"/> (AWS recommended alarms); an environment overrides a kind's threshold and M of N
/// under `alarms`, by the kind's key (alb5xxRate, rdsCpu, ...). There is no switch to turn an alarm off.
/// </summary>
[SectionFields] public sealed partial class MonitoringConfig : IConfigSection, IOverrides<MonitoringSettings>
{
    /// <summary>Per alarm kind, what differs from its defaults.</summary>
    [Field("an alarm kind of the table below; what is set overrides its default", Default = "none (every kind with its defaults)", Key = "kind")]
    public Dictionary<string, AlarmOverride>? Alarms { get; set; }

    public MonitoringSettings Apply(MonitoringSettings d, EnvironmentConfig environment) => Overlay(d, environment) with
    {
        // By kind id; a key that names no kind is refused by Validate.
        Alarms = Alarms is null ? d.Alarms : new Dictionary<string, AlarmSettings>(d.Alarms.Concat(
            Alarms.Select(a => (Kind: AlarmKinds.ByConfigKey(a.Key), Override: a.Value))
                .Where(a => a.Kind is not null)
                .Select(a => KeyValuePair.Create(a.Kind!.Id, a.Override.Apply(d.Alarms.GetValueOrDefault(a.Kind.Id, a.Kind.Defaults), environment))))
            .GroupBy(a => a.Key).Select(g => g.Last())),
    };

    public void Validate(ConfigValidator v, string path)
    {
        // The keys name alarm kinds: one that does not is the file's mistake, with a suggestion.
        foreach (var key in Alarms?.Keys ?? Enumerable.Empty<string>())
        {
            if (AlarmKinds.ByConfigKey(key) is not null) continue;
            var keys = AlarmKinds.All.Select(k => k.ConfigKey).ToList();
            var hint = YamlBinder.Suggest(key, keys);
            v.Error($"{path}.alarms.{key}", key, $"unknown alarm{(hint is null ? "" : $"; did you mean '{hint}'?")} Allowed: {string.Join(", ", keys)}");
        }
        var settings = Settings(v.Root);
        // Production's policy, on top of what the block allows.
        if (v.Root.Production)
            v.Check(settings.Emails.Count > 0 || settings.WebhookUrl is not null, $"{path}.emails", null,
                "production alarms must reach someone: list at least one address here or set monitoring.webhookUrl");
        settings.Check(v.Report(path, GetType()));
    }
}

/// <summary>What an environment changes about one alarm kind (<see cref="AlarmSettings"/>); anything unset keeps the kind's default.</summary>
[SectionFields] public sealed partial class AlarmOverride : IOverrides<AlarmSettings>;
