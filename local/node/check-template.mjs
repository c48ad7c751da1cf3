// Checks a SAM / CloudFormation template against the published resource specification
// (@aws-cdk/aws-service-spec, which carries the CloudFormation registry schemas and the SAM resources):
//   - every resource type exists;
//   - every property name (top level, and one level into known nested types) exists for that type;
//   - required properties of non-SAM types are present;
//   - every !GetAtt names an attribute the type has; every !Ref / !GetAtt / !Sub ${X} names a resource or parameter.
// SAM's own spec in that package lags behind SAM (SnapStart and LoggingConfig on AWS::Serverless::Function are missing;
// it spells HttpApi's AccessLogSettings as AccessLogSetting), so a SAM property is also accepted when the resource SAM
// generates from it has it (SAM passes those through): see PASS_THROUGH.
// Usage: node check-template.mjs template.yaml   -> prints findings, exits 1 when there are any.
import { readFileSync } from 'node:fs';
import { yamlParse } from 'yaml-cfn';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

const file = process.argv[2] ?? 'template.yaml';
const template = yamlParse(readFileSync(file, 'utf8'));
const db = loadAwsServiceSpecSync();
const findings = [];

const resourceSpec = (type) => {
  const found = db.lookup('resource', 'cloudFormationType', 'equals', type);
  return found.length === 1 ? found.only() : undefined;
};
const typeDefinition = (ref) => (ref && ref.$ref ? db.get('typeDefinition', ref.$ref) : undefined);
const names = new Set([...Object.keys(template.Parameters ?? {}), ...Object.keys(template.Resources ?? {}),
  'AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::NoValue']);
const lambdaSpec = resourceSpec('AWS::Lambda::Function');
const PASS_THROUGH = {
  'AWS::Serverless::Function': lambdaSpec,
  'AWS::Serverless::HttpApi': resourceSpec('AWS::ApiGatewayV2::Stage'),
};

function checkProperties(where, props, spec, extra) {
  for (const [name, value] of Object.entries(props ?? {})) {
    const prop = spec.properties[name] ?? extra?.properties[name];
    if (!prop) {
      findings.push(`${where}: unknown property ${name}`);
      continue;
    }
    const def = typeDefinition(prop.type?.reference);
    if (def && value && typeof value === 'object' && !Array.isArray(value) && !isIntrinsic(value)) {
      for (const inner of Object.keys(value)) {
        if (!def.properties[inner]) findings.push(`${where}.${name}: unknown property ${inner}`);
      }
    }
  }
}
const isIntrinsic = (v) => Object.keys(v).length === 1 && (Object.keys(v)[0].startsWith('Fn::') || Object.keys(v)[0] === 'Ref');

for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
  const spec = resourceSpec(resource.Type);
  if (!spec) {
    findings.push(`${logicalId}: unknown resource type ${resource.Type}`);
    continue;
  }
  const extra = PASS_THROUGH[resource.Type];
  checkProperties(logicalId, resource.Properties, spec, extra);
  if (!resource.Type.startsWith('AWS::Serverless::')) {
    for (const [name, prop] of Object.entries(spec.properties)) {
      if (prop.required && !(name in (resource.Properties ?? {}))) findings.push(`${logicalId}: missing required property ${name}`);
    }
  }
}
const serverlessFunction = resourceSpec('AWS::Serverless::Function');
checkProperties('Globals.Function', template.Globals?.Function, serverlessFunction, lambdaSpec);

// Resources SAM generates and documents as referable: <FunctionLogicalId>Role, the execution role of a function
// without an explicit Role (docs: "AWS SAM generated resources", AWS::Serverless::Function).
function samGenerated(logicalId) {
  const fn = logicalId.endsWith('Role') ? template.Resources?.[logicalId.slice(0, -'Role'.length)] : undefined;
  return fn?.Type === 'AWS::Serverless::Function' && !fn.Properties?.Role ? { Type: 'AWS::IAM::Role' } : undefined;
}

// references
(function walk(node, where) {
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'Ref' && typeof value === 'string' && !names.has(value)) findings.push(`${where}: !Ref to unknown ${value}`);
    if (key === 'Fn::GetAtt') {
      const [target, attribute] = Array.isArray(value) ? value : String(value).split(/\.(.+)/);
      const res = template.Resources?.[target] ?? samGenerated(target);
      if (!res) findings.push(`${where}: !GetAtt on unknown resource ${target}`);
      else {
        const spec = resourceSpec(res.Type);
        const sam = res.Type.startsWith('AWS::Serverless::');
        const attrs = spec ? Object.keys(spec.attributes ?? {}) : [];
        const lambdaAttrs = res.Type === 'AWS::Serverless::Function' ? Object.keys(lambdaSpec.attributes) : [];
        if (spec && !sam && !attrs.includes(attribute)) findings.push(`${where}: ${res.Type} has no attribute ${attribute}`);
        if (sam && ![...attrs, ...lambdaAttrs].includes(attribute)) findings.push(`${where}: ${res.Type} has no attribute ${attribute}`);
      }
    }
    if (key === 'Fn::Sub') {
      const text = Array.isArray(value) ? value[0] : value;
      const local = Array.isArray(value) ? new Set(Object.keys(value[1] ?? {})) : new Set();
      for (const m of String(text).matchAll(/\$\{([^}!]+)\}/g)) {
        const ref = m[1].split('.')[0];
        if (!names.has(ref) && !local.has(ref)) findings.push(`${where}: !Sub refers to unknown ${ref}`);
      }
    }
    walk(value, `${where}.${key}`);
  }
})(template, 'template');

for (const f of findings) console.log(f);
console.log(findings.length === 0 ? `template OK: ${Object.keys(template.Resources ?? {}).length} resources checked` : `${findings.length} finding(s)`);
process.exit(findings.length === 0 ? 0 : 1);
