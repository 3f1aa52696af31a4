namespace Headroom.App.Checks.Rules;

/// <summary>
/// Every launch template requires IMDSv2 (MetadataOptions.HttpTokens "required"): with IMDSv1 a server-side
/// request forgery in the shop can read the instance role's credentials. Launch configurations, which
/// CDK may still generate, are held to the same.
/// </summary>
public sealed class Imdsv2Rule : IRule
{
    public string Id => "Headroom-Imdsv2";

    public string Title => "Launch templates require IMDSv2 (HttpTokens required)";

    public string Fix => "set requireImdsv2: true on the LaunchTemplate (or LaunchTemplateData.MetadataOptions.HttpTokens: required)";

    public IEnumerable<RuleViolation> Evaluate(SynthesizedEnvironment env)
    {
        foreach (var resource in env.Resources)
        {
            var path = resource.Type switch
            {
                "AWS::EC2::LaunchTemplate" => "LaunchTemplateData.MetadataOptions.HttpTokens",
                "AWS::AutoScaling::LaunchConfiguration" => "MetadataOptions.HttpTokens",
                _ => null,
            };
            if (path is null) continue;
            var tokens = RuleJson.At(resource.Properties, path);
            var value = tokens?.ValueKind == System.Text.Json.JsonValueKind.String ? tokens.Value.GetString() : null;
            if (value != "required")
                yield return RuleViolation.Of(resource, $"{path} is {value ?? "unset (IMDSv1 allowed)"}, not required");
        }
    }
}
