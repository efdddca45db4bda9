/**
 * `decrypt --kind all` (or a list of kinds): every kind answered in one run over one board read
 * and checked once (spec/key-ceremony.md §9.7), with a 2-of-3 ceremony run through the CLI and an
 * election written as a signed board holding its decryption requests:
 * - each kind's file is byte for byte the one the per-kind run writes, in round 1 and round 2;
 * - a board whose head does not verify is refused for every kind, nothing written;
 * - a board that does not justify one kind's request is refused naming the kind and the entry,
 *   and no kind is decrypted.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleManifest } from '@evident/record';
import { EXIT, readElectionKey } from './index.js';
import { cliRunner, fullCeremony } from '../test/cli-ceremony.js';
import { writeRecordElection } from '../test/record-election.js';
import { type BoardFixture, boardOfRecord, logKeyHex, writeBoard } from '../test/board-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'evident-trustee-kinds-'));
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
const KINDS = ['tally', 'challenged-ballots'] as const;
const { cli, ok } = cliRunner(PASS);
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const secret = (g: string) => ['--election', f('election-key.json'), '--secret', f(`${g}.secret.json`)];

let board: BoardFixture;
let nonces: bigint[];

/** A copy of the record named `name` with board `b` written into it. */
function withBoard(name: string, b: BoardFixture): string {
  const copy = f(name);
  cpSync(rec, copy, { recursive: true });
  writeBoard(copy, b);
  return copy;
}

/** The board of the record with both decryption requests, as the server publishes them. */
function boardWithRequests(): BoardFixture {
  const b = boardOfRecord(rec, readElectionKey(f('election-key.json')), manifest, nonces);
  for (const kind of KINDS)
    b.entries.push({ type: 'decryption-request', kind, request: json(f(`${kind}.request.json`)) });
  return b;
}

beforeAll(async () => {
  await fullCeremony(ok, f, manifest, names, 2, true);
  nonces = await writeRecordElection(rec, readElectionKey(f('election-key.json')), manifest, marks, 3);
  await ok(['request', '--record', rec, '-o', f('tally.request.json')]);
  await ok([
    'request',
    '--record',
    rec,
    '--kind',
    'challenged-ballots',
    '-o',
    f('challenged-ballots.request.json'),
  ]);
  board = boardWithRequests();
}, 120_000);

describe('decrypt --kind all: one board, every kind', () => {
  it('writes for each kind the file the per-kind run writes (round 1 and round 2)', async () => {
    const brd = withBoard('same', board);
    const on = ['--board', brd, '--log-key', logKeyHex(board)];
    for (const g of names) {
      for (const kind of KINDS)
        await ok([
          'decrypt',
          ...secret(g),
          '--request',
          f(`${kind}.request.json`),
          ...on,
          '-o',
          f(`${g}.${kind}.one.json`),
        ]);
      const all = await cli([
        'decrypt',
        ...secret(g),
        '--kind',
        'all',
        ...on,
        '--json',
        '-o',
        f(`${g}.{kind}.all.json`),
      ]);
      expect(all.code, all.err).toBe(0);
      expect(JSON.parse(all.out).kinds.map((k: { kind: string }) => k.kind)).toEqual([...KINDS]);
      for (const kind of KINDS)
        expect(readFileSync(f(`${g}.${kind}.all.json`), 'utf8')).toBe(
          readFileSync(f(`${g}.${kind}.one.json`), 'utf8'),
        );
    }
    // round 2: the board's challenge of each kind for alice and carol
    const challenges: Record<string, unknown> = {};
    for (const kind of KINDS) {
      const partials = ['alice', 'carol'].map((g) => f(`${g}.${kind}.one.json`)).join(',');
      await ok([
        'combine',
        '--election',
        f('election-key.json'),
        '--request',
        f(`${kind}.request.json`),
        '--partials',
        partials,
        '-o',
        f(`${kind}.challenge.json`),
      ]);
      challenges[kind] = json(f(`${kind}.challenge.json`));
    }
    const b2: BoardFixture = {
      key: board.key,
      entries: [...board.entries, { type: 'decryption-challenge', round: 1, challenges }],
    };
    const brd2 = withBoard('same-round2', b2);
    const on2 = ['--board', brd2, '--log-key', logKeyHex(b2), '--respond'];
    for (const g of ['alice', 'carol']) {
      for (const kind of KINDS)
        await ok([
          'decrypt',
          ...secret(g),
          '--request',
          f(`${kind}.request.json`),
          ...on2,
          '-o',
          f(`${g}.${kind}.r-one.json`),
        ]);
      await ok([
        'decrypt',
        ...secret(g),
        '--kind',
        'tally,challenged-ballots',
        ...on2,
        '-o',
        f(`${g}.{kind}.r-all.json`),
      ]);
      for (const kind of KINDS)
        expect(readFileSync(f(`${g}.${kind}.r-all.json`), 'utf8')).toBe(
          readFileSync(f(`${g}.${kind}.r-one.json`), 'utf8'),
        );
    }
  });

  it('refuses for every kind a board whose head does not verify, writing nothing', async () => {
    const changed = withBoard('changed', board);
    const log = join(changed, 'board', 'log.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"type":"open"', '"type":"close"'));
    const r = await cli([
      'decrypt',
      ...secret('alice'),
      '--kind',
      'all',
      '--board',
      changed,
      '--log-key',
      logKeyHex(board),
      '-o',
      f('changed.{kind}.json'),
    ]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(/treeHead\.rootHash: the log's first \d+ entries do not hash to the signed root/);
    const other = withBoard('other-key', boardWithRequests());
    const o = await cli([
      'decrypt',
      ...secret('alice'),
      '--kind',
      'all',
      '--board',
      other,
      '--log-key',
      logKeyHex(board),
      '-o',
      f('other.{kind}.json'),
    ]);
    expect(o.code).toBe(EXIT.INVALID_FILE);
    expect(o.err).toMatch(/logPublicKey: the setup entry names another log key/);
    for (const kind of KINDS) {
      expect(existsSync(f(`changed.${kind}.json`))).toBe(false);
      expect(existsSync(f(`other.${kind}.json`))).toBe(false);
    }
  });

  it('refuses a board that does not justify one kind, naming the kind and the entry; no kind is decrypted', async () => {
    const b = boardWithRequests();
    type Sub = { submission: { ballot: { contests: Record<string, unknown>[] } } };
    const cast = (b.entries[4] as Sub).submission.ballot.contests[0]!;
    const challenged = b.entries.find((e) => e.type === 'challenged-ballot') as Sub;
    challenged.submission.ballot.contests[0]!.selections = cast.selections;
    const brd = withBoard('copied', b);
    const r = await cli([
      'decrypt',
      ...secret('alice'),
      '--kind',
      'all',
      '--board',
      brd,
      '--log-key',
      logKeyHex(b),
      '-o',
      f('copied.{kind}.json'),
    ]);
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(
      /kind "challenged-ballots": log entry 7: the challenged ballot reuses a ciphertext of the ballot at log entry 4/,
    );
    for (const kind of KINDS) expect(existsSync(f(`copied.${kind}.json`))).toBe(false);
    // the forged request of one kind, the other intact: refused naming the kind and the item
    const forged = boardWithRequests();
    const req = forged.entries.find((e) => e.type === 'decryption-request' && e.kind === 'tally') as {
      request: { items: unknown[] };
    };
    req.request.items = req.request.items.slice(1);
    const fb = withBoard('forged', forged);
    const t = await cli([
      'decrypt',
      ...secret('alice'),
      '--kind',
      'challenged-ballots,tally',
      '--board',
      fb,
      '--log-key',
      logKeyHex(forged),
      '-o',
      f('forged.{kind}.json'),
    ]);
    expect(t.code).toBe(EXIT.INVALID_FILE);
    expect(t.err).toMatch(/kind "tally": .*is not the product of the counted ballots/);
    for (const kind of KINDS) expect(existsSync(f(`forged.${kind}.json`))).toBe(false);
  });

  it('needs {kind} in --out, kinds of requests, and no --request', async () => {
    const brd = withBoard('usage', board);
    const on = ['--board', brd, '--log-key', logKeyHex(board)];
    const cases: [string[], RegExp][] = [
      [['--kind', 'all', '-o', f('x.json')], /put \{kind\} in --out/],
      [['--kind', 'tally,votes', '-o', f('x.{kind}.json')], /"votes" is not a request kind/],
      [
        ['--kind', 'all', '--request', f('tally.request.json'), '-o', f('x.{kind}.json')],
        /leave out --request/,
      ],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(['decrypt', ...secret('alice'), ...on, ...args]);
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.err).toMatch(msg);
    }
  });
});

describe('round 2 reuses round 1’s check only on a board that extends the one checked', () => {
  const REUSED = /as checked in round 1 at tree size \d+/;
  let challenges: Record<string, unknown>;
  const respond = (name: string, b: BoardFixture) =>
    cli([
      'decrypt',
      ...secret('alice'),
      '--kind',
      'all',
      '--board',
      withBoard(name, b),
      '--log-key',
      logKeyHex(b),
      '--respond',
      '-o',
      f(`${name}.{kind}.json`),
    ]);
  /** `entries` then the board's challenge, under the same log key. */
  const round2Board = (entries: Record<string, unknown>[]): BoardFixture => ({
    key: board.key,
    entries: [...entries, { type: 'decryption-challenge', round: 1, challenges }],
  });

  beforeAll(async () => {
    const brd = withBoard('reuse-r1', board);
    for (const g of ['alice', 'carol'])
      await ok([
        'decrypt',
        ...secret(g),
        '--kind',
        'all',
        '--board',
        brd,
        '--log-key',
        logKeyHex(board),
        '-o',
        f(`${g}.{kind}.reuse.json`),
      ]);
    challenges = {};
    for (const kind of KINDS) {
      const partials = ['alice', 'carol'].map((g) => f(`${g}.${kind}.reuse.json`)).join(',');
      await ok([
        'combine',
        '--election',
        f('election-key.json'),
        '--request',
        f(`${kind}.request.json`),
        '--partials',
        partials,
        '-o',
        f(`${kind}.reuse.challenge.json`),
      ]);
      challenges[kind] = json(f(`${kind}.reuse.challenge.json`));
    }
  }, 120_000);

  it('skips the recomputation after decryption entries only, answering as the full check does', async () => {
    const partials = KINDS.map((kind) => ({
      type: 'partial-decryption',
      kind,
      round: 1,
      guardian: { id: 'carol', x: 3 },
    }));
    const b2 = round2Board([...board.entries, ...partials]);
    const r = await respond('reuse-ok', b2);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(REUSED);
    // an altered note (here its tree size) fails its MAC: the full check runs, same answer
    const req = (k: string) => json(f(`${k}.request.json`));
    for (const kind of KINDS) {
      const digest = JSON.parse(readFileSync(f('reuse-ok.' + kind + '.json'), 'utf8'))
        .requestDigest as string;
      const note = f(`alice.secret.json.checked-${digest.toLowerCase()}.json`);
      expect(existsSync(note), `${kind} ${JSON.stringify(req(kind)).length}`).toBe(true);
      const n = json(note);
      writeFileSync(note, JSON.stringify({ ...n, treeSize: n.treeSize - 1 }));
    }
    const full = await respond('reuse-full', b2);
    expect(full.code, full.err).toBe(0);
    expect(full.out).not.toMatch(REUSED);
    for (const kind of KINDS)
      expect(readFileSync(f(`reuse-full.${kind}.json`), 'utf8')).toBe(
        readFileSync(f(`reuse-ok.${kind}.json`), 'utf8'),
      );
  });

  it('recomputes, and refuses, when the log was rewritten or gained a ballot since round 1', async () => {
    // round 1 again writes the notes of the checked board
    await ok([
      'decrypt',
      ...secret('alice'),
      '--kind',
      'all',
      '--board',
      withBoard('reuse-r1b', board),
      '--log-key',
      logKeyHex(board),
      '-o',
      f('alice.{kind}.reuse.json'),
    ]);
    type Sub = { submission: { ballot: { contests: Record<string, unknown>[] } } };
    const rewritten = structuredClone(board.entries);
    const cast = (rewritten[4] as Sub).submission.ballot.contests[0]!;
    (rewritten.find((e) => e.type === 'challenged-ballot') as Sub).submission.ballot.contests[0]!.selections =
      cast.selections;
    const r = await respond('reuse-rewritten', round2Board(rewritten));
    expect(r.code).toBe(EXIT.INVALID_FILE);
    expect(r.err).toMatch(
      /kind "challenged-ballots": log entry 7: the challenged ballot reuses a ciphertext/,
    );
    // a revote appended after the checked head: not a decryption entry, so the tally is recomputed
    const revote = structuredClone(board.entries[5]!) as Sub & { submission: { credential: string } };
    revote.submission.credential = (
      board.entries[4] as { submission: { credential: string } }
    ).submission.credential;
    const t = await respond('reuse-revote', round2Board([...board.entries, revote]));
    expect(t.code).toBe(EXIT.INVALID_FILE);
    expect(t.err).toMatch(/kind "tally": .*is not the product of the counted ballots/);
  });
});
