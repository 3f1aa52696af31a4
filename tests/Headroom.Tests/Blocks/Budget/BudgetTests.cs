using Amazon.CDK;
using Amazon.CDK.Assertions;
using Headroom.App.Config;
using Headroom.App.Preview;
using Headroom.App.Preview.Sections;
using Headroom.App.Stacks;
using Headroom.App.Stacks.Wiring;
using Headroom.Blocks.Budget;
using Headroom.Tests.Support;

namespace Headroom.Tests.Blocks.Budget;

/// <summary>
/// The budget block end to end, the example of docs/adding-a-block.md: the block on a bare stack (compliant
/// and refused settings), its `budget:` section (overrides and errors on the YAML field), its wiring step,
/// and its preview section read from the synthesized template.
/// </summary>
public sealed class BudgetTests(BudgetTests.Stacks stacks) : IClassFixture<BudgetTests.Stacks>
{
    private const string WithBudget = """
        monitoring:
          emails: [oncall@example.com]
        budget:
          monthlyLimitUsd: 2500
          actualAlertPercents: [50, 90]
        """;

    /// <summary>One app, synthesized once: a bare stack with the block made directly, and an environment's App
    /// stack with the block its wiring step made from YAML.</summary>
    public sealed class Stacks : IDisposable
    {
        private readonly string _outdir = Directory.CreateTempSubdirectory("headroom-budget-").FullName;

        public Stacks()
        {
            var app = HeadroomApp.Create(_outdir);
            var bare = new Stack(app, "Bare", new StackProps { Env = new Amazon.CDK.Environment { Account = "111111111111", Region = "eu-west-1" } });
            Direct = new Headroom.Blocks.Budget.Budget(bare, "Budget", new BudgetProps
            {
                Name = "shop-monthly",
                MonthlyLimitUsd = 900,
                ForecastAlertPercent = 0,
                Emails = ["finance@example.com"],
            });

            Config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, WithBudget));
            var appStack = new HeadroomStack(app, Config, "App", "budget test", stateful: false);
            Wired = BudgetWiring.Build(appStack, Config, new EnvironmentNames("headroom-test", "/headroom/test"))!;

            var assembly = app.Synth();
            BareTemplate = Template.FromStack(bare);
            var synthesized = new SynthesizedStack(appStack.StackName, assembly.GetStackByName(appStack.StackName).TemplateFullPath);
            Environment = new SynthesizedEnvironment(Config, [synthesized],
                BlockMap.Resolve(BlockMap.Of([appStack], [new ComposedBlock("Budget", "monthly", [Wired])]), [synthesized]));
        }

        public Headroom.Blocks.Budget.Budget Direct { get; }
        public Headroom.Blocks.Budget.Budget Wired { get; }
        public EnvironmentConfig Config { get; }
        public Template BareTemplate { get; }
        public SynthesizedEnvironment Environment { get; }

        public void Dispose()
        {
            GC.SuppressFinalize(this);
            try { Directory.Delete(_outdir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void The_block_makes_a_monthly_cost_budget_that_emails_at_each_threshold()
    {
        stacks.BareTemplate.HasResourceProperties("AWS::Budgets::Budget", new Dictionary<string, object>
        {
            ["Budget"] = new Dictionary<string, object>
            {
                ["BudgetName"] = "shop-monthly",
                ["BudgetType"] = "COST",
                ["TimeUnit"] = "MONTHLY",
                ["BudgetLimit"] = new Dictionary<string, object> { ["Amount"] = 900, ["Unit"] = "USD" },
                ["CostFilters"] = Match.Absent(),
            },
            ["NotificationsWithSubscribers"] = new object[]
            {
                Notification("ACTUAL", 80, "finance@example.com"),
                Notification("ACTUAL", 100, "finance@example.com"),
            },
        });
    }

    [Fact]
    public void The_block_tells_the_alarm_coverage_rule_that_a_budget_is_itself_an_alert()
    {
        stacks.BareTemplate.HasResource("AWS::Budgets::Budget", new Dictionary<string, object>
        {
            ["Metadata"] = new Dictionary<string, object> { [Headroom.Blocks.Common.AlarmExemption.MetadataKey] = Match.StringLikeRegexp("itself an alert") },
        });
    }

    [Theory]
    [InlineData(0, "MonthlyLimitUsd must be from 1 to 1000000")]
    [InlineData(1_000_001, "MonthlyLimitUsd must be from 1 to 1000000")]
    public void The_block_refuses_a_limit_outside_what_AWS_Budgets_takes(int limit, string message)
    {
        var act = () => new Headroom.Blocks.Budget.Budget(new Stack(), "Budget", new BudgetProps { Name = "b", MonthlyLimitUsd = limit, Emails = ["a@example.com"] });

        act.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void The_block_refuses_more_notifications_than_a_budget_holds_and_no_one_to_tell()
    {
        var act = () => new Headroom.Blocks.Budget.Budget(new Stack(), "Budget", new BudgetProps
        {
            Name = "b",
            MonthlyLimitUsd = 10,
            ActualAlertPercents = [10, 20, 30, 40, 50],
        });

        act.Should().Throw<ArgumentException>()
            .WithMessage("*ActualAlertPercents with the forecast alert, must make 1 to 5 notifications*")
            .WithMessage("*Emails must list 1 to 10 e-mail addresses*");
    }

    [Fact]
    public void The_wiring_step_counts_only_the_environments_tagged_costs_and_tells_monitoring_emails_by_default()
    {
        var template = JsonOf(stacks.Environment.OfType("AWS::Budgets::Budget").Single());

        template.Should().Contain("\"BudgetName\":\"headroom-test-monthly\"")
            .And.Contain("\"TagKeyValue\":[\"user:environment$test\"]")
            .And.Contain("\"Address\":\"oncall@example.com\"")
            .And.Contain("\"NotificationType\":\"FORECASTED\"");
    }

    [Fact]
    public void The_preview_section_reads_the_budget_from_the_template()
    {
        new BudgetPreview().Describe(stacks.Environment).Should().Equal(
            "headroom-test-monthly: 2,500 USD a month (costs tagged environment=test); e-mails at 50% spent, 90% spent, 100% forecast to oncall@example.com");
    }

    [Fact]
    public void Without_a_budget_section_there_is_no_budget()
    {
        var config = TestConfig.Parse(TestConfig.Staging);

        config.Budget.Should().BeNull();
        BudgetWiring.Build(new HeadroomStack(new Amazon.CDK.App(), config, "App", "no budget", stateful: false), config, new EnvironmentNames("x", "/x"))
            .Should().BeNull();
    }

    private static Dictionary<string, object> Notification(string type, int percent, string email) => new()
    {
        ["Notification"] = new Dictionary<string, object>
        {
            ["NotificationType"] = type, ["ComparisonOperator"] = "GREATER_THAN", ["Threshold"] = percent, ["ThresholdType"] = "PERCENTAGE",
        },
        ["Subscribers"] = new object[] { new Dictionary<string, object> { ["SubscriptionType"] = "EMAIL", ["Address"] = email } },
    };

    private static string JsonOf(TemplateResource r) => r.Raw.GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", "");
}
