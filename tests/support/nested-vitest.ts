/**
 * `runVitest`: vitest on some test files in a child process (the tests of the run's own
 * summary: browser-tests.test.ts, pg-tests.test.ts). Asynchronous, so that several such runs go
 * at once and the calling worker's event loop keeps answering vitest (a `spawnSync` of a whole
 * run blocked it for longer than vitest's worker RPC timeout on a loaded machine).
 * @module
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** How a child vitest run ended: its exit status (null if killed) and its stdout and stderr. */
export interface VitestRun {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs `vitest run FILES` from the repository root with exactly `env`; kills it after
 * `timeoutMs`. Never rejects: a failure to start is an output and a null status.
 */
export function runVitest(
  files: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs = 240_000,
): Promise<VitestRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...files], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => (stderr += `\n${e.message}`));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output: `${stdout}\n${stderr}` });
    });
  });
}
