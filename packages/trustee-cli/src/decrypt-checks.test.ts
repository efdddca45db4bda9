/**
 * Guardians check what they decrypt (spec/key-ceremony.md §9.7–9.8), with a 2-of-3 ceremony run
 * through the CLI and an election written as a record (and as a signed board):
 * - a request is recomputed from the record or the board and refused, naming the item, when it
 *   is a single ballot passed off as the tally, a cast ballot passed off as a challenged one, or a
 *   tally that counts a superseded ballot;
 * - round-1 sessions are deterministic, so a backup of the secret file commits the same nonces;
 * - round 2 answers only the board's first challenge of the round, from any copy of the secret file.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, randomScalar, toHex } from '@evident/e2e-crypto';
import { sampleManifest } from '@evident/record';
import { EXIT, readElectionKey, readRequest, requestJson } from './index.js';
import { cliRunner, fullCeremony } from '../test/cli-ceremony.js';
import { writeRecordElection } from '../test/record-election.js';
import {
  type BoardFixture,
  boardOfRecord,
  credentialOf,
  logKeyHex,
  writeBoard,
} from '../test/board-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-trustee-checks-'));
const f = (name: string): string => join(dir, name);
const rec = f('record');
const PASS = 'correct horse battery';
const names = ['alice', 'bob', 'carol'];
const manifest = sampleManifest({ districts: 1, contestsPerDistrict: 1, options: 3, sharedContest: false });
const marks = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
];
const challengedFrom = 3;

const { cli, ok } = cliRunner(PASS);
const ek = (): string => f('election-key.json');
const decrypt = (g: string, request: string, out: string, extra: string[]) =>
  cli([
    'decrypt',
    '--election',
    ek(),
    '--secret',
    f(`${g}.secret.json`),
    '--request',
    request,
    ...extra,
    '-o',
    out,
  ]);

/** A request file of `kind` whose items are taken from `from` (a request file), renamed by `ids`. */
function forgedRequest(name: string, kind: string, from: string, pick: number[], ids: string[]): string {
  const e = readElectionKey(ek());
  const src = readRequest(e.c, from);
  const items = pick.map((t, i) => ({ ...src.items[t]!, id: ids[i]! }));
  writeFileSync(f(name), JSON.stringify(requestJson(e.c, kind as never, 10, items)));
  return f(name);
}

let board: BoardFixture;
let nonces: bigint[];
const brd = f('with-board');

beforeAll(async () => {
  await fullCeremony(ok, f, manifest, names, 2, true);
  nonces = await writeRecordElection(rec, readElectionKey(ek()), manifest, marks, challengedFrom);
  await ok(['request', '--record', rec, '-o', f('tally.request.json')]);
  await ok(['request', '--record', rec, '--kind', 'challenged-ballots', '-o', f('challenged.request.json')]);
  cpSync(rec, brd, { recursive: true });
  board = boardOfRecord(rec, readElectionKey(ek()), manifest, nonces);
  writeBoard(brd, board);
}, 120_000);

describe('a request is recomputed from the record and refused when it differs', () => {
  it('decrypts the tally request that is the product of the cast ballots', async () => {
    const r = await decrypt('alice', f('tally.request.json'), f('a.partial.json'), ['--record', rec]);
    expect(r.code, r.err).toBe(0);
  });

  it('refuses one cast ballot passed off as the tally, naming the item', async () => {
    // the challenged request lists each ballot's selections: take the first challenged ballot's
    // three selections and call them the tally's options 1/1, 1/2, 1/3
    const one = forgedRequest(
      'one.request.json',
      'tally',
      f('challenged.request.json'),
      [0, 1, 2],
      ['1/1', '1/2', '1/3'],
    );
    const r = await decrypt('alice', one, f('x.partial.json'), ['--record', rec]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain(one);
    expect(r.err).toMatch(/items\[0\]: item "1\/1" is not the product of the counted ballots/);
  });

  it('refuses a tally ciphertext passed off as a challenged ballot', async () => {
    const ids = readRequest(readElectionKey(ek()).c, f('challenged.request.json')).items.map((it) => it.id);
    const forged = forgedRequest(
      'ch.request.json',
      'challenged-ballots',
      f('tally.request.json'),
      [0],
      [ids[0]!],
    );
    const r = await decrypt('alice', forged, f('x.partial.json'), ['--record', rec]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(
      new RegExp(`items\\[0\\]: item "${ids[0]}" is not a ciphertext of a challenged ballot`),
    );
  });

  it('refuses a challenged ballot of the record that carries a cast ballot’s ciphertext', async () => {
    const copy = f('copied-record');
    cpSync(rec, copy, { recursive: true });
    const file = join(copy, 'ballots', 'device-1.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    const [cast, challenged] = [JSON.parse(lines[0]!), JSON.parse(lines[challengedFrom]!)];
    challenged.contests[0].selections[1].alpha = cast.contests[0].selections[1].alpha;
    lines[challengedFrom] = JSON.stringify(challenged);
    writeFileSync(file, lines.join('\n'));
    const r = await decrypt('alice', f('challenged.request.json'), f('x.partial.json'), ['--record', copy]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toContain(`ballots/device-1.jsonl:${challengedFrom + 1}`);
    expect(r.err).toMatch(
      /contests\[0\]\.selections\[1\]\.alpha: reuses a ciphertext of ballots\/device-1\.jsonl:1; refusing to decrypt another voter's ballot/,
    );
  });

  it('refuses to decrypt with nothing to check against, unless --unchecked', async () => {
    const r = await decrypt('alice', f('tally.request.json'), f('x.partial.json'), []);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/nothing to check the request against/);
    const u = await decrypt('alice', f('tally.request.json'), f('x.partial.json'), ['--unchecked']);
    expect(u.code, u.err).toBe(0);
    expect(u.out).toMatch(/unchecked/);
  });
});

describe('a request is recomputed from a signed board', () => {
  const withKey = (b: BoardFixture) => ['--board', brd, '--log-key', logKeyHex(b)];
  /** `alice` decrypts the `kind` request against a copy of the record, `name`, with board `b`. */
  const decryptOnBoard = (name: string, b: BoardFixture, kind = 'tally') => {
    const copy = f(name);
    cpSync(rec, copy, { recursive: true });
    writeBoard(copy, b);
    return decrypt('alice', f(`${kind}.request.json`), f('x.partial.json'), [
      '--board',
      copy,
      '--log-key',
      logKeyHex(b),
    ]);
  };

  it('decrypts the tally and the challenged ballots the board yields', async () => {
    for (const kind of ['tally', 'challenged']) {
      const r = await decrypt(
        'alice',
        f(`${kind}.request.json`),
        f(`b.${kind}.partial.json`),
        withKey(board),
      );
      expect(r.code, r.err).toBe(0);
    }
  });

  it('checks a board only under the pinned log key, and names the head it checked', async () => {
    const r = await decrypt('alice', f('tally.request.json'), f('x.partial.json'), ['--record', brd]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/has a bulletin board: give --log-key/);
    const j = await decrypt('alice', f('tally.request.json'), f('x.partial.json'), [
      '--json',
      ...withKey(board),
    ]);
    expect(j.code, j.err).toBe(0);
    expect(JSON.parse(j.out).treeHead).toEqual({
      treeSize: board.entries.length,
      rootHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('refuses a tally that still counts a ballot its voter replaced (revote)', async () => {
    // ballot 1 is cast again by the credential of ballot 0: ballot 0 no longer counts
    const b = boardOfRecord(rec, readElectionKey(ek()), manifest, nonces, (i) =>
      credentialOf(i === 1 ? 0 : i),
    );
    const r = await decryptOnBoard('revote', b);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/items\[\d\]: item "1\/\d" is not the product of the counted ballots/);
  });

  it('refuses a challenged ballot that carries a cast ballot’s ciphertexts (or its contest data)', async () => {
    for (const part of ['selections', 'contestData'] as const) {
      const b = boardOfRecord(rec, readElectionKey(ek()), manifest, nonces);
      type Sub = { submission: { ballot: { contests: Record<string, unknown>[] } } };
      const cast = (b.entries[4] as Sub).submission.ballot.contests[0]!;
      const challenged = b.entries.find((e) => e.type === 'challenged-ballot') as Sub;
      challenged.submission.ballot.contests[0]![part] = cast[part];
      const r = await decryptOnBoard(`copy-${part}`, b, 'challenged');
      expect(r.code).toBe(EXIT.INVALID_FILE);
      expect(r.err).toMatch(
        /log entry 7: the challenged ballot reuses a ciphertext of the ballot at log entry 4; refusing to decrypt another voter's ballot/,
      );
    }
  });

  it('refuses a challenged ballot carrying a re-encrypted cast ballot (its revealed nonce does not open it)', async () => {
    const e = readElectionKey(ek());
    const G = e.c.G;
    const b = boardOfRecord(rec, e, manifest, nonces);
    type Sel = { alpha: string; beta: string };
    type Sub = { submission: { ballot: { contests: { selections: Sel[] }[] } } };
    const cast = (b.entries[4] as Sub).submission.ballot.contests[0]!.selections[0]!;
    const challenged = b.entries.find((x) => x.type === 'challenged-ballot') as Sub;
    // (α·g^r, β·K^r): the same vote under a fresh nonce, which no copy check sees
    const r = randomScalar(G.q);
    const el = (h: string) => G.decode(fromHex(h), 'x');
    challenged.submission.ballot.contests[0]!.selections[0] = {
      alpha: toHex(G.encode(G.mul(el(cast.alpha), G.gExp(r)))),
      beta: toHex(G.encode(G.mul(el(cast.beta), G.exp(e.K, r)))),
    };
    const res = await decryptOnBoard('reencrypted', b, 'challenged');
    expect(res.code).toBe(EXIT.INVALID_FILE);
    expect(res.err).toMatch(
      /submission\.ballot\.contests\[0\]\.selections\[0\]\.alpha: log entry 7: the revealed ballot nonce ξ_B does not open this ciphertext/,
    );
  });

  it('refuses a ballot of a credential published after opening', async () => {
    const b = boardOfRecord(rec, readElectionKey(ek()), manifest, nonces);
    const creds = b.entries[2]!.credentials as string[];
    b.entries[2] = { type: 'credentials', credentials: creds.slice(1) };
    b.entries.splice(5, 0, { type: 'credentials', credentials: [creds[0]!] });
    const r = await decryptOnBoard('late', b);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/log entry 4: a ballot of a credential not published before opening/);
  });

  it('refuses a board under another log key, or whose entries do not hash to the signed root', async () => {
    const other = boardOfRecord(rec, readElectionKey(ek()), manifest, nonces);
    const r = await decrypt('alice', f('tally.request.json'), f('x.partial.json'), withKey(other));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/logPublicKey: the setup entry names another log key/);
    const changed = f('changed');
    cpSync(brd, changed, { recursive: true });
    const log = join(changed, 'board', 'log.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"type":"open"', '"type":"close"'));
    const c = await decrypt('alice', f('tally.request.json'), f('x.partial.json'), [
      '--board',
      changed,
      '--log-key',
      logKeyHex(board),
    ]);
    expect(c.code).toBe(EXIT.INVALID_FILE);
    expect(c.err).toMatch(/treeHead\.rootHash: the log's first \d+ entries do not hash to the signed root/);
  });
});

describe('one challenge per session, whatever copy of the secret file answers', () => {
  const partial = (g: string, tag: string) => f(`${g}.${tag}.partial.json`);

  it('round 1 is deterministic: a backup of the secret file commits the same nonces; another round, others', async () => {
    copyFileSync(f('alice.secret.json'), f('alice-backup.secret.json'));
    copyFileSync(f('alice.secret.json'), f('alice-pristine.secret.json'));
    await decrypt('alice', f('tally.request.json'), partial('alice', 'one'), ['--record', rec]);
    await decrypt('alice-backup', f('tally.request.json'), partial('alice', 'two'), ['--record', rec]);
    await decrypt('alice', f('tally.request.json'), partial('alice', 'r2'), [
      '--record',
      rec,
      '--round',
      '2',
    ]);
    const [one, two, r2] = ['one', 'two', 'r2'].map((t) =>
      JSON.parse(readFileSync(partial('alice', t), 'utf8')),
    );
    expect(two).toEqual(one);
    expect(r2.session).not.toBe(one.session);
    expect(r2.items[0].a).not.toBe(one.items[0].a);
  });

  it('answers the board’s first challenge of the round and nothing else, from any copy', async () => {
    const req = f('tally.request.json');
    const rk = ['--board', brd, '--log-key', logKeyHex(board)];
    for (const g of names)
      await ok([
        'decrypt',
        '--election',
        ek(),
        '--secret',
        f(`${g}.secret.json`),
        '--request',
        req,
        ...rk,
        '-o',
        partial(g, 'b'),
      ]);
    const combine = (gs: string[], out: string) =>
      ok([
        'combine',
        '--election',
        ek(),
        '--request',
        req,
        '--partials',
        gs.map((g) => partial(g, 'b')).join(','),
        '-o',
        out,
      ]);
    await combine(['alice', 'carol'], f('ac.challenge.json'));
    await combine(['alice', 'bob'], f('ab.challenge.json'));
    // the board: the partials, then the first challenge (alice, carol), then a second one of round 1
    const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
    const guardian = (g: string) => ({ id: g, x: names.indexOf(g) + 1 });
    for (const g of names)
      board.entries.push({
        type: 'partial-decryption',
        kind: 'tally',
        round: 1,
        guardian: guardian(g),
        partial: json(partial(g, 'b')),
      });
    board.entries.push({
      type: 'decryption-challenge',
      round: 1,
      quorum: [1, 3],
      challenges: { tally: json(f('ac.challenge.json')) },
    });
    board.entries.push({
      type: 'decryption-challenge',
      round: 1,
      quorum: [1, 2],
      challenges: { tally: json(f('ab.challenge.json')) },
    });
    writeBoard(brd, board);

    // the board's challenge, without a file: alice and carol answer, the combination verifies
    for (const g of ['alice', 'carol']) {
      const r = await decrypt(g, req, f(`${g}.b.response.json`), [
        ...rk,
        '--challenge',
        f('ac.challenge.json'),
      ]);
      expect(r.code, r.err).toBe(0);
    }
    const again = await decrypt('alice-backup', req, f('alice.b2.response.json'), [...rk, '--respond']);
    expect(again.code, again.err).toBe(0);
    expect(json(f('alice.b2.response.json'))).toEqual(json(f('alice.b.response.json')));
    await ok([
      'combine',
      '--election',
      ek(),
      '--request',
      req,
      '--partials',
      [partial('alice', 'b'), partial('carol', 'b')].join(','),
      '--challenge',
      f('ac.challenge.json'),
      '--responses',
      [f('alice.b.response.json'), f('carol.b.response.json')].join(','),
      '-o',
      f('b.decryption.json'),
    ]);
    expect(json(f('b.decryption.json')).items.map((it: { t: number }) => it.t)).toEqual([1, 1, 1]);

    // the second challenge (another quorum, another c for alice's nonces): refused by every copy
    for (const s of ['alice', 'alice-backup']) {
      const r = await decrypt(s, req, f('x.response.json'), [...rk, '--challenge', f('ab.challenge.json')]);
      expect(r.code).toBe(EXIT.INVALID_FILE);
      expect(r.err).toMatch(/ab\.challenge\.json: is not the board's challenge of round 1 \(log entry \d+\)/);
    }
  });

  it('a forked log: the copy that answered refuses; a copy that did not answers, and two signed heads of one size differ', async () => {
    // the server signs a second log in which the other challenge of round 1 comes first
    const fork = f('fork');
    cpSync(rec, fork, { recursive: true });
    const entries = [...board.entries];
    const n = entries.length;
    [entries[n - 2], entries[n - 1]] = [entries[n - 1]!, entries[n - 2]!];
    writeBoard(fork, { key: board.key, entries });
    const respondOnFork = (s: string) =>
      decrypt(s, f('tally.request.json'), f(`${s}.fork.response.json`), [
        '--json',
        '--board',
        fork,
        '--log-key',
        logKeyHex(board),
        '--respond',
      ]);
    const same = await respondOnFork('alice');
    expect(same.code).toBe(EXIT.PROTOCOL);
    expect(JSON.parse(same.out).message).toMatch(/already answered with a different challenge/);
    // the residual risk of spec/key-ceremony.md §9.8: a copy that never answered is not protected
    const other = await respondOnFork('alice-pristine');
    expect(other.code, other.out).toBe(0);
    // the honest log's head, as any run against it reports it
    const honest = await decrypt('alice', f('tally.request.json'), f('alice.h.json'), [
      '--json',
      '--board',
      brd,
      '--log-key',
      logKeyHex(board),
    ]);
    const [a, b] = [other, honest].map((r) => JSON.parse(r.out).treeHead);
    expect(a.treeSize).toBe(b.treeSize);
    expect(a.rootHash).not.toBe(b.rootHash);
  });

  it('without a board, round 2 needs --unchecked', async () => {
    const r = await decrypt('alice', f('tally.request.json'), f('x.response.json'), [
      '--record',
      rec,
      '--challenge',
      f('ab.challenge.json'),
    ]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/no board fixes this challenge/);
  });
});
