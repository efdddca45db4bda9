/**
 * Guardians check what they decrypt, against the real server's board (spec/key-ceremony.md §9.7):
 * an election with ranked contests, a revote and a challenge → close → tally → both contests
 * mixed by k = 2 guardians → the board downloaded (`GET …/board/tree-head`, `…/board/entries`),
 * its signed head checked under the log key, and each of the server's three requests (tally,
 * challenged ballots, ranked) recomputed by `evident-trustee`'s checks and found equal. A lying
 * server's requests — one voter's ballot as the tally, a cast ballot as a challenged one, the
 * unmixed ranked rows — are refused, naming the item.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, manifestDigest, parameterBaseHash, type Group } from '@evident/e2e-crypto';
import {
  type BoardView,
  type ElectionKey,
  boardTargets,
  checkedView,
  compareTargets,
  readRequest,
  requestJson,
  withStageFiles,
} from '@evident/trustee-cli';
import { checkRequestDigest, namesStages } from '../packages/trustee-cli/src/checks/board-challenge.js';
import { buildApp } from '../packages/server/src/app.js';
import {
  injectCall,
  mustCall,
  setUpElection,
  trusteeTokens,
  type Call,
  type LocalElection,
} from '../packages/server/src/testing/local-election.js';
import { mixBySimulatedGuardians } from '../packages/server/src/testing/mixer-sim.js';
import { castRanked, rankedManifest } from '../packages/server/src/testing/ranked-election.js';

const ADMIN = 'evd_guardian-checks-admin';
const KINDS = ['tally', 'challenged-ballots', 'ranked'] as const;

describe('evident-trustee recomputes the server’s requests from its board', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let call: Call;
  let el: LocalElection;
  let root: string;
  let ek: ElectionKey;
  let board: BoardView;
  let raw: BoardView;
  const must = (method: string, path: string, body?: unknown, token = ADMIN) =>
    mustCall(call, token)(method, path, body);
  const requestFile = (name: string, json: unknown): string => {
    const p = join(root, name);
    writeFileSync(p, JSON.stringify(json));
    return p;
  };
  /** The server's `kind` request, as the guardian reads it from the file `name`. */
  const serverRequest = async (kind: string, name: string) =>
    readRequest(ek.c, requestFile(name, await must('GET', `/elections/${el.id}/decryption/${kind}/request`)));

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'evident-guardian-checks-'));
    app = await buildApp({ adminToken: ADMIN, rateLimit: false });
    call = injectCall(app);
    el = await setUpElection(call, ADMIN, { voters: 4, n: 3, k: 2, manifest: rankedManifest() });
    const tokens = await trusteeTokens(must, [1, 2]);
    const ok = (r: { status: number; json: unknown }) => expect(r.status, JSON.stringify(r.json)).toBe(200);
    ok(await castRanked(call, el, 'voter-1', 'o1', { mayor: [2, 3], council: [1] }));
    ok(await castRanked(call, el, 'voter-2', 'o2', { mayor: [2], council: [3] }, 'challenge'));
    ok(await castRanked(call, el, 'voter-1', 'o2', { mayor: [1], council: [2] })); // revote
    ok(await castRanked(call, el, 'voter-2', 'o1', { mayor: [3, 1], council: [1, 2] }));
    ok(await castRanked(call, el, 'voter-3', 'o3', { mayor: [2], council: [4] }));
    await must('POST', `/elections/${el.id}/close`);
    await must('POST', `/elections/${el.id}/tally`);
    await mixBySimulatedGuardians(must, el, { contests: ['mayor', 'council'], tokens });
    const G = el.client.ctx.G as Group<unknown>;
    // the guardian's view: the election key it holds, the board under the log key it pinned
    const tally = await must('GET', `/elections/${el.id}/decryption/tally/request`);
    const hP = parameterBaseHash(G);
    const hM = manifestDigest(hP, el.manifest); // the manifest the ceremony hashed
    ek = {
      c: { G, id: tally.ceremonyId, k: 2, n: 3, guardians: [], hP, hM },
      K: el.ceremony.K,
      hE: el.ceremony.hE,
      guardians: new Map(),
    } as unknown as ElectionKey;
    const th = await must('GET', `/elections/${el.id}/board/tree-head`);
    const entries = await must('GET', `/elections/${el.id}/board/entries?start=0&limit=1000`);
    // the mix-stage entries carry their files' digests: the stages from the server's mix files
    raw = checkedView(
      'board',
      (entries.entries as { entry: string }[]).map((e) => e.entry),
      th.treeHead,
      fromHex(th.logPublicKey),
      el.id,
    );
    board = await withStageFiles(
      checkedView(
        'board',
        (entries.entries as { entry: string }[]).map((e) => e.entry),
        th.treeHead,
        fromHex(th.logPublicKey),
        el.id,
      ),
      G,
      { mixFile: (c) => must('GET', `/elections/${el.id}/ranked/${c}/mix`) },
    );
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds each of the server’s requests equal to its own recomputation', async () => {
    for (const kind of KINDS) {
      const path = requestFile(
        `${kind}.json`,
        await must('GET', `/elections/${el.id}/decryption/${kind}/request`),
      );
      const req = readRequest(ek.c, path);
      expect(req.items.length).toBeGreaterThan(0);
      expect(() => compareTargets(ek, path, req, boardTargets(board, ek, kind), 'the board')).not.toThrow();
      expect(() => checkRequestDigest(board, kind, req.digest, path)).not.toThrow();
    }
  });

  it('binds the ranked request, served from the stages, by the digest of its entry of version 2', async () => {
    const entry = board.entries.filter((e) => e.type === 'decryption-request' && e.e.kind === 'ranked');
    expect(entry.length).toBe(1);
    expect(namesStages(entry[0]!)).toBe(true);
    expect(entry[0]!.e.request).toBeUndefined();
    const served = await serverRequest('ranked', 'r.json');
    expect(entry[0]!.e.items).toBe(served.items.length);
    // two ciphertexts swapped under their ids: the same ciphertexts, another request — refused by its digest
    const [a, b] = served.items;
    const items = [{ ...a!, target: b!.target }, { ...b!, target: a!.target }, ...served.items.slice(2)];
    const path = requestFile('swapped-ranked.json', requestJson(ek.c, 'ranked', served.maxValue, items));
    expect(() => checkRequestDigest(board, 'ranked', readRequest(ek.c, path).digest, path)).toThrow(
      /is not the board's "ranked" request: its digest/,
    );
  });

  it('refuses a board whose manifest is not the one the ceremony hashed, or names another board', () => {
    const setup = board.entries[0]!;
    const withSetup = (e: Record<string, unknown>): BoardView => ({
      ...board,
      entries: [{ ...setup, e }, ...board.entries.slice(1)],
    });
    // the server strips the board from the manifest it shows the guardians
    const { bulletinBoard: _, ...stripped } = setup.e.manifest;
    expect(() => boardTargets(withSetup({ ...setup.e, manifest: stripped }), ek, 'tally')).toThrow(
      /the manifest is not the one the key ceremony hashed \(H_M\)/,
    );
    // a log under another key than the one the ceremony's manifest names
    expect(() => boardTargets(withSetup({ ...setup.e, logPublicKey: 'AB'.repeat(32) }), ek, 'tally')).toThrow(
      /the manifest names another bulletin board than this log/,
    );
  });

  it('refuses one voter’s ballot passed off as the tally, naming the item', async () => {
    const ch = await serverRequest('challenged-ballots', 'c.json');
    const tally = await serverRequest('tally', 't.json');
    // the challenged ballot's first contest's selections, under the tally's item ids
    const items = tally.items.map((it, t) => (t < 3 ? { ...ch.items[t]!, id: it.id } : it));
    const path = requestFile('forged-tally.json', requestJson(ek.c, 'tally', tally.maxValue, items));
    expect(() =>
      compareTargets(ek, path, readRequest(ek.c, path), boardTargets(board, ek, 'tally'), 'the board'),
    ).toThrow(new RegExp(`item "${tally.items[0]!.id}" is not the product of the counted ballots`));
  });

  it('refuses a tally ciphertext passed off as a challenged ballot', async () => {
    const ch = await serverRequest('challenged-ballots', 'c2.json');
    const tally = await serverRequest('tally', 't2.json');
    const items = ch.items.map((it, t) => (t === 1 ? { ...tally.items[0]!, id: it.id } : it));
    const path = requestFile('forged-ch.json', requestJson(ek.c, 'challenged-ballots', ch.maxValue, items));
    expect(() =>
      compareTargets(
        ek,
        path,
        readRequest(ek.c, path),
        boardTargets(board, ek, 'challenged-ballots'),
        'the board',
      ),
    ).toThrow(new RegExp(`item "${ch.items[1]!.id}" is not a ciphertext of a challenged ballot`));
  });

  it('refuses a ranked mix of fewer than k stages, or with a stage under no guardian’s number', () => {
    const stages = board.entries.filter((e) => e.type === 'mix-stage' && e.e.contestId === 'mayor');
    const without = { ...board, entries: board.entries.filter((e) => e !== stages.at(-1)) };
    expect(() => boardTargets(without, ek, 'ranked')).toThrow(
      /the mix of "mayor" has 1 stages, the quorum k = 2 are needed/,
    );
    const renamed = {
      ...board,
      entries: board.entries.map((e) =>
        e === stages.at(-1) ? { ...e, e: { ...e.e, guardian: { id: 'server', x: 9 } } } : e,
      ),
    };
    expect(() => boardTargets(renamed, ek, 'ranked')).toThrow(
      /mix stage 1 of "mayor" names no guardian of the election \(x = 9\)/,
    );
  });

  it('takes a stage only when its files are the ones its mix-stage entry names (spec/mixnet.md §8.6)', async () => {
    // the entries carry digests only: without the stages read, the ranked items cannot be recomputed
    expect(() => boardTargets(raw, ek, 'ranked')).toThrow(
      /mix stage 0 of "mayor" carries the digests of its files: its stage was not read/,
    );
    const G = ek.c.G as Group<unknown>;
    const mix = async (c: string) => must('GET', `/elections/${el.id}/ranked/${c}/mix`);
    const edited = (f: (st: { outputs: unknown[]; proof: Record<string, unknown> }) => void) => ({
      mixFile: async (c: string) => {
        const m = structuredClone(await mix(c)) as {
          stages: { outputs: unknown[]; proof: Record<string, unknown> }[];
        };
        if (c === 'mayor') f(m.stages[1]!);
        return m;
      },
    });
    // two output rows exchanged: a stage the server did not accept
    await expect(
      withStageFiles(
        raw,
        G,
        edited((st) => void st.outputs.reverse()),
      ),
    ).rejects.toThrow(/mix stage 1 of "mayor": its outputs.bin is not the file the entry names/);
    await expect(
      withStageFiles(
        raw,
        G,
        edited((st) => void (st.proof.s1 = st.proof.s2)),
      ),
    ).rejects.toThrow(/mix stage 1 of "mayor": its proof head is not the entry's/);
    await expect(withStageFiles(raw, G, { mixFile: async () => ({ stages: [] }) })).rejects.toThrow(
      /mix stage 0 of "[a-z]+": its files are not published/,
    );
  });

  it('refuses the unmixed ranked rows (the ballots as cast) passed off as the mix output', async () => {
    const ranked = await serverRequest('ranked', 'r.json');
    const mix = await must('GET', `/elections/${el.id}/ranked/mayor/mix`);
    const G = ek.c.G;
    const unmixed = (mix.ballots as { row: { alpha: string; beta: string }[] }[]).flatMap((b, i) =>
      b.row.map((ct, k) => ({
        id: `mayor/${i}/${k}`,
        target: {
          kind: 'selection' as const,
          ct: { alpha: G.decode(fromHex(ct.alpha), 'alpha'), beta: G.decode(fromHex(ct.beta), 'beta') },
        },
      })),
    );
    const items = [...unmixed, ...ranked.items.slice(unmixed.length)];
    const path = requestFile('forged-r.json', requestJson(ek.c, 'ranked', ranked.maxValue, items));
    expect(() =>
      compareTargets(ek, path, readRequest(ek.c, path), boardTargets(board, ek, 'ranked'), 'the board'),
    ).toThrow(/item "mayor\/0\/0" is not an output of the last verified mix stage/);
  });
});
