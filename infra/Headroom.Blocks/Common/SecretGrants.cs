namespace Headroom.Blocks.Common;

/// <summary>
/// Read access to a secret encrypted with a customer-managed key, granted on the reader's side only.
/// <c>ISecret.GrantRead</c> would also write the reader's role into the key policy, so a role in a stack
/// that depends on the key's stack (the App stack reading a Data stack secret) would close a cycle. The
/// key policy already trusts the account's IAM policies, so the reader's own policy is enough.
/// </summary>
internal static class SecretGrants
{
    public static void GrantRead(ISecret secret, IKey key, IGrantable grantee)
    {
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resources = [secret.SecretArn],
        }));
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["kms:Decrypt"],
            Resources = [key.KeyArn],
            // Only to decrypt the secret through Secrets Manager, not anything else under the key.
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["kms:ViaService"] = $"secretsmanager.{Stack.Of(key).Region}.amazonaws.com" },
            },
        }));
    }
}
