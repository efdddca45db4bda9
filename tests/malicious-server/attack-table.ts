/**
 * The attack table: every row the harness runs, numbered in this order, and its rendering as
 * the markdown table of spec/attacks.md (kept in sync by attacks.test.ts).
 * @module
 */
import { apiAttacks } from './api-attacks.js';
import { caughtBy, type Attack } from './attack-types.js';
import { headAttacks, logAttacks, receiptAttacks } from './board-attacks.js';
import { fileAttacks, rankedAttacks } from './file-attacks.js';
import { guardianAttacks, guardianUploadAttacks } from './guardian-attacks.js';
import { identityAttacks } from './identity-attacks.js';
import { lifecycleAttacks } from './lifecycle-attacks.js';
import { paperAttacks } from './paper-attacks.js';

/** Every row, in the order of spec/attacks.md. */
export const ATTACKS: readonly Attack[] = [
  ...headAttacks,
  ...logAttacks,
  ...lifecycleAttacks,
  ...paperAttacks,
  ...fileAttacks,
  ...rankedAttacks,
  ...receiptAttacks,
  ...apiAttacks,
  ...identityAttacks,
  ...guardianUploadAttacks,
  ...guardianAttacks,
];

/** The test's title for row `n` (1-based): the table's last column. */
export function testName(a: Attack, n: number): string {
  return `#${n} ${a.name} → ${caughtBy(a)}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The markdown table of spec/attacks.md, one line per row of {@link ATTACKS}. */
export function attackTableMarkdown(): string {
  const lines = [
    '| # | attack | what the server does | caught by | test name |',
    '|---|---|---|---|---|',
    ...ATTACKS.map((a, i) => {
      const by = caughtBy(a) + (a.pending ? ` (pending: ${a.pending})` : '');
      return `| ${i + 1} | ${cell(a.name)} | ${cell(a.does)} | ${cell(by)} | ${cell(testName(a, i + 1))} |`;
    }),
  ];
  return lines.join('\n') + '\n';
}
