/**
 * `evident-trustee decrypt --server` against a listening evident-server (spec/server-api.md §7.2,
 * spec/key-ceremony.md §9.7–9.8): a key ceremony run with the CLI and imported by the server, four
 * voters (a revote, a challenge), close and tally; then each guardian of the quorum downloads the
 * board, checks its signed head under the pinned log key, recomputes each request from it,
 * decrypts and uploads (round 1), and answers the board's challenge (`--respond`, round 2). The
 * results are published; a copy of a guardian's secret file answering again uploads the same
 * response; a wrong pinned key is refused before anything is decrypted or uploaded.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '@evident/e2e-crypto';
import { EXIT } from '@evident/trustee-cli';
import { cliRunner, fullCeremony } from '../packages/trustee-cli/test/cli-ceremony.js';
import { buildApp } from '../packages/server/src/app.js';
import { ballotClient } from '../packages/server/src/client/ballot-client.js';
import {
  castBallot,
  injectCall,
  mustCall,
  simpleManifest,
  type Call,
  type LocalElection,
} from '../packages/server/src/testing/local-election.js';
import { publicationEnded } from '../packages/server/src/testing/run-election.js';

const ADMIN = 'evd_guardian-online-admin';
const PASS = 'correct horse battery';
const names = ['alice', 'bob', 'carol'];
let manifest: Manifest;

describe('evident-trustee decrypt --server: both rounds over HTTP, checked against the board', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let base: string;
  let logKey: string;
  let kinds: string[];
  const dir = mkdtempSync(join(tmpdir(), 'evident-guardian-online-'));
  const f = (name: string): string => join(dir, name);
  const { cli, ok } = cliRunner(PASS);
  const must = (method: string, path: string, body?: unknown) => mustCall(call, ADMIN)(method, path, body);
  const decrypt = (secret: string, kind: string, key: string, extra: string[], out: string) =>
    cli([
      'decrypt',
      '--election',
      f('election-key.json'),
      '--secret',
      f(`${secret}.secret.json`),
      '--server',
      base,
      '--election-id',
      'e1',
      '--kind',
      kind,
      '--log-key',
      key,
      '--token-file',
      f(`${secret.replace(/-.*/, '')}.token`),
      ...extra,
      '-o',
      out,
    ]);

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    call = injectCall(app);
    const created = await must('POST', '/elections', {
      id: 'e1',
      profile: 'ristretto255',
      manifest: simpleManifest(3),
      timeZone: 'Europe/Paris',
    });
    // the trustees hash the manifest as the server published it, with its bulletin board
    manifest = created.manifest;
    await fullCeremony(ok, f, manifest, names, 2);
    const electionKey = JSON.parse(readFileSync(f('election-key.json'), 'utf8'));
    const summary = await must('POST', '/elections/e1/key-ceremony', { electionKey });
    const issued = await must('POST', '/elections/e1/credentials', { voters: ['v1', 'v2', 'v3', 'v4'] });
    await must('POST', '/elections/e1/open');
    const el = {
      id: 'e1',
      manifest,
      codes: new Map((issued.issued as { voterId: string; code: string }[]).map((x) => [x.voterId, x.code])),
      client: ballotClient({
        profile: 'ristretto255',
        manifest,
        jointKey: summary.jointKey,
        extendedBaseHash: summary.extendedBaseHash,
      }),
    } as unknown as LocalElection;
    for (const [voter, option, intent] of [
      ['v1', 'o1', 'cast'],
      ['v2', 'o2', 'cast'],
      ['v3', 'o1', 'challenge'],
      ['v1', 'o3', 'cast'], // v1 revotes: o1 no longer counts
      ['v4', 'o1', 'cast'],
    ] as const)
      expect((await castBallot(call, el, voter, option, intent)).r.status).toBe(200);
    await must('POST', '/elections/e1/close');
    kinds = ((await must('POST', '/elections/e1/tally')).requests as { kind: string }[]).map((r) => r.kind);
    for (const [i, g] of names.entries()) {
      const { token } = await must('POST', '/admin/tokens', { role: 'trustee', label: g, guardian: i + 1 });
      writeFileSync(f(`${g}.token`), token, { mode: 0o600 });
    }
    logKey = (await must('GET', '/elections/e1/board/tree-head')).logPublicKey;
  }, 180_000);
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a board under another log key before decrypting or uploading', async () => {
    const r = await decrypt(
      'alice',
      'tally',
      logKey.replace(/^./, (c) => (c === '0' ? '1' : '0')),
      [],
      f('x.json'),
    );
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/the setup entry names another log key than the one pinned/);
    expect((await must('GET', '/elections/e1/decryption')).partials).toEqual([]);
  });

  it('decrypts the tally and the challenged ballot in two rounds; the results are published', async () => {
    expect(kinds).toEqual(['tally', 'challenged-ballots']);
    for (const g of ['alice', 'bob'])
      for (const kind of kinds) {
        const r = await decrypt(g, kind, logKey, ['--json'], f(`${g}.${kind}.partial.json`));
        expect(r.code, r.err + r.out).toBe(0);
        expect(JSON.parse(r.out).message).toMatch(/checked against the board at tree size \d+.*; uploaded/);
      }
    await must('POST', '/elections/e1/decryption/challenge');
    copyFileSync(f('alice.secret.json'), f('alice-copy.secret.json'));
    const respond = async (g: string, kind: string, out: string) => {
      const r = await decrypt(g, kind, logKey, ['--respond'], out);
      expect(r.code, r.err + r.out).toBe(0);
    };
    for (const kind of kinds) await respond('alice', kind, f(`alice.${kind}.response.json`));
    // a copy of alice's secret file answers the same board the same way (the upload is a repeat)
    await respond('alice-copy', 'tally', f('alice.copy.response.json'));
    expect(readFileSync(f('alice.copy.response.json'), 'utf8')).toBe(
      readFileSync(f('alice.tally.response.json'), 'utf8'),
    );
    for (const kind of kinds) await respond('bob', kind, f(`bob.${kind}.response.json`));
    await publicationEnded(must, 'e1');
    const results = (await must('GET', '/elections/e1/results')).results;
    expect(results.contests[0].selections.map((s: { value: number }) => s.value)).toEqual([1, 1, 1]);
  });
});
