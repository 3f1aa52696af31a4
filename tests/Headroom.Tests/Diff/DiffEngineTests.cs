using Headroom.App.Diff;

namespace Headroom.Tests.Diff;

/// <summary>
/// diff-templates.mjs with the real @aws-cdk/cloudformation-diff on small hand-written templates: the
/// replacement knowledge is the engine's (from the CloudFormation specification), not ours.
/// </summary>
public sealed class DiffEngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("headroom-engine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Database = """
        {"Resources": {
          "Db": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot",
                 "Properties": {"DBInstanceIdentifier": "headroom-prod", "Engine": "postgres", "EngineVersion": "16.4",
                                "DBInstanceClass": "db.r6g.large", "AllocatedStorage": "100"}},
          "Bucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {}},
          "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 30}}
        },
        "Outputs": {"Endpoint": {"Value": {"Fn::GetAtt": ["Db", "Endpoint.Address"]}}}}
        """;

    private AssemblyStack Template(string name, string json)
    {
        var path = Path.Combine(_dir, name + ".template.json");
        File.WriteAllText(path, json);
        return new AssemblyStack(name, path, null);
    }

    private StackChanges Diff(string oldJson, string? newJson)
    {
        var old = Template("old", oldJson);
        var @new = newJson is null ? null : Template("new", newJson);
        var result = DiffEngine.Run([new DiffReport.StackSides("Headroom-prod-Data", old, @new)], Repo.Root, _dir);
        result.EngineVersion.Should().MatchRegex(@"^\d+\.\d+\.\d+$");
        return result.Stacks["Headroom-prod-Data"];
    }

    [Fact]
    public void Changing_the_database_identifier_replaces_it()
    {
        var changes = Diff(Database, Database.Replace("\"headroom-prod\"", "\"headroom-prod-2\"", StringComparison.Ordinal));

        var db = changes.Resources.Should().ContainSingle().Subject;
        db.Should().Match<ResourceChange>(r => r.LogicalId == "Db" && r.Type == "AWS::RDS::DBInstance" && r.Impact == Impact.Replace);
        db.Changes.Should().ContainSingle().Which.Should().Match<PropertyChange>(p => p.Name == "DBInstanceIdentifier" && p.Impact == Impact.Replace);
        db.IsDestructiveToData.Should().BeTrue();
    }

    [Fact]
    public void Resizing_the_database_modifies_it_in_place()
    {
        var changes = Diff(Database, Database.Replace("\"AllocatedStorage\": \"100\"", "\"AllocatedStorage\": \"200\"", StringComparison.Ordinal)
            .Replace("db.r6g.large", "db.r6g.xlarge", StringComparison.Ordinal));

        var db = changes.Resources.Should().ContainSingle().Subject;
        db.Impact.Should().Be(Impact.Update);
        db.Changes.Select(c => c.Name).Should().BeEquivalentTo("AllocatedStorage", "DBInstanceClass");
        db.IsDestructiveToData.Should().BeFalse();
    }

    [Fact]
    public void A_replacement_propagates_to_what_references_the_replaced_resource()
    {
        const string vpc = """
            {"Resources": {
              "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.10.0.0/16"}},
              "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.10.0.0/21"}}}}
            """;

        var changes = Diff(vpc, vpc.Replace("10.10.0.0/16", "10.11.0.0/16", StringComparison.Ordinal));

        changes.Resources.Select(r => (r.LogicalId, r.Impact)).Should().BeEquivalentTo([("Vpc", Impact.Replace), ("Subnet", Impact.Replace)]);
    }

    [Fact]
    public void Removing_resources_destroys_them_or_orphans_those_retained()
    {
        var changes = Diff(Database, null);

        changes.Resources.Select(r => (r.LogicalId, r.Impact)).Should().BeEquivalentTo([
            ("Db", Impact.Destroy), ("Bucket", Impact.Orphan), ("Queue", Impact.Destroy)]);
        changes.Outputs.Should().ContainSingle().Which.Should().Be(new OutputChange("Endpoint", "removed"));
    }

    [Fact]
    public void Each_sides_policies_come_through_and_decide_what_is_destructive_to_data()
    {
        var changes = Diff(Database, null).Resources.ToDictionary(r => r.LogicalId);

        changes["Db"].OldPolicies.Should().Be(new ResourcePolicies("Snapshot", "Snapshot"));
        changes["Db"].NewPolicies.Should().BeNull("the new side has no such resource");
        changes["Bucket"].OldPolicies.Should().Be(new ResourcePolicies("Retain", null));
        changes["Queue"].OldPolicies.Should().Be(new ResourcePolicies(null, null));
        changes.Values.Where(r => r.IsDestructiveToData).Select(r => r.LogicalId).Should().BeEquivalentTo(["Db", "Bucket"],
            "the queue's policies (unset: Delete) declare it expendable");
    }

    [Fact]
    public void An_empty_old_side_adds_everything()
    {
        var changes = DiffEngine.Run([new DiffReport.StackSides("Headroom-prod-Data", null, Template("new", Database))], Repo.Root, _dir)
            .Stacks["Headroom-prod-Data"];

        changes.Resources.Should().HaveCount(3).And.OnlyContain(r => r.Impact == Impact.Create);
        changes.ToAdd.Should().Be(3);
    }

    [Fact]
    public void Identical_templates_have_no_changes()
    {
        Diff(Database, Database).IsEmpty.Should().BeTrue();
    }
}
