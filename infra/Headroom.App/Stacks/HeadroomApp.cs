
namespace Headroom.App.Stacks;

/// <summary>Builds the CDK app for a set of environments. The same code for `cdk synth`, preview and tests.</summary>
public static class HeadroomApp
{
    /// <summary>
    /// Feature flags, set in code rather than cdk.json so that `cdk synth`, `./headroom preview` and the
    /// tests (which build the app in-process) all synthesize the same template.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, object> FeatureFlags = new Dictionary<string, object>
    {
        ["@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig"] = true,
        ["@aws-cdk/aws-ec2:restrictDefaultSecurityGroup"] = true,
        ["@aws-cdk/aws-iam:minimizePolicies"] = true,
        ["@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"] = true,
        ["@aws-cdk/core:enablePartitionLiterals"] = true,
        ["@aws-cdk/aws-rds:databaseProxyUniqueResourceName"] = true,
        ["@aws-cdk/aws-ec2:uniqueImdsv2TemplateName"] = true,
        ["@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021"] = true,
        ["@aws-cdk/aws-sqs:sqsQueueEncryptionDefault"] = true,
        ["@aws-cdk/aws-kms:aliasNameRef"] = true,
        ["@aws-cdk/aws-iam:standardizedServicePrincipals"] = true,
        ["@aws-cdk/aws-lambda:recognizeLayerVersion"] = true,
        ["@aws-cdk/core:stackRelativeExports"] = true,
    };

    static HeadroomApp()
    {
        // Node 20 is what these machines have; jsii's end-of-life banner would bury every message.
        // The end-of-life switch takes the major versions to silence, the others any value.
        Silence("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "14,16,18,20");
        Silence("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        Silence("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");

        static void Silence(string name, string value)
        {
            if (System.Environment.GetEnvironmentVariable(name) is null) System.Environment.SetEnvironmentVariable(name, value);
        }
    }

    public static Amazon.CDK.App Create(string? outdir = null) => new(new AppProps
    {
        Context = FeatureFlags.ToDictionary(kv => kv.Key, kv => kv.Value),
        Outdir = outdir,
        // jsii tree metadata is only for the console; skipping it keeps synth lean.
        TreeMetadata = false,
    });

    public static IReadOnlyList<EnvironmentStacks> Compose(Amazon.CDK.App app, IEnumerable<EnvironmentConfig> environments) =>
        environments.Select(env => new EnvironmentStacks(app, env)).ToList();
}
