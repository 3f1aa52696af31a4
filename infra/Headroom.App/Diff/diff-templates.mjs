// Diffs pairs of CloudFormation templates with the CDK's own diff engine (@aws-cdk/cloudformation-diff,
// what `cdk diff` uses), so that what counts as a replacement comes from the CloudFormation resource
// specification and not from rules of ours. Offline: reads files, prints JSON, calls nothing.
//
//   node diff-templates.mjs REQUEST.json [MODULES_DIR]
//
// REQUEST.json: {"stacks": [{"name": "Headroom-prod-Data", "old": "a.template.json" | null, "new": "b.template.json" | null}]}
// A missing side is an empty template: every resource is added (or removed).
// MODULES_DIR: the folder whose node_modules holds the engine (default: this script's folder, then the working directory).
// Prints {"engine": "VERSION", "stacks": [{"name", "resources": [{"logicalId", "type", "oldType", "newType", "impact",
// "oldPolicies", "newPolicies": {"deletionPolicy", "updateReplacePolicy"} | null (no such side),
// "changes": [{"kind": "property" | "other", "name", "impact", "old", "new"}]}], "outputs": [{"name", "change"}],
// "permissionsBroadened": bool}]}
// The policies are passed on as written: the C# side decides from them what is stateful (Checks/Stateful.cs).
import { readFileSync } from 'node:fs';
import { moduleLoader } from '../Node/modules.mjs';

const [requestFile, modulesDir] = process.argv.slice(2);
if (!requestFile) {
  console.error('usage: node diff-templates.mjs REQUEST.json [MODULES_DIR]');
  process.exit(64);
}

const { load } = moduleLoader(modulesDir, import.meta.url);

const engine = load('@aws-cdk/cloudformation-diff');
const enginePackage = load('@aws-cdk/cloudformation-diff/package.json');

const readTemplate = file => (file ? JSON.parse(readFileSync(file, 'utf8')) : {});
const policiesOf = resource =>
  resource ? { deletionPolicy: resource.DeletionPolicy ?? null, updateReplacePolicy: resource.UpdateReplacePolicy ?? null } : null;
const kindOf = d => (d.isAddition ? 'added' : d.isRemoval ? 'removed' : 'modified');

const request = JSON.parse(readFileSync(requestFile, 'utf8'));
const stacks = request.stacks.map(({ name, old: oldFile, new: newFile }) => {
  const diff = engine.fullDiff(readTemplate(oldFile), readTemplate(newFile));
  const resources = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const changes = [];
    // Additions and removals carry the whole resource; only updates have property-level detail worth showing.
    if (!change.isAddition && !change.isRemoval) {
      change.forEachDifference((type, name, value) => {
        changes.push({
          kind: type === 'Property' ? 'property' : 'other',
          name,
          impact: value.changeImpact ?? null,
          old: value.oldValue ?? null,
          new: value.newValue ?? null,
        });
      });
    }
    resources.push({
      logicalId,
      type: change.newResourceType ?? change.oldResourceType ?? null,
      oldType: change.oldResourceType ?? null,
      newType: change.newResourceType ?? null,
      impact: change.changeImpact,
      oldPolicies: policiesOf(change.oldValue),
      newPolicies: policiesOf(change.newValue),
      changes,
    });
  });
  const outputs = [];
  diff.outputs.forEachDifference((outputName, d) => outputs.push({ name: outputName, change: kindOf(d) }));
  return { name, resources, outputs, permissionsBroadened: diff.permissionsBroadened };
});

process.stdout.write(JSON.stringify({ engine: enginePackage.version, stacks }));
