namespace Headroom.Tests.Checks.Rules;

public sealed class PlaintextSecretStacks() : BareStacks("Data")
{
    // AWS's documented example keys, not real ones.
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    protected override void Build(IReadOnlyDictionary<string, Stack> stacks)
    {
        var data = stacks["Data"];
        // Compliant: what the blocks do, and names that only look like secrets.
        var generated = Named(new Secret(data, "GeneratedSecret", new SecretProps
        {
            GenerateSecretString = new SecretStringGenerator { SecretStringTemplate = "{\"username\":\"admin\"}", GenerateStringKey = "password" },
        }));
        Raw(data, "JoinedDb", "AWS::RDS::DBInstance", new Dictionary<string, object>
        {
            ["MasterUsername"] = "admin", ["MasterUserPassword"] = generated.SecretValueFromJson("password").UnsafeUnwrap(),
        });
        Raw(data, "ResolvedCache", "AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["AuthToken"] = "{{resolve:secretsmanager:cache-token:SecretString:::}}",
        });
        Raw(data, "Proxy", "AWS::RDS::DBProxy", new Dictionary<string, object>
        {
            ["Auth"] = new object[] { new Dictionary<string, object> { ["ClientPasswordAuthType"] = "POSTGRES_SCRAM_SHA_256", ["SecretArn"] = generated.SecretArn } },
        });
        Raw(data, "Template", "AWS::EC2::LaunchTemplate", new Dictionary<string, object>
        {
            ["LaunchTemplateData"] = new Dictionary<string, object> { ["MetadataOptions"] = new Dictionary<string, object> { ["HttpTokens"] = "required" } },
        });
        Raw(data, "VerifiedOrigin", "AWS::CloudFront::Distribution", new Dictionary<string, object>
        {
            ["OriginCustomHeaders"] = new object[] { new Dictionary<string, object>
            {
                ["HeaderName"] = "X-Origin-Verify", ["HeaderValue"] = "{{resolve:secretsmanager:origin-verify:SecretString:::}}",
            } },
        });
        Raw(data, "Custom", "Custom::Thing", new Dictionary<string, object> { ["ServiceToken"] = "arn:aws:lambda:eu-west-1:111111111111:function:provider" });

        // Non-compliant.
        Raw(data, "LiteralSecret", "AWS::SecretsManager::Secret", new Dictionary<string, object> { ["SecretString"] = "hunter2hunter2" });
        Raw(data, "LiteralDb", "AWS::RDS::DBInstance", new Dictionary<string, object> { ["MasterUsername"] = "admin", ["MasterUserPassword"] = "changeme123" });
        Raw(data, "JoinedLiteralCache", "AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["AuthToken"] = Fn.Join("", ["token-", "0123456789abcdef"]),
        });
        Raw(data, "KeyedFunction", "AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Environment"] = new Dictionary<string, object> { ["Variables"] = new Dictionary<string, object> { ["AWS_ACCESS_KEY_ID"] = AccessKeyId } },
        });
        Raw(data, "UserDataKey", "AWS::EC2::LaunchTemplate", new Dictionary<string, object>
        {
            ["LaunchTemplateData"] = new Dictionary<string, object>
            {
                ["UserData"] = Fn.Base64($"#!/bin/bash\nexport aws_secret_access_key={SecretAccessKey}\n"),
            },
        });
        Raw(data, "PrivateKeyParameter", "AWS::SSM::Parameter", new Dictionary<string, object>
        {
            ["Type"] = "String", ["Value"] = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
        });
        Raw(data, "TokenHeader", "AWS::CloudFront::Distribution", new Dictionary<string, object>
        {
            ["OriginCustomHeaders"] = new object[] { new Dictionary<string, object> { ["HeaderName"] = "X-Api-Token", ["HeaderValue"] = "abc123literal" } },
        });
    }
}

public sealed class PlaintextSecretRuleTests(PlaintextSecretStacks stacks) : IClassFixture<PlaintextSecretStacks>
{
    private readonly PlaintextSecretRule _rule = new();

    [Fact]
    public void Dynamic_references_generated_secrets_and_secret_like_names_pass_and_literal_secrets_are_flagged()
    {
        stacks.Flagged(_rule).Should().Equal(new[]
        {
            "LiteralSecret", "LiteralDb", "JoinedLiteralCache", "KeyedFunction", "UserDataKey", "PrivateKeyParameter", "TokenHeader",
        }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_finding_names_the_property_path()
    {
        _rule.Evaluate(stacks.Environment()).Select(v => $"{v.LogicalId} {v.AppliesTo}").Should().BeEquivalentTo(
        [
            "LiteralSecret SecretString",
            "LiteralDb MasterUserPassword",
            "JoinedLiteralCache AuthToken",
            "KeyedFunction Environment.Variables.AWS_ACCESS_KEY_ID",
            "UserDataKey LaunchTemplateData.UserData.Fn::Base64",
            "PrivateKeyParameter Value",
            "TokenHeader OriginCustomHeaders[0].HeaderValue",
        ]);
    }
}
