using Amazon.CDK.AWS.S3;

namespace Headroom.Tests.Checks;

/// <summary>
/// A stack with one planted defect of each kind `headroom check` must catch, synthesized once; the checks run
/// over it once through <see cref="CheckCommand.Judge"/> and once as the command (exit code, printed table).
/// </summary>
public sealed class PlantedDefects : IDisposable
{
    public const string Environment = "planted";
    public const string StackName = "Headroom-planted-App";

    public PlantedDefects()
    {
        Outdir = Directory.CreateTempSubdirectory("headroom-planted-").FullName;
        EnvironmentsDirectory = Directory.CreateTempSubdirectory("headroom-planted-env-").FullName;
        File.WriteAllText(Path.Combine(EnvironmentsDirectory, $"{Environment}.yaml"), TestConfig.Staging);

        var app = HeadroomApp.Create(Outdir);
        var stack = new Stack(app, StackName, new StackProps
        {
            StackName = StackName,
            Env = new Amazon.CDK.Environment { Account = "111111111111", Region = "eu-west-1" },
        });
        // EC2 refuses an apostrophe in a group description (CloudFormation's schema says so too); the group
        // also admits SSH from anywhere.
        new CfnSecurityGroup(stack, "PlantedGroup", new CfnSecurityGroupProps
        {
            GroupDescription = "the shop's web servers",
            VpcId = "vpc-0123456789abcdef0",
            SecurityGroupIngress = new[] { new CfnSecurityGroup.IngressProperty { IpProtocol = "tcp", FromPort = 22, ToPort = 22, CidrIp = "0.0.0.0/0" } },
        });
        // A bucket without encryption, kept on delete (so only encryption is wrong with it).
        new CfnBucket(stack, "PlantedBucket").ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        // An alarm on a metric the load balancer does not publish.
        new CfnAlarm(stack, "PlantedAlarm", new CfnAlarmProps
        {
            Namespace = "AWS/ApplicationELB",
            MetricName = "HTTPCode_Target_6XX_Count",
            Dimensions = new[] { new CfnAlarm.DimensionProperty { Name = "LoadBalancer", Value = "app/shop/0123456789abcdef" } },
            Statistic = "Sum",
            Period = 60,
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = "GreaterThanThreshold",
        });
        // A suppression without a reason.
        var queueLike = new CfnBucket(stack, "PlantedUnreasoned", new CfnBucketProps
        {
            BucketEncryption = new CfnBucket.BucketEncryptionProperty
            {
                ServerSideEncryptionConfiguration = new[]
                {
                    new CfnBucket.ServerSideEncryptionRuleProperty
                    {
                        ServerSideEncryptionByDefault = new CfnBucket.ServerSideEncryptionByDefaultProperty { SseAlgorithm = "AES256" },
                    },
                },
            },
        });
        queueLike.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        queueLike.AddMetadata("cdk_nag", new Dictionary<string, object>
        {
            ["rules_to_suppress"] = new object[] { new Dictionary<string, object> { ["id"] = "AwsSolutions-S1", ["reason"] = "" } },
        });
        var assembly = app.Synth();

        var config = TestConfig.Parse(TestConfig.Staging, Environment);
        var artifact = assembly.GetStackByName(StackName);
        Synthesized = new SynthesizedEnvironment(config, [new SynthesizedStack(StackName, artifact.TemplateFullPath, "111111111111", "eu-west-1")]);
        Report = CheckCommand.Judge([Synthesized], Repo.Root).Single();
        Command = CheckRun.Run(EnvironmentsDirectory, [], Outdir);
    }

    public string Outdir { get; }
    public string EnvironmentsDirectory { get; }
    public SynthesizedEnvironment Synthesized { get; }
    public CheckCommand.EnvironmentReport Report { get; }
    public (int Code, string Output, string Progress) Command { get; }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        foreach (var dir in new[] { Outdir, EnvironmentsDirectory })
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}

public sealed class PlantedDefectsTests(PlantedDefects planted) : IClassFixture<PlantedDefects>
{
    private IEnumerable<Finding> Failing(string logicalIdPrefix) =>
        planted.Report.Failing.Where(f => f.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal));

    [Fact]
    public void A_security_group_description_that_EC2_refuses_is_a_CloudFormation_validation_error()
    {
        Failing("PlantedGroup").Should().Contain(f => f.Check == "cloudformation" && f.Rule == "F3031" && f.Message.Contains("GroupDescription", StringComparison.Ordinal));
    }

    [Fact]
    public void Ingress_from_anywhere_is_found_by_cdk_nag_and_by_Headroom_s_rule()
    {
        Failing("PlantedGroup").Should().Contain(f => f.Check == "cdk-nag" && f.Rule == "AwsSolutions-EC23");
        Failing("PlantedGroup").Should().Contain(f => f.Check == "headroom" && f.Rule == "Headroom-OpenIngress");
    }

    [Fact]
    public void A_bucket_without_encryption_is_found()
    {
        Failing("PlantedBucket").Should().Contain(f => f.Check == "headroom" && f.Rule == "Headroom-Encryption");
    }

    [Fact]
    public void An_alarm_on_a_metric_missing_from_the_catalog_is_found()
    {
        Failing("PlantedAlarm").Should().Contain(f => f.Check == "metric-catalog" && f.Message.Contains("HTTPCode_Target_6XX_Count", StringComparison.Ordinal));
    }

    [Fact]
    public void A_suppression_without_a_reason_is_a_finding_that_nothing_can_acknowledge()
    {
        Failing("PlantedUnreasoned").Should().Contain(f => f.Rule == "Headroom-UnreasonedAcknowledgement");
        Failing("PlantedUnreasoned").Should().Contain(f => f.Rule == "cdk-nag-suppression", "cdk-nag refuses it too, as a finding rather than a crash");
    }

    [Fact]
    public void The_command_exits_1_and_prints_each_finding_with_its_fix()
    {
        var (code, output, _) = planted.Command;

        code.Should().Be(1, output);
        output.Should().Contain("F3031").And.Contain("Headroom-OpenIngress").And.Contain("Headroom-Encryption")
            .And.Contain("HTTPCode_Target_6XX_Count").And.Contain("Headroom-UnreasonedAcknowledgement");
        output.Should().MatchRegex(@"planted: \d+ checks ran .*; \d+ finding\(s\) without a reason");
    }

    [Fact]
    public void A_check_that_cannot_run_exits_2()
    {
        var (code, _, progress) = CheckRun.Run(planted.EnvironmentsDirectory, [], Path.Combine(planted.Outdir, "no-such-assembly"));

        code.Should().Be(2);
        progress.Should().Contain("manifest.json is missing");
    }
}
