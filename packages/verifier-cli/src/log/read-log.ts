/**
 * L1 (spec/bulletin-board.md §6): the log read once, line by line — structure and canonical form
 * of each entry, the setup entry first, the Merkle tree of the leaves — keeping what L2 and L3
 * need; on the way, the L3 checks that need the log in order (L3.C supersessions, L3.E credentials
 * and signatures, L3.H openings of challenged ballots).
 * @module
 */
import { join } from 'node:path';
import {
  ballotDigest,
  canonicalJsonString,
  createMerkleLog,
  fromHex,
  groupByName,
  leafHash,
  type Group,
} from '@evident/e2e-crypto';
import { LOG_FILE, countedBallotsTracker, readJsonLines, upperHex } from '@evident/record';
import { checkChallengeOpening } from '../challenge-openings.js';
import {
  ballotContent,
  hexDigestOf,
  type BoardBallot,
  type Collector,
  type Json,
  type LogSummary,
} from './log-summary.js';
import { boardPartOf } from './board-parts.js';
import type { LogObserver } from './log-observer.js';
import { guardianUploadCheck } from './guardian-uploads.js';
import { signatureBatch, type SignatureRunner } from './signature-batch.js';

const utf8 = new TextEncoder();

/**
 * L1 over `board/log.jsonl`, appending every leaf to `tree` (for L2), and the L3 checks made
 * while reading: credentials published and signatures valid (L3.E), openings of challenged
 * ballots (L3.H), supersessions (L3.C); each entry also goes to `observers` (L4, C1, C5).
 * @param runSignatures - where the batches of credential signatures run (default: this thread)
 * @returns what L2 and the rest of L3 need of the log
 */
export async function readLog(
  dir: string,
  l1: Collector,
  l3: Collector,
  tree: ReturnType<typeof createMerkleLog>,
  observers: readonly LogObserver[] = [],
  runSignatures?: SignatureRunner,
): Promise<LogSummary> {
  const s: LogSummary = {
    ballots: new Map(),
    byIndex: new Map(),
    perCredential: new Map(),
    credentials: new Set(),
    challenged: new Set(),
    published: false,
    parts: [],
  };
  const credentials = s.credentials;
  let G: Group<unknown> | undefined;
  let hE: Uint8Array | undefined;
  let K: unknown;
  const supersessions: { at: string; credential: string; superseded: number; by: number }[] = [];
  const signatures = signatureBatch(l3, runSignatures);
  const uploads = guardianUploadCheck(l3); // L3.K
  const counted = countedBallotsTracker();
  for await (const { lineNo, text } of readJsonLines(join(dir, LOG_FILE))) {
    const index = tree.append(leafHash(utf8.encode(text)));
    const at = `${LOG_FILE}:${lineNo}`;
    l1.item();
    let e: Json;
    try {
      e = JSON.parse(text) as Json;
    } catch {
      l1.fail('L1.A', at, 'not JSON');
      continue;
    }
    if (typeof e !== 'object' || e === null || Array.isArray(e) || typeof e.type !== 'string') {
      l1.fail('L1.A', at, 'not an object with a string "type"');
      continue;
    }
    try {
      if (canonicalJsonString(e) !== text)
        l1.fail('L1.B', at, 'not in canonical form (RFC 8785): the entry has more than one encoding');
    } catch {
      l1.fail('L1.B', at, 'not canonical JSON');
    }
    if (index === 0) {
      if (e.type !== 'setup' || typeof e.logPublicKey !== 'string')
        l1.fail('L1.C', at, 'entry 0 must be the setup entry with the log public key');
      else s.setup = e;
    }
    for (const o of observers) o.entry(e as Json & { type: string }, index, at);
    counted.add({ index, type: e.type, fields: e });
    uploads.entry(e, at);
    try {
      const part = boardPartOf(e, index);
      if (part) s.parts.push(part);
      switch (e.type) {
        case 'key-ceremony': {
          s.keyCeremony = e;
          const init = e.initialized as Json;
          G = groupByName(String(s.setup?.profile)) as Group<unknown>;
          hE = fromHex(String(init.extendedBaseHash), 'extendedBaseHash');
          K = G.decode(fromHex(String(init.jointKey), 'jointKey'), 'jointKey');
          break;
        }
        case 'credentials':
          for (const c of e.credentials as string[]) credentials.add(c.toUpperCase());
          break;
        case 'ballot':
        case 'challenged-ballot': {
          const sub = e.submission as Json & { credential: string; ballot: Json; signature: never };
          const challenged = e.type === 'challenged-ballot';
          const credential = sub.credential.toUpperCase();
          const code = String((sub.ballot as Json).code).toUpperCase();
          const b: BoardBallot = {
            index,
            challenged,
            credential,
            content: ballotContent(sub.ballot),
            code,
            ...(Array.isArray(sub.ballot.ranked)
              ? { ranked: (sub.ballot.ranked as unknown[]).map((r) => hexDigestOf(r)) }
              : {}),
            superseded: false,
            seen: false,
          };
          if (s.ballots.has(code))
            l3.fail('L3.B', at, `confirmation code ${code.slice(0, 16)}… appears twice on the board`);
          s.ballots.set(code, b);
          s.byIndex.set(index, b);
          const list = s.perCredential.get(credential) ?? [];
          list.push(b);
          s.perCredential.set(credential, list);
          // L3.E: published credential, valid signature
          if (!credentials.has(credential))
            l3.fail('L3.E', at, 'the credential was not published before this ballot');
          if (!G || !hE) l3.fail('L3.E', at, 'a ballot before the key ceremony');
          else {
            // decoded and checked in a batch, perhaps in a worker thread (signature-batch.ts)
            const purpose = challenged ? 'challenge' : 'cast';
            const digest = ballotDigest(hE, sub);
            await signatures.add(G.name, hE, {
              credential,
              purpose,
              digest,
              sig: upperHex(sub.signature),
              at,
            });
            // L3.H: ξ_B opens the challenged ballot, and the published values are what it opens
            if (challenged && K !== undefined && s.setup?.manifest) {
              l3.item();
              const oc = { G, hE, K, manifest: s.setup.manifest as never };
              for (const f of checkChallengeOpening(oc, e)) l3.fail(f.check, `${at} ${f.where}`, f.message);
            }
          }
          break;
        }
        case 'supersession':
          supersessions.push({
            at,
            credential: String(e.credential).toUpperCase(),
            superseded: Number(e.superseded),
            by: Number(e.by),
          });
          break;
        case 'encrypted-tally':
          s.encryptedTally = hexDigestOf(e.encryptedTally);
          break;
        case 'tally-decryption':
          s.tally = hexDigestOf(e.tally);
          break;
        case 'challenged-decryption':
          s.challenged.add(hexDigestOf(e.decryption));
          break;
        case 'publish':
          s.published = true;
          break;
      }
    } catch (err) {
      l3.fail('L3.E', at, `malformed ${e.type} entry (${(err as Error).message.slice(0, 120)})`);
    }
  }
  await signatures.flush();
  for (const o of observers) o.end();
  s.counted = counted.result();
  // L3.C: each supersession replaces a cast ballot by the next cast ballot of the same credential
  for (const x of supersessions) {
    const old = s.byIndex.get(x.superseded);
    const by = s.byIndex.get(x.by);
    if (
      !old ||
      !by ||
      old.challenged ||
      by.challenged ||
      old.credential !== x.credential ||
      by.credential !== x.credential ||
      x.superseded >= x.by
    ) {
      l3.fail(
        'L3.C',
        x.at,
        'supersession does not name an earlier cast ballot and a later cast ballot of its credential',
      );
      continue;
    }
    const casts = s.perCredential.get(x.credential)!.filter((b) => !b.challenged);
    const i = casts.indexOf(old);
    if (casts[i + 1] !== by) l3.fail('L3.C', x.at, 'supersession skips a cast ballot of the credential');
    if (old.superseded) l3.fail('L3.C', x.at, 'the ballot is superseded twice');
    old.superseded = true;
  }
  for (const [cred, list] of s.perCredential) {
    const casts = list.filter((b) => !b.challenged);
    casts.forEach((b, i) => {
      if (i < casts.length - 1 && !b.superseded)
        l3.fail(
          'L3.C',
          `${LOG_FILE}:${b.index + 1}`,
          `a cast ballot of credential ${cred.slice(0, 16)}… is followed by another without a supersession`,
        );
      if (i === casts.length - 1 && b.superseded)
        l3.fail(
          'L3.C',
          `${LOG_FILE}:${b.index + 1}`,
          'the last cast ballot of a credential is marked superseded',
        );
    });
  }
  return s;
}
