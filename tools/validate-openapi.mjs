// Validates an OpenAPI document against the official OpenAPI JSON Schema.
// Usage: node tools/validate-openapi.mjs <url or file>   (exit 0 when valid; the errors otherwise)
import { Validator } from '@seriousme/openapi-schema-validator';
import { readFile } from 'node:fs/promises';

const source = process.argv[2];
if (!source) {
  console.error('usage: node tools/validate-openapi.mjs <url or file>');
  process.exit(2);
}
const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : await readFile(source, 'utf8');
const result = await new Validator().validate(JSON.parse(text));
console.log(JSON.stringify(result, null, 2));
process.exit(result.valid ? 0 : 1);
