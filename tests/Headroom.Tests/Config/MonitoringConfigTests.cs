using Headroom.Blocks.Monitoring;

namespace Headroom.Tests.Config;

public sealed class MonitoringConfigTests
{
    [Fact]
    public void Production_alarms_must_reach_someone()
    {
        var errors = TestConfig.Errors(TestConfig.With(TestConfig.Prod, "monitoring:\n  emails: []"));

        errors.Should().ContainSingle().Which.Should().Match<App.Config.ConfigError>(e =>
            e.Field == "monitoring.emails" && e.Allowed.Contains("must reach someone"));
        TestConfig.Errors(TestConfig.With(TestConfig.Prod, "monitoring:\n  webhookUrl: https://events.example.com/x")).Should().BeEmpty();
        TestConfig.Errors(TestConfig.With(TestConfig.Staging, "monitoring:\n  emails: []")).Should().BeEmpty("staging may stay quiet");
    }

    [Fact]
    public void Overrides_replace_only_what_they_state_and_the_rest_keeps_the_kinds_defaults()
    {
        var env = TestConfig.Parse(TestConfig.With(TestConfig.Staging, """
            monitoring:
              emails: [oncall@example.com]
              webhookUrl: https://events.example.com/hook
              runbookBaseUrl: https://git.example.com/headroom/blob/main/
              alarms:
                rdsCpu: { threshold: 80 }
                albTargetResponseTime: { threshold: 1.5, datapointsToAlarm: 2, evaluationPeriods: 3, periodSeconds: 300 }
            """));
        var config = env.Monitoring.Settings(env);

        config.Emails.Should().Equal("oncall@example.com");
        config.WebhookUrl.Should().Be("https://events.example.com/hook");
        config.RunbookBaseUrl.Should().Be("https://git.example.com/headroom/blob/main/");
        config.For(AlarmKinds.RdsCpu).Should().Be(new AlarmSettings(80, 60, 5, 5));
        config.For(AlarmKinds.AlbTargetResponseTime).Should().Be(new AlarmSettings(1.5, 300, 2, 3));
        config.For(AlarmKinds.RdsReplicaLag).Should().Be(AlarmKinds.RdsReplicaLag.Defaults);
        config.Alarms.Keys.Should().BeEquivalentTo(["rds-cpu", "alb-target-response-time"]);
    }

    [Fact]
    public void Every_kinds_defaults_are_valid_and_its_config_key_is_the_camel_case_of_its_id()
    {
        foreach (var kind in AlarmKinds.All)
        {
            var check = () => Headroom.Blocks.Common.Settings.Enforce(kind.Id, r => kind.Defaults.Check(r, kind));
            check.Should().NotThrow(kind.Id);
            AlarmKinds.ByConfigKey(kind.ConfigKey).Should().BeSameAs(kind);
            kind.ConfigKey.Should().MatchRegex("^[a-z][a-zA-Z0-9]*$");
        }
        AlarmKinds.Alb5xxRate.ConfigKey.Should().Be("alb5xxRate");
        AlarmKinds.All.Select(k => k.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_real_environments_set_different_evaluations_for_prod_and_staging()
    {
        var envs = App.Config.ConfigLoader.LoadDirectory(Repo.Environments).ToDictionary(e => e.Name);

        envs["prod"].Monitoring.Settings(envs["prod"]).For(AlarmKinds.NatPortAllocationErrors)
            .Should().NotBe(envs["staging"].Monitoring.Settings(envs["staging"]).For(AlarmKinds.NatPortAllocationErrors));
    }

    [Fact]
    public void The_readme_lists_every_alarm_kind_with_its_config_key()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));

        foreach (var kind in AlarmKinds.All)
            readme.Should().Contain($"| `{kind.ConfigKey}`", kind.Id);
    }
}
