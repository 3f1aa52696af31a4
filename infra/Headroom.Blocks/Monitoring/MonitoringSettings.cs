namespace Headroom.Blocks.Monitoring;

/// <summary>Who hears about trouble and how each alarm kind is evaluated, as plain values: each default stated
/// here once (a kind's evaluation in <see cref="AlarmKinds"/>), each rule in <see cref="Check"/>.</summary>
public partial record MonitoringSettings
{
    /// <summary>Each address gets a subscription (AWS mails a confirmation link first).</summary>
    [Field("e-mail addresses, no repeats; production needs at least one address or a webhook. AWS mails each a confirmation link first")] public IReadOnlyList<string> Emails { get; init; } = [];
    /// <summary>An https:// endpoint that receives every notification (PagerDuty, Opsgenie, a chat relay), or null.</summary>
    [Field("an `https://` URL without credentials (PagerDuty, Opsgenie, a chat relay)")] public string? WebhookUrl { get; init; }
    /// <summary>An https:// URL ending in '/' put before "docs/runbooks/&lt;kind&gt;.md" in alarm descriptions; null: the repository path.</summary>
    [Field("an `https://` URL ending in `/`, such as the repository's web view; `docs/runbooks/<kind>.md` is appended", Default = "none (descriptions carry the repository path)")] public string? RunbookBaseUrl { get; init; }
    /// <summary>Evaluation per alarm kind id where the environment differs from the kind's defaults.</summary>
    public IReadOnlyDictionary<string, AlarmSettings> Alarms { get; init; } = new Dictionary<string, AlarmSettings>();

    /// <summary>How a kind is evaluated here: its own defaults unless <see cref="Alarms"/> says otherwise.</summary>
    public AlarmSettings For(AlarmKind kind) => Alarms.TryGetValue(kind.Id, out var s) ? s : kind.Defaults;

    /// <summary>What SNS and CloudWatch accept, and what Headroom insists on (notifications only over https).</summary>
    public void Check(ISettingsReport r)
    {
        CheckRecipients(r, Emails, WebhookUrl);
        if (RunbookBaseUrl is not null && CheckHttps(r, nameof(RunbookBaseUrl), RunbookBaseUrl, "where docs/runbooks/<alarm>.md is appended"))
            r.Check(RunbookBaseUrl.EndsWith('/'), nameof(RunbookBaseUrl), RunbookBaseUrl, "must end with '/': docs/runbooks/<alarm>.md is appended to it");
        foreach (var (id, settings) in Alarms)
        {
            if (AlarmKinds.ById(id) is { } kind)
                settings.Check(r.Under($"{nameof(Alarms)}.{kind.ConfigKey}"), kind);
            else
                r.Problem($"{nameof(Alarms)}.{id}", id, "is no alarm kind");
        }
    }

    /// <summary>The ops topic's subscribers: e-mail addresses, no repeats, and an https:// webhook.</summary>
    public static void CheckRecipients(ISettingsReport r, IReadOnlyList<string> emails, string? webhookUrl)
    {
        r.EmailAddresses(nameof(Emails), emails);
        if (webhookUrl is not null) CheckHttps(r, nameof(WebhookUrl), webhookUrl, "the endpoint that receives every notification");
    }

    private static bool CheckHttps(ISettingsReport r, string setting, string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            r.Problem(setting, url, $"must be an absolute https:// URL: {what}");
            return false;
        }
        if (!r.Check(uri.Scheme == Uri.UriSchemeHttps, setting, url, $"must use https://: {what}; notifications and links must not travel in clear text"))
            return false;
        return r.Check(uri.UserInfo.Length == 0, setting, url, "must not carry a user name or password; the URL is stored in plain text in the template");
    }
}

public sealed partial record AlarmSettings
{
    /// <summary>What an override is laid over when no kind is named (the README, the override tests): 1 of 1 minute
    /// above 0. A kind's own defaults are its <see cref="AlarmKind.Defaults"/>.</summary>
    public AlarmSettings() : this(0, 60, 1, 1) { }

    /// <summary>What CloudWatch can evaluate, within the kind's range.</summary>
    public void Check(ISettingsReport r, AlarmKind kind)
    {
        r.Range(nameof(Threshold), Threshold, kind.MinThreshold, kind.MaxThreshold,
            $"{kind.Unit}; default {kind.Defaults.Threshold.ToString(CultureInfo.InvariantCulture)}");
        if (!r.OneOf(nameof(PeriodSeconds), PeriodSeconds, Periods))
            return;
        var maxPeriods = MaxEvaluationSeconds / PeriodSeconds;
        if (!r.Range(nameof(EvaluationPeriods), EvaluationPeriods, 1, maxPeriods, $"CloudWatch looks back at most one day: {maxPeriods} periods of {PeriodSeconds} s"))
            return;
        r.Range(nameof(DatapointsToAlarm), DatapointsToAlarm, 1, EvaluationPeriods, "at most the evaluation periods (M of N)");
    }
}
