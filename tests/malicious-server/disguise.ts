/**
 * A lying server disguises its record as one made without a server: it renames every
 * `online-<credential>` device to `device-<n>` and deletes `board/`. A device's label is hashed
 * into its chain (B_aux,0, spec/record.md §5.4), so the server also recomputes every
 * confirmation code and closing hash — all hashes of public data — and puts the new codes
 * wherever the record names a ballot (challenged decryptions, ranked inputs). What it cannot
 * change without changing H_M is the manifest's `bulletinBoard`.
 * @module
 */
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  baseHash,
  ballotContestHash,
  chainClosingCode,
  chainedAux,
  chainInitialCode,
  confirmationCode,
  deviceAux0,
  extendedBaseHash,
  fromHex,
  groupByName,
  manifestDigest,
  parameterBaseHash,
  rankedContestHash,
  rankedContestIndex,
  toHex,
  type Group,
  type Manifest,
} from '@evident/e2e-crypto';
import type { LyingServer } from './lying-server.js';

type Cipher = { alpha: string; beta: string };
type Line = {
  code: string;
  contests: { label: string; selections: Cipher[]; contestData: { c0: string; c1: string; c2: string } }[];
  ranked?: { row: Cipher[] }[];
};

/** Every file of `dir`, as paths relative to `root`. */
function filesOf(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesOf(root, p) : [relative(root, p)];
  });
}

/** The χ's of a ballot line (spec/record.md §5.2, §5.6), in the order H(B) hashes them. */
function contestHashes<E>(G: Group<E>, hE: Uint8Array, K: E, manifest: Manifest, b: Line): Uint8Array[] {
  const el = (h: string) => G.decode(fromHex(h), 'element');
  const ct = (c: Cipher) => ({ alpha: el(c.alpha), beta: el(c.beta) });
  const ordinary = b.contests.map((c) => {
    const indC = manifest.contests.findIndex((m) => m.label === c.label) + 1;
    const cd = { c0: el(c.contestData.c0), c1: fromHex(c.contestData.c1), c2: fromHex(c.contestData.c2) };
    return ballotContestHash(G, hE, indC, K, c.selections.map(ct), cd);
  });
  const ranked = (b.ranked ?? []).map((r, i) =>
    rankedContestHash(G, hE, rankedContestIndex(manifest.contests.length, i), K, r.row.map(ct)),
  );
  return [...ordinary, ...ranked];
}

/**
 * Renames the online devices of the record in `liar.dir`, re-chains their ballots and deletes
 * the board.
 */
export function disguiseAsServerless(liar: LyingServer): void {
  const dir = liar.dir;
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const config = read('election-config.json');
  const init = read('election-initialized.json');
  const manifest = read('manifest.json') as Manifest;
  const G = groupByName(config.profile) as Group<unknown>;
  const hE = fromHex(init.extendedBaseHash);
  const K = G.decode(fromHex(init.jointKey), 'jointKey');
  const renamed = new Map<string, string>(); // old code → new code
  const devices = read('devices.json').devices as { label: string; closingHash: string }[];
  const out = devices.map((d, n) => {
    const label = `device-${n + 1}`;
    const aux0 = deviceAux0(label);
    const lines = readFileSync(join(dir, `ballots/${d.label}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Line);
    let prev = chainInitialCode(hE, aux0);
    for (const b of lines) {
      const code = confirmationCode(hE, contestHashes(G, hE, K, manifest, b), chainedAux(prev, aux0));
      renamed.set(b.code, toHex(code));
      b.code = toHex(code);
      prev = code;
    }
    writeFileSync(join(dir, `ballots/${d.label}.jsonl`), lines.map((b) => JSON.stringify(b) + '\n').join(''));
    renameSync(join(dir, `ballots/${d.label}.jsonl`), join(dir, `ballots/${label}.jsonl`));
    return { label, closingHash: toHex(chainClosingCode(hE, prev, aux0)) };
  });
  writeFileSync(join(dir, 'devices.json'), JSON.stringify({ devices: out }, null, 2));
  liar.remove('board');
  // every other mention of a ballot (challenged.jsonl, ranked inputs) follows its new code
  for (const f of filesOf(dir).filter((f) => !f.startsWith('ballots'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const next = text.replace(/[0-9A-F]{64}/g, (h) => renamed.get(h) ?? h);
    if (next !== text) writeFileSync(join(dir, f), next);
  }
}

/**
 * Removes `bulletinBoard` from the manifest of the record in `liar.dir` and recomputes what hashes
 * it — H_M, H_B (election-config.json) and H_E (election-initialized.json) — as a server would
 * that wants its record to look serverless. The ballots' proofs and the decryptions' proofs were
 * made under the old H_E, and no one but the voters and guardians can make new ones.
 */
export function stripBoardFromManifest(liar: LyingServer): void {
  const dir = liar.dir;
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const write = (f: string, v: unknown) => writeFileSync(join(dir, f), JSON.stringify(v, null, 2));
  const { bulletinBoard: _, ...manifest } = read('manifest.json') as Manifest;
  const config = read('election-config.json');
  const init = read('election-initialized.json');
  const G = groupByName(config.profile) as Group<unknown>;
  const hP = parameterBaseHash(G);
  const hM = manifestDigest(hP, manifest);
  const hB = baseHash(hP, hM, config.guardians, config.quorum);
  const hE = extendedBaseHash(G, hB, G.decode(fromHex(init.jointKey), 'jointKey'));
  write('manifest.json', manifest);
  write('election-config.json', { ...config, manifestHash: toHex(hM), baseHash: toHex(hB) });
  write('election-initialized.json', { ...init, extendedBaseHash: toHex(hE) });
}
