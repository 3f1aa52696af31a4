namespace Headroom.Blocks.Common;

/// <summary>
/// Settings the application reads at boot from SSM Parameter Store (/headroom/&lt;env&gt;/...): endpoints
/// and secret ARNs, so nothing is baked into images or user data.
/// </summary>
public static class AppSettings
{
    public static StringParameter Publish(Construct scope, string id, string parameterName, string value, string description,
        ParameterTier? tier = null) =>
        new(scope, id, new StringParameterProps
        {
            ParameterName = parameterName,
            StringValue = value,
            Description = description,
            Tier = tier,
        });
}
