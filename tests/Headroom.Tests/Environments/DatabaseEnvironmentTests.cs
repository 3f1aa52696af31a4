using System.Text.RegularExpressions;
using static Headroom.Tests.Blocks.DatabasePins;

namespace Headroom.Tests.Environments;

/// <summary>What the example environments ask of the database, how the Data stack wires it, and what no template may hold.</summary>
[Collection(SynthCollection.Name)]
public sealed class DatabaseEnvironmentTests(SynthFixture synth)
{
    [Theory]
    [InlineData("prod", new[] { PrimaryId, Replica1Id, Replica2Id, "DatabaseReplica3BE17AD75" })]
    [InlineData("staging", new[] { PrimaryId, Replica1Id })]
    public void The_data_stack_keeps_the_databases_pinned_logical_ids(string env, string[] instances) =>
        DatabasePins.ShouldHold(synth.DataStack(env).Resources.ToDictionary(r => r.LogicalId), instances);

    [Theory]
    [InlineData("prod", "db.r7g.2xlarge", true, 400, 1000, 14, true)]
    [InlineData("staging", "db.t4g.medium", false, 20, 100, 3, false)]
    public void Each_environment_sizes_and_protects_its_primary(string env, string instanceClass, bool multiAz, int storage, int ceiling, int backups, bool protection)
    {
        var primary = synth.DataResource(env, PrimaryId);

        primary.Str("DBInstanceClass").Should().Be(instanceClass);
        primary.Prop("MultiAZ")!.Value.GetBoolean().Should().Be(multiAz, "Multi-AZ in production");
        primary.Str("DBName").Should().Be("shop");
        (primary.Str("AllocatedStorage"), primary.Prop("MaxAllocatedStorage")!.Value.GetInt32()).Should().Be((storage.ToString(System.Globalization.CultureInfo.InvariantCulture), ceiling));
        primary.Prop("BackupRetentionPeriod")!.Value.GetInt32().Should().Be(backups);
        primary.Prop("DeletionProtection")!.Value.GetBoolean().Should().Be(protection);
    }

    [Fact]
    public void Production_keeps_at_least_a_week_of_backups()
    {
        synth.DataResource("prod", PrimaryId).Prop("BackupRetentionPeriod")!.Value.GetInt32().Should().BeGreaterThanOrEqualTo(7);
    }

    [Theory]
    [InlineData("prod", 90)]
    [InlineData("staging", 30)]
    public void Every_instance_is_watched_and_its_logs_kept_as_the_environment_says(string env, int logDays) =>
        DatabasePins.ShouldWatchEveryInstance(synth.DataStack(env).Resources, logDays);

    [Theory]
    [InlineData("prod", new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" })]
    [InlineData("staging", new[] { "eu-west-1a" })]
    public void Read_replicas_follow_the_configured_count_and_spread_over_the_zones(string env, string[] zones)
    {
        var replicas = synth.DataStack(env).Resources.Where(r => r.Prop("SourceDBInstanceIdentifier") is not null).ToList();

        replicas.Should().HaveCount(synth.Environments[env].Config.Database.Settings(synth.Environments[env].Config).Replicas).And.HaveCount(zones.Length);
        replicas.Select(r => r.Str("AvailabilityZone")).Should().Equal(zones);
        var config = synth.Environments[env].Config;
        replicas.Select(r => r.Str("DBInstanceClass")).Should().Equal(config.Database.Settings(config).ReplicaInstanceClasses, "each replica is of the class the file gives it (the primary's unless set)");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_database_takes_the_network_stacks_isolated_subnets_and_admits_the_fleets(string env)
    {
        synth.DataResource(env, SubnetGroupId).Prop("SubnetIds")!.Value.EnumerateArray().Select(s => s.GetProperty("Fn::ImportValue").GetString())
            .Should().HaveCount(synth.Environments[env].Config.AvailabilityZones.Count)
            .And.OnlyContain(s => s!.Contains("NetworkIsolatedSubnet", StringComparison.Ordinal));
        synth.DataResource(env, ProxyId).Prop("VpcSubnetIds")!.Value.EnumerateArray()
            .Should().OnlyContain(s => s.GetProperty("Fn::ImportValue").GetString()!.Contains("NetworkIsolatedSubnet", StringComparison.Ordinal));
        synth.DataStack(env).Resources.Single(r => r.Type == "AWS::SecretsManager::RotationSchedule" && r.Prop("HostedRotationLambda") != null)
            .Prop("HostedRotationLambda")!.Value.GetProperty("VpcSubnetIds").ToString().Should().Contain("NetworkPrivateSubnet").And.NotContain("Isolated");
        var ingress = DatabaseTests.Ingress(synth.DataStack(env).Resources);
        ingress["DatabaseProxy"].Should().BeEquivalentTo("web:5432-5432", "worker:5432-5432");
        ingress["DatabaseReplica"].Should().BeEquivalentTo("web:5433-5433", "worker:5433-5433");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Its_settings_are_published_under_the_environments_path(string env)
    {
        Parameters(synth.DataStack(env).Resources, $"/headroom/{env}/db/").Keys
            .Should().BeEquivalentTo("write-endpoint", "write-port", "read-endpoints", "read-port", "secret-arn");
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void The_data_stack_takes_only_from_the_network_stack(string env)
    {
        var imports = Regex.Matches(synth.DataStack(env).Template.ToString(), "\"Fn::ImportValue\":\\s*\"([^\":]+):").Select(m => m.Groups[1].Value).Distinct();

        imports.Should().Equal($"Headroom-{env}-Network");
        synth.Assembly.GetStackByName($"Headroom-{env}-Data").Dependencies.Select(d => d.Id).Should().NotContain($"Headroom-{env}-App");
    }

    [Fact]
    public void No_template_of_any_environment_holds_a_plaintext_password_or_auth_token()
    {
        var found = new List<string>();
        foreach (var env in synth.Environments.Keys)
            foreach (var stack in synth.Json(env).Stacks)
                foreach (var (path, name, value) in SecretProperties(stack.Template))
                {
                    found.Add(name);
                    IsSecretsManagerReference(value).Should().BeTrue($"{stack.Name}{path} must be a Secrets Manager dynamic reference, not {value}");
                }

        // The walk must have met the database's password and the cache's token in every environment.
        found.Count(n => n == "MasterUserPassword").Should().Be(synth.Environments.Count);
        found.Count(n => n == "AuthToken").Should().Be(synth.Environments.Count);
        found.Should().NotContain("SecretString");
    }

    [Fact]
    public void The_preview_shows_productions_database_with_its_sizes()
    {
        var lines = IPreviewSection.All.Single(s => s.Title == "Database").Describe(synth.Json("prod")).ToList();

        lines.Should().Contain(l => l.StartsWith("primary", StringComparison.Ordinal) && l.Contains("PostgreSQL 16") && l.Contains("db.r7g.2xlarge") && l.Contains("Multi-AZ"));
        lines.Should().Contain(l => l.Contains("gp3 400 GiB") && l.Contains("autoscaling to 1000 GiB"));
        lines.Should().Contain(l => l.StartsWith("replicas", StringComparison.Ordinal) && l.Contains("1: db.r7g.xlarge in eu-west-1a"));
        lines.Should().Contain(l => l.Contains("3: db.r7g.xlarge in eu-west-1c"));
    }
}
