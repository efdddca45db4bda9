/**
 * `evident-station sync --once` when the server refuses what the station sends (here a check-in
 * of a voter the server's roll does not have): the poll worker must learn it — exit 1, naming
 * the refusal —, not read "exit 0" as "everything delivered".
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { readStationPublicKey } from '../keys/station-key.js';
import { startFakeServer, type FakeServer } from '../../test/fake-station-server.js';
import { tempStation } from '../../test/station-fixture.js';

const t = tempStation();
t.sdb.close();
let server: FakeServer | undefined;
afterAll(async () => {
  t.cleanup();
  await server?.close();
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--dir', t.dir], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sync --once with refusals', () => {
  it('exits 1 naming what the server refused', async () => {
    const file = (name: string, v: string) => {
      writeFileSync(join(t.dir, name), `${v}\n`);
      return join(t.dir, name);
    };
    const pass = file('pass.txt', 'station passphrase 1');
    const token = file('token.txt', 'tok-S1');
    const pin = file('pin.txt', '246810');
    expect((await run('init', '--passphrase-file', pass)).code).toBe(0);
    server = await startFakeServer({
      stations: [
        {
          label: 'S1',
          token: 'tok-S1',
          publicKey: readStationPublicKey(t.dir),
          voters: [{ voterId: 'V1', name: 'Ada Lovelace' }],
        },
      ],
    });
    // the station's roll slice has a voter the server will refuse
    server.tamperBundle = (b) => {
      b.roll = [...(b.roll as object[]), { voterId: 'V9', name: 'Not On The Roll' }];
    };
    const prov = ['--server', server.url, '--token-file', token, '--election', 'E1', '--station', 'S1'];
    expect((await run('provision', ...prov, '--log-key', server.logPublicKey)).code).toBe(0);
    expect(
      (await run('worker', 'add', '--name', 'ana', '--secret-file', pin, '--passphrase-file', pass)).code,
    ).toBe(0);
    const checkin = (voter: string) =>
      run(
        'checkin',
        '--voter',
        voter,
        '--worker',
        'ana',
        '--worker-secret-file',
        pin,
        '--document-type',
        'passport',
        '--document-last',
        '12',
      );
    expect((await checkin('V1')).code).toBe(0);
    expect((await checkin('V9')).code).toBe(0);
    const r = await run('sync', '--once');
    expect(r.out).toMatch(/outbox: 0 waiting, 1 delivered, 1 refused/);
    expect(r).toMatchObject({
      code: 1,
      err: expect.stringMatching(/1 item\(s\) refused by the server: check-in .*not on this station’s roll/),
    });
    // nothing left to send: a second run says the same
    expect((await run('sync', '--once')).code).toBe(1);
  });
});
