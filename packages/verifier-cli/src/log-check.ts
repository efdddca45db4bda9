/**
 * The bulletin-board log checks of an exported record (spec/bulletin-board.md §6, steps L1–L3):
 *
 * - **L1 log structure**: every line of `board/log.jsonl` is a canonical JSON object with a type
 *   (L1.A, L1.B), entry 0 is the `setup` entry with the log key (L1.C); the leaves are hashed as
 *   RFC 9162 §2.1.1 into the Merkle tree whose root L2 compares with the signed heads.
 * - **L2 signed tree heads**: every head of `board/tree-heads.jsonl` has a valid Ed25519 signature
 *   under the setup entry's key and the election's log id (L2.A), its root is the Merkle tree hash
 *   of the first treeSize lines — so every head is consistent with the exported log (L2.B), sizes
 *   and times never decrease (L2.C), and the last head covers the whole log (L2.D).
 * - **L3 the record is the log**: the config, manifest and guardians are the setup and
 *   key-ceremony entries' (L3.A); every ballot of the record is a ballot entry of the log, with the
 *   same content, and every ballot entry is in the record (L3.B); its state is the log's: challenged,
 *   superseded by a valid `supersession` entry (an earlier cast ballot of the same credential,
 *   replaced by the next one), else cast (L3.C); it sits in its credential's device file in log
 *   order (L3.D); its credential was published and its signature verifies (L3.E, Belenios: the
 *   board cannot stuff ballots); the tally files are the log's `encrypted-tally`,
 *   `tally-decryption` and `challenged-decryption` entries (L3.F); each ranked contest's
 *   `inputs.json` holds exactly the counted ballots' rows (L3.G, ./ranked/ranked-log-check.ts);
 *   a challenged ballot's revealed nonce ξ_B opens its selections and ranked rows to the published
 *   `opened` and `openedRanked` values (L3.H, ./challenge-openings.ts).
 *
 * Never throws on bad data: failures are findings with a location (`file:line field`).
 * @module
 */
import { createHash } from 'node:crypto';
import { checkRankedInputs } from './ranked/ranked-log-check.js';
import { checkChallengeOpening } from './challenge-openings.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ballotDigest,
  canonicalJsonString,
  createBatch,
  createMerkleLog,
  credentialSignatureFromJson,
  encodeLogHash,
  fromHex,
  groupByName,
  leafHash,
  verifyCredentialSignature,
  verifyTreeHead,
  type Batch,
  type CredentialSignature,
  type Group,
  type SignedTreeHead,
} from '@evident/e2e-crypto';
import {
  BALLOTS_DIR,
  CHALLENGED_FILE,
  CONFIG_FILE,
  DEVICES_FILE,
  ENCRYPTED_TALLY_FILE,
  INITIALIZED_FILE,
  LOG_FILE,
  MANIFEST_FILE,
  TALLY_FILE,
  TREE_HEADS_FILE,
  ballotFile,
  readJsonLines,
} from '@evident/record';
import { stepCollector, type StepResult } from './report.js';

const utf8 = new TextEncoder();
type Json = Record<string, unknown>;
type Collector = ReturnType<typeof stepCollector>;

const HEX_KEYS = new Set([
  'code',
  'alpha',
  'beta',
  'a',
  'b',
  'c',
  'v',
  'h',
  'c0',
  'c1',
  'c2',
  'jointKey',
  'extendedBaseHash',
]);
/** Uppercases hex fields: the board keeps submissions as sent, the record is uppercase (record.md §1.2). */
function upperHex(value: unknown, key = ''): unknown {
  if (typeof value === 'string')
    return HEX_KEYS.has(key) || key === 'commitments' ? value.toUpperCase() : value;
  if (Array.isArray(value)) return value.map((x) => upperHex(x, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, upperHex(v, k)]));
  return value;
}
const digestOf = (v: unknown): string => createHash('sha256').update(canonicalJsonString(v)).digest('hex');
const ballotContent = (b: Json): string =>
  digestOf(
    upperHex({
      code: b.code,
      style: b.style,
      contests: b.contests,
      ...(b.ranked !== undefined ? { ranked: b.ranked } : {}),
    }),
  );
const deviceOf = (credential: string): string => `online-${credential.toLowerCase().slice(0, 64)}`;

/** A ballot entry of the log, as L3 needs it. */
interface BoardBallot {
  readonly index: number;
  readonly challenged: boolean;
  readonly credential: string;
  readonly content: string;
  /** the confirmation code, upper case */
  readonly code: string;
  /** digests of its ranked rows, in manifest order */
  readonly ranked?: readonly string[];
  superseded: boolean;
  seen: boolean;
}

/** What the L1 pass keeps of the log. */
interface LogSummary {
  setup?: Json;
  keyCeremony?: Json;
  ballots: Map<string, BoardBallot>;
  byIndex: Map<number, BoardBallot>;
  perCredential: Map<string, BoardBallot[]>;
  encryptedTally?: string;
  tally?: string;
  challenged: Set<string>;
  published: boolean;
}

function readJsonFile(dir: string, file: string): Json | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
  } catch {
    return undefined;
  }
}

/**
 * Runs L1–L3 on the record in `dir`.
 * @returns three steps; skipped when the record has no `board/log.jsonl` (records not exported from a server)
 */
export async function checkBoardLog(dir: string): Promise<StepResult[]> {
  const l1 = stepCollector('L1', 'Bulletin-board log structure');
  const l2 = stepCollector('L2', 'Signed tree heads');
  const l3 = stepCollector('L3', 'Record matches the bulletin-board log');
  if (!existsSync(join(dir, LOG_FILE))) {
    const note = `the record has no bulletin-board log (${LOG_FILE})`;
    return [l1.skip(note), l2.skip(note), l3.skip(note)];
  }
  const tree = createMerkleLog();
  const log = await readLog(dir, l1, l3, tree);
  checkHeads(dir, l2, tree, log);
  await checkRecord(dir, l3, log);
  return [l1.done(), l2.done(), l3.done()];
}

async function readLog(
  dir: string,
  l1: Collector,
  l3: Collector,
  tree: ReturnType<typeof createMerkleLog>,
): Promise<LogSummary> {
  const s: LogSummary = {
    ballots: new Map(),
    byIndex: new Map(),
    perCredential: new Map(),
    challenged: new Set(),
    published: false,
  };
  const credentials = new Set<string>();
  let G: Group<unknown> | undefined;
  let hE: Uint8Array | undefined;
  let K: unknown;
  const supersessions: { at: string; credential: string; superseded: number; by: number }[] = [];
  const signatures = signatureBatch(l3);
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
    try {
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
              ? { ranked: (sub.ballot.ranked as unknown[]).map((r) => digestOf(upperHex(r))) }
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
            const S = G.decode(fromHex(credential, 'credential'), 'credential');
            const sig = credentialSignatureFromJson(G, sub.signature, 'signature');
            const purpose = challenged ? 'challenge' : 'cast';
            signatures.add({ G, hE, S, purpose, digest: ballotDigest(hE, sub), sig, at });
            // L3.H: ξ_B opens the challenged ballot, and the published values are what it opens
            if (challenged && K !== undefined && s.setup?.manifest) {
              l3.item();
              const oc = { G, hE, K, manifest: s.setup.manifest as never };
              for (const f of checkChallengeOpening(oc, e)) l3.fail('L3.H', `${at} ${f.field}`, f.message);
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
          s.encryptedTally = digestOf(upperHex(e.encryptedTally));
          break;
        case 'tally-decryption':
          s.tally = digestOf(upperHex(e.tally));
          break;
        case 'challenged-decryption':
          s.challenged.add(digestOf(upperHex(e.decryption)));
          break;
        case 'publish':
          s.published = true;
          break;
      }
    } catch (err) {
      l3.fail('L3.E', at, `malformed ${e.type} entry (${(err as Error).message.slice(0, 120)})`);
    }
  }
  signatures.flush();
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

/** A credential signature to check (L3.E). */
interface PendingSignature {
  readonly G: Group<unknown>;
  readonly hE: Uint8Array;
  readonly S: unknown;
  readonly purpose: 'cast' | 'challenge';
  readonly digest: Uint8Array;
  readonly sig: CredentialSignature<unknown>;
  readonly at: string;
}

/**
 * L3.E in batches of 512: in commitment form one multi-scalar multiplication per batch, and
 * one-by-one checks only to name a failing signature.
 */
function signatureBatch(l3: Collector): { add(p: PendingSignature): void; flush(): void } {
  let pending: PendingSignature[] = [];
  let batch: Batch<unknown> | undefined;
  const bad = (p: PendingSignature): void =>
    l3.fail('L3.E', `${p.at} submission.signature`, 'the credential signature does not verify');
  const one = (p: PendingSignature, b?: Batch<unknown>): boolean =>
    verifyCredentialSignature(p.G, p.hE, p.S, p.purpose, p.digest, p.sig, b);
  const flush = (): void => {
    if (pending.length > 0 && (!batch || !batch.check())) {
      for (const p of pending) if (!one(p)) bad(p);
    }
    pending = [];
    batch = undefined;
  };
  return {
    add(p) {
      if (p.G.proofForm !== 'commitment') {
        if (!one(p)) bad(p);
        return;
      }
      batch ??= createBatch(p.G);
      // a signature that fails outside the batch equations (ranges, form) is named at once
      if (!one(p, batch)) bad(p);
      else pending.push(p);
      if (pending.length >= 512) flush();
    },
    flush,
  };
}

function checkHeads(
  dir: string,
  l2: Collector,
  tree: ReturnType<typeof createMerkleLog>,
  log: LogSummary,
): void {
  const path = join(dir, TREE_HEADS_FILE);
  if (!existsSync(path)) {
    l2.fail('L2.D', TREE_HEADS_FILE, 'missing: no signed tree head covers the log');
    return;
  }
  let key: Uint8Array | undefined;
  try {
    key = fromHex(String(log.setup?.logPublicKey), 'logPublicKey');
  } catch {
    key = undefined;
  }
  const logId = String(log.setup?.electionId ?? '');
  let last: SignedTreeHead | undefined;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.length === 0) return;
      const at = `${TREE_HEADS_FILE}:${i + 1}`;
      l2.item();
      let h: SignedTreeHead;
      try {
        h = JSON.parse(text) as SignedTreeHead;
      } catch {
        l2.fail('L2.A', at, 'not JSON');
        return;
      }
      if (!key || h.logId !== logId || !verifyTreeHead(h, key))
        l2.fail(
          'L2.A',
          at,
          'the signature does not verify under the log key of the setup entry (or wrong log id)',
        );
      if (!Number.isSafeInteger(h.treeSize) || h.treeSize < 0 || h.treeSize > tree.size) {
        l2.fail(
          'L2.B',
          at,
          `tree size ${String(h.treeSize)} exceeds the exported log (${tree.size} entries)`,
        );
      } else if (encodeLogHash(tree.rootHash(h.treeSize)) !== String(h.rootHash).toLowerCase()) {
        l2.fail('L2.B', at, `root hash is not the Merkle tree hash of the first ${h.treeSize} log entries`);
      }
      if (last && (h.treeSize <= last.treeSize || h.timestamp < last.timestamp))
        l2.fail('L2.C', at, 'tree sizes must increase and timestamps not decrease');
      last = h;
    });
  if (!last || last.treeSize !== tree.size)
    l2.fail(
      'L2.D',
      TREE_HEADS_FILE,
      `the last signed head covers ${last?.treeSize ?? 0} of ${tree.size} log entries`,
    );
}

async function checkRecord(dir: string, l3: Collector, log: LogSummary): Promise<void> {
  // L3.A
  const setup = log.setup ?? {};
  const config = readJsonFile(dir, CONFIG_FILE);
  const manifest = readJsonFile(dir, MANIFEST_FILE);
  const init = readJsonFile(dir, INITIALIZED_FILE);
  l3.item();
  if (
    !config ||
    String(config.manifestHash).toUpperCase() !== String(setup.manifestHash).toUpperCase() ||
    config.profile !== setup.profile
  ) {
    l3.fail('L3.A', CONFIG_FILE, 'profile or manifest hash differs from the setup entry');
  }
  if (!manifest || digestOf(manifest) !== digestOf(setup.manifest ?? null))
    l3.fail('L3.A', MANIFEST_FILE, 'differs from the manifest of the setup entry');
  const kc = log.keyCeremony;
  if (
    !kc ||
    !init ||
    digestOf(upperHex(init)) !== digestOf(upperHex(kc.initialized)) ||
    config?.guardians !== kc.guardians ||
    config?.quorum !== kc.quorum
  ) {
    l3.fail('L3.A', INITIALIZED_FILE, 'guardians, n or k differ from the key-ceremony entry');
  }
  // L3.B–L3.D: every ballot line is a board ballot, in its credential's file, in log order
  const devices = readJsonFile(dir, DEVICES_FILE) as { devices?: { label: string }[] } | undefined;
  for (const d of devices?.devices ?? []) {
    const file = ballotFile(d.label);
    if (!existsSync(join(dir, file))) continue; // 7.H reports it
    let prevIndex = -1;
    for await (const { lineNo, text } of readJsonLines(join(dir, file))) {
      const at = `${file}:${lineNo}`;
      l3.item();
      let b: Json;
      try {
        b = JSON.parse(text) as Json;
      } catch {
        continue; // 5.F reports it
      }
      const code = String(b.code).toUpperCase();
      const entry = log.ballots.get(code);
      if (!entry) {
        l3.fail('L3.B', at, `ballot ${code.slice(0, 16)}… is not on the bulletin board`);
        continue;
      }
      if (entry.seen) l3.fail('L3.B', at, `ballot ${code.slice(0, 16)}… appears twice in the record`);
      entry.seen = true;
      if (entry.content !== ballotContent(b))
        l3.fail('L3.B', at, `ballot ${code.slice(0, 16)}… differs from its board entry ${entry.index}`);
      const state = entry.challenged ? 'challenged' : entry.superseded ? 'superseded' : 'cast';
      if (b.state !== state)
        l3.fail('L3.C', `${at} state`, `is "${String(b.state)}", the board says "${state}"`);
      if (deviceOf(entry.credential) !== d.label)
        l3.fail(
          'L3.D',
          at,
          `belongs to device ${deviceOf(entry.credential).slice(0, 24)}…, not ${d.label.slice(0, 24)}…`,
        );
      if (entry.index < prevIndex) l3.fail('L3.D', at, 'out of log order');
      prevIndex = entry.index;
    }
  }
  for (const [code, b] of log.ballots) {
    if (!b.seen)
      l3.fail(
        'L3.B',
        `${LOG_FILE}:${b.index + 1}`,
        `board ballot ${code.slice(0, 16)}… is missing from the record (${BALLOTS_DIR}/)`,
      );
  }
  // L3.G
  const rankedIds = (
    (setup.manifest as Json | undefined)?.rankedContests as { id: string }[] | undefined
  )?.map((c) => String(c.id));
  if (rankedIds?.length && log.published) {
    const counted = [...log.byIndex.values()]
      .filter((b) => !b.challenged && !b.superseded)
      .sort((a, b) => a.index - b.index)
      .map((b) => ({ code: b.code, ranked: b.ranked }));
    checkRankedInputs(dir, l3, rankedIds, counted, (row) => digestOf(upperHex(row)));
  }
  // L3.F
  const encrypted = readJsonFile(dir, ENCRYPTED_TALLY_FILE);
  if (log.encryptedTally || encrypted) {
    l3.item();
    if (!encrypted || !log.encryptedTally || digestOf(upperHex(encrypted)) !== log.encryptedTally) {
      l3.fail('L3.F', ENCRYPTED_TALLY_FILE, 'differs from the encrypted-tally entry of the board');
    }
  }
  const tally = readJsonFile(dir, TALLY_FILE);
  if (log.tally || tally) {
    l3.item();
    if (!tally || !log.tally || digestOf(upperHex(tally)) !== log.tally)
      l3.fail('L3.F', TALLY_FILE, 'differs from the tally-decryption entry of the board');
  }
  if (existsSync(join(dir, CHALLENGED_FILE))) {
    const seen = new Set<string>();
    for await (const { lineNo, text } of readJsonLines(join(dir, CHALLENGED_FILE))) {
      l3.item();
      let d: string;
      try {
        d = digestOf(upperHex(JSON.parse(text)));
      } catch {
        continue;
      }
      if (!log.challenged.has(d))
        l3.fail('L3.F', `${CHALLENGED_FILE}:${lineNo}`, 'is not a challenged-decryption entry of the board');
      seen.add(d);
    }
    if (seen.size !== log.challenged.size)
      l3.fail(
        'L3.F',
        CHALLENGED_FILE,
        `${log.challenged.size - seen.size} challenged decryption(s) of the board are missing`,
      );
  }
}
