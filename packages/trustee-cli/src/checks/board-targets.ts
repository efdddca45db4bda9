/**
 * What the guardians may decrypt, recomputed from the bulletin board (spec/key-ceremony.md §9.7):
 * - `tally`: the option-by-option product of the counted ballots — per credential the last
 *   `ballot` entry (a revote supersedes the earlier ones), only credentials published in a
 *   `credentials` entry before `open`; challenged ballots never count (EG 2.0 eq 62);
 * - `challenged-ballots`: every selection and contest-data field of every `challenged-ballot` entry,
 *   none sharing an encryption nonce's commitment with another ballot (a copied ciphertext), each
 *   opened by the ballot nonce ξ_B the challenge reveals (EG 2.0 eq 25, 50) — so the guardians
 *   decrypt only what its challenger could already open, never another voter's ciphertext;
 * - `ranked`: per ranked contest, the outputs of the last of at least k `mix-stage` entries by
 *   distinct guardians, the chain verified from the counted ballots' rows (spec/mixnet.md §5.3).
 * Items and ids are the server's (spec/server-api.md §7.1, §7.5).
 * @module
 */
import {
  type CiphertextRow,
  type Group,
  type Manifest,
  type ManifestIndex,
  type MixStage,
  type RankedContest,
  bytesEqual,
  bytesToBigint,
  ciphertextFromJson,
  contestDataNonce,
  createTallyAccumulator,
  fromHex,
  indexManifest,
  manifestDigest,
  mixSessionHash,
  rowsFromJson,
  selectionNonce,
  shuffleProofFromJson,
  verifyMixChain,
} from '@evident/e2e-crypto';
import { countedBallots, isIrregular } from '@evident/record';
import { TrusteeError, refuse } from '../errors.js';
import type { RequestItem } from '../files/decryption-files.js';
import type { ElectionKey } from '../files/election-key.js';
import type { BoardEntry, BoardView } from './board-view.js';

type Kind = 'tally' | 'challenged-ballots' | 'ranked';

/** The ballot JSON of a board `ballot` / `challenged-ballot` entry, as far as decryption needs it. */
interface BoardBallot {
  code: string;
  style: string;
  contests: {
    label: string;
    selections: { alpha: string; beta: string }[];
    contestData: { c0: string; c1: string; c2: string };
  }[];
  ranked?: { contestId: string; row: unknown[] }[];
}

/** Runs `fn`, turning decoding errors into a refusal naming the board entry. */
function atEntry<T>(board: BoardView, e: BoardEntry, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TrusteeError) throw err;
    throw refuse(board.source, `log entry ${e.index} (${e.type}): ${(err as Error).message}`);
  }
}

const el = (G: Group<unknown>, hex: string, field: string): unknown => G.decode(fromHex(hex, field), field);

/** Checks the board is this ceremony's election; returns its manifest index. */
function electionOf(board: BoardView, ek: ElectionKey): ManifestIndex {
  const kc = board.entries.find((e) => e.type === 'key-ceremony');
  if (!kc) throw refuse(board.source, 'has no key-ceremony entry');
  if (String(kc.e.baseHash).toUpperCase() !== ek.c.id.toUpperCase())
    throw refuse(
      board.source,
      `log entry ${kc.index}: is another election than the election key (H_B)`,
      'baseHash',
    );
  const G = ek.c.G;
  const K = atEntry(board, kc, () => el(G, String(kc.e.initialized?.jointKey), 'initialized.jointKey'));
  if (!G.equals(K, ek.K))
    throw refuse(
      board.source,
      `log entry ${kc.index}: is not the joint key K of the election key`,
      'jointKey',
    );
  // the setup entry's manifest is the one the ceremony hashed, and names this board (spec/record.md §3.1)
  const setup = board.entries[0]!;
  const manifest = setup.e.manifest as Manifest;
  if (!atEntry(board, setup, () => bytesEqual(manifestDigest(ek.c.hP, manifest), ek.c.hM)))
    throw refuse(
      board.source,
      'log entry 0: the manifest is not the one the key ceremony hashed (H_M)',
      'manifest',
    );
  const named = manifest.bulletinBoard?.logPublicKey;
  if (named !== undefined && String(named).toUpperCase() !== String(setup.e.logPublicKey).toUpperCase())
    throw refuse(
      board.source,
      'log entry 0: the manifest names another bulletin board than this log',
      'manifest.bulletinBoard.logPublicKey',
    );
  return atEntry(board, setup, () => indexManifest(manifest));
}

type Counted = readonly { entry: BoardEntry; ballot: BoardBallot }[];

/**
 * What a checked board view yields whatever the kind — the counted ballots, the election's
 * manifest index — computed once per view when one run answers several kinds. The view is the
 * one checked under the signed head in this process (never a file read back).
 */
const countedMemo = new WeakMap<BoardView, Counted>();
const electionMemo = new WeakMap<BoardView, { ek: ElectionKey; index: ManifestIndex }>();

/**
 * The counted ballots in log order, by @evident/record's rule (per credential the last `ballot`
 * entry, credentials published before `open`); a board with a ballot the rule does not count is
 * refused (the board could be stuffing ballots).
 */
function countedOf(board: BoardView): Counted {
  const known = countedMemo.get(board);
  if (known) return known;
  const r = countedBallots(board.entries.map((e) => ({ index: e.index, type: e.type, fields: e.e })));
  // a cancelled credential's ballots are the cross-channel rule at work, not an irregularity
  const bad = r.uncounted.find(isIrregular);
  if (bad)
    throw refuse(
      board.source,
      `log entry ${bad.index}: ${bad.message}; refusing to decrypt a tally that may contain it`,
      'submission.credential',
    );
  const byIndex = new Map(board.entries.map((e) => [e.index, e]));
  const counted = r.counted.map((i) => {
    const entry = byIndex.get(i)!;
    return { entry, ballot: entry.e.submission.ballot as BoardBallot };
  });
  countedMemo.set(board, counted);
  return counted;
}

function tallyItems(board: BoardView, ek: ElectionKey, index: ManifestIndex): RequestItem[] {
  const G = ek.c.G;
  const acc = createTallyAccumulator(G, index);
  for (const { entry, ballot } of countedOf(board))
    atEntry(board, entry, () =>
      acc.add({
        contests: ballot.contests.map((c, ci) => ({
          label: c.label,
          selections: c.selections.map((s, j) => ({
            ciphertext: {
              alpha: el(G, s.alpha, `contests[${ci}].selections[${j}].alpha`),
              beta: el(G, s.beta, `contests[${ci}].selections[${j}].beta`),
            },
          })),
        })),
      }),
    );
  return acc.result().contests.flatMap((c) =>
    c.selections.map((s, j) => ({
      id: `${c.index}/${j + 1}`,
      target: { kind: 'selection' as const, ct: s.ciphertext },
    })),
  );
}

/**
 * Where each encryption nonce's commitment (a selection's α, a contest data's C_0) of the board's
 * ballots first appears. Fresh nonces never repeat: a challenged ballot that shares one with
 * another ballot carries that ballot's ciphertext, and decrypting it would reveal that vote.
 */
function nonceCommitments(board: BoardView, G: Group<unknown>): Map<string, number> {
  const seen = new Map<string, number>();
  for (const e of board.entries) {
    if (e.type !== 'ballot') continue;
    atEntry(board, e, () => {
      for (const c of (e.e.submission.ballot as BoardBallot).contests) {
        for (const s of c.selections) seen.set(G.key(el(G, s.alpha, 'alpha')), e.index);
        seen.set(G.key(el(G, c.contestData.c0, 'c0')), e.index);
      }
    });
  }
  return seen;
}

function challengedItems(board: BoardView, ek: ElectionKey, index: ManifestIndex): RequestItem[] {
  const G = ek.c.G;
  const seen = nonceCommitments(board, G);
  const fresh = (e: BoardEntry, x: unknown, field: string): void => {
    const k = G.key(x);
    const first = seen.get(k);
    if (first !== undefined && first !== e.index)
      throw refuse(
        board.source,
        `log entry ${e.index}: the challenged ballot reuses a ciphertext of the ballot at log entry ${first}; refusing to decrypt another voter's ballot`,
        field,
      );
    seen.set(k, e.index);
  };
  const items: RequestItem[] = [];
  for (const e of board.entries) {
    if (e.type !== 'challenged-ballot') continue;
    const xiB = atEntry(board, e, () => bytesToBigint(fromHex(String(e.e.submission.nonce), 'nonce')));
    if (xiB >= G.q)
      throw refuse(
        board.source,
        `log entry ${e.index}: the ballot nonce ξ_B is not a scalar`,
        'submission.nonce',
      );
    const opens = (x: unknown, xi: bigint, field: string): void => {
      if (!G.equals(x, G.gExp(xi)))
        throw refuse(
          board.source,
          `log entry ${e.index}: the revealed ballot nonce ξ_B does not open this ciphertext (EG 2.0 eq 25/50); refusing to decrypt what its challenger cannot open`,
          field,
        );
    };
    atEntry(board, e, () => {
      const b = e.e.submission.ballot as BoardBallot;
      const code = b.code.toUpperCase();
      const style = index.styles.get(b.style);
      if (!style) throw new Error(`unknown ballot style "${b.style}"`);
      b.contests.forEach((c, ci) => {
        const indC = style[ci]!.index;
        c.selections.forEach((s, j) => {
          const ct = { alpha: el(G, s.alpha, 'alpha'), beta: el(G, s.beta, 'beta') };
          const field = `submission.ballot.contests[${ci}].selections[${j}].alpha`;
          fresh(e, ct.alpha, field);
          opens(ct.alpha, selectionNonce(G, ek.hE, xiB, indC, j + 1), field);
          items.push({ id: `${code}/${indC}/${j + 1}`, target: { kind: 'selection', ct } });
        });
        const c0 = el(G, c.contestData.c0, 'c0');
        fresh(e, c0, `submission.ballot.contests[${ci}].contestData.c0`);
        opens(c0, contestDataNonce(G, ek.hE, xiB, indC), `submission.ballot.contests[${ci}].contestData.c0`);
        items.push({
          id: `${code}/${indC}/data`,
          contestIndex: indC,
          target: {
            kind: 'contest-data',
            ct: { c0, c1: fromHex(c.contestData.c1, 'c1'), c2: fromHex(c.contestData.c2, 'c2') },
          },
        });
      });
    });
  }
  return items;
}

/** The last outputs of one contest's chain, verified from the counted ballots' rows. */
function lastMixOutputs(
  board: BoardView,
  ek: ElectionKey,
  contest: RankedContest,
  position: number,
  counted: Counted,
): CiphertextRow<unknown>[] {
  const G = ek.c.G;
  const inputs = counted.map(({ entry, ballot }) =>
    atEntry(board, entry, () => {
      const r = ballot.ranked?.[position];
      if (!r || r.contestId !== contest.id) throw new Error(`no ranked row for "${contest.id}"`);
      return r.row.map((ct, k) => ciphertextFromJson(G, ct, `ranked[${position}].row[${k}]`));
    }),
  );
  const entries = board.entries.filter((e) => e.type === 'mix-stage' && e.e.contestId === contest.id);
  const stages: MixStage<unknown>[] = [];
  const mixers = new Set<number>();
  for (const [j, e] of entries.entries()) {
    if (e.e.stage !== j)
      throw refuse(
        board.source,
        `log entry ${e.index}: mix stage ${String(e.e.stage)} of "${contest.id}" out of order`,
        'stage',
      );
    const x = Number(e.e.guardian?.x);
    if (!Number.isInteger(x) || x < 1 || x > ek.c.n)
      throw refuse(
        board.source,
        `log entry ${e.index}: mix stage ${j} of "${contest.id}" names no guardian of the election (x = ${String(e.e.guardian?.x)})`,
        'guardian.x',
      );
    if (mixers.has(x))
      throw refuse(
        board.source,
        `log entry ${e.index}: guardian ${x} mixed "${contest.id}" twice`,
        'guardian',
      );
    mixers.add(x);
    if (e.e.outputs === undefined && e.e.files !== undefined)
      throw refuse(
        board.source,
        `log entry ${e.index}: mix stage ${j} of "${contest.id}" carries the digests of its files: its stage was not read (spec/mixnet.md §8.6)`,
        'files',
      );
    stages.push(
      atEntry(board, e, () => ({
        mixer: String(e.e.guardian?.id),
        outputs: rowsFromJson(G, e.e.outputs, 'outputs'),
        proof: shuffleProofFromJson(G, e.e.proof, 'proof'),
      })),
    );
  }
  if (stages.length < ek.c.k)
    throw refuse(
      board.source,
      `the mix of "${contest.id}" has ${stages.length} stages, the quorum k = ${ek.c.k} are needed`,
      'mix-stage',
    );
  const v = verifyMixChain(G, ek.K, mixSessionHash(ek.hE, `contest:${contest.id}`), inputs, stages, ek.c.k);
  const [f] = v;
  if (f)
    throw refuse(
      board.source,
      `the mix of "${contest.id}" does not verify: ${f.check} ${f.message} (spec/mixnet.md §5)`,
      f.where,
    );
  return stages.at(-1)!.outputs as CiphertextRow<unknown>[];
}

function rankedItems(board: BoardView, ek: ElectionKey, index: ManifestIndex): RequestItem[] {
  const counted = countedOf(board);
  const items: RequestItem[] = [];
  if (counted.length === 0) return items;
  (index.manifest.rankedContests ?? []).forEach((c, position) => {
    lastMixOutputs(board, ek, c, position, counted).forEach((row, i) =>
      row.forEach((ct, k) => items.push({ id: `${c.id}/${i}/${k}`, target: { kind: 'selection', ct } })),
    );
  });
  return items;
}

/**
 * The items a request of `kind` must hold, recomputed from the board.
 * @throws {TrusteeError} INVALID_FILE naming the board and entry when it is not this election's
 *   or does not allow the recomputation
 */
export function boardTargets(board: BoardView, ek: ElectionKey, kind: Kind): RequestItem[] {
  const known = electionMemo.get(board);
  const index = known?.ek === ek ? known.index : electionOf(board, ek);
  electionMemo.set(board, { ek, index });
  if (kind === 'tally') return tallyItems(board, ek, index);
  if (kind === 'challenged-ballots') return challengedItems(board, ek, index);
  return rankedItems(board, ek, index);
}
