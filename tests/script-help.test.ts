/**
 * Every script behind an npm script (demos, benchmarks, the load generator) parses its arguments
 * with commander: `--help` prints its usage and runs nothing, an unknown flag is refused with
 * exit 1 and a message naming it. Runs the built files (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const SCRIPTS = [
  { npm: 'npm run demo', file: 'packages/server/dist/demo.js', usage: 'Usage: demo' },
  { npm: 'npm run demo:simulated', file: 'scripts/demo.js', usage: 'Usage: demo:simulated' },
  { npm: 'npm run bench', file: 'scripts/bench.js', usage: 'Usage: bench' },
  {
    npm: 'npm run bench:server',
    file: 'packages/load/dist/bench-server.js',
    usage: 'Usage: bench:server',
  },
  {
    npm: 'npm run sync-schemas -w @evident/record',
    file: 'packages/record/scripts/sync-schemas.mjs',
    usage: 'Usage: sync-schemas',
  },
  { npm: 'the load generator', file: 'packages/load/dist/load-cli.js', usage: 'Usage: load-cli' },
  {
    npm: 'npm run bench:sse-viewers',
    file: 'packages/load/dist/sse-viewers-bench.js',
    usage: 'Usage: bench:sse-viewers',
  },
  {
    npm: 'npm run bench:display-soak',
    file: 'packages/load/dist/display-soak-bench.js',
    usage: 'Usage: bench:display-soak',
  },
  { npm: 'npm run bench:peak', file: 'packages/load/dist/peak-bench.js', usage: 'Usage: bench:peak' },
  {
    npm: 'npm run bench:ranked-request-hold',
    file: 'packages/load/dist/ranked-request-hold.js',
    usage: 'Usage: bench:ranked-request-hold',
  },
  {
    npm: 'npm run bench:scale',
    file: 'packages/load/dist/scale/scale-bench.js',
    usage: 'Usage: bench:scale',
  },
];

/** A script that ignores `--help` starts its work: the bound kills it and the test fails. */
const run = (file: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, file), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });

describe.each(SCRIPTS)('$npm', ({ file, usage }) => {
  it('answers --help with its usage, exit 0, and runs nothing', () => {
    const r = run(file, ['--help']);
    expect(r.stdout).toContain(usage);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('refuses an unknown flag naming it, exit 1, and runs nothing', () => {
    const r = run(file, ['--no-such-flag']);
    expect(r.stderr).toContain('--no-such-flag');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(1);
  });
});
