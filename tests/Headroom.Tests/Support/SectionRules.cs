namespace Headroom.Tests.Support;

/// <summary>
/// A section's rule table: a derived class lists its rows in a static <c>Violations</c> (YAML added to the
/// staging file, the field the error must name, a phrase of what is allowed); each row breaks exactly one rule.
/// </summary>
public abstract class SectionRules
{
    /// <summary>Put before each row: "cache:\n  " when the rows are the section's own fields, one a row.</summary>
    protected virtual string Section => "";

    // xUnit reads the member from the class it runs, the derived one; its analyzer looks only here.
#pragma warning disable xUnit1015
    [Theory]
    [MemberData("Violations")]
#pragma warning restore xUnit1015
    public void Each_rule_names_the_field_and_what_is_allowed(string yaml, string field, string phrase) =>
        TestConfig.ShouldBreakOneRule(TestConfig.With(TestConfig.Staging, Section + yaml), field, phrase);
}
