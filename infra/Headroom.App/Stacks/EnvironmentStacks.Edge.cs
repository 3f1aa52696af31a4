namespace Headroom.App.Stacks;

public sealed partial class EnvironmentStacks
{
    /// <summary>CloudFront's certificates and CLOUDFRONT-scope WAF web ACLs live only here.</summary>
    public const string EdgeRegion = "us-east-1";
}
