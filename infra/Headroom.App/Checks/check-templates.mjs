// Judges synthesized CloudFormation templates with tools that are not ours:
//  - CloudFormation validation as the current CDK runs it on synth (aws-cdk-lib's built-in
//    `@aws/cloudformation-validate` engine: resource-schema checks such as patterns, enums, lengths
//    and ranges, plus its default rules), with `@aws-cdk/core:validateAgainstDefaultRules` on, so its
//    findings are errors;
//  - cdk-nag's AwsSolutions pack (cdk-nag 2.x, which reads suppressions from the template metadata).
// Each template is loaded with CfnInclude (logical IDs preserved) into a fresh JavaScript app. Offline:
// reads files, writes a temporary cloud assembly, prints JSON, calls nothing.
//
//   node check-templates.mjs REQUEST.json [MODULES_DIR]
//
// REQUEST.json: {"stacks": [{"name": "Headroom-prod-Data", "template": "path.template.json", "account": "…", "region": "…"}]}
// MODULES_DIR: the folder whose node_modules holds aws-cdk-lib and cdk-nag (default: this script's folder, then the working directory).
// Prints {"versions": {...}, "rules": {"cloudformation": N, "cdk-nag": N},
//         "findings": [{"check", "rule", "level", "stack", "logicalId", "appliesTo", "message", "fix"}]}.
// Suppressed cdk-nag findings are reported too (the caller reads each reason back from the template).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { moduleLoader } from '../Node/modules.mjs';

const [requestFile, modulesDir] = process.argv.slice(2);
if (!requestFile) {
  console.error('usage: node check-templates.mjs REQUEST.json [MODULES_DIR]');
  process.exit(64);
}

const { load, resolve } = moduleLoader(modulesDir, import.meta.url);

const cdk = load('aws-cdk-lib');
const { CfnInclude } = load('aws-cdk-lib/cloudformation-include');
const nag = load('cdk-nag');

const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-check-'));
const findings = [];
const nagRules = new Set();

// cdk-nag calls a logger for every rule on every resource; we keep the non-compliant and suppressed ones.
class Collector {
  record(data, extra) {
    const resource = data.resource;
    const stack = cdk.Stack.of(resource);
    findings.push({
      check: 'cdk-nag',
      rule: data.ruleId,
      level: String(data.ruleLevel ?? '').toLowerCase(),
      stack: stack.stackName,
      logicalId: stack.resolve(resource.logicalId),
      appliesTo: data.findingId && data.findingId !== data.ruleId ? data.findingId : null,
      message: data.ruleInfo,
      fix: data.ruleExplanation,
      ...extra,
    });
  }
  onCompliance(data) { nagRules.add(data.ruleId); }
  onNotApplicable(data) { nagRules.add(data.ruleId); }
  onNonCompliance(data) { nagRules.add(data.ruleId); this.record(data, {}); }
  onSuppressed(data) { nagRules.add(data.ruleId); this.record(data, { suppressed: true }); }
  onError(data) {
    nagRules.add(data.ruleId);
    this.record(data, { level: 'error', message: `the rule could not run: ${data.errorMessage}` });
  }
  onSuppressedError(data) { nagRules.add(data.ruleId); }
}

const app = new cdk.App({
  outdir,
  context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
});
for (const s of request.stacks) {
  // BootstraplessSynthesizer: the templates already carry their own bootstrap parameters.
  const stack = new cdk.Stack(app, s.name, {
    stackName: s.name,
    env: s.account && s.region ? { account: s.account, region: s.region } : undefined,
    synthesizer: new cdk.BootstraplessSynthesizer(),
  });
  new CfnInclude(stack, 'Template', { templateFile: s.template, preserveLogicalIds: true });
}
// cdk-nag throws on a malformed suppression (a reason under 10 characters) and would stop the whole run:
// report it as a finding on that resource instead.
const awsSolutions = new nag.AwsSolutionsChecks({ reports: false, logIgnores: true, additionalLoggers: [new Collector()] });
cdk.Aspects.of(app).add({
  visit(node) {
    try {
      awsSolutions.visit(node);
    } catch (e) {
      if (!(node instanceof cdk.CfnResource)) throw e;
      const stack = cdk.Stack.of(node);
      findings.push({
        check: 'cdk-nag', rule: 'cdk-nag-suppression', level: 'error', stack: stack.stackName,
        logicalId: stack.resolve(node.logicalId), appliesTo: null,
        message: `cdk-nag refused this resource's suppressions: ${String(e.message).split('\n')[0]}`,
        fix: 'give every suppression a reason of 10 characters or more (Checks/Acknowledged.cs)',
      });
    }
  },
});

// With validateAgainstDefaultRules, synth throws after writing its report when anything is an error.
let synthError = null;
try {
  app.synth();
} catch (e) {
  synthError = e;
}

const stackNames = new Map(request.stacks.map((s) => [path.basename(s.name) + '.template.json', s.name]));
let cfnRules = 0;
const reportFile = path.join(outdir, 'validation-report.json');
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  for (const plugin of report.pluginReports ?? []) {
    for (const v of plugin.violations ?? []) {
      for (const c of v.violatingConstructs ?? []) {
        const res = c.cloudFormationResource ?? {};
        const stackName = stackNames.get(res.templatePath) ?? (c.constructPath ?? '').split('/')[0];
        findings.push({
          check: 'cloudformation',
          rule: v.ruleName,
          level: v.severity,
          stack: stackName,
          logicalId: res.logicalId ?? '',
          appliesTo: null,
          message: v.description,
          fix: v.fix ?? 'see the CloudFormation resource reference for the property',
        });
      }
    }
  }
} else if (synthError) {
  console.error(`check-templates: synthesis failed without a validation report: ${synthError.message}`);
  process.exit(2);
}

// The rules the validation engine ran: one resource schema per resource type in the templates, plus its
// built-in rule index filtered by those types, as the plugin itself filters it.
try {
  const index = JSON.parse(fs.readFileSync(path.join(path.dirname(resolve('aws-cdk-lib/package.json')), 'core/lib/validation/rules/index.generated.json'), 'utf8'));
  const types = new Set();
  for (const s of request.stacks) {
    const t = JSON.parse(fs.readFileSync(s.template, 'utf8'));
    for (const r of Object.values(t.Resources ?? {})) types.add(r.Type);
  }
  cfnRules = types.size + index.rules.filter((r) => r.types === null || r.types.some((type) => types.has(type))).length;
} catch {
  cfnRules = 0;
}

fs.rmSync(outdir, { recursive: true, force: true });
const versionOf = (pkg) => load(`${pkg}/package.json`).version;
process.stdout.write(JSON.stringify({
  versions: { 'aws-cdk-lib': versionOf('aws-cdk-lib'), 'cdk-nag': versionOf('cdk-nag') },
  rules: { cloudformation: cfnRules, 'cdk-nag': nagRules.size },
  findings,
}));
