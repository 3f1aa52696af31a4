using Headroom.App.Config.Sections;
using Headroom.Blocks.Fleet;
using Headroom.Blocks.LoadBalancer;

namespace Headroom.Tests.Config;

public sealed class WebConfigTests : SectionRules
{
    // The staging base states plain HTTP to the origin (it has no certificate); a test's own web section keeps
    // that statement unless it is about the load balancer's certificate itself.
    private static string Web(string body) =>
        "web:\n" + Indent(body.Contains("loadBalancer:", StringComparison.Ordinal) ? body : "loadBalancer:\n  allowPlainHttpOrigin: true\n" + body, 2);
    private static string LoadBalancer(string body) => Web("loadBalancer:\n" + Indent(
        body.Contains("certificateArn", StringComparison.Ordinal) || body.Contains("allowPlainHttpOrigin", StringComparison.Ordinal) ? body : body + "\nallowPlainHttpOrigin: true", 2));
    private static string HealthCheck(string body) => Web("healthCheck:\n" + Indent(body, 2));
    private static string Fleet(string body) => Web("fleet:\n" + Indent(body, 2));
    private static string Action(string body) => Fleet("scheduledActions:\n  - " + Indent(body, 4).TrimStart());

    private static string Indent(string text, int by) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', by) + l));

    private const string Cert = "arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-4333-8444-555555555555";

    /// <summary>An HTTPS load balancer behind CloudFront needs the shop's domain on the distribution (see EdgeConfigTests).</summary>
    private const string HttpsOriginEdge = "edge:\n  domainNames: [shop.example.com]\n  certificateArn: arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-4333-8444-555555555555";

    public static TheoryData<string, string, string> Violations => new()
    {
        // extra YAML merged over a valid staging file, the field the error names, a phrase of its message
        { Web("instancePort: 70000"), "web.instancePort", "from 1 to 65535" },
        { Web("instancePort: 22"), "web.instancePort", "must not be 22" },
        { Web("instancePrt: 80"), "web.instancePrt", "did you mean 'instancePort'" },
        { LoadBalancer("cloudFrontPrefixListId: pl-xyz"), "web.loadBalancer.cloudFrontPrefixListId", "prefix list id" },
        { LoadBalancer("behindCloudFront: false\ncloudFrontPrefixListId: pl-4fa04526"), "web.loadBalancer.cloudFrontPrefixListId", "only applies with behindCloudFront" },
        { LoadBalancer("originVerifyHeader: Origin Verify"), "web.loadBalancer.originVerifyHeader", "header name starting with X-" },
        { LoadBalancer("certificateArn: arn:aws:acm:eu-west-1:111111111111:cert/abc"), "web.loadBalancer.certificateArn", "ACM certificate ARN" },
        { LoadBalancer($"certificateArn: {Cert.Replace("eu-west-1", "us-east-1")}"), "web.loadBalancer.certificateArn", "environment's region 'eu-west-1'" },
        { LoadBalancer($"certificateArn: {Cert.Replace("111111111111", "999999999999")}"), "web.loadBalancer.certificateArn", "environment's account" },
        { LoadBalancer($"certificateArn: {Cert}\nsslPolicy: ELBSecurityPolicy-2016-08"), "web.loadBalancer.sslPolicy", "must be one of: ELBSecurityPolicy-TLS13-1-2-2021-06" },
        { LoadBalancer("sslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06"), "web.loadBalancer.sslPolicy", "only applies with a certificateArn" },
        { LoadBalancer("idleTimeoutSeconds: 0"), "web.loadBalancer.idleTimeoutSeconds", "from 1 to 4000" },
        { LoadBalancer("accessLogExpirationDays: 0"), "web.loadBalancer.accessLogExpirationDays", "from 1 to 3650" },
        { LoadBalancer("behindCloudFront: maybe"), "web.loadBalancer.behindCloudFront", "true or false" },
        { "web:\n  loadBalancer:\n    idleTimeoutSeconds: 60", "web.loadBalancer.certificateArn", "required unless allowPlainHttpOrigin: true says otherwise" },
        { LoadBalancer($"certificateArn: {Cert}\nallowPlainHttpOrigin: true"), "web.loadBalancer.allowPlainHttpOrigin", "only applies without a certificateArn" },
        { LoadBalancer("allowPlainHttpOrigin: yes please"), "web.loadBalancer.allowPlainHttpOrigin", "true or false" },
        { HealthCheck("path: healthz"), "web.healthCheck.path", "URL path starting with '/'" },
        { HealthCheck("path: \"/health?full=1\""), "web.healthCheck.path", "no query" },
        { HealthCheck("intervalSeconds: 4"), "web.healthCheck.intervalSeconds", "from 5 to 300" },
        { HealthCheck("timeoutSeconds: 1"), "web.healthCheck.timeoutSeconds", "from 2 to 120" },
        { HealthCheck("timeoutSeconds: 15"), "web.healthCheck.timeoutSeconds", "shorter than intervalSeconds (15)" },
        { HealthCheck("healthyThreshold: 1"), "web.healthCheck.healthyThreshold", "from 2 to 10" },
        { HealthCheck("unhealthyThreshold: 11"), "web.healthCheck.unhealthyThreshold", "from 2 to 10" },
        { HealthCheck("healthyHttpCodes: \"600\""), "web.healthCheck.healthyHttpCodes", "from 200 to 499" },
        { HealthCheck("healthyHttpCodes: 299-200"), "web.healthCheck.healthyHttpCodes", "comma-separated" },
        { HealthCheck("deregistrationDelaySeconds: 3601"), "web.healthCheck.deregistrationDelaySeconds", "from 0 to 3600" },
        { HealthCheck("slowStartSeconds: 10"), "web.healthCheck.slowStartSeconds", "0 (off) or from 30 to 900" },
        { Web("scaling:\n  requestsPerTarget: 0"), "web.scaling.requestsPerTarget", "from 1 to 1000000" },
        { Web("scaling:\n  cpuPercent: 0"), "web.scaling.cpuPercent", "from 10 to 90" },
        { Fleet("instanceType: t3medium"), "web.fleet.instanceType", "EC2 instance type" },
        { Fleet("instanceType: T3.medium"), "web.fleet.instanceType", "EC2 instance type" },
        { Fleet("minCapacity: 5\nmaxCapacity: 4"), "web.fleet.minCapacity", "must not exceed maxCapacity (4)" },
        { Fleet("maxCapacity: 1"), "web.fleet.maxCapacity", "at least minCapacity, which defaults to the zone count (2)" },
        { Fleet("maxCapacity: 0"), "web.fleet.maxCapacity", "from 1 to 1000" },
        { Fleet("minCapacity: -1"), "web.fleet.minCapacity", "from 0 to 1000" },
        { Fleet("minCapacity: 2\nmaxCapacity: 6\ndesiredCapacity: 7"), "web.fleet.desiredCapacity", "within minCapacity and maxCapacity [2, 6]" },
        { Fleet("minCapacity: 2\ndesiredCapacity: 1"), "web.fleet.desiredCapacity", "within minCapacity and maxCapacity" },
        { Fleet("amiId: ami-123"), "web.fleet.amiId", "AMI id" },
        { Fleet("amiSsmParameter: shop/ami"), "web.fleet.amiSsmParameter", "SSM parameter name" },
        { Fleet("amiId: ami-0123456789abcdef0\namiSsmParameter: /shop/ami"), "web.fleet.amiSsmParameter", "either amiId or amiSsmParameter" },
        { Fleet("userDataFile: userdata/missing.sh"), "web.fleet.userDataFile", "the file does not exist" },
        { Fleet("userDataFile: /etc/passwd"), "web.fleet.userDataFile", "relative to the repository root" },
        { Fleet("rootVolumeGiB: 4"), "web.fleet.rootVolumeGiB", "from 8 to 16384" },
        { Fleet("rootDeviceName: xvda"), "web.fleet.rootDeviceName", "device name" },
        { Fleet("healthCheckGraceSeconds: 7201"), "web.fleet.healthCheckGraceSeconds", "from 0 to 7200" },
        { Fleet("defaultInstanceWarmupSeconds: 3601"), "web.fleet.defaultInstanceWarmupSeconds", "from 0 to 3600" },
        { Fleet("rollingUpdate:\n  minHealthyPercent: 101"), "web.fleet.rollingUpdate.minHealthyPercent", "from 0 to 100" },
        { Fleet("rollingUpdate:\n  maxBatchSize: 0"), "web.fleet.rollingUpdate.maxBatchSize", "from 1 to 1000" },
        { Fleet("rollingUpdate:\n  pauseMinutes: 61"), "web.fleet.rollingUpdate.pauseMinutes", "from 0 to 60" },
        { Fleet("rollingUpdate:\n  pauseMinutes: 0\n  waitOnResourceSignals: true"), "web.fleet.rollingUpdate.pauseMinutes", "from 1 to 60 (how long new instances have to signal" },
        { Fleet("warmPool:\n  minSize: -1"), "web.fleet.warmPool.minSize", "from 0 to 1000" },
        { Fleet("warmPool:\n  maxPreparedCapacity: 1"), "web.fleet.warmPool.maxPreparedCapacity", "within minCapacity and maxCapacity [2, 10]" },
        { Fleet("warmPool:\n  poolState: frozen"), "web.fleet.warmPool.poolState", "one of: stopped, running, hibernated" },
        { Fleet("warmPool: {}\nmixedInstances:\n  instanceTypes: [t3a.medium]"), "web.fleet.warmPool", "cannot be combined with mixedInstances" },
        { Fleet("warmPool: {}\nrollingUpdate:\n  waitOnResourceSignals: true"), "web.fleet.warmPool", "cannot be combined with rollingUpdate.waitOnResourceSignals" },
        { Fleet("minCapacity: 2\nmaxCapacity: 10\ndesiredCapacity: 4\nrollingUpdate:\n  maxBatchSize: 2"), "web.fleet.rollingUpdate.maxBatchSize", "must be at most 1: a larger batch takes more than 10% of the fleet's baseline (4 instances)" },
        { Fleet("mixedInstances:\n  instanceTypes: []"), "web.fleet.mixedInstances.instanceTypes", "1 to 19" },
        { Fleet("mixedInstances:\n  instanceTypes: [t3a.medium, big]"), "web.fleet.mixedInstances.instanceTypes[1]", "EC2 instance type" },
        { Fleet("mixedInstances:\n  instanceTypes: [t4g.medium]"), "web.fleet.mixedInstances.instanceTypes[0]", "same CPU architecture as instanceType 't3.medium' (x86_64)" },
        { Fleet("mixedInstances:\n  instanceTypes: [t3a.medium]\n  onDemandBaseCapacity: -1"), "web.fleet.mixedInstances.onDemandBaseCapacity", "from 0 to 1000" },
        { Fleet("mixedInstances:\n  instanceTypes: [t3a.medium]\n  onDemandPercentageAboveBaseCapacity: 101"), "web.fleet.mixedInstances.onDemandPercentageAboveBaseCapacity", "from 0 to 100" },
        { Fleet("mixedInstances:\n  instanceTypes: [t3a.medium]\n  spotAllocationStrategy: cheapest"), "web.fleet.mixedInstances.spotAllocationStrategy", "one of: priceCapacityOptimized" },
        { Action("schedule: \"0 6 * * *\"\nminCapacity: 3"), "web.fleet.scheduledActions[0].name", "is required" },
        { Action("name: black friday\nschedule: \"0 6 * * *\"\nminCapacity: 3"), "web.fleet.scheduledActions[0].name", "letters, digits and '-'" },
        { Action("name: up\nminCapacity: 3"), "web.fleet.scheduledActions[0].schedule", "is required" },
        { Action("name: up\nschedule: \"0 6 31 2 *\"\nminCapacity: 3"), "web.fleet.scheduledActions[0].schedule", "not a valid cron expression: never fires" },
        { Action("name: up\nschedule: \"0 25 * * *\"\nminCapacity: 3"), "web.fleet.scheduledActions[0].schedule", "hour field '25'" },
        { Action("name: up\nschedule: \"0 6 * * *\"\ntimeZone: Europe/Atlantis\nminCapacity: 3"), "web.fleet.scheduledActions[0].timeZone", "IANA time zone" },
        { Action("name: up\nschedule: \"0 6 * * *\"\ntimeZone: CET+1\nminCapacity: 3"), "web.fleet.scheduledActions[0].timeZone", "IANA time zone" },
        { Action("name: up\nschedule: \"0 6 * * *\""), "web.fleet.scheduledActions[0]", "at least one of minCapacity, maxCapacity, desiredCapacity" },
        { Action("name: up\nschedule: \"0 6 * * *\"\nminCapacity: 8\nmaxCapacity: 4"), "web.fleet.scheduledActions[0].minCapacity", "must not exceed this action's maxCapacity (4)" },
        { Action("name: up\nschedule: \"0 6 * * *\"\nminCapacity: 2\nmaxCapacity: 4\ndesiredCapacity: 5"), "web.fleet.scheduledActions[0].desiredCapacity", "within this action's" },
        { Action("name: up\nschedule: \"0 6 * * *\"\nmaxCapacity: 0"), "web.fleet.scheduledActions[0].maxCapacity", "from 1 to 1000" },
        { Action("name: up\nschedule: \"0 6 * * *\"\nminCapacity: 3\nstartTime: next friday"), "web.fleet.scheduledActions[0].startTime", "ISO 8601" },
        { Action("name: up\nschedule: \"0 6 * * *\"\nminCapacity: 3\nendTime: 2027-11-27T00:00:00"), "web.fleet.scheduledActions[0].endTime", "with an offset" },
        { Action("name: up\nschedule: \"0 6 * * *\"\nminCapacity: 3\nstartTime: 2027-11-27T00:00:00Z\nendTime: 2027-11-20T00:00:00Z"), "web.fleet.scheduledActions[0].endTime", "after startTime" },
        { Fleet("scheduledActions:\n  - name: up\n    schedule: \"0 6 * * *\"\n    minCapacity: 3\n  - name: up\n    schedule: \"0 9 * * *\"\n    minCapacity: 2"),
          "web.fleet.scheduledActions[1].name", "must not repeat" },
    };

    public static TheoryData<string, string, string> ProductionViolations => new()
    {
        { Fleet("minCapacity: 2"), "web.fleet.minCapacity", "at least 3 in production, one instance per zone" },
        { LoadBalancer("deletionProtection: false"), "web.loadBalancer.deletionProtection", "must be true in production" },
        { LoadBalancer("behindCloudFront: false"), "web.loadBalancer.certificateArn", "required in production: no plain HTTP" },
        { LoadBalancer("allowPlainHttpOrigin: true"), "web.loadBalancer.allowPlainHttpOrigin", "must not be true in production" },
        { LoadBalancer("behindCloudFront: true"), "web.loadBalancer.certificateArn", "not even from CloudFront to the load balancer" },
        { Fleet("mixedInstances:\n  instanceTypes: [t3a.medium]\n  onDemandBaseCapacity: 1\n  onDemandPercentageAboveBaseCapacity: 50"),
          "web.fleet.mixedInstances.onDemandBaseCapacity", "at least 3 in production when Spot is used" },
        { Action("name: quiet\nschedule: \"0 1 * * *\"\nminCapacity: 1"), "web.fleet.scheduledActions[0].minCapacity", "at least 3 in production" },
    };

    [Theory]
    [MemberData(nameof(ProductionViolations))]
    public void Production_rules_name_the_field_and_what_is_allowed(string extra, string field, string phrase) =>
        TestConfig.ShouldBreakOneRule(TestConfig.With(TestConfig.Prod, extra), field, phrase);


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
