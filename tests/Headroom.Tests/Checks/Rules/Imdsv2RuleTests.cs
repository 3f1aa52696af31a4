namespace Headroom.Tests.Checks.Rules;

public sealed class Imdsv2Stacks() : BareStacks("App")
{
    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var app = stacks["App"];
        Named(new LaunchTemplate(app, "Strict", new LaunchTemplateProps { RequireImdsv2 = true }));
        Named(new LaunchTemplate(app, "Lax", new LaunchTemplateProps()));
        new CfnLaunchTemplate(app, "Optional", new CfnLaunchTemplateProps
        {
            LaunchTemplateData = new CfnLaunchTemplate.LaunchTemplateDataProperty
            {
                MetadataOptions = new CfnLaunchTemplate.MetadataOptionsProperty { HttpTokens = "optional" },
            },
        });
    }
}

public sealed class Imdsv2RuleTests(Imdsv2Stacks stacks) : IClassFixture<Imdsv2Stacks>
{
    [Fact]
    public void A_launch_template_requiring_imdsv2_passes_and_one_with_tokens_optional_or_unset_is_flagged()
    {
        stacks.Flagged(new Imdsv2Rule()).Should().Equal(new[] { stacks.Ids["Lax"], "Optional" }.Order(StringComparer.Ordinal));
    }
}
