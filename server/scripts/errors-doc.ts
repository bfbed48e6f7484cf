import { readFileSync, writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../lib/errors-doc.ts';

const file = new URL('../../docs/errors.md', import.meta.url);
const rendered = renderErrorsDoc();
if (process.argv.includes('--write')) {
  writeFileSync(file, rendered);
  process.stdout.write('docs/errors.md written\n');
} else if (readFileSync(file, 'utf8') !== rendered) {
  process.stderr.write('docs/errors.md is out of date: run npm run docs:errors\n');
  process.exit(1);
}
