namespace Headroom.Blocks.Cache;

/// <summary>
/// The rotation function of the cache AUTH token, a plain-string secret: Secrets Manager's four steps
/// against ElastiCache's ROTATE strategy. Inline (CloudFormation's ZipFile, at most 4096 characters), on a
/// Node runtime that ships the AWS SDK v3 clients it requires.
/// </summary>
public static class CacheTokenRotation
{
    /// <summary>The function's environment variable holding the replication group's ID.</summary>
    public const string GroupVariable = "REPLICATION_GROUP_ID";

    public const string Source = """
        // ROTATE keeps the old AUTH token valid beside the new one, so clients that cached it keep working;
        // ElastiCache holds at most two: the next rotation (or a SET) drops the older.
        const sm = require('@aws-sdk/client-secrets-manager');
        const ec = require('@aws-sdk/client-elasticache');
        const secrets = new sm.SecretsManagerClient({});
        const cache = new ec.ElastiCacheClient({});
        const GROUP = process.env.REPLICATION_GROUP_ID;
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

        exports.handler = async (event, context) => {
          const { SecretId: id, ClientRequestToken: token, Step: step } = event;
          const meta = await secrets.send(new sm.DescribeSecretCommand({ SecretId: id }));
          if (!meta.RotationEnabled) throw new Error('rotation is off');
          const stages = (meta.VersionIdsToStages || {})[token];
          if (!stages) throw new Error(`version ${token} has no stage`);
          if (stages.includes('AWSCURRENT')) return; // already finished
          if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} is not AWSPENDING`);
          if (step === 'createSecret') return createSecret(id, token);
          if (step === 'setSecret') return setSecret(id, token, context);
          if (step === 'testSecret') return testSecret();
          if (step === 'finishSecret') return finishSecret(id, token, meta.VersionIdsToStages);
          throw new Error(`bad step ${step}`);
        };

        const pending = (id, token) =>
          secrets.send(new sm.GetSecretValueCommand({ SecretId: id, VersionId: token, VersionStage: 'AWSPENDING' }));

        async function createSecret(id, token) {
          try {
            await pending(id, token);
            return; // a retry keeps its token
          } catch (e) {
            if (e.name !== 'ResourceNotFoundException') throw e;
          }
          // Letters and digits: ElastiCache takes 16-128 printable characters, not / " @ or spaces.
          const { RandomPassword } = await secrets.send(new sm.GetRandomPasswordCommand({ PasswordLength: 64, ExcludePunctuation: true }));
          await secrets.send(new sm.PutSecretValueCommand({ SecretId: id, ClientRequestToken: token, SecretString: RandomPassword, VersionStages: ['AWSPENDING'] }));
        }

        async function group() {
          const { ReplicationGroups } = await cache.send(new ec.DescribeReplicationGroupsCommand({ ReplicationGroupId: GROUP }));
          return ReplicationGroups[0];
        }

        // Waits out a modify or snapshot, bounded by the function's timeout.
        async function settle(context) {
          for (;;) {
            const g = await group();
            if (!['modifying', 'snapshotting'].includes(g.Status)) return g;
            if (context.getRemainingTimeInMillis() < 45000) throw new Error(`${GROUP} is still ${g.Status}`);
            await sleep(15000);
          }
        }

        async function setSecret(id, token, context) {
          const next = await pending(id, token);
          const g = await settle(context);
          // Changed since this version was made: a retried step; ROTATE again would drop the old token.
          if (g.AuthTokenLastModifiedDate && g.AuthTokenLastModifiedDate >= next.CreatedDate) return;
          if (g.Status !== 'available') throw new Error(`${GROUP} is ${g.Status}`);
          await cache.send(new ec.ModifyReplicationGroupCommand({
            ReplicationGroupId: GROUP, AuthToken: next.SecretString, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true,
          }));
          await sleep(5000); // the status turns "modifying" shortly after
          await settle(context);
        }

        // Outside the VPC this cannot reach the nodes: the clients prove the token (the old one stays
        // valid meanwhile); here the group must have taken the change and be serving.
        async function testSecret() {
          const g = await group();
          if (g.Status !== 'available' || !g.AuthTokenEnabled) throw new Error(`${GROUP}: ${g.Status}`);
        }

        async function finishSecret(id, token, versions) {
          const current = Object.keys(versions).find((v) => versions[v].includes('AWSCURRENT'));
          await secrets.send(new sm.UpdateSecretVersionStageCommand({ SecretId: id, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
          await secrets.send(new sm.UpdateSecretVersionStageCommand({ SecretId: id, VersionStage: 'AWSPENDING', RemoveFromVersionId: token }));
        }
        """;
}
