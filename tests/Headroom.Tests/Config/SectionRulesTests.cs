namespace Headroom.Tests.Config;

/// <summary>The config sections' rule tables, Config/Rules/*.yaml: each row breaks exactly one rule, and the error names its field and what is allowed.</summary>
public sealed class SectionRulesTests
{
    public static TheoryData<SectionRule> Rules => new(RuleFiles.All().SelectMany(f => f.Rules));

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_names_the_field_and_what_is_allowed(SectionRule rule)
    {
        if (rule.ProductionOnly)
            TestConfig.ShouldBreakOnlyInProduction(rule.Yaml, rule.Field, rule.Phrase);
        else
            TestConfig.ShouldBreakOneRule(TestConfig.With(rule.OverProd ? TestConfig.Prod : TestConfig.Staging, rule.Yaml), rule.Field, rule.Phrase);
    }

    [Fact]
    public void Every_rule_file_reads_without_a_problem()
    {
        var files = RuleFiles.All();

        files.Select(f => f.Name).Should().Contain(["cache.yaml", "web.yaml"]);
        files.SelectMany(f => f.Problems).Should().BeEmpty();
        files.Should().OnlyContain(f => f.Rules.Count > 0);
    }

    [Fact]
    public void A_malformed_row_or_an_unknown_key_is_a_problem_and_not_a_case_left_out()
    {
        var file = RuleFiles.Read("typos.yaml", """
            section: cache
            rules:
              - yaml: 'replicas: 6'
                feild: cache.replicas
                phrase: from 0 to 5
              - yaml: 'port: 80'
                field: cache.port
              - 'port: 80'
              - yaml: 'port: 80'
                field: cache.port
                phrase: from 1024
                productionOnly: yes
              - yaml: 'port: 80'
                field: cache.port
                phrase: from 1024
                over: production
              - yaml: [port, 80]
                field: cache.port
                phrase: from 1024
              - yaml: 'port: 80'
                field: cache.port
                phrase: from 1024 to 65535
            colour: red
            """);

        file.Problems.Should().BeEquivalentTo([
            "typos.yaml:23: unknown key 'colour' (known: section, rules)",
            "typos.yaml:4: unknown key 'feild' (known: yaml, field, phrase, productionOnly, over)",
            "typos.yaml:3: the rule has no field",
            "typos.yaml:6: the rule has no phrase",
            "typos.yaml:8: a rule is a mapping of yaml, field and phrase",
            "typos.yaml:9: productionOnly is true or false, not 'yes'",
            "typos.yaml:13: over is staging or prod, not 'production'",
            "typos.yaml:17: yaml must be a non-empty scalar",
        ]);
        file.Rules.Should().ContainSingle().Which.ToString().Should().Be("typos.yaml:20 cache.port", "a good row still reads after bad ones");
        RuleFiles.Read("cache.yml", "rules:\n  - yaml: 'replicas: 6'\n    field: cache.replicas\n    phrase: from 0 to 5").Problems
            .Should().Equal("cache.yml:1: a rule file's name ends in .yaml");
        RuleFiles.Read("broken.yaml", "rules:\n  - yaml: 'replicas: 6\n").Problems.Should().ContainSingle().Which.Should().Contain("not valid YAML");
        RuleFiles.Read("empty.yaml", "").Problems.Should().Equal("empty.yaml:1: a rule file is one mapping of section and rules");
    }

    [Fact]
    public void A_row_goes_under_its_section_line_by_line()
    {
        var rule = RuleFiles.Read("cache.yaml", "section: cache\nrules:\n  - yaml: |\n      multiAz: true\n\n      replicas: 0\n    field: cache.multiAz\n    phrase: x\n").Rules.Should().ContainSingle().Subject;

        rule.Yaml.Should().Be("cache:\n  multiAz: true\n\n  replicas: 0");
        rule.ToString().Should().Be("cache.yaml:3 cache.multiAz");
    }
}
