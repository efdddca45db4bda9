/**
 * Running the load generator (`load-cli.ts`) in a process of its own for the server benchmark:
 * the job is written to a file in `dir`, the child's JSON answer is parsed; every run is bounded
 * in time (the child is killed after `timeoutMs`).
 * @module
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));

/** Runs `load-cli COMMAND job` in a child process; resolves with its JSON, bounded in time. */
export function runLoad<T>(
  dir: string,
  command: 'prepare' | 'cast' | 'reads' | 'mixed',
  job: object,
  timeoutMs: number,
): Promise<T> {
  const file = join(dir, `job-${command}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [here('./load-cli.js'), command, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`load generator (${command}) gave no result within ${timeoutMs} ms: ${err.slice(-500)}`),
      );
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`load generator (${command}) exited with ${code}: ${err.slice(-500)}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`load generator (${command}) printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}
