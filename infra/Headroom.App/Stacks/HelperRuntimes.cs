using Amazon.CDK.AWS.Lambda;
using Amazon.JSII.Runtime.Deputy;

namespace Headroom.App.Stacks;

/// <summary>
/// CDK 2.160 writes its own helper functions (cross-region references, log retention, AwsCustomResource)
/// on nodejs20.x, which AWS deprecated on 2026-04-30: creating such functions stops on 2027-02-01. This
/// aspect moves every Node.js function to <see cref="NodeRuntime"/>. Their code uses only the AWS SDK v3
/// that the runtime ships. It runs as a validation of the stack, not an aspect: CDK creates the
/// cross-region reference functions while it prepares the app, after the aspects have run.
/// </summary>
public sealed class HelperRuntimes : DeputyBase, IValidation
{
    /// <summary>The newest Node.js runtime Lambda offers (and the one cdk-nag's L1 asks for).</summary>
    public const string NodeRuntime = "nodejs24.x";

    private readonly Stack _stack;

    private HelperRuntimes(Stack stack) => _stack = stack;

    public static void Apply(Stack stack) => stack.Node.AddValidation(new HelperRuntimes(stack));

    public string[] Validate()
    {
        foreach (var node in _stack.Node.FindAll()) Raise(node);
        return [];
    }

    private static void Raise(IConstruct node)
    {
        switch (node)
        {
            // Functions made through the Function L2 (AwsCustomResource's singleton) expose their runtime.
            case CfnFunction function when function.Runtime is { } runtime && runtime.StartsWith("nodejs", StringComparison.Ordinal) && runtime != NodeRuntime:
                function.AddPropertyOverride("Runtime", NodeRuntime);
                break;
            // CustomResourceProvider and LogRetention write a bare CfnResource; in CDK 2.160 all of them are Node.js.
            case CfnResource resource when resource is not CfnFunction && resource.CfnResourceType == "AWS::Lambda::Function":
                resource.AddPropertyOverride("Runtime", NodeRuntime);
                break;
        }
    }
}
