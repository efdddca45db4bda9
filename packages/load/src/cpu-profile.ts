/**
 * Where the server's CPU time goes (spec/server-api.md §9): reads the V8 profiles that
 * `node --cpu-prof` writes (one per thread: the main thread, and each verification worker) and
 * attributes every sample to the first category found walking its stack from the leaf up —
 * decoding of group elements, the multi-exponentiation, point encoding, hashing, canonical JSON,
 * the Merkle log and head signatures, SQLite, the PostgreSQL client, HTTP (fastify, JSON, sockets), worker messaging,
 * garbage collection — so that "what limits casts" is a measurement. Start-up samples (before a
 * thread's first ballot) are left out.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Categories, first match wins (walking from the leaf up). */
const RULES: readonly [string, (fn: string, url: string) => boolean][] = [
  // a pool worker between tasks waits in Atomics.wait (piscina's atomicsWaitLoop): no CPU
  ['idle', (fn) => fn === '(idle)' || fn === 'atomicsWaitLoop'],
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  ['native, unattributed (V8, libuv)', (fn) => fn === '(program)'],
  [
    'decoding group elements',
    (fn, url) => (fn === 'fromBytes' && /ed25519/.test(url)) || (fn === 'decode' && /ristretto255/.test(url)),
  ],
  ['multi-exponentiation', (fn, url) => /ristretto-msm|pippenger/.test(url + ' ' + fn)],
  ['point encoding', (fn, url) => fn === 'toBytes' && /ed25519/.test(url)],
  ['canonical JSON', (_fn, url) => /canonical/.test(url)],
  [
    'hashing (SHA-256, HMAC)',
    (_fn, url) => /hashes\/(sha2|hmac|_md)|\/hash\/(hash|hmac)\.js|internal\/crypto\/hash/.test(url),
  ],
  [
    'Merkle log, Ed25519 tree heads',
    (_fn, url) => /\/log\/|election-logs|tree-head-signer|internal\/crypto\/sig/.test(url),
  ],
  ['SQLite', (_fn, url) => /sqlite-store|better-sqlite3/.test(url)],
  [
    'PostgreSQL client (node-postgres, pg store)',
    (_fn, url) => /store\/pg-|node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//.test(url),
  ],
  ['worker messaging', (fn) => fn === 'postMessage'],
  [
    'other verification',
    (_fn, url) => /server\/dist\/verify\/|proofs\/|credentials\/|elgamal\/|record\/dist|noble/.test(url),
  ],
  [
    'HTTP, JSON, schemas',
    (fn, url) =>
      /fastify|avvio|find-my-way|light-my-request|ajv|json-schema|secure-json-parse|node:http|_http|node:net|node:stream|internal\/streams|internal\/http/.test(
        url,
      ) ||
      fn === 'parse' ||
      fn === 'stringify',
  ],
  ['writer, routes', (_fn, url) => /server\/dist/.test(url)],
  ['worker messaging', (_fn, url) => /internal\/worker/.test(url)],
];

/** Milliseconds per category for one profile. */
export interface CpuSplit {
  readonly thread: string;
  readonly totalMs: number;
  readonly busyMs: number;
  readonly ms: Record<string, number>;
}

/** Functions whose first sample marks the end of a thread's start-up (module loading, set-up). */
const STEADY = new Set(['submitBallot', 'checkBallots']);

/**
 * Splits one profile into categories, from the thread's first ballot on (the first sample under
 * `submitBallot` or `checkBallots`): start-up — module loading, election set-up — is not what a
 * cast costs. A profile without ballots is split whole.
 */
export function splitProfile(p: Profile, thread: string): CpuSplit {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const category = new Map<number, string>();
  const others = new Map<string, number>();
  const categoryOf = (id: number): string => {
    const hit = category.get(id);
    if (hit) return hit;
    const stack: ProfileNode['callFrame'][] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
      stack.push(byId.get(cur)!.callFrame);
    // the first rule (in priority order) that matches any frame of the stack
    const rule = RULES.find(([, test]) => stack.some((f) => test(f.functionName, f.url)));
    const found = rule ? rule[0] : 'other';
    if (found === 'other') {
      const leaf = stack[0]!;
      const k = `${leaf.functionName} ${leaf.url.split('/').slice(-2).join('/')}`;
      others.set(k, (others.get(k) ?? 0) + 1);
    }
    category.set(id, found);
    return found;
  };
  const steady = new Map<number, boolean>();
  const isSteady = (id: number): boolean => {
    let hit = steady.get(id);
    if (hit === undefined) {
      hit = false;
      for (let cur: number | undefined = id; cur !== undefined && !hit; cur = parent.get(cur))
        hit = STEADY.has(byId.get(cur)!.callFrame.functionName);
      steady.set(id, hit);
    }
    return hit;
  };
  let first = p.samples.findIndex((id) => isSteady(id));
  if (first < 0) first = 0;
  const ms: Record<string, number> = {};
  let total = 0;
  for (let i = first; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const c = categoryOf(p.samples[i]!);
    ms[c] = (ms[c] ?? 0) + dt;
  }
  if (process.env.EVIDENT_PROFILE_DEBUG)
    process.stderr.write(
      `${thread} other: ${[...others]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}\n`,
    );
  return { thread, totalMs: total, busyMs: total - (ms.idle ?? 0), ms };
}

/**
 * Reads every `.cpuprofile` in `dir`: the main thread's has the lowest thread id in its name
 * (CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile).
 * @returns one split per thread, main thread first, and their sum over the worker threads
 */
export function splitProfiles(dir: string): { main?: CpuSplit; workers?: CpuSplit; threads: CpuSplit[] } {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ f, tid: Number(f.split('.')[4] ?? 0) }))
    .sort((a, b) => a.tid - b.tid);
  const threads = files.map(({ f }, i) =>
    splitProfile(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile, i === 0 ? 'main' : `worker ${i}`),
  );
  const ws = threads.slice(1);
  const workers =
    ws.length === 0
      ? undefined
      : ws.reduce<CpuSplit>(
          (acc, t) => {
            const merged = { ...acc.ms };
            for (const [k, v] of Object.entries(t.ms)) merged[k] = (merged[k] ?? 0) + v;
            return {
              thread: 'workers',
              totalMs: acc.totalMs + t.totalMs,
              busyMs: acc.busyMs + t.busyMs,
              ms: merged,
            };
          },
          { thread: 'workers', totalMs: 0, busyMs: 0, ms: {} },
        );
  return { ...(threads[0] ? { main: threads[0] } : {}), ...(workers ? { workers } : {}), threads };
}
