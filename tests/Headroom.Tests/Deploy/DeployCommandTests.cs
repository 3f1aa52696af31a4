using Headroom.App.Config;
using Headroom.App.Deploy;
using Headroom.Tests.Support;
using Spectre.Console.Testing;

namespace Headroom.Tests.Deploy;

/// <summary>`headroom deploy staging` against the fake `aws` and `cdk`, on the real environments' synthesized cloud assembly.</summary>
[Collection(SynthCollection.Name)]
public sealed class DeployCommandTests(SynthFixture synth) : StagingCommandTests(synth)
{
    private const string Env = "staging";

    private sealed record Outcome(int Code, string Report, string Console);

    private Outcome Deploy(Func<DeployOptions, DeployOptions>? change = null, bool interactive = false)
    {
        var options = new DeployOptions
        {
            Environment = Env,
            WorkingDirectory = Repo.Root,
            EnvironmentsDirectory = Repo.Environments,
            Assembly = Synth.Outdir,
            SkipChecks = true,
            Yes = true,
            VerifyTimeout = TimeSpan.Zero,
        };
        var console = new StringWriter();
        var report = new StringWriter();
        var code = DeployCommand.Run(change?.Invoke(options) ?? options, Fake.Context(console, interactive), report);
        return new Outcome(code, report.ToString(), console.ToString());
    }

    [Fact]
    public void Deploys_every_stack_one_at_a_time_in_dependency_order_then_verifies()
    {
        AllDeployedAsSynthesized();

        var outcome = Deploy();

        outcome.Code.Should().Be(DeployCommand.Deployed, outcome.Console);
        Fake.Cdk("deploy").Should().Equal(StagingStacks);
        Fake.Calls.Where(c => c.StartsWith("cdk deploy", StringComparison.Ordinal)).Should().AllSatisfy(c => c.Should()
            .Contain($"--app {Synth.Outdir}").And.Contain("--exclusively").And.Contain("--require-approval never").And.Contain("--progress events"));
        outcome.Report.Should().StartWith("<!-- headroom-deploy -->").And.Contain("No changes");
        // Verification: every stack, the web target group, the alarms of both regions by the environment's prefix, the site.
        Fake.Calls.Count(c => c.StartsWith("aws cloudformation describe-stacks", StringComparison.Ordinal)).Should().Be(4);
        Fake.Calls.Should().Contain(c => c.StartsWith("aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:", StringComparison.Ordinal))
            .And.Contain(c => c.StartsWith("aws cloudwatch describe-alarms --state-value ALARM --alarm-name-prefix headroom-staging- ", StringComparison.Ordinal) && c.Contains("--region eu-west-1"))
            .And.Contain(c => c.StartsWith("aws cloudwatch describe-alarms", StringComparison.Ordinal) && c.Contains("--region us-east-1"));
        Fake.Site.Asked.Select(u => u.ToString()).Should().Equal("https://d111111abcdef8.cloudfront.net/", "https://staging.shop.example.com/");
        outcome.Console.Should().Contain("staging deployed and verified");
    }

    [Fact]
    public void A_later_stack_falls_into_place_by_its_dependencies()
    {
        static DeployStack S(string name, params string[] deps) => new(name, "t.json", "1", "eu-west-1", deps);
        var ordered = DeployStacks.InDependencyOrder([S("Edge", "App"), S("Search", "Data"), S("App", "Data", "Network"), S("Data", "Network"), S("Network")]);

        ordered.Select(s => s.Name).Should().Equal("Network", "Data", "Search", "App", "Edge");
        FluentActions.Invoking(() => DeployStacks.InDependencyOrder([S("A", "B"), S("B", "A")]))
            .Should().Throw<DeployException>().WithMessage("*cycle*");
    }

    [Fact]
    public void Stacks_deploys_only_the_parts_named_still_in_dependency_order()
    {
        AllDeployedAsSynthesized();

        var outcome = Deploy(o => o with { Stacks = ["edge", "Data"] });

        outcome.Code.Should().Be(DeployCommand.Deployed, outcome.Console);
        Fake.Cdk("deploy").Should().Equal("Headroom-staging-Data", "Headroom-staging-Edge");
        Deploy(o => o with { Stacks = ["Database"] }).Code.Should().Be(DeployCommand.Failed);
    }

    [Fact]
    public void Without_yes_and_no_terminal_it_refuses_after_showing_the_plan()
    {
        var outcome = Deploy(o => o with { Yes = false });

        outcome.Code.Should().Be(DeployCommand.NotConfirmed);
        outcome.Console.Should().Contain("pass --yes");
        outcome.Report.Should().Contain("New environment: everything in it is added.")
            .And.MatchRegex(@"### Capacity and cost[\s\S]*\| staging \| – → [0-9,]+ \| – \| [a-z ]+ \| – → \$[0-9,]+ \|", "the plan says what the environment will hold and cost");
        Fake.Cdk("deploy").Should().BeEmpty();
    }

    [Theory]
    [InlineData("y", DeployCommand.Deployed)]
    [InlineData("n", DeployCommand.NotConfirmed)]
    public void On_a_terminal_it_asks_and_deploys_only_on_yes(string answer, int expected)
    {
        AllDeployedAsSynthesized();
        var terminal = TerminalTyping(answer);
        var progress = new StringWriter();

        var code = DeployCommand.Run(new DeployOptions
        {
            Environment = Env, WorkingDirectory = Repo.Root, EnvironmentsDirectory = Repo.Environments,
            Assembly = Synth.Outdir, SkipChecks = true, VerifyTimeout = TimeSpan.Zero,
        }, Fake.Terminal(terminal, progress), new StringWriter());

        code.Should().Be(expected, progress.ToString());
        terminal.Output.Should().Contain("staging (account 111111111111): 0 to add, 0 to modify, 0 to replace, 0 to remove").And.Contain("Deploy staging?");
        Fake.Cdk("deploy").Should().Equal(answer == "y" ? StagingStacks : []);
    }

    [Fact]
    public void A_destructive_change_against_the_deployed_template_stops_the_deploy_unless_allowed()
    {
        AllDeployedAsSynthesized();
        // The live database was created as "legacy": the synthesized DBName ("shop") cannot change in place.
        var data = Synthesized("Headroom-staging-Data");
        data["Resources"]!["DatabasePrimaryEDE0B3D0"]!["Properties"]!["DBName"] = "legacy";
        Fake.Deployed("Headroom-staging-Data", data);

        var blocked = Deploy();

        blocked.Code.Should().Be(DeployCommand.Blocked, blocked.Console);
        blocked.Report.Should().Contain("[!CAUTION]").And.Contain("Deploying this replaces or deletes data")
            .And.Contain("| staging | `Headroom-staging-Data` | `DatabasePrimaryEDE0B3D0` | AWS::RDS::DBInstance | **replace** |");
        blocked.Console.Should().Contain("nothing deployed (pass --allow-destructive if intended)");
        Fake.Cdk("deploy").Should().BeEmpty();

        var allowed = Deploy(o => o with { AllowDestructive = true });

        allowed.Code.Should().Be(DeployCommand.Deployed, allowed.Console);
        allowed.Report.Should().Contain("Allowed by `--allow-destructive`");
        Fake.Cdk("deploy").Should().Equal(StagingStacks);
    }

    [Fact]
    public void A_failed_stack_stops_the_rest_and_says_why_and_what_was_rolled_back()
    {
        AllDeployedAsSynthesized();
        Fake.FailDeploy("Headroom-staging-Data", "❌  Headroom-staging-Data failed: Error: The stack named Headroom-staging-Data failed to deploy: UPDATE_ROLLBACK_COMPLETE");
        const string stack = "Headroom-staging-Data";
        object E(string id, string type, string status, string? reason = null) =>
            new { StackName = stack, LogicalResourceId = id, ResourceType = type, ResourceStatus = status, ResourceStatusReason = reason };
        Fake.Answer($"cloudformation.describe-stack-events.{stack}", new
        {
            StackEvents = new[] // newest first, as CloudFormation lists them
            {
                E(stack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE"),
                E("CacheParameterGroup7D43E4B3", "AWS::ElastiCache::ParameterGroup", "DELETE_COMPLETE"),
                E("QueuesOrdersQueue1A584920", "AWS::SQS::Queue", "UPDATE_COMPLETE"),
                E(stack, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [DatabasePrimaryEDE0B3D0]."),
                E("DatabaseReplica1ED560A1", "AWS::RDS::DBInstance", "UPDATE_FAILED", "Resource update cancelled"),
                E("DatabasePrimaryEDE0B3D0", "AWS::RDS::DBInstance", "UPDATE_FAILED", "Cannot upgrade postgres from 16.4 to 15.8"),
                E("QueuesOrdersQueue1A584920", "AWS::SQS::Queue", "UPDATE_COMPLETE"),
                E("CacheParameterGroup7D43E4B3", "AWS::ElastiCache::ParameterGroup", "CREATE_COMPLETE"),
                E(stack, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"),
                // The operation before: not part of this failure.
                E(stack, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE"),
                E("OldThing", "AWS::SQS::Queue", "UPDATE_FAILED", "an older failure"),
                E(stack, "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS", "User Initiated"),
            },
        });

        var outcome = Deploy();

        outcome.Code.Should().Be(DeployCommand.StackFailed, outcome.Console);
        Fake.Cdk("deploy").Should().Equal("Headroom-staging-Network", "Headroom-staging-Data");
        outcome.Console.Should().Contain("Headroom-staging-Data (eu-west-1) failed: cdk deploy exited 1")
            .And.Contain("Stack status: UPDATE_ROLLBACK_COMPLETE")
            .And.Contain("DatabasePrimaryEDE0B3D0 (AWS::RDS::DBInstance) UPDATE_FAILED: Cannot upgrade postgres from 16.4 to 15.8")
            .And.Contain("CacheParameterGroup7D43E4B3 (AWS::ElastiCache::ParameterGroup): deleted again (it was new)")
            .And.Contain("QueuesOrdersQueue1A584920 (AWS::SQS::Queue): restored to its previous settings")
            .And.Contain("Not deployed (after the failure): Headroom-staging-App, Headroom-staging-Edge.")
            .And.NotContain("an older failure").And.NotContain("Resource update cancelled");
        Fake.Calls.Should().NotContain(c => c.StartsWith("aws elbv2", StringComparison.Ordinal), "nothing is verified after a failure");
    }

    [Fact]
    public void A_failure_before_CloudFormation_starts_is_explained_by_the_CLIs_own_words()
    {
        AllDeployedAsSynthesized();
        Fake.FailDeploy("Headroom-staging-Network", "This stack uses assets, so the toolkit stack must be deployed to the environment (Run \"cdk bootstrap aws://111111111111/eu-west-1\")");

        var outcome = Deploy();

        outcome.Code.Should().Be(DeployCommand.StackFailed, outcome.Console);
        Fake.Cdk("deploy").Should().Equal("Headroom-staging-Network");
        outcome.Console.Should().Contain("The CLI said:").And.Contain("cdk bootstrap aws://111111111111/eu-west-1")
            .And.Contain("Not deployed (after the failure): Headroom-staging-Data, Headroom-staging-App, Headroom-staging-Edge.");
    }

    [Fact]
    public void Verification_fails_on_an_unhealthy_target()
    {
        AllDeployedAsSynthesized();
        Fake.Targets(("i-0aaaaaaaaaaaaaaa1", "healthy", null), ("i-0bbbbbbbbbbbbbbb2", "unhealthy", "Health checks failed with these codes: [502]"));

        var outcome = Deploy();

        outcome.Code.Should().Be(DeployCommand.VerifyFailed, outcome.Console);
        Fake.Cdk("deploy").Should().Equal(StagingStacks);
        outcome.Console.Should().Contain("1 of 2 healthy; i-0bbbbbbbbbbbbbbb2:80 unhealthy (Health checks failed with these codes: [502])")
            .And.Contain("staging deployed, but 1 of");
    }

    [Fact]
    public void Verification_fails_on_an_alarm_in_ALARM_and_on_a_site_that_does_not_answer()
    {
        AllDeployedAsSynthesized();
        Fake.Answer("cloudwatch.describe-alarms", new
        {
            MetricAlarms = new[] { new { AlarmName = "headroom-staging-alb-5xx-rate-web", StateValue = "ALARM" } },
            CompositeAlarms = new[] { new { AlarmName = "headroom-staging-site-degraded", StateValue = "ALARM" } },
        });
        Fake.Site.Status["d111111abcdef8.cloudfront.net"] = 503;

        var outcome = Deploy();

        outcome.Code.Should().Be(DeployCommand.VerifyFailed, outcome.Console);
        outcome.Console.Should().Contain("in ALARM: headroom-staging-alb-5xx-rate-web, headroom-staging-site-degraded")
            .And.Contain("HTTP 503 (fake)");
    }

    [Fact]
    public void Verification_fails_on_a_stack_left_rolled_back()
    {
        AllDeployedAsSynthesized();
        Fake.Answer("cloudformation.describe-stacks.Headroom-staging-App", new { Stacks = new[] { new { StackStatus = "UPDATE_ROLLBACK_COMPLETE", StackStatusReason = "rolled back" } } });

        var outcome = Deploy();

        outcome.Code.Should().Be(DeployCommand.VerifyFailed);
        outcome.Console.Should().Contain("UPDATE_ROLLBACK_COMPLETE: rolled back");
    }

    [Fact]
    public void Plan_only_runs_the_checks_writes_the_report_and_deploys_nothing()
    {
        AllDeployedAsSynthesized();
        var app = Synthesized("Headroom-staging-App");
        app["Resources"]!.AsObject().Remove("WebLoadBalancerTargets17153C2B"); // the live stack lacks it: the plan adds it
        Fake.Deployed("Headroom-staging-App", app);
        var file = Path.Combine(Fake.Fixtures, "..", "plan.md");

        var outcome = Deploy(o => o with { PlanOnly = true, Yes = false, SkipChecks = false, OutFile = file });

        outcome.Code.Should().Be(DeployCommand.Deployed, outcome.Console);
        outcome.Console.Should().Contain("staging: ").And.Contain("0 findings without a reason").And.Contain("plan only; nothing deployed");
        File.ReadAllText(file).Should().Be(outcome.Report).And.StartWith("<!-- headroom-deploy -->")
            .And.Contain("## Infrastructure diff: deployed (account 111111111111) → this checkout")
            .And.Contain("#### `Headroom-staging-App`: 1 to add")
            .And.Contain("`WebLoadBalancerTargets17153C2B`");
        Fake.Calls.Should().NotContain(c => c.StartsWith("cdk ", StringComparison.Ordinal));
    }

    [Fact]
    public void Credentials_of_another_account_are_refused_before_anything_else()
    {
        Fake.Answer("sts.get-caller-identity", new { Account = "999999999999" });

        var outcome = Deploy();

        outcome.Code.Should().Be(DeployCommand.Failed);
        outcome.Console.Should().Contain("credentials at hand are for account 999999999999, but staging is in account 111111111111");
        Fake.Calls.Should().ContainSingle();
    }

    [Fact]
    public void The_alarm_prefix_verification_asks_for_covers_every_alarm_the_environment_creates()
    {
        var config = ConfigLoader.LoadDirectory(Repo.Environments, [Env]).Single();
        var names = Synth.Json(Env).Stacks.SelectMany(s => s.Resources)
            .Where(r => r.Type is "AWS::CloudWatch::Alarm" or "AWS::CloudWatch::CompositeAlarm")
            .Select(r => r.Str("AlarmName"))
            // Unnamed alarms are scaling triggers (the worker fleet's wake-from-zero), not monitoring: their
            // ALARM state starts a worker and says nothing about the environment's health.
            .OfType<string>().ToList();

        names.Should().HaveCountGreaterThan(10).And.AllSatisfy(n => n.Should().StartWith(Verifier.AlarmPrefix(config)));
    }
}
