/**
 * The polling station as a poll worker runs it, for the end-to-end tests: the built
 * `evident-station` command as a child process (asynchronous, so that a server in the test's
 * own process keeps answering), and the ballot and sheet QR images a scanner or a phone would
 * photograph.
 * @module
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SignedTallySheet } from '@evident/record';
import { ballotQrPng } from '../../packages/polling-station/src/ballots/ballot-qr.js';
import { sheetQrPngs } from '../../packages/polling-station/src/sheet/sheet-qr.js';

const BIN = fileURLToPath(new URL('../../packages/polling-station/bin/evident-station.js', import.meta.url));

/** What one command did. */
export interface StationRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `evident-station ARGS` (30 s at most).
 * @param env - extra environment
 */
export function station(args: readonly string[], env: Record<string, string> = {}): Promise<StationRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Like {@link station}, and throws with its output unless it exits 0. */
export async function stationOk(args: readonly string[]): Promise<StationRun> {
  const r = await station(args);
  if (r.code !== 0)
    throw new Error(`evident-station ${args.join(' ')}: exit ${r.code}\n${r.stderr}\n${r.stdout}`);
  return r;
}

/** Writes the PNG of a ballot code as `dir/name.png` and returns its path. */
export async function ballotImage(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, `${name}.png`);
  writeFileSync(path, await ballotQrPng(text));
  return path;
}

/** Writes the PNGs of a sheet's QR codes as `dir/<prefix>-<n>.png`, in reverse order. */
export async function sheetImages(dir: string, prefix: string, signed: SignedTallySheet): Promise<string[]> {
  const pngs = await sheetQrPngs(signed);
  return pngs
    .map((png, i) => {
      const path = join(dir, `${prefix}-${i + 1}.png`);
      writeFileSync(path, png);
      return path;
    })
    .reverse();
}
