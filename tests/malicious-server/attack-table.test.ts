/**
 * spec/attacks.md is the attack table of the harness: its table is generated from the rows in
 * code (attack-table.ts) and must be up to date; every catcher is a numbered check or a coded
 * refusal that the specification defines. `EVIDENT_WRITE_ATTACKS_MD=1 npx vitest run
 * tests/malicious-server/attack-table.test.ts` rewrites the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTACKS, attackTableMarkdown } from './attack-table.js';

const SPEC = join(import.meta.dirname, '../../spec');
const ATTACKS_MD = join(SPEC, 'attacks.md');
const BEGIN = '<!-- attack-table:begin (generated from tests/malicious-server/attack-table.ts) -->\n';
const END = '<!-- attack-table:end -->';

describe('spec/attacks.md', () => {
  it('holds the table of the rows in code, up to date', () => {
    const md = readFileSync(ATTACKS_MD, 'utf8');
    const start = md.indexOf(BEGIN);
    const end = md.indexOf(END);
    expect(start, `spec/attacks.md has no "${BEGIN.trim()}" marker`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const table = attackTableMarkdown();
    if (process.env.EVIDENT_WRITE_ATTACKS_MD === '1')
      writeFileSync(ATTACKS_MD, md.slice(0, start + BEGIN.length) + table + md.slice(end));
    else
      expect(md.slice(start + BEGIN.length, end), 'run with EVIDENT_WRITE_ATTACKS_MD=1 to regenerate').toBe(
        table,
      );
  });

  it('names each row once', () => {
    expect(new Set(ATTACKS.map((a) => a.name)).size).toBe(ATTACKS.length);
  });

  it('catches every landed row with a check or a refusal the specification defines', () => {
    const checks = ['verification.md', 'bulletin-board.md', 'mixnet.md', 'ranked-choice.md']
      .map((f) => readFileSync(join(SPEC, f), 'utf8'))
      .join('\n');
    const api = readFileSync(join(SPEC, 'server-api.md'), 'utf8');
    for (const a of ATTACKS) {
      if (a.pending) continue;
      if (a.kind === 'record')
        expect(checks, a.name).toMatch(new RegExp(`\\b${a.check.replace('.', '\\.')}\\b`));
      if (a.kind === 'server') expect(api, a.name).toContain(a.code.replace(/^EVD_ERR/, '')); // listed as `_CODE`
    }
  });
});
