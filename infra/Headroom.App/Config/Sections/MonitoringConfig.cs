using System.Text.RegularExpressions;
using Headroom.Blocks.Monitoring;

namespace Headroom.App.Config.Sections;

/// <summary>
/// Who hears about trouble and when. Alarm kinds and their defaults live in <see cref="AlarmKinds"/>
/// (AWS recommended alarms); an environment overrides a kind's threshold and M of N under `alarms`, by
/// the kind's key (alb5xxRate, rdsCpu, ...). There is no switch to turn an alarm off.
/// </summary>
public sealed partial class MonitoringConfig : IConfigSection
{
    /// <summary>Each address gets a subscription (AWS mails a confirmation link first).</summary>
    [Field("e-mail addresses, no repeats; production needs at least one address or a webhook. AWS mails each a confirmation link first")]
    public List<string> Emails { get; set; } = [];

    /// <summary>An https:// endpoint that receives every notification (PagerDuty, Opsgenie, a chat relay).</summary>
    [Field("an `https://` URL without credentials (PagerDuty, Opsgenie, a chat relay)")]
    public string? WebhookUrl { get; set; }

    /// <summary>An https:// URL the runbook paths are appended to (such as the repository's web view), so
    /// the link in an alarm e-mail opens; unset, descriptions carry the repository path.</summary>
    [Field("an `https://` URL ending in `/`, such as the repository's web view; `docs/runbooks/<kind>.md` is appended", Default = "none (descriptions carry the repository path)")]
    public string? RunbookBaseUrl { get; set; }

    /// <summary>Per alarm kind, what differs from its defaults.</summary>
    [Field("an alarm kind of the table below; what is set overrides its default", Default = "none (every kind with its defaults)", Key = "kind")]
    public Dictionary<string, AlarmOverride> Alarms { get; set; } = [];

    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\z")] private static partial Regex EmailPattern();

    /// <summary>The evaluation of every kind the file overrides, keyed by kind id: what MonitoringProps takes.</summary>
    public IReadOnlyDictionary<string, AlarmSettings> EffectiveAlarms() =>
        Alarms.Select(a => (Kind: AlarmKinds.ByConfigKey(a.Key), Override: a.Value))
            .Where(a => a.Kind is not null)
            .ToDictionary(a => a.Kind!.Id, a => a.Override.Apply(a.Kind!.Defaults));

    public AlarmSettings Effective(AlarmKind kind) => EffectiveAlarms().TryGetValue(kind.Id, out var s) ? s : kind.Defaults;

    public void Validate(ConfigValidator v, string path)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Emails.Count; i++)
        {
            var at = $"{path}.emails[{i}]";
            if (v.Check(Emails[i].Length <= 254 && EmailPattern().IsMatch(Emails[i]), at, Emails[i], "must be an e-mail address such as oncall@example.com"))
                v.Check(seen.Add(Emails[i]), at, Emails[i], "must not repeat an address listed before");
        }
        if (WebhookUrl is not null) ValidateHttps(v, $"{path}.webhookUrl", WebhookUrl, "the endpoint that receives every notification");
        if (RunbookBaseUrl is not null && ValidateHttps(v, $"{path}.runbookBaseUrl", RunbookBaseUrl, "where docs/runbooks/<alarm>.md is appended"))
            v.Check(RunbookBaseUrl.EndsWith('/'), $"{path}.runbookBaseUrl", RunbookBaseUrl, "must end with '/': docs/runbooks/<alarm>.md is appended to it");
        if (v.Root.Production)
            v.Check(Emails.Count > 0 || WebhookUrl is not null, $"{path}.emails", null,
                "production alarms must reach someone: list at least one address here or set monitoring.webhookUrl");

        foreach (var (key, value) in Alarms)
        {
            var at = $"{path}.alarms.{key}";
            var kind = AlarmKinds.ByConfigKey(key);
            if (kind is null)
            {
                var keys = AlarmKinds.All.Select(k => k.ConfigKey).ToList();
                var hint = YamlBinder.Suggest(key, keys);
                v.Error(at, key, $"unknown alarm{(hint is null ? "" : $"; did you mean '{hint}'?")} Allowed: {string.Join(", ", keys)}");
                continue;
            }
            value.Validate(v, at, kind);
        }
    }

    private static bool ValidateHttps(ConfigValidator v, string path, string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            v.Error(path, url, $"must be an absolute https:// URL: {what}");
            return false;
        }
        if (!v.Check(uri.Scheme == Uri.UriSchemeHttps, path, url, $"must use https://: {what}; notifications and links must not travel in clear text"))
            return false;
        return v.Check(uri.UserInfo.Length == 0, path, url, "must not carry a user name or password; the URL is stored in plain text in the template");
    }
}

/// <summary>What an environment changes about one alarm kind; anything unset keeps the kind's default.</summary>
public sealed class AlarmOverride
{
    /// <summary>In the kind's unit (see the README's alarm table).</summary>
    [Field("within the kind's range, in its unit", Default = "per kind, below")]
    public double? Threshold { get; set; }
    [Field("60, 300, 900, 3600", Default = "per kind")]
    public int? PeriodSeconds { get; set; }
    /// <summary>M of "M of N": how many periods must breach.</summary>
    [Field("1 to `evaluationPeriods` (M)", Default = "per kind")]
    public int? DatapointsToAlarm { get; set; }
    /// <summary>N of "M of N": how many recent periods are looked at.</summary>
    [Field("1 to one day's worth of periods (N of \"M of N\")", Default = "per kind")]
    public int? EvaluationPeriods { get; set; }

    public AlarmSettings Apply(AlarmSettings defaults) => new(
        Threshold ?? defaults.Threshold,
        PeriodSeconds ?? defaults.PeriodSeconds,
        DatapointsToAlarm ?? defaults.DatapointsToAlarm,
        EvaluationPeriods ?? defaults.EvaluationPeriods);

    internal void Validate(ConfigValidator v, string path, AlarmKind kind)
    {
        var s = Apply(kind.Defaults);
        if (Threshold is { } threshold)
            v.Range($"{path}.threshold", threshold, kind.MinThreshold, kind.MaxThreshold, $"{kind.Unit}; default {kind.Defaults.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        if (PeriodSeconds is { } period && !v.OneOf($"{path}.periodSeconds", period, AlarmSettings.Periods))
            return;
        var maxPeriods = AlarmSettings.MaxEvaluationSeconds / s.PeriodSeconds;
        if (!v.Range($"{path}.evaluationPeriods", s.EvaluationPeriods, 1, maxPeriods, $"CloudWatch looks back at most one day: {maxPeriods} periods of {s.PeriodSeconds} s"))
            return;
        v.Range($"{path}.datapointsToAlarm", s.DatapointsToAlarm, 1, s.EvaluationPeriods, "at most the evaluation periods (M of N)");
    }
}
