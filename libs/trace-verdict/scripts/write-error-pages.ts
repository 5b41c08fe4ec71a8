// `npx nx run trace-verdict:error-pages`: renders the "What to do" section of every page of
// docs/errors from docs/errors/remedies.json. The remedies spec fails while a page is out of step.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { remedySection, withRemedySection } from '../src/remedies';

const docs = resolve(__dirname, '../../../docs/errors');
for (const name of readdirSync(docs).filter((file) => file.endsWith('.md') && file !== 'README.md')) {
  const path = join(docs, name);
  const page = readFileSync(path, 'utf8');
  const rendered = withRemedySection(page, remedySection(name.slice(0, -'.md'.length)));
  if (rendered !== page) {
    writeFileSync(path, rendered);
    process.stdout.write(`rendered ${join('docs/errors', name)}\n`);
  }
}
