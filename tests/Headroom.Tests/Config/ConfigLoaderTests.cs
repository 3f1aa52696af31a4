namespace Headroom.Tests.Config;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void The_real_environments_load_and_take_defaults_from_code()
    {
        var envs = ConfigLoader.LoadDirectory(Repo.Environments).ToDictionary(e => e.Name);

        envs.Keys.Should().Contain(["prod", "staging"]);
        envs["prod"].Production.Should().BeTrue();
        envs["prod"].AvailabilityZones.Should().HaveCount(3);
        envs["prod"].Network.Settings(envs["prod"]).NatGateways.Should().Be(3, "production gets one NAT per zone by default");
        envs["staging"].Tags.Project.Should().Be("headroom", "the project tag defaults in code");
    }

    [Fact]
    public void Unknown_key_wrong_type_and_out_of_range_value_are_reported_together_with_file_line_and_field()
    {
        // The staging base is lines 1 to 9; the network section starts on line 10.
        var yaml = TestConfig.With(TestConfig.Staging, """
            network:
              vpcCidr: 10.1.0.0/16
              natGateway: 1
              natGateways: 5
              flowLogRetentionDays: ninety
            production: false
            """);

        var errors = TestConfig.Errors(yaml, "broken");

        errors.Should().HaveCount(3);
        errors.Should().OnlyContain(e => e.File == "environments/broken.yaml");
        errors.Should().ContainSingle(e => e.Field == "network.natGateway" && e.Line == 12 && e.Allowed.Contains("did you mean 'natGateways'"));
        errors.Should().ContainSingle(e => e.Field == "network.flowLogRetentionDays" && e.Line == 14 && e.Value == "ninety" && e.Allowed.Contains("whole number"));
        errors.Should().ContainSingle(e => e.Field == "network.natGateways" && e.Line == 13 && e.Value == "5" && e.Allowed.Contains("from 1 to 2"));
        errors[0].ToString().Should().StartWith("environments/broken.yaml:");
    }

    [Fact]
    public void Production_needs_three_zones_and_a_nat_gateway_per_zone()
    {
        var errors = TestConfig.Errors(TestConfig.With(TestConfig.Prod, "availabilityZones: [eu-west-1a, eu-west-1b]\nnetwork:\n  natGateways: 1"));

        errors.Select(e => e.Field).Should().BeEquivalentTo(["availabilityZones", "network.natGateways"]);
        errors.Single(e => e.Field == "network.natGateways").Allowed.Should().Contain("one per availability zone");
    }

    [Fact]
    public void A_valid_document_round_trips_every_field()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging,
            "network:\n  vpcCidr: 172.16.0.0/18\n  natGateways: 2\n  flowLogRetentionDays: 14\n  flowLogTraffic: reject"));

        var network = config.Network.Settings(config);
        network.VpcCidr.Should().Be("172.16.0.0/18");
        network.NatGateways.Should().Be(2);
        network.FlowLogRetentionDays.Should().Be(14);
        network.FlowLogTraffic.Should().Be(Headroom.Blocks.Network.FlowLogTraffic.Reject);
    }

    [Theory]
    [InlineData("", "(document)", "empty")]
    [InlineData("- a\n- b", "(document)", "mapping of settings")]
    [InlineData("account: 1\n---\naccount: 2", "(document)", "exactly one YAML document")]
    [InlineData("account: [1, 2", "(syntax)", "not valid YAML")]
    [InlineData("account: \"111111111111\"\naccount: \"111111111111\"", "(syntax)", "not valid YAML")]
    public void Malformed_documents_are_validation_errors(string yaml, string field, string phrase)
    {
        var errors = TestConfig.Errors(yaml);

        errors.Should().ContainSingle().Which.Should().Match<ConfigError>(e => e.Field == field && e.Allowed.Contains(phrase));
    }

    [Fact]
    public void A_syntax_error_points_at_its_line()
    {
        var errors = TestConfig.Errors("account: \"111111111111\"\nregion: eu-west-1\ntags: {costCentre: x\n");

        errors.Should().ContainSingle().Which.Line.Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void The_file_name_is_the_environment_name_and_must_fit_stack_names()
    {
        TestConfig.Errors(TestConfig.Staging, "Prod_EU").Should().ContainSingle(e => e.Field == "(file name)");
        TestConfig.Errors(TestConfig.Staging, "eu-prod-2").Should().BeEmpty();
    }

    [Fact]
    public void Loading_a_folder_reports_every_file_and_unknown_environment_names()
    {
        var dir = Directory.CreateTempSubdirectory("headroom-envs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "good.yaml"), TestConfig.Staging);
            File.WriteAllText(Path.Combine(dir, "bad1.yaml"), TestConfig.With(TestConfig.Staging, "region: x"));
            File.WriteAllText(Path.Combine(dir, "bad2.yaml"), TestConfig.With(TestConfig.Staging, "extra: 1"));

            var all = () => ConfigLoader.LoadDirectory(dir);
            all.Should().Throw<ConfigValidationException>().Which.Errors.Select(e => Path.GetFileName(e.File))
                .Should().Contain(["bad1.yaml", "bad2.yaml"]);

            ConfigLoader.LoadDirectory(dir, ["good"]).Should().ContainSingle().Which.Name.Should().Be("good");
            var unknown = () => ConfigLoader.LoadDirectory(dir, ["good", "qa"]);
            unknown.Should().Throw<ConfigValidationException>().Which.Errors.Should().ContainSingle()
                .Which.Allowed.Should().Contain("no such environment");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Adding_a_file_adds_an_environment()
    {
        var dir = Directory.CreateTempSubdirectory("headroom-envs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "staging.yaml"), TestConfig.Staging);
            File.WriteAllText(Path.Combine(dir, "qa.yml"), TestConfig.Staging);

            ConfigLoader.LoadDirectory(dir).Select(e => e.Name).Should().Equal("qa", "staging");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
