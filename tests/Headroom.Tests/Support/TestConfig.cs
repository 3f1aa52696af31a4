namespace Headroom.Tests.Support;

/// <summary>Environment documents for tests: a valid base plus what a test changes.</summary>
public static class TestConfig
{
    public const string Staging = """
        account: "111111111111"
        region: eu-west-1
        availabilityZones: [eu-west-1a, eu-west-1b]
        tags:
          costCentre: shop
          owner: team@example.com
        web:
          loadBalancer:
            allowPlainHttpOrigin: true
        """;

    public const string Prod = """
        account: "222222222222"
        region: eu-west-1
        production: true
        availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]
        tags:
          costCentre: shop
          owner: team@example.com
        monitoring:
          emails: [oncall@example.com]
        web:
          loadBalancer:
            certificateArn: arn:aws:acm:eu-west-1:222222222222:certificate/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b
        edge:
          domainNames: [shop.example.com]
          certificateArn: arn:aws:acm:us-east-1:222222222222:certificate/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
        """;

    public static EnvironmentConfig Parse(string yaml, string name = "test") =>
        ConfigLoader.Parse(yaml, $"environments/{name}.yaml", name);

    /// <summary>The errors a document produces; empty when it is valid.</summary>
    public static IReadOnlyList<ConfigError> Errors(string yaml, string name = "test")
    {
        try
        {
            Parse(yaml, name);
            return [];
        }
        catch (ConfigValidationException e)
        {
            return e.Errors;
        }
    }

    /// <summary>
    /// The document breaks exactly one rule of `field`: one error names it, in the test file, on a real
    /// line, and its message contains `phrase` (what is allowed).
    /// </summary>
    public static void ShouldBreakOneRule(string yaml, string field, string phrase)
    {
        var errors = Errors(yaml);

        errors.Should().ContainSingle(e => e.Field == field, $"one rule of {field} is broken; got: {string.Join(" | ", errors)}")
            .Which.Allowed.Should().Contain(phrase);
        var error = errors.Single(e => e.Field == field);
        error.File.Should().Be("environments/test.yaml");
        error.Line.Should().BeGreaterThan(0);
    }

    /// <summary>A production rule: the prod file with `yaml` breaks exactly that one rule, and staging with the same lines breaks none.</summary>
    public static void ShouldBreakOnlyInProduction(string yaml, string field, string phrase)
    {
        Errors(With(Prod, yaml)).Should().ContainSingle().Which.Should().Match<ConfigError>(e => e.Field == field && e.Allowed.Contains(phrase));
        Errors(With(Staging, yaml)).Should().BeEmpty("outside production the same value is allowed");
    }

    /// <summary>Adds or replaces top-level sections: the base document followed by `extra`, with
    /// any top-level key of `extra` removed from the base first.</summary>
    public static string With(string baseYaml, string extra)
    {
        var overridden = extra.Split('\n').Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && l.Contains(':'))
            .Select(l => l[..l.IndexOf(':')]).ToHashSet();
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in baseYaml.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
                skipping = line.Contains(':') && overridden.Contains(line[..line.IndexOf(':')]);
            if (!skipping) kept.Add(line);
        }
        return string.Join('\n', kept) + "\n" + extra;
    }
}
