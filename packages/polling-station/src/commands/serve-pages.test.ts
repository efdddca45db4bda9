/**
 * `evident-station serve` (the built command, as a poll worker runs it) mounts the counting page
 * once provisioned, and the marking device only with the station passphrase.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserStation, PASSPHRASE, type BrowserStation } from '../../test/browser-station.js';

const BIN = fileURLToPath(new URL('../../bin/evident-station.js', import.meta.url));

/** Runs `serve` on a free port until `body` is done; its stderr. */
async function serving(dir: string, extra: string[], body: (url: string) => Promise<void>): Promise<string> {
  const env = { ...process.env };
  delete env['EVIDENT_STATION_PASSPHRASE'];
  const child = spawn(process.execPath, [BIN, 'serve', '--dir', dir, '--port', '0', '--no-sync', ...extra], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /poll workers' UI: (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });
    await body(url);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return err;
}

describe('evident-station serve', () => {
  let st: BrowserStation;
  beforeAll(async () => {
    st = await browserStation();
  });
  afterAll(async () => st?.close());

  it('with the station passphrase: the counting page and the marking device', async () => {
    const pass = join(st.dir, 'pass.txt');
    writeFileSync(pass, `${PASSPHRASE}\n`);
    await serving(st.dir, ['--passphrase-file', pass], async (url) => {
      expect((await fetch(`${url}/bmd`)).status).toBe(200);
      const count = await fetch(`${url}/count`, { redirect: 'manual' });
      expect([count.status, count.headers.get('location')]).toEqual([303, '/sign-in']);
    });
  });

  it('without it: counting only, and it says why the marking device is off', async () => {
    const err = await serving(st.dir, [], async (url) => {
      expect((await fetch(`${url}/bmd`)).status).toBe(404);
      expect((await fetch(`${url}/count`, { redirect: 'manual' })).status).toBe(303);
    });
    expect(err).toContain('marking device off, sheets not signed: no station passphrase');
  });
});
