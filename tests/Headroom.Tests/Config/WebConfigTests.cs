using Headroom.App.Config.Sections;
using Headroom.Blocks.Fleet;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.Tests.Config;

public sealed class WebConfigTests
{
    // The staging base states plain HTTP to the origin (it has no certificate); a test's own web section keeps
    // that statement unless it is about the load balancer's certificate itself.
    private static string Web(string body) =>
        "web:\n" + Indent(body.Contains("loadBalancer:", StringComparison.Ordinal) ? body : "loadBalancer:\n  allowPlainHttpOrigin: true\n" + body, 2);
    private static string LoadBalancer(string body) => Web("loadBalancer:\n" + Indent(
        body.Contains("certificateArn", StringComparison.Ordinal) || body.Contains("allowPlainHttpOrigin", StringComparison.Ordinal) ? body : body + "\nallowPlainHttpOrigin: true", 2));
    private static string Fleet(string body) => Web("fleet:\n" + Indent(body, 2));
    private static string Action(string body) => Fleet("scheduledActions:\n  - " + Indent(body, 4).TrimStart());

    private static string Indent(string text, int by) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', by) + l));

    private const string Cert = "arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-4333-8444-555555555555";

    /// <summary>An HTTPS load balancer behind CloudFront needs the shop's domain on the distribution (see EdgeConfigTests).</summary>
    private const string HttpsOriginEdge = "edge:\n  domainNames: [shop.example.com]\n  certificateArn: arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-4333-8444-555555555555";

    [Fact]
    public void The_issues_list_of_mistakes_each_gives_one_clear_error()
    {
        // min > max, desired outside [min, max], production min below the zone count, a malformed instance
        // type, a scaling target of 0, a cron that does not parse, a user-data file that does not exist.
        (string Base, string Extra, string Field)[] cases =
        [
            (TestConfig.Staging, Fleet("minCapacity: 6\nmaxCapacity: 3"), "web.fleet.minCapacity"),
            (TestConfig.Staging, Fleet("minCapacity: 2\nmaxCapacity: 3\ndesiredCapacity: 9"), "web.fleet.desiredCapacity"),
            // Production's web section also needs its certificate, or that is a second mistake.
            (TestConfig.Prod, Web("loadBalancer:\n  certificateArn: arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b\nfleet:\n  minCapacity: 2"), "web.fleet.minCapacity"),
            (TestConfig.Staging, Fleet("instanceType: large"), "web.fleet.instanceType"),
            (TestConfig.Staging, Web("scaling:\n  requestsPerTarget: 0"), "web.scaling.requestsPerTarget"),
            (TestConfig.Staging, Web("scaling:\n  cpuPercent: 0"), "web.scaling.cpuPercent"),
            (TestConfig.Staging, Action("name: up\nschedule: \"every friday\"\nminCapacity: 3"), "web.fleet.scheduledActions[0].schedule"),
            (TestConfig.Staging, Fleet("userDataFile: userdata/nope.sh"), "web.fleet.userDataFile"),
        ];
        foreach (var (baseYaml, extra, field) in cases)
        {
            var errors = TestConfig.Errors(TestConfig.With(baseYaml, extra));
            errors.Should().ContainSingle($"'{extra}' is one mistake").Which.Field.Should().Be(field);
            errors[0].ToString().Should().StartWith("environments/test.yaml:").And.Contain($": {field}: ");
        }
    }

    [Fact]
    public void The_real_environments_take_web_defaults_from_code()
    {
        var envs = ConfigLoader.LoadDirectory(Repo.Environments).ToDictionary(e => e.Name);
        var staging = envs["staging"].Web.LoadBalancerSettings(envs["staging"]);

        staging.Targets.Port.Should().Be(80);
        staging.Targets.HealthCheck.Path.Should().Be("/healthz");
        staging.BehindCloudFront.Should().BeTrue();
        staging.DeletionProtection.Should().BeFalse();
        envs["prod"].Web.LoadBalancerSettings(envs["prod"]).DeletionProtection.Should().BeTrue();
        staging.CloudFrontPrefixListId.Should().BeNull("the block takes the region's built-in one");
        CloudFrontPrefixLists.For(envs["staging"].Region).Should().Be("pl-4fa04526");
        envs["staging"].Web.Fleet.Settings(envs["staging"]).RollingUpdate.MinHealthyPercent.Should().Be(90);
        envs["staging"].Web.Fleet.UserDataFile.Should().BeNull();
        envs["prod"].Web.Fleet.Settings(envs["prod"]).ScheduledActions.Select(a => a.Name).Should().Equal("black-friday-up", "black-friday-down");
    }

    [Fact]
    public void Min_capacity_defaults_to_one_instance_per_zone()
    {
        var config = TestConfig.Parse(TestConfig.Prod);

        config.Web.Fleet.MinCapacity.Should().BeNull();
        config.Web.Fleet.Settings(config).MinCapacity.Should().Be(3);
    }

    [Fact]
    public void A_region_without_a_built_in_prefix_list_needs_one_in_config()
    {
        const string hongKong = "region: ap-east-1\navailabilityZones: [ap-east-1a, ap-east-1b]";
        var errors = TestConfig.Errors(TestConfig.With(TestConfig.Staging, hongKong));

        errors.Should().ContainSingle().Which.Should().Match<ConfigError>(e =>
            e.Field == "web.loadBalancer.cloudFrontPrefixListId" && e.Allowed.Contains("is required for region 'ap-east-1'") && e.Allowed.Contains("describe-managed-prefix-lists"));
        TestConfig.Errors(TestConfig.With(TestConfig.Staging, hongKong + "\n" + LoadBalancer("cloudFrontPrefixListId: pl-0a1b2c3d4e5f60718"))).Should().BeEmpty();
        TestConfig.Errors(TestConfig.With(TestConfig.Staging, hongKong + "\n" + LoadBalancer("behindCloudFront: false"))).Should().BeEmpty();
    }

    [Fact]
    public void A_full_web_section_round_trips()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, Web($"""
            instancePort: 8080
            loadBalancer:
              certificateArn: {Cert}
              sslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06
              idleTimeoutSeconds: 120
              accessLogExpirationDays: 30
              deletionProtection: true
            healthCheck:
              path: /status
              intervalSeconds: 10
              timeoutSeconds: 4
              healthyHttpCodes: 200-299,302
              slowStartSeconds: 30
            scaling:
              requestsPerTarget: 500
              cpuPercent: 60
            fleet:
              instanceType: m7i.large
              minCapacity: 2
              desiredCapacity: 3
              maxCapacity: 8
              amiSsmParameter: /shop/ami
              rollingUpdate:
                minHealthyPercent: 33
                maxBatchSize: 2
                pauseMinutes: 10
                waitOnResourceSignals: false
              warmPool:
                minSize: 1
                maxPreparedCapacity: 5
                poolState: hibernated
                reuseOnScaleIn: false
              scheduledActions:
                - name: sale
                  schedule: "30 7 * 11 FRI"
                  timeZone: Europe/Berlin
                  desiredCapacity: 6
                  startTime: 2027-11-01T00:00:00+01:00
                  endTime: 2027-12-01T00:00:00+01:00
            """) + "\n" + HttpsOriginEdge));

        var lb = config.Web.LoadBalancerSettings(config);
        var fleet = config.Web.FleetSettings(config);
        lb.Targets.Port.Should().Be(8080);
        lb.SslPolicy.Should().Be("ELBSecurityPolicy-TLS13-1-3-2021-06");
        lb.DeletionProtection.Should().BeTrue();
        lb.Targets.HealthCheck.HealthyHttpCodes.Should().Be("200-299,302");
        fleet.TargetTracking!.RequestsPerTarget.Should().Be(500);
        fleet.DesiredCapacity.Should().Be(3);
        fleet.RollingUpdate.WaitOnResourceSignals.Should().BeFalse();
        fleet.WarmPool!.PoolState.Should().Be(WarmPoolState.Hibernated);
        fleet.WarmPool.ReuseOnScaleIn.Should().BeFalse();
        var action = fleet.ScheduledActions.Should().ContainSingle().Subject;
        action.ParsedStart.Should().Be(new DateTimeOffset(2027, 11, 1, 0, 0, 0, TimeSpan.FromHours(1)));
        action.DesiredCapacity.Should().Be(6);
    }

    [Fact]
    public void A_user_data_file_resolves_from_the_repository_root_and_may_use_only_known_variables()
    {
        var root = Directory.CreateTempSubdirectory("headroom-userdata-").FullName;
        try
        {
            var environments = Directory.CreateDirectory(Path.Combine(root, "environments")).FullName;
            Directory.CreateDirectory(Path.Combine(root, "userdata"));
            File.WriteAllText(Path.Combine(root, "userdata", "good.sh"), "#!/bin/bash\necho @@APP_PORT@@ @@PARAMETER_PATH@@ @@SIGNAL_RESOURCE@@\n");
            File.WriteAllText(Path.Combine(root, "userdata", "typo.sh"), "#!/bin/bash\necho @@APP_PROT@@\n");
            File.WriteAllText(Path.Combine(root, "userdata", "empty.sh"), "");
            File.WriteAllText(Path.Combine(root, "userdata", "huge.sh"), "#!/bin/bash\n" + new string('#', FleetConfig.MaxUserDataBytes));
            string Write(string name, string file)
            {
                var path = Path.Combine(environments, name + ".yaml");
                File.WriteAllText(path, TestConfig.With(TestConfig.Staging, Fleet($"userDataFile: {file}")));
                return path;
            }

            var good = ConfigLoader.LoadFile(Write("good", "userdata/good.sh"));
            good.Web.Fleet.UserDataFullPath(good).Should().Be(Path.Combine(root, "userdata", "good.sh"));

            foreach (var (name, phrase) in new[] { ("typo", "unknown variables @@APP_PROT@@; known: @@APP_PORT@@"), ("empty", "non-empty"), ("huge", "at most 16384 bytes") })
            {
                var file = Write(name, $"userdata/{name}.sh");
                var load = () => ConfigLoader.LoadFile(file);
                var error = load.Should().Throw<ConfigValidationException>().Which.Errors.Should().ContainSingle().Subject;
                error.Field.Should().Be("web.fleet.userDataFile");
                error.File.Should().Be(file);
                error.Value.Should().Be($"userdata/{name}.sh");
                error.Allowed.Should().Contain(phrase);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_built_in_tls_policies_are_the_tls_1_3_ones()
    {
        Headroom.Blocks.LoadBalancer.LoadBalancer.ModernTlsPolicies.Keys.Should().OnlyContain(p => p.StartsWith("ELBSecurityPolicy-TLS13-", StringComparison.Ordinal));
        new LoadBalancerSettings().SslPolicy.Should().Be("ELBSecurityPolicy-TLS13-1-2-2021-06");
    }
}
