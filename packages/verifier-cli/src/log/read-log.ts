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
  ballotDigestOfCanonical,
  fromHex,
  groupByName,
  leafHash,
  type Group,
} from '@evident/e2e-crypto';
import {
  LOG_FILE,
  countedBallotsTracker,
  isRankedRequestEntry,
  readJsonLineBytes,
  upperHex,
} from '@evident/record';
import { byteColumn } from '../compact/columns.js';
import { canonicalEntry, objectText, type CanonicalParts } from './canonical-parts.js';
import { ballotDigests, hexDigestOf, type Collector, type Json, type LogSummary } from './log-summary.js';
import { boardBallots } from './board-ballots.js';
import { type CredentialTable, credentialTable } from './credential-table.js';
import { boardPartOf } from './board-parts.js';
import type { LogObserver } from './log-observer.js';
import { entryQueue, type EntryRunner } from './entry-queue.js';
import { checkUploads, guardianUploadCheck, type UploadTask } from './guardian-uploads.js';
import { checkOpenings, type OpeningTask } from './opening-task.js';
import { signatureBatch, type SignatureRunner } from './signature-batch.js';

/** Where the L1 pass's batched checks run (default: this thread). */
export interface LogRunners {
  /** L3.E: the credential signatures */
  readonly signatures?: SignatureRunner;
  /** L3.H: the openings of challenged ballots */
  readonly openings?: EntryRunner<OpeningTask>;
  /** L3.K: the guardian uploads' signatures */
  readonly uploads?: EntryRunner<UploadTask>;
}

/** Challenged ballots per L3.H task (each is a few dozen fixed-base exponentiations). */
const OPENINGS_PER_TASK = 8;
/** Guardian uploads per L3.K task (a decryption upload's digest covers all its items). */
const UPLOADS_PER_TASK = 4;

/** Levels of an entry whose canonical texts are kept: entry, submission, ballot, contests and ranked, rows. */
const PART_DEPTH = 4;

/**
 * `ballotDigest(hE, sub)` (the digest a credential signature signs) from the entry's kept
 * canonical parts; as ballotDigest itself when the submission is not an object of JSON values.
 */
function submissionDigest(hE: Uint8Array, sub: Json, parts: CanonicalParts): Uint8Array {
  if (!parts.has(sub)) return ballotDigest(hE, sub); // the entry was not canonical JSON: its error
  return ballotDigestOfCanonical(hE, objectText(sub, parts, 'signature'));
}

/** What {@link readLog} gives: the log's summary as soon as it is read, and the batches still checked. */
export interface ReadLog {
  readonly log: LogSummary;
  /** settles once every batch is checked and its findings are on `l3` */
  readonly batches: Promise<void>;
}

/**
 * L1 over `board/log.jsonl`, appending every leaf to `tree` (for L2), and the L3 checks made
 * while reading: credentials published and signatures valid (L3.E), openings of challenged
 * ballots (L3.H), supersessions (L3.C); each entry also goes to `observers` (L4, C1, C5).
 * @param l3after - where the L3 findings made after the pass go (L3.C supersessions, the
 *   observers' ends): the caller reports them after those of the batches, as if on `l3`
 * @param runners - where the batches of credential signatures (L3.E), openings (L3.H) and
 *   guardian uploads (L3.K) run (default: this thread); their findings are reported on `l3` in
 *   log order once all are checked, the same wherever they ran — the summary does not wait for
 *   them, so that the caller compares the record with the log while the workers check them
 * @returns what L2 and the rest of L3 need of the log
 */
export async function readLog(
  dir: string,
  l1: Collector,
  l3: Collector,
  l3after: Collector,
  tree: { append(leafHash: Uint8Array): number },
  observers: readonly LogObserver[] = [],
  credentials: CredentialTable = credentialTable(),
  runners: LogRunners = {},
): Promise<ReadLog> {
  const published = byteColumn(); // by credential ordinal: 1 once in a `credentials` entry
  const ballots = boardBallots();
  const s: LogSummary = {
    ballots,
    credentials,
    isPublished: (o) => o >= 0 && published.at(o) === 1,
    challenged: new Set(),
    published: false,
    parts: [],
    requests: [],
  };
  let G: Group<unknown> | undefined;
  let hE: Uint8Array | undefined;
  let K: Uint8Array | undefined; // the joint key's encoding, decoded once at the key ceremony
  let election: unknown; // what the openings of one key ceremony share (a task's group)
  const supersessions = supersessionList();
  const signatures = signatureBatch(l3, runners.signatures);
  const openings = entryQueue(OPENINGS_PER_TASK, checkOpenings, runners.openings); // L3.H
  const uploadQueue = entryQueue(UPLOADS_PER_TASK, checkUploads, runners.uploads);
  const uploads = guardianUploadCheck(l3, uploadQueue); // L3.K
  const counted = countedBallotsTracker({ credentialId: (c) => credentials.id(c) });
  // the leaf is hashed from the line's bytes as read (their UTF-8 when they are not valid UTF-8)
  for await (const { lineNo, text, bytes } of readJsonLineBytes(join(dir, LOG_FILE))) {
    const index = tree.append(leafHash(bytes));
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
    // the canonical texts of the entry's parts are kept for the digests below (canonical-parts.ts)
    const { form, parts } = canonicalEntry(e, text, PART_DEPTH);
    if (form === 'noncanonical')
      l1.fail('L1.B', at, 'not in canonical form (RFC 8785): the entry has more than one encoding');
    else if (form === 'unserializable') l1.fail('L1.B', at, 'not canonical JSON');
    if (index === 0) {
      if (e.type !== 'setup' || typeof e.logPublicKey !== 'string')
        l1.fail('L1.C', at, 'entry 0 must be the setup entry with the log public key');
      else s.setup = e;
    }
    for (const o of observers) o.entry(e as Json & { type: string }, index, at);
    counted.add({ index, type: e.type, fields: e });
    await uploads.entry(e, at, parts);
    try {
      const part = boardPartOf(e, index, parts);
      if (part) s.parts.push(part);
      switch (e.type) {
        case 'key-ceremony': {
          s.keyCeremony = e;
          const init = e.initialized as Json;
          G = groupByName(String(s.setup?.profile)) as Group<unknown>;
          hE = fromHex(String(init.extendedBaseHash), 'extendedBaseHash');
          K = undefined;
          const k = fromHex(String(init.jointKey), 'jointKey');
          G.decode(k, 'jointKey');
          K = k;
          election = {};
          break;
        }
        case 'credentials':
          for (const c of e.credentials as string[]) published.set(credentials.id(c.toUpperCase()), 1);
          break;
        case 'ballot':
        case 'challenged-ballot': {
          const sub = e.submission as Json & { credential: string; ballot: Json; signature: never };
          const challenged = e.type === 'challenged-ballot';
          const credential = sub.credential.toUpperCase();
          const code = String((sub.ballot as Json).code).toUpperCase();
          const { content, ranked } = ballotDigests(sub.ballot, parts);
          const cred = credentials.id(credential);
          const twice = ballots.add({
            index,
            challenged,
            credential: cred,
            content,
            code,
            ...(ranked ? { ranked } : {}),
          });
          if (twice)
            l3.fail('L3.B', at, `confirmation code ${code.slice(0, 16)}… appears twice on the board`);
          // L3.E: published credential, valid signature
          if (!s.isPublished(cred))
            l3.fail('L3.E', at, 'the credential was not published before this ballot');
          if (!G || !hE) l3.fail('L3.E', at, 'a ballot before the key ceremony');
          else {
            // decoded and checked in a batch, perhaps in a worker thread (signature-batch.ts)
            const purpose = challenged ? 'challenge' : 'cast';
            const digest = submissionDigest(hE, sub, parts);
            await signatures.add(G.name, hE, {
              credential,
              purpose,
              digest,
              sig: upperHex(sub.signature),
              at,
            });
            // L3.H: ξ_B opens the challenged ballot, and the published values are what it opens
            // (in a task of its own, perhaps in a worker thread: opening-task.ts)
            if (challenged && K !== undefined && s.setup?.manifest) {
              l3.item();
              const task = { profile: G.name, hE, K, manifest: s.setup.manifest as OpeningTask['manifest'] };
              await openings.add({ entry: e, at }, (items) => ({ ...task, items }), election);
            }
          }
          break;
        }
        case 'supersession':
          supersessions.add(
            index,
            credentials.id(String(e.credential).toUpperCase()),
            Number(e.superseded),
            Number(e.by),
          );
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
        case 'decryption-request':
          // version 2 names the stages (a few hundred bytes); version 1 holds the request: not kept
          if (isRankedRequestEntry(e)) s.requests.push({ index, entry: e });
          break;
        case 'publish':
          s.published = true;
          break;
      }
    } catch (err) {
      l3.fail('L3.E', at, `malformed ${e.type} entry (${(err as Error).message.slice(0, 120)})`);
    }
  }
  const batches = (async () => {
    await signatures.flush();
    await openings.flush(l3);
    await uploadQueue.flush(l3);
  })();
  batches.catch(() => {}); // thrown where the caller awaits it
  for (const o of observers) o.end();
  s.counted = counted.result();
  checkSupersessions(l3after, s, supersessions);
  return { log: s, batches };
}

/** The `supersession` entries: log index, credential ordinal, the two log indices they name. */
function supersessionList() {
  const at: number[] = [];
  const credential: number[] = [];
  const superseded: number[] = [];
  const by: number[] = [];
  return {
    add(i: number, c: number, old: number, next: number) {
      at.push(i);
      credential.push(c);
      superseded.push(old);
      by.push(next);
    },
    get length() {
      return at.length;
    },
    at: (k: number) => ({ at: at[k]!, credential: credential[k]!, superseded: superseded[k]!, by: by[k]! }),
  };
}

/**
 * L3.C: each supersession replaces a cast ballot by the next cast ballot of the same credential;
 * every cast ballot of a credential but the last is superseded, the last is not.
 */
function checkSupersessions(l3: Collector, s: LogSummary, list: ReturnType<typeof supersessionList>): void {
  const b = s.ballots;
  const ballotAt = (i: number): number => (Number.isSafeInteger(i) ? b.atIndex(i) : -1);
  for (let k = 0; k < list.length; k++) {
    const x = list.at(k);
    const where = `${LOG_FILE}:${x.at + 1}`;
    const old = ballotAt(x.superseded);
    const by = ballotAt(x.by);
    if (
      old < 0 ||
      by < 0 ||
      b.challenged(old) ||
      b.challenged(by) ||
      b.credential(old) !== x.credential ||
      b.credential(by) !== x.credential ||
      x.superseded >= x.by
    ) {
      l3.fail(
        'L3.C',
        where,
        'supersession does not name an earlier cast ballot and a later cast ballot of its credential',
      );
      continue;
    }
    if (b.nextCast(old) !== by) l3.fail('L3.C', where, 'supersession skips a cast ballot of the credential');
    if (b.superseded(old)) l3.fail('L3.C', where, 'the ballot is superseded twice');
    b.markSuperseded(old);
  }
  for (let o = 0; o < b.size; o++) {
    if (b.challenged(o)) continue;
    const last = b.nextCast(o) < 0;
    if (!last && !b.superseded(o))
      l3.fail(
        'L3.C',
        `${LOG_FILE}:${b.index(o) + 1}`,
        `a cast ballot of credential ${s.credentials.short(b.credential(o))}… is followed by another without a supersession`,
      );
    if (last && b.superseded(o))
      l3.fail(
        'L3.C',
        `${LOG_FILE}:${b.index(o) + 1}`,
        'the last cast ballot of a credential is marked superseded',
      );
  }
}
