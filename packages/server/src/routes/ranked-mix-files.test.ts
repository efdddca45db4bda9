/**
 * The mix of a ranked contest on files (spec/server-api.md §7.5): `GET …/mix` is streamed from
 * a file written once per accepted stage (its length declared, the stages copied from the board
 * entries' bytes); `POST …/mix` is streamed to the spool folder and read a value at a time. Each
 * refused upload — not JSON, cut short, a schema or hex-length problem, a vector one entry short,
 * an element that does not decode, a false shuffle, another guardian's signature, a body over
 * the election's bound — answers its coded 4xx, writes nothing to the board and leaves nothing
 * in the spool folder or the store; an accepted stage's board entry (version 2) carries the
 * digests of its files, which the store keeps byte for byte and the mix file serves; a crash
 * between the files and the entry loses nothing acknowledged and leaves orphans the sweep
 * removes. Run on SQLite and on PostgreSQL.
 */
import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJsonString, type Group } from '@evident/e2e-crypto';
import { stageJsonFileDigests, stageJsonHead } from '@evident/record';
import { buildApp } from '../app.js';
import { sweepStageFiles } from '../ranked/stage-file-store.js';
import { StoreUnavailableError } from '../store/store.js';
import { signMixStage, simulatedMixStage } from '../testing/mixer-sim.js';
import { castRanked, MAYOR, rankedManifest } from '../testing/ranked-election.js';
import { injectCall, setUpElection, type Call, type LocalElection } from '../testing/local-election.js';

const ADMIN = 'evd_ranked-mix-files-admin';
type App = Awaited<ReturnType<typeof buildApp>>;
type Stage = Record<string, unknown> & { outputs: unknown[][]; proof: Record<string, unknown> };

const hexCase =
  (f: (s: string) => string) =>
  (v: unknown): unknown =>
    typeof v === 'string'
      ? f(v)
      : Array.isArray(v)
        ? v.map(hexCase(f))
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hexCase(f)(x)]))
          : v;
const lower = hexCase((s) => s.toLowerCase());
const upper = hexCase((s) => s.toUpperCase());

describe('ranked mix on files', () => {
  let app: App;
  let call: Call;
  let el: LocalElection;
  const tokens = new Map<number, string>();
  const url = () => `/elections/${el.id}/ranked/mayor/mix`;

  beforeAll(async () => {
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 4, n: 3, k: 2, manifest: rankedManifest([MAYOR]) });
    for (const [i, ranks] of [[1, 2], [2, 3], [3], [3, 1, 2]].entries())
      expect((await castRanked(call, el, `voter-${i + 1}`, 'o1', { mayor: ranks })).status).toBe(200);
    for (const x of [1, 2]) {
      const r = await call('POST', '/admin/tokens', { role: 'trustee', label: `g${x}`, guardian: x }, ADMIN);
      tokens.set(x, r.json.token);
    }
    expect((await call('POST', `/elections/${el.id}/close`, undefined, ADMIN)).status).toBe(200);
    expect((await call('POST', `/elections/${el.id}/tally`, undefined, ADMIN)).status).toBe(200);
  });
  afterAll(async () => app.close());

  const boardSize = async () => (await app.evident.store.logEntries(el.id, 0, 1_000_000)).length;
  /** The spool's files of uploads (answers spooled for readers are kept). */
  const uploadsLeft = () => readdirSync(app.evident.spoolDir).filter((f) => !f.startsWith('answer-'));
  const getMix = async () => {
    const r = await app.inject({ method: 'GET', url: url() });
    expect(r.statusCode).toBe(200);
    expect(Number(r.headers['content-length'])).toBe(r.rawPayload.length);
    return JSON.parse(r.body) as Record<string, unknown>;
  };
  const nextStage = async (x: number, signer = x): Promise<Stage> =>
    simulatedMixStage(
      el.client.ctx.G as Group<unknown>,
      el.ceremony,
      await getMix(),
      { id: `guardian-${x}`, x },
      signer,
    ) as Stage;
  const post = async (payload: string | Readable, token = tokens.get(1)!) => {
    const r = await app.inject({
      method: 'POST',
      url: url(),
      payload,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    return { status: r.statusCode, json: JSON.parse(r.body) as Record<string, unknown> };
  };

  it('serves the mix file streamed, with its length, the same bytes to every reader', async () => {
    const a = await app.inject({ method: 'GET', url: url() });
    const b = await app.inject({ method: 'GET', url: url() });
    expect(a.body).toBe(b.body);
    const mix = JSON.parse(a.body) as {
      ballots: { id: string; row: unknown[] }[];
      stages: unknown[];
      next: number;
    };
    expect([mix.ballots.length, mix.stages, mix.next]).toEqual([4, [], 0]);
    expect(mix.ballots.every((x) => x.row.length === mix.ballots[0]!.row.length)).toBe(true);
    expect(readdirSync(app.evident.spoolDir).filter((f) => f.startsWith('answer-'))).toHaveLength(1);
    const unknown = await app.inject({ method: 'GET', url: `/elections/${el.id}/ranked/nope/mix` });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
  });

  it('refuses bad uploads with their code and field, writing nothing and leaving no file', async () => {
    const good = await nextStage(1);
    const before = await boardSize();
    const edit = (f: (s: Stage) => void, resign = false): string => {
      const s = structuredClone(good);
      f(s);
      return JSON.stringify(resign ? signMixStage(el.ceremony, s) : s);
    };
    const cases: [string, string | Readable, number, string, string | undefined][] = [
      ['empty', '', 400, 'EVD_ERR_VALIDATION', 'stage'],
      ['cut short', JSON.stringify(good).slice(0, 500), 400, 'EVD_ERR_VALIDATION', 'stage'],
      ['not JSON', `${JSON.stringify(good)}x`, 400, 'EVD_ERR_VALIDATION', 'stage'],
      ['no output row', edit((s) => (s.outputs = [])), 400, 'EVD_ERR_VALIDATION', 'stage.outputs'],
      [
        'a contest id the format does not allow',
        edit((s) => (s.contestId = 'may or')),
        400,
        'EVD_ERR_VALIDATION',
        'stage.contestId',
      ],
      ['an unknown member', edit((s) => (s.note = 'x')), 400, 'EVD_ERR_VALIDATION', 'stage.note'],
      [
        'a short hex',
        edit((s) => ((s.proof.cHat as string[])[1] = 'AB')),
        400,
        'EVD_ERR_VALIDATION',
        'stage.proof.cHat[1]',
      ],
      [
        'a row of the wrong width',
        edit((s) => s.outputs[2]!.pop()),
        400,
        'EVD_ERR_VALIDATION',
        'stage.outputs[2]',
      ],
      [
        'a vector one short',
        edit((s) => (s.proof.sHat as string[]).pop()),
        400,
        'EVD_ERR_VALIDATION',
        'stage.proof.sHat',
      ],
      [
        'one row short',
        edit((s) => {
          s.outputs.pop();
          for (const v of ['c', 'cHat', 'tHat', 'sHat', 'sPrime']) (s.proof[v] as string[]).pop();
        }, true),
        400,
        'EVD_ERR_INVALID_SHUFFLE',
        'stage.outputs',
      ],
      [
        'an element that does not decode',
        edit((s) => ((s.proof.cHat as string[])[3] = 'FF'.repeat(32)), true),
        400,
        'EVD_ERR_INVALID_DATA',
        'stage.proof.cHat[3]',
      ],
      [
        'rows swapped after proving',
        edit((s) => ([s.outputs[0], s.outputs[1]] = [s.outputs[1]!, s.outputs[0]!]), true),
        400,
        'EVD_ERR_INVALID_SHUFFLE',
        undefined,
      ],
      [
        'signed by another guardian',
        JSON.stringify(await nextStage(1, 2)),
        400,
        'EVD_ERR_INVALID_SIGNATURE',
        'stage.signature',
      ],
      [
        'signed, then changed',
        edit((s) => ([s.outputs[0], s.outputs[1]] = [s.outputs[1]!, s.outputs[0]!])),
        400,
        'EVD_ERR_INVALID_SIGNATURE',
        'stage.signature',
      ],
      [
        'over the election bound, chunked',
        Readable.from(
          (function* () {
            for (let i = 0; i < 64; i++) yield Buffer.alloc(64 * 1024, 0x20);
          })(),
        ),
        413,
        'EVD_ERR_BODY_TOO_LARGE',
        undefined,
      ],
    ];
    for (const [what, payload, status, code, field] of cases) {
      const r = await post(payload);
      expect([what, r.status, r.json.code], JSON.stringify(r.json)).toEqual([what, status, code]);
      if (field !== undefined) expect([what, r.json.field]).toEqual([what, field]);
      expect(await boardSize()).toBe(before);
      expect([what, uploadsLeft()]).toEqual([what, []]);
    }
    // nothing appears later either (a file opened by a stream after its removal did, under load)
    await new Promise((r) => setTimeout(r, 200));
    expect(uploadsLeft()).toEqual([]);
    // a refused stage's files never reach the store
    expect(await app.evident.store.stageChunkCounts()).toEqual({ stored: 0, adopted: 0 });
  });

  it('a crash between the stage files and the entry: nothing acknowledged lost, the orphans swept', async () => {
    const s = await nextStage(1);
    const before = await boardSize();
    const writer = app.evident.writer;
    const submit = writer.submit.bind(writer);
    // the node dies once its files are in the store, before the entry's batch commits
    writer.submit = () => Promise.reject(new StoreUnavailableError('simulated crash'));
    const r = await post(JSON.stringify(s));
    writer.submit = submit;
    expect([r.status, r.json.code]).toEqual([503, 'EVD_ERR_UNAVAILABLE']);
    expect(await boardSize()).toBe(before);
    const orphans = await app.evident.store.stageChunkCounts();
    expect(orphans.stored).toBeGreaterThanOrEqual(6); // one chunk per file at least
    expect(orphans.adopted).toBe(0);
    expect((await getMix()).next).toBe(0); // the stage was never acknowledged: still to do
    // the sweep (run at each upload) leaves recent orphans: another upload may be writing them
    await sweepStageFiles(app.evident.store);
    expect(await app.evident.store.stageChunkCounts()).toEqual(orphans);
    await sweepStageFiles(app.evident.store, -1000);
    expect(await app.evident.store.stageChunkCounts()).toEqual({ stored: 0, adopted: 0 });
  });

  it('accepts a stage streamed in lower case and keeps it on the board as before: canonical, upper case', async () => {
    const s = await nextStage(1);
    const text = JSON.stringify({ ...s, outputs: lower(s.outputs), proof: lower(s.proof) });
    const chunks = Readable.from(
      (function* () {
        for (let i = 0; i < text.length; i += 1000) yield Buffer.from(text.slice(i, i + 1000));
      })(),
    );
    const r = await post(chunks);
    expect([r.status, r.json.stage, r.json.complete]).toEqual([200, 0, false]);
    expect(uploadsLeft()).toEqual([]);
    const logIndex = r.json.logIndex as number;
    const [row] = await app.evident.store.logEntries(el.id, logIndex, 1);
    const entry = JSON.parse(Buffer.from(row!.entry).toString('utf8')) as Record<string, unknown>;
    // version 2: the digests of the stage's files and its proof head, upper case (spec/mixnet.md §8.6)
    expect(Buffer.from(row!.entry).toString('utf8')).toBe(
      canonicalJsonString({
        type: 'mix-stage',
        contestId: 'mayor',
        stage: 0,
        guardian: s.guardian,
        N: 4,
        w: s.outputs[0]!.length,
        files: stageJsonFileDigests(s.outputs, s.proof),
        head: stageJsonHead(s.proof),
        signature: String(s.signature).toUpperCase(),
        time: entry.time,
      }),
    );
    // the store keeps the files, adopted by the entry: byte for byte the uploaded values
    const stored = async (f: string) =>
      Buffer.concat(await app.evident.store.stageFileChunks(el.id, logIndex, f, 0, 100)).toString('hex');
    const hex = (v: unknown) => String(v);
    expect(await stored('outputs.bin')).toBe(
      s.outputs
        .flat()
        .map((c) => hex((c as { alpha: string }).alpha) + hex((c as { beta: string }).beta))
        .join('')
        .toLowerCase(),
    );
    for (const f of ['c', 'cHat', 'tHat', 'sHat', 'sPrime'])
      expect([f, await stored(`${f}.bin`)]).toEqual([f, (s.proof[f] as string[]).join('').toLowerCase()]);
    expect(await app.evident.store.stageChunkCounts()).toEqual({ stored: 6, adopted: 6 });
    // the mix file carries the stage, copied from the store's files
    const mix = (await getMix()) as { next: number; stages: Record<string, unknown>[] };
    expect(mix.next).toBe(1);
    expect(mix.stages[0]).toEqual({
      stage: 0,
      mixer: 'guardian-1',
      guardian: s.guardian,
      outputs: upper(s.outputs),
      proof: upper(s.proof),
      signature: String(s.signature).toUpperCase(),
    });
    expect(readdirSync(app.evident.spoolDir).filter((f) => f.startsWith('answer-'))).toHaveLength(1);
    // the second stage's inputs are the first stage's outputs, read from the store
    const second = await post(JSON.stringify(await nextStage(2)), tokens.get(2)!);
    expect([second.status, second.json.complete, (second.json.request as { kind: string }).kind]).toEqual([
      200,
      true,
      'ranked',
    ]);
  });
});
