import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { readStationPublicKey } from './keys/station-key.js';
import { startFakeServer, type FakeServer } from '../test/fake-station-server.js';
import { tempStation } from '../test/station-fixture.js';

let dir: string;
let cleanup: () => void;
let server: FakeServer;
const files: Record<string, string> = {};

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--dir', dir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const t = tempStation();
  t.sdb.close();
  dir = t.dir;
  cleanup = () => t.cleanup();
  for (const [k, v] of Object.entries({
    pass: 'station passphrase 1',
    token: 'tok-S1',
    pin: '246810',
    badPin: '000000',
  })) {
    files[k] = join(dir, `${k}.txt`);
    writeFileSync(files[k], v + '\n');
  }
});
afterAll(async () => {
  cleanup();
  await server?.close();
});

describe('evident-station', () => {
  it('init makes the key and prints it; a second init is refused', async () => {
    const r = await run('init', '--passphrase-file', files.pass!);
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^station public key: [0-9A-F]{64}$/m) });
    expect((await run('init', '--passphrase-file', files.pass!)).err).toMatch(/station-key\.json exists/);
    server = await startFakeServer({
      stations: [
        {
          label: 'S1',
          token: 'tok-S1',
          publicKey: readStationPublicKey(dir),
          voters: [
            { voterId: 'V1', name: 'Ada Lovelace' },
            { voterId: 'V2', name: 'Alan Turing' },
          ],
        },
      ],
    });
  });

  it('names the missing setting or file, with exit 2', async () => {
    const saved = process.env.EVIDENT_STATION_PASSPHRASE;
    delete process.env.EVIDENT_STATION_PASSPHRASE;
    try {
      expect(await run('worker', 'add', '--name', 'ana')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/EVIDENT_STATION_PASSPHRASE/),
      });
    } finally {
      if (saved !== undefined) process.env.EVIDENT_STATION_PASSPHRASE = saved;
    }
    const missing = join(dir, 'nope.txt');
    const r = await run(
      'provision',
      '--server',
      server.url,
      '--token-file',
      missing,
      '--election',
      'E1',
      '--station',
      'S1',
    );
    expect(r).toMatchObject({
      code: 2,
      err: expect.stringContaining(`${missing}: cannot read the station token`),
    });
    expect((await run('provision', '--server', server.url)).code).toBe(2);
    expect(
      await run(
        'checkin',
        '--voter',
        'V1',
        '--worker',
        'ana',
        '--worker-secret-file',
        files.pin!,
        '--document-type',
        'passport',
        '--document-last',
        '12',
      ),
    ).toMatchObject({ code: 1, err: expect.stringMatching(/unknown worker/) });
    expect(await run('status')).toMatchObject({ code: 0, out: expect.stringMatching(/^not provisioned/) });
  });

  it('provisions against the pinned key, adds a worker, checks in, refuses a second check-in, closes, syncs', async () => {
    const p = await run(
      'provision',
      '--server',
      server.url,
      '--token-file',
      files.token!,
      '--election',
      'E1',
      '--station',
      'S1',
      '--log-key',
      server.logPublicKey,
    );
    expect(p).toMatchObject({
      code: 0,
      out: expect.stringMatching(/provisioned: election E1, station S1, 2 voters/),
    });
    expect(
      await run(
        'worker',
        'add',
        '--name',
        'ana',
        '--secret-file',
        files.pin!,
        '--passphrase-file',
        files.pass!,
      ),
    ).toMatchObject({ code: 0, out: 'worker ana added (pin)' });
    expect((await run('worker', 'list')).out).toMatch(/^ana\tpin/);
    const ci = [
      'checkin',
      '--voter',
      'V1',
      '--worker',
      'ana',
      '--document-type',
      'passport',
      '--document-last',
      '12',
    ];
    expect(await run(...ci, '--worker-secret-file', files.badPin!)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/wrong PIN/),
    });
    expect(await run(...ci, '--worker-secret-file', files.pin!)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^checked in: V1 .* by ana/),
    });
    expect(await run(...ci, '--worker-secret-file', files.pin!)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/V1 \(Ada Lovelace\) was already checked in/),
    });
    expect(
      await run(
        'pollbook',
        'close',
        '--worker',
        'ana',
        '--worker-secret-file',
        files.pin!,
        '--passphrase-file',
        files.pass!,
      ),
    ).toMatchObject({
      code: 0,
      out: expect.stringMatching(/poll book closed .*1 voters checked in/),
    });
    expect(await run('sync', '--once')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/outbox: 0 waiting, 2 delivered, 0 refused, 0 bad receipts/),
    });
    expect(server.checkIns.size).toBe(1);
    expect(server.closings.get('S1')).toMatchObject({ checkIns: 1 });
    const st = JSON.parse((await run('status', '--json')).out) as {
      checkIns: number;
      clockOffset: unknown;
      outbox: { pending: number };
    };
    expect(st).toMatchObject({
      checkIns: 1,
      outbox: { pending: 0 },
      clockOffset: { offsetMs: expect.any(Number) },
    });
  });
});
