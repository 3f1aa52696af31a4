using Headroom.Blocks.Common;
using Headroom.App.Docs;

namespace Headroom.Tests.Docs;

/// <summary>The README's field tables are rendered from the config model; these keep them from drifting.</summary>
public sealed class FieldTablesTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));

    private static FieldRow Row(string table, string field) =>
        FieldTables.Rows(FieldTables.All.Single(t => t.Id == table)).Single(r => r.Field == field);

    [Fact]
    public void The_README_field_tables_are_those_the_model_renders()
    {
        var result = DocsCommand.Render(Readme);

        result.Missing.Should().BeEmpty("every table has its <!-- fields:ID --> markers in README.md");
        result.Changed.Should().BeEmpty("the README's field tables are generated from the [Field] texts: run ./headroom docs");
    }

    [Fact]
    public void Every_bindable_field_has_its_README_text() =>
        FieldTables.Nodes().Where(n => n.NeedsText && n.Text is null).Select(n => n.Path)
            .Should().BeEmpty("every field the YAML binder binds needs [Field(\"allowed\")] (sections excepted: their fields are the rows)");

    [Fact]
    public void Every_field_has_a_row_in_a_table()
    {
        var tabled = FieldTables.All.SelectMany(FieldTables.Rows).Select(r => r.Node.Property).ToHashSet();

        FieldTables.Nodes().Where(n => n.NeedsText && !tabled.Contains(n.Property)).Select(n => n.Path)
            .Should().BeEmpty("a field no table shows is undocumented");
    }

    [Fact]
    public void Defaults_are_the_initial_values_unless_the_field_says_otherwise()
    {
        Row("database", "port").Default.Should().Be("`5433`");
        Row("cache", "engine").Default.Should().Be("`redis`", "enums as YAML spells them");
        Row("cache", "clusterMode").Default.Should().Be("`false`");
        Row("edge", "staticPaths").Default.Should().Be("`/static/*`, `/assets/*`");
        Row("edge", "forwardedHeaders").Default.Should().Be("none", "an empty list");
        Row("monitoring", "webhookUrl").Default.Should().Be("none", "null");
        Row("environment", "tags.additional").Default.Should().Be("none", "an empty mapping");
        Row("database", "multiAz").Default.Should().Be("`true` in production, else `false`", "the [Field] Default wins");
        Row("web", "fleet.scheduledActions[].timeZone").Default.Should().Be("UTC");
    }

    [Fact]
    public void Nested_objects_get_rows_with_their_dotted_paths()
    {
        FieldTables.Rows(FieldTables.All.Single(t => t.Id == "web")).Select(r => r.Field).Should().Contain(
            ["loadBalancer.certificateArn", "healthCheck.path", "fleet.rollingUpdate.maxBatchSize", "fleet.warmPool", "fleet.warmPool.minSize",
             "fleet.scheduledActions[]", "fleet.scheduledActions[].name"]);
        FieldTables.Rows(FieldTables.All.Single(t => t.Id == "monitoring")).Select(r => r.Field).Should().Contain(["alarms.<kind>", "alarms.<kind>.threshold"]);
        FieldTables.Rows(FieldTables.All.Single(t => t.Id == "workers")).Select(r => r.Field)
            .Should().Equal(["backlogPerInstance", "fleet.*"], "the workers' fleet is tabled once, under web.fleet");
        FieldTables.Rows(FieldTables.All.Single(t => t.Id == "environment")).Select(r => r.Field)
            .Should().NotContain(f => f.StartsWith("web.") || f.StartsWith("database."), "each section has its own table");
    }

    private sealed class Sample
    {
        [Field("anything")] public string Text { get; set; } = "";
        [Field("anything", Default = "required")] public string Required { get; set; } = "";
    }

    [Fact]
    public void An_empty_string_default_must_be_spelled_out()
    {
        FieldNode Node(string name) => new(name, typeof(Sample).GetProperty(name)!, FieldShape.Value, "");

        FluentActions.Invoking(() => FieldTables.DefaultText(Node("Text"))).Should().Throw<InvalidOperationException>().WithMessage("*needs a [Field] Default*");
        FieldTables.DefaultText(Node("Required")).Should().Be("required");
    }

    private static string Drifted => Readme.Replace("| `port` | `5433` |", "| `port` | `5432` |");

    [Fact]
    public void A_drifted_table_is_named_and_rendered_back()
    {
        Drifted.Should().NotBe(Readme);

        var result = DocsCommand.Render(Drifted);

        result.Changed.Should().Equal("database");
        result.Text.Should().Be(Readme);
    }

    [Fact]
    public void Docs_check_exits_1_naming_the_tables_that_differ_and_writes_nothing()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Drifted);
            var (output, error) = (new StringWriter(), new StringWriter());

            DocsCommand.Run(file, check: true, output, error).Should().Be(1);
            error.ToString().Should().Contain("differ from the model: database");
            File.ReadAllText(file).Should().Be(Drifted);

            DocsCommand.Run(file, check: false, output, error).Should().Be(0);
            File.ReadAllText(file).Should().Be(Readme);
            DocsCommand.Run(file, check: true, output, error).Should().Be(0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_README_without_a_table_s_markers_is_an_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            var unmarked = Readme.Replace("<!-- fields:cache -->\n", "");
            File.WriteAllText(file, unmarked);
            var error = new StringWriter();

            DocsCommand.Run(file, check: false, new StringWriter(), error).Should().Be(2);
            error.ToString().Should().Contain("<!-- fields:cache -->");
            File.ReadAllText(file).Should().Be(unmarked);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
