#!/usr/bin/env node
/**
 * `npm run bench [-- --json] [-- --only NAME[,NAME]]`: runs every package's benchmark suites
 * (`--help` for the options).
 *
 * Each package may build `dist/bench.js` exporting `suites: BenchSuite[]` where
 *   BenchSuite = { name: string, description: string, run(): Promise<BenchResult> }
 *   BenchResult = { rows: Array<Record<string, string|number>>, notes?: string[] }
 * With --json, one JSON document goes to stdout (progress to stderr); otherwise a table per suite.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Command } from 'commander';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const program = new Command()
  .name('bench')
  .description(
    "Runs every package's benchmark suites (packages/*/dist/bench.js): `npm run bench -- OPTIONS`.",
  )
  .option('--json', 'one JSON document on stdout (progress on stderr)')
  .option('--only <names>', 'only these suites, comma-separated (e.g. e2e-crypto,evident-verify)', (v) =>
    v.split(','),
  )
  .parse();
const { json, only: onlyNames } = program.opts();
const only = onlyNames ? new Set(onlyNames) : undefined;

const suites = [];
for (const pkg of readdirSync(join(root, 'packages')).sort()) {
  const file = join(root, 'packages', pkg, 'dist', 'bench.js');
  if (!existsSync(file)) continue;
  const mod = await import(pathToFileURL(file).href);
  for (const s of mod.suites ?? []) suites.push({ pkg, ...s });
}

const unknown = [...(only ?? [])].filter((n) => !suites.some((s) => s.name === n));
if (unknown.length > 0)
  program.error(
    `bench: no suite named ${unknown.join(', ')} (suites: ${suites.map((s) => s.name).join(', ')})`,
  );

const report = {
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryBytes: totalmem(),
    node: process.version,
  },
  startedAt: new Date().toISOString(),
  suites: [],
};
for (const s of suites) {
  if (only && !only.has(s.name)) continue;
  process.stderr.write(`bench: ${s.name} — ${s.description}\n`);
  const t0 = performance.now();
  const result = await s.run();
  report.suites.push({
    package: s.pkg,
    name: s.name,
    description: s.description,
    seconds: (performance.now() - t0) / 1000,
    ...result,
  });
  if (!json) printTable(s.name, s.description, result);
}
if (json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');

function printTable(name, description, { rows, notes }) {
  console.log(`\n## ${name} — ${description}`);
  if (rows.length === 0) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const fmt = (v) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? '');
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => fmt(r[c]).length)));
  console.log(cols.map((c, i) => c.padEnd(width[i])).join('  '));
  console.log(width.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(cols.map((c, i) => fmt(r[c]).padEnd(width[i])).join('  '));
  for (const n of notes ?? []) console.log(`  note: ${n}`);
}
