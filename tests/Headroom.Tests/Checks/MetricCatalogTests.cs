using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.SQS;
using Headroom.App.Checks.MetricCatalog;
using Catalog = Headroom.App.Checks.MetricCatalog.MetricCatalog;

namespace Headroom.Tests.Checks;

[Collection(SynthCollection.Name)]
public sealed class MetricCatalogTests(SynthFixture synth, WebVariants variants, MetricCatalogSample sample) : IClassFixture<MetricCatalogSample>
{
    private static readonly MetricCatalogCheck Check = new();

    // ---- (a) the real environments read only documented metrics ----

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void Every_metric_the_environment_reads_is_in_the_catalog(string environment)
    {
        var findings = Check.Run(synth.Json(environment)).ToList();

        findings.Should().BeEmpty(string.Join("\n", findings.Select(f => $"{f.Rule} {f.Stack}/{f.LogicalId}: {f.Message}")));
        MetricReferences.Of(synth.Json(environment).Stacks).Metrics.Should().HaveCountGreaterThan(100);
    }

    [Fact]
    public void The_web_tier_variants_read_only_documented_metrics_too()
    {
        foreach (var environment in variants.App.Environments.Keys)
            Check.Run(variants.App.Json(environment)).Should().BeEmpty($"variant {environment}");
    }

    [Fact]
    public void The_redis_connections_alarm_watches_CurrConnections_which_ElastiCache_publishes()
    {
        var alarms = Refs("prod").Where(m => m.Resource.Str("AlarmName")?.Contains("-redis-connections-", StringComparison.Ordinal) == true).ToList();

        alarms.Should().HaveCount(6, "prod's cache has two shards of three nodes").And.OnlyContain(m =>
            m.Namespace == "AWS/ElastiCache" && m.MetricName == "CurrConnections" && m.Dimensions.SequenceEqual(new[] { "CacheClusterId" }) && m.Statistic == "Maximum");
        Catalog.Load().Namespaces["AWS/ElastiCache"].Metrics.Should().NotContainKey("CurrentConnections");
    }

    // ---- (b) the reader finds the metrics of alarms, dashboards and scaling policies ----

    [Fact]
    public void The_reader_finds_the_worker_backlog_metrics_under_the_scaling_policys_metric_math()
    {
        var policy = Refs("prod").Where(m => m.Resource.Type == "AWS::AutoScaling::ScalingPolicy").ToList();

        policy.Should().HaveCount(4, "prod's workers drain three queues: their visible messages and the in-service instances make the backlog per instance; the web tier's policies use predefined metrics");
        policy.Select(m => (m.Source, m.ToString())).Should().BeEquivalentTo([
            ("target tracking, metric 'q0'", "AWS/SQS ApproximateNumberOfMessagesVisible {QueueName} Sum"),
            ("target tracking, metric 'q1'", "AWS/SQS ApproximateNumberOfMessagesVisible {QueueName} Sum"),
            ("target tracking, metric 'q2'", "AWS/SQS ApproximateNumberOfMessagesVisible {QueueName} Sum"),
            ("target tracking, metric 'instances'", "AWS/AutoScaling GroupInServiceInstances {AutoScalingGroupName} Average"),
        ]);
    }

    [Fact]
    public void The_reader_finds_every_dashboard_widget_metric_with_its_statistic_and_skips_expressions()
    {
        var dashboard = Refs("prod").Where(m => m.Resource.Type == "AWS::CloudWatch::Dashboard" && m.Resource.Stack == "Headroom-prod-App").ToList();

        dashboard.Should().Contain(m => m.Source == "widget 'Load balancer: latency'" && m.ToString() == "AWS/ApplicationELB TargetResponseTime {LoadBalancer} p99");
        dashboard.Should().Contain(m => m.ToString() == "AWS/RDS ReadIOPS {DBInstanceIdentifier} Average", "a row without a stat shows the Average");
        // The 5xx rate widget is metric math: the expression is skipped, the metrics under it are read.
        dashboard.Should().Contain(m => m.Source == "widget 'Load balancer: errors'" && m.MetricName == "HTTPCode_ELB_5XX_Count");
        dashboard.Should().NotContain(m => m.Namespace.Contains(MetricReferences.IntrinsicPlaceholder) || m.MetricName.Contains(MetricReferences.IntrinsicPlaceholder));
        Refs("prod").Where(m => m.Resource.Type == "AWS::CloudWatch::Dashboard" && m.Resource.Stack == "Headroom-prod-Edge")
            .Should().Contain(m => m.ToString() == "AWS/CloudFront OriginLatency {DistributionId, Region} p90");
    }

    [Fact]
    public void The_reader_finds_the_metric_of_every_alarm()
    {
        var env = synth.Json("prod");
        var alarms = env.OfType("AWS::CloudWatch::Alarm").ToList();
        var refs = MetricReferences.Of(env.Stacks);

        refs.Unreadable.Should().BeEmpty();
        alarms.Should().OnlyContain(a => refs.Metrics.Any(m => m.Resource.LogicalId == a.LogicalId && m.Resource.Stack == a.Stack));
        refs.Metrics.Where(m => m.Resource.Str("AlarmName") == "headroom-prod-alb-5xx-rate-web").Select(m => m.MetricName)
            .Should().BeEquivalentTo(["HTTPCode_ELB_5XX_Count", "RequestCount"], "the rate is math over two metrics");
    }

    // ---- (c) planted defects on a bare stack: each gives exactly its finding ----

    [Fact]
    public void Planted_defects_each_give_exactly_the_expected_finding_and_nothing_else()
    {
        var findings = sample.Findings.Select(f => (f.Rule, f.LogicalId)).ToList();

        findings.Should().BeEquivalentTo([
            (MetricCatalogCheck.MetricRule, sample.MadeUpMetric),
            (MetricCatalogCheck.DimensionsRule, sample.WrongDimensions),
            (MetricCatalogCheck.StatisticRule, sample.InvalidStatistic),
            (MetricCatalogCheck.StatisticRule, sample.NotMeaningfulStatistic),
            (MetricCatalogCheck.NamespaceRule, sample.UnknownNamespace),
            (MetricCatalogCheck.MetricRule, sample.MathOverMadeUpMetric),
            (MetricCatalogCheck.MetricRule, sample.Dashboard),
            (MetricCatalogCheck.DimensionsRule, sample.Policy),
            (MetricCatalogCheck.MetricRule, sample.Acknowledged),
            (MetricCatalogCheck.UnreadableRule, sample.Garbled),
        ]);
        sample.Findings.Should().OnlyContain(f => f.Check == "metric-catalog" && f.Stack == "Planted");
    }

    [Fact]
    public void A_made_up_metric_name_names_the_metric_suggests_the_documented_one_and_links_the_docs()
    {
        var f = sample.Findings.Single(f => f.LogicalId == sample.MadeUpMetric);

        f.Message.Should().Contain("AWS/ElastiCache CurrentConnections {CacheClusterId} Maximum").And.Contain("documents no metric CurrentConnections");
        f.Fix.Should().Contain("Did you mean CurrConnections?").And.Contain("https://docs.aws.amazon.com/AmazonElastiCache/");
        f.Acknowledged.Should().BeFalse();
    }

    [Fact]
    public void A_wrong_dimension_set_names_the_documented_sets()
    {
        sample.Findings.Single(f => f.LogicalId == sample.WrongDimensions).Message
            .Should().Contain("UnHealthyHostCount by {LoadBalancer, TargetGroup} or {AvailabilityZone, LoadBalancer, TargetGroup}, not by {LoadBalancer}");
        sample.Findings.Single(f => f.LogicalId == sample.Policy).Message
            .Should().Contain("Scaling policy target tracking reads AWS/SQS ApproximateNumberOfMessagesVisible {QueueName, QueueUrl} Average");
    }

    [Fact]
    public void Statistics_are_judged_against_CloudWatch_and_against_what_AWS_names_for_the_metric()
    {
        sample.Findings.Single(f => f.LogicalId == sample.InvalidStatistic).Message.Should().Contain("'p999' is not a CloudWatch statistic");
        sample.Findings.Single(f => f.LogicalId == sample.NotMeaningfulStatistic).Message
            .Should().Contain("Average is not a meaningful statistic of RequestCount; AWS names Sum");
    }

    [Fact]
    public void Metric_math_in_alarms_and_dashboards_is_judged_by_the_metrics_it_uses()
    {
        sample.Findings.Single(f => f.LogicalId == sample.MathOverMadeUpMetric).Message.Should().Contain("metric 'bogus'").And.Contain("NumberOfMessagesLost");
        sample.Findings.Single(f => f.LogicalId == sample.Dashboard).Message
            .Should().StartWith("Dashboard widget 'planted' reads AWS/SQS ApproximateNumberOfMessagesWaiting {QueueName} Maximum");
        sample.Findings.Single(f => f.LogicalId == sample.UnknownNamespace).Message.Should().Contain("namespace Headroom/Orders is not in the metric catalog");
    }

    [Fact]
    public void A_dashboard_body_that_cannot_be_read_is_a_finding_not_a_silent_pass() =>
        sample.Findings.Single(f => f.LogicalId == sample.Garbled).Message.Should().StartWith("Dashboard: cannot read the metric (DashboardBody is not JSON");

    [Fact]
    public void A_finding_acknowledged_on_the_resource_carries_its_reason()
    {
        sample.Findings.Single(f => f.LogicalId == sample.Acknowledged).Reason.Should().Be("Published by the app's own agent under the AWS namespace, see ADR 7.");
        sample.Findings.Where(f => f.LogicalId != sample.Acknowledged).Should().OnlyContain(f => !f.Acknowledged);
    }

    [Theory]
    [InlineData("Sum", true)]
    [InlineData("SampleCount", true)]
    [InlineData("p99", true)]
    [InlineData("p99.9", true)]
    [InlineData("p100", true)]
    [InlineData("tm90", true)]
    [InlineData("wm99.5", true)]
    [InlineData("TM(10%:90%)", true)]
    [InlineData("TC(:0.5)", true)]
    [InlineData("PR(100:2000)", true)]
    [InlineData("IQM", true)]
    [InlineData("p999", false)]
    [InlineData("p101", false)]
    [InlineData("Median", false)]
    [InlineData("sum", false)]
    [InlineData("TM(:)", false)]
    [InlineData("TM(10%:2000)", false)]
    [InlineData("", false)]
    public void CloudWatch_statistics_are_recognised(string statistic, bool valid) =>
        CloudWatchStatistics.IsValid(statistic).Should().Be(valid);

    // ---- (d) the catalog file itself ----

    [Fact]
    public void The_catalog_file_links_every_namespace_to_aws_documentation_and_lists_no_metric_twice()
    {
        using var doc = JsonDocument.Parse(Catalog.EmbeddedText());
        var namespaces = doc.RootElement.GetProperty("namespaces").EnumerateArray().ToList();

        namespaces.Select(n => n.GetProperty("namespace").GetString()).Should().OnlyHaveUniqueItems()
            .And.Contain(["AWS/ApplicationELB", "AWS/AutoScaling", "AWS/EC2", "AWS/RDS", "AWS/ElastiCache", "AWS/CloudFront", "AWS/WAFV2", "AWS/SQS", "AWS/NATGateway"]);
        foreach (var ns in namespaces)
        {
            var name = ns.GetProperty("namespace").GetString();
            var metrics = ns.GetProperty("metrics").EnumerateArray().ToList();
            IsAwsDocs(ns.GetProperty("docs").GetString()).Should().BeTrue($"{name} links its documentation page");
            metrics.Should().NotBeEmpty();
            metrics.Select(m => m.GetProperty("name").GetString()).Should().OnlyHaveUniqueItems($"{name} lists each metric once");
            metrics.Where(m => m.TryGetProperty("docs", out _)).All(m => IsAwsDocs(m.GetProperty("docs").GetString())).Should().BeTrue($"{name}'s metric links are AWS documentation");
            metrics.Should().OnlyContain(m => Units.Contains(m.GetProperty("unit").GetString()), $"{name} uses CloudWatch units");
        }
        Catalog.Load().Namespaces.Should().HaveCount(namespaces.Count, "the loader accepts the whole file");
    }

    [Fact]
    public void The_loader_refuses_duplicates_unsorted_dimension_sets_and_unknown_statistics()
    {
        static string Ns(string metrics) =>
            $$"""{"namespaces":[{"namespace":"AWS/SQS","docs":"https://docs.aws.amazon.com/x","metrics":[{{metrics}}]}]}""";
        const string ok = """{"name":"A","unit":"Count","dimensions":[["QueueName"]]}""";

        Catalog.Parse(Ns(ok)).Namespaces["AWS/SQS"].Metrics.Should().ContainKey("A");
        FluentActions.Invoking(() => Catalog.Parse(Ns(ok + "," + ok))).Should().Throw<FormatException>().WithMessage("*listed twice*");
        FluentActions.Invoking(() => Catalog.Parse(Ns("""{"name":"B","unit":"Count","dimensions":[["b","a"]]}""")))
            .Should().Throw<FormatException>().WithMessage("*sorted*");
        FluentActions.Invoking(() => Catalog.Parse(Ns("""{"name":"C","unit":"Count","dimensions":[[]],"statistics":["Median"]}""")))
            .Should().Throw<FormatException>().WithMessage("*'Median' is not a CloudWatch statistic*");
    }

    private static readonly HashSet<string?> Units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
        "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
        "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
        "Terabits/Second", "Count/Second", "None",
    ];

    private static bool IsAwsDocs(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == "https" && u.Host == "docs.aws.amazon.com" && u.AbsolutePath.Length > 1;

    private IReadOnlyList<MetricReference> Refs(string environment) => MetricReferences.Of(synth.Json(environment).Stacks).Metrics;
}

/// <summary>
/// One bare stack, synthesized once, with a resource per planted defect (and a sound alarm that must pass):
/// a made-up metric name, a known metric by the wrong dimensions, an invalid and a not-meaningful statistic,
/// a namespace AWS does not have, metric math and a dashboard over made-up metrics, a scaling policy with the
/// wrong dimensions, an acknowledged finding and a dashboard body that is not JSON.
/// </summary>
public sealed class MetricCatalogSample : IDisposable
{
    private readonly string _outdir = Directory.CreateTempSubdirectory("headroom-metric-catalog-").FullName;

    public MetricCatalogSample()
    {
        var app = HeadroomApp.Create(_outdir);
        var stack = new Stack(app, "Planted", new StackProps { Env = new Amazon.CDK.Environment { Account = "333333333333", Region = "eu-west-1" } });
        var queue = new Queue(stack, "Queue");

        string Alarm(string id, IMetric metric) =>
            Id(stack, new Amazon.CDK.AWS.CloudWatch.Alarm(stack, id, new AlarmProps { Metric = metric, Threshold = 1, EvaluationPeriods = 1 }));
        Metric M(string ns, string name, string stat, Dictionary<string, string> dims) =>
            new(new MetricProps { Namespace = ns, MetricName = name, Statistic = stat, DimensionsMap = dims });
        var byQueue = new Dictionary<string, string> { ["QueueName"] = queue.QueueName };
        var byLb = new Dictionary<string, string> { ["LoadBalancer"] = "app/shop/0123456789abcdef" };

        Alarm("Sound", M("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", byQueue));
        MadeUpMetric = Alarm("MadeUpMetric", M("AWS/ElastiCache", "CurrentConnections", "Maximum", new() { ["CacheClusterId"] = "cache-001" }));
        WrongDimensions = Alarm("WrongDimensions", M("AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", byLb));
        NotMeaningfulStatistic = Alarm("NotMeaningfulStatistic", M("AWS/ApplicationELB", "RequestCount", "Average", byLb));
        UnknownNamespace = Alarm("UnknownNamespace", M("Headroom/Orders", "OrdersPlaced", "Sum", new()));
        MathOverMadeUpMetric = Alarm("MathOverMadeUpMetric", new MathExpression(new MathExpressionProps
        {
            Expression = "sent - bogus",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["sent"] = M("AWS/SQS", "NumberOfMessagesSent", "Sum", byQueue),
                ["bogus"] = M("AWS/SQS", "NumberOfMessagesLost", "Sum", byQueue),
            },
        }));
        // CDK validates statistics it parses; the raw L1 plants what a hand-written template could hold.
        var invalid = new CfnAlarm(stack, "InvalidStatistic", new CfnAlarmProps
        {
            Namespace = "AWS/SQS", MetricName = "ApproximateAgeOfOldestMessage", ExtendedStatistic = "p999", Period = 60,
            Dimensions = new object[] { new CfnAlarm.DimensionProperty { Name = "QueueName", Value = queue.QueueName } },
            ComparisonOperator = "GreaterThanThreshold", Threshold = 1, EvaluationPeriods = 1,
        });
        InvalidStatistic = stack.GetLogicalId(invalid);

        var acknowledged = new CfnAlarm(stack, "Acknowledged", new CfnAlarmProps
        {
            Namespace = "AWS/EC2", MetricName = "mem_used_percent", Statistic = "Average", Period = 60,
            ComparisonOperator = "GreaterThanThreshold", Threshold = 90, EvaluationPeriods = 1,
        });
        acknowledged.AddMetadata("cdk_nag", new Dictionary<string, object>
        {
            ["rules_to_suppress"] = new object[]
            {
                new Dictionary<string, object> { ["id"] = MetricCatalogCheck.MetricRule, ["reason"] = "Published by the app's own agent under the AWS namespace, see ADR 7." },
            },
        });
        Acknowledged = stack.GetLogicalId(acknowledged);

        var dashboard = new Dashboard(stack, "Board", new DashboardProps { DashboardName = "planted" });
        dashboard.AddWidgets(new GraphWidget(new GraphWidgetProps
        {
            Title = "planted",
            Left = [M("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", byQueue), M("AWS/SQS", "ApproximateNumberOfMessagesWaiting", "Maximum", byQueue)],
        }));
        Dashboard = Id(stack, dashboard);

        var policy = new CfnScalingPolicy(stack, "Policy", new CfnScalingPolicyProps
        {
            AutoScalingGroupName = "workers",
            PolicyType = "TargetTrackingScaling",
            TargetTrackingConfiguration = new CfnScalingPolicy.TargetTrackingConfigurationProperty
            {
                TargetValue = 100,
                CustomizedMetricSpecification = new CfnScalingPolicy.CustomizedMetricSpecificationProperty
                {
                    Namespace = "AWS/SQS", MetricName = "ApproximateNumberOfMessagesVisible", Statistic = "Average",
                    Dimensions = new object[]
                    {
                        new CfnScalingPolicy.MetricDimensionProperty { Name = "QueueName", Value = queue.QueueName },
                        new CfnScalingPolicy.MetricDimensionProperty { Name = "QueueUrl", Value = queue.QueueUrl },
                    },
                },
            },
        });
        Policy = stack.GetLogicalId(policy);

        Garbled = stack.GetLogicalId(new CfnDashboard(stack, "Garbled", new CfnDashboardProps { DashboardBody = "{\"widgets\": [oops" }));

        var assembly = app.Synth();
        var planted = new SynthesizedStack("Planted", assembly.GetStackByName("Planted").TemplateFullPath);
        Findings = new MetricCatalogCheck().Run([planted]).ToList();
    }

    public IReadOnlyList<Finding> Findings { get; }
    public string MadeUpMetric { get; }
    public string WrongDimensions { get; }
    public string InvalidStatistic { get; }
    public string NotMeaningfulStatistic { get; }
    public string UnknownNamespace { get; }
    public string MathOverMadeUpMetric { get; }
    public string Dashboard { get; }
    public string Policy { get; }
    public string Acknowledged { get; }
    public string Garbled { get; }

    private static string Id(Stack stack, Amazon.CDK.Resource resource) => stack.GetLogicalId((CfnElement)resource.Node.DefaultChild!);

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(_outdir, recursive: true); } catch (IOException) { }
    }
}
