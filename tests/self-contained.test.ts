/**
 * The repository stands alone: its docs, specs, scripts and code comments refer to nothing
 * outside it — no sibling folder, no issue-tracker number. Fixtures' PROVENANCE files, which name
 * where copied data came from, are the exception.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  '.git',
  'fixtures',
  'vectors',
  'demo-output',
  'bench-output',
]);
const TEXT = /\.(ts|js|mjs|md|json)$|^run$/;
const OUTSIDE = [
  { what: 'a folder beside the repository', re: /\.\.\/shared\b/ },
  { what: 'an issue-tracker number', re: /\bissues?[ -]#?\d+|\(#\d+\)/i },
];

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) files(path, out);
    } else if (TEXT.test(name) && name !== 'package-lock.json' && name !== 'PROVENANCE.md') out.push(path);
  }
  return out;
}

it('refers to nothing outside the repository', () => {
  const found: string[] = [];
  for (const file of files(root))
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const { what, re } of OUTSIDE)
          if (re.test(line)) found.push(`${relative(root, file)}:${i + 1}: ${what}: ${line.trim()}`);
      });
  expect(found).toEqual([]);
});
