#!/usr/bin/env node
// Writes kubeconform's schema files from the Kubernetes API server's own OpenAPI (v2) document
// (api/openapi-spec/swagger.json of the k8s.io/kubernetes module), the way kubeconform's schema
// repository is made: one file per kind, named as kubeconform looks it up
// ("{kind}{-group}-{version}.json", e.g. deployment-apps-v1.json), each referring to one shared
// _definitions.json. Strict, as kubectl's own validation: an object with declared properties takes
// no other (additionalProperties: false), so a misspelt or misplaced field is an error.
//
//   node openapi-to-jsonschema.mjs <swagger.json> <output folder>
import * as fs from 'node:fs';
import * as path from 'node:path';

const [specFile, outDir] = process.argv.slice(2);
if (!specFile || !outDir) {
  console.error('usage: openapi-to-jsonschema.mjs <swagger.json> <output folder>');
  process.exit(2);
}

const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));

/** The OpenAPI types JSON Schema has no word for, as the API server reads them. */
const SPECIAL = {
  // int-or-string: a port name or number, a percentage or a count.
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  // A quantity is written as a string ("250m", "1Gi") or a plain number (1, 0.5).
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

function convert(node) {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  if (node.format === 'int-or-string') return SPECIAL['io.k8s.apimachinery.pkg.util.intstr.IntOrString'];
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/definitions/', '_definitions.json#/definitions/');
    else out[key] = convert(value);
  }
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

const definitions = {};
for (const [name, schema] of Object.entries(spec.definitions)) definitions[name] = SPECIAL[name] ?? convert(schema);

fs.mkdirSync(outDir, { recursive: true });
// Inside _definitions.json a reference points into the same file.
const local = JSON.stringify({ definitions }).replaceAll('"_definitions.json#/definitions/', '"#/definitions/');
fs.writeFileSync(path.join(outDir, '_definitions.json'), local);

let kinds = 0;
for (const [name, schema] of Object.entries(spec.definitions)) {
  const gvks = schema['x-kubernetes-group-version-kind'];
  // DeleteOptions, WatchEvent and the like belong to every group: no manifest is one.
  if (!Array.isArray(gvks) || gvks.length !== 1) continue;
  const { group, version, kind } = gvks[0];
  const suffix = group === '' ? `-${version}` : `-${group.split('.')[0]}-${version}`;
  const file = `${kind.toLowerCase()}${suffix.toLowerCase()}.json`;
  const apiVersion = group === '' ? version : `${group}/${version}`;
  fs.writeFileSync(
    path.join(outDir, file),
    JSON.stringify({
      allOf: [
        { $ref: `_definitions.json#/definitions/${name}` },
        // A manifest must say what it is, exactly. (Beside a $ref, draft 4 would ignore these.)
        { required: ['apiVersion', 'kind'], properties: { apiVersion: { enum: [apiVersion] }, kind: { enum: [kind] } } },
      ],
    }),
  );
  kinds += 1;
}
console.log(`openapi-to-jsonschema: ${kinds} kinds from ${specFile} (${spec.info?.version ?? 'unknown version'}) into ${outDir}`);
