/**
 * `evident-track` against a real `evident-server` in this process (SQLite, a real socket): a
 * cast ballot found and proved, with its receipt's head extended by the current one; a
 * superseded and a challenged ballot's states; an unknown code, an unreachable server and bad
 * usage (exit 2); a wrong --log-key (exit 1); and a server that rewrote history under the same
 * key (tests/support/forked-board-server.ts): a receipt kept from before exposes it (exit 1), as
 * do a bad head signature and a failing inclusion proof.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJsonString, fromHex, generateLogKey, signTreeHead, toHex } from '@evident/e2e-crypto';
import { track } from './support/track-cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.js';
import { httpCall } from '../packages/server/src/testing/http.js';
import {
  castBallot,
  mustCall,
  setUpElection,
  type LocalElection,
} from '../packages/server/src/testing/local-election.js';
import { receiptFileText } from '../packages/server/src/voter/browser/receipt-keep.js';
import { type BallotStatusAnswer, serveForkedBoard } from './support/forked-board-server.js';

const ADMIN = 'evd_tracker-test-admin-token-0123456789abcdef';
const ID = 'e1';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('evident-track against a server', () => {
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let el: LocalElection;
  const logKeys = generateLogKey();
  const logKey = toHex(logKeys.publicKey);
  /** voter-1's cast, voter-2's first (superseded) and second, voter-3's challenge */
  const receipts: Record<string, Json> = {};
  const files = { receipt: '', keyed: '', otherKey: '', head: '' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evident-track-'));
    app = await buildApp({
      dbPath: join(dir, 'server.db'),
      adminToken: ADMIN,
      rateLimit: false,
      logSecretKey: toHex(logKeys.secretKey),
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = httpCall(base);
    el = await setUpElection(call, ADMIN, { id: ID, voters: 4 });
    const cast = async (name: string, voter: string, intent: 'cast' | 'challenge' = 'cast') => {
      const { r } = await castBallot(call, el, voter, 'o1', intent);
      expect(r.status).toBe(200);
      receipts[name] = r.json;
    };
    await cast('v1', 'voter-1');
    files.receipt = join(dir, 'receipt.json');
    writeFileSync(files.receipt, JSON.stringify(receipts.v1));
    files.keyed = join(dir, 'receipt-with-key.json');
    writeFileSync(files.keyed, JSON.stringify({ ...receipts.v1, logPublicKey: logKey }));
    files.otherKey = join(dir, 'receipt-other-key.json');
    writeFileSync(
      files.otherKey,
      JSON.stringify({ ...receipts.v1, logPublicKey: toHex(generateLogKey().publicKey) }),
    );
    // a head the voter saved after casting, as the server answered it
    files.head = join(dir, 'tree-head.json');
    writeFileSync(files.head, JSON.stringify((await call('GET', `/elections/${ID}/board/tree-head`)).json));
    await cast('v2a', 'voter-2');
    await cast('v2b', 'voter-2');
    await cast('v3', 'voter-3', 'challenge');
    await cast('v4', 'voter-4');
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const code = (name: string): string => receipts[name].confirmationCode;

  it('finds a cast ballot and proves it under the pinned key: exit 0, its entry and state', async () => {
    const r = await track(code('v1'), '--server', base, '--election', ID, '--log-key', logKey, '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      ok: true,
      code: code('v1'),
      electionId: ID,
      keySource: 'log-key',
      logPublicKey: logKey.toUpperCase(),
      ballot: { index: receipts.v1.logIndex, type: 'ballot', state: 'cast' },
      serverStatus: 'counted',
    });
    expect(r.json.treeHead.treeSize).toBeGreaterThan(receipts.v1.logIndex);
    const text = await track(
      code('v1').toLowerCase(),
      '--server',
      base,
      '--election',
      ID,
      '--log-key',
      logKey,
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`board entry  ${receipts.v1.logIndex} (ballot)`);
    expect(text.stdout).toContain('state        cast');
    expect(text.stdout).toContain('server says  counted (as its board does)');
  });

  it('with the receipt kept at casting: its head is extended by the current one, key from the receipt', async () => {
    const r = await track('--server', base, '--receipt', files.keyed, '--json');
    expect(r.code).toBe(0);
    expect(r.json.keySource).toBe('receipt');
    expect(r.json.receiptTreeHead).toEqual(receipts.v1.treeHead);
    expect(r.json.treeHead.treeSize).toBeGreaterThan(receipts.v1.treeHead.treeSize);
    const text = await track(code('v1'), '--server', base, '--receipt', files.receipt, '--log-key', logKey);
    expect(text.stdout).toContain('consistency proved');
    expect(text.code).toBe(0);
  });

  it('the receipt file the voter page offers: key from the election the page loaded, exit 0', async () => {
    // the voter page pins the key of `GET /elections/{id}` when it loads, and keeps it in the file
    const summary = (await httpCall(base)('GET', `/elections/${ID}`)).json;
    const file = join(dir, 'voter-page-receipt.json');
    writeFileSync(file, receiptFileText(receipts.v1, fromHex(summary.logPublicKey, 'logPublicKey')));
    const r = await track('--server', base, '--receipt', file, '--json');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ keySource: 'receipt', logPublicKey: logKey.toUpperCase() });
    expect(r.json.receiptTreeHead).toEqual(receipts.v1.treeHead);
    // the same file made under a key the page did not get from this log: refused
    const stranger = join(dir, 'voter-page-receipt-other-key.json');
    writeFileSync(stranger, receiptFileText(receipts.v1, generateLogKey().publicKey));
    expect((await track('--server', base, '--receipt', stranger)).code).toBe(1);
  });

  it('with a tree head kept earlier: the current head extends it; one of another key is refused', async () => {
    const r = await track(
      code('v2b'),
      '--server',
      base,
      '--election',
      ID,
      '--log-key',
      logKey,
      '--tree-head',
      files.head,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.json.keptTreeHeads).toHaveLength(1);
    expect(r.json.keptTreeHeads[0].treeSize).toBeLessThan(r.json.treeHead.treeSize);
    const stranger = join(dir, 'stranger-head.json');
    const h = JSON.parse(readFileSync(files.head, 'utf8')).treeHead;
    const other = generateLogKey();
    writeFileSync(
      stranger,
      JSON.stringify(
        signTreeHead(other.secretKey, ID, h.treeSize, fromHex(h.rootHash, 'rootHash'), h.timestamp),
      ),
    );
    const s = await track(
      code('v2b'),
      '--server',
      base,
      '--election',
      ID,
      '--log-key',
      logKey,
      '--tree-head',
      files.head,
      '--tree-head',
      stranger,
    );
    expect(s.code).toBe(1);
    expect(s.stderr).toContain(`the tree head in ${stranger} is not signed by the log key`);
  });

  it('says when the key is not pinned', async () => {
    const r = await track(code('v1'), '--server', base, '--election', ID);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NOT PINNED');
  });

  it('shows a superseded ballot with the entry that superseded it, and a challenged one', async () => {
    const first = await track(code('v2a'), '--server', base, '--election', ID, '--log-key', logKey, '--json');
    expect(first.code).toBe(0);
    expect(first.json.ballot).toMatchObject({ state: 'superseded', supersededBy: receipts.v2b.logIndex });
    expect(first.json.serverStatus).toBe('superseded');
    const second = await track(
      code('v2b'),
      '--server',
      base,
      '--election',
      ID,
      '--log-key',
      logKey,
      '--json',
    );
    expect(second.json.ballot.state).toBe('cast');
    const challenged = await track(
      code('v3'),
      '--server',
      base,
      '--election',
      ID,
      '--log-key',
      logKey,
      '--json',
    );
    expect(challenged.json.ballot).toMatchObject({ type: 'challenged-ballot', state: 'challenged' });
    expect(challenged.json.serverStatus).toBe('challenged');
  });

  it('an unknown tracking code: exit 2, naming the code', async () => {
    const unknown = 'AB'.repeat(32);
    const r = await track(unknown, '--server', base, '--election', ID, '--log-key', logKey);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no ballot with tracking code ${unknown}`);
    const j = await track(unknown, '--server', base, '--election', ID, '--log-key', logKey, '--json');
    expect(j.json).toMatchObject({ ok: false, problem: 'unknown-code' });
  });

  it('an unreachable server, an unknown election and bad usage: exit 2', async () => {
    const gone = await track(code('v1'), '--server', 'http://127.0.0.1:9', '--election', ID);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('cannot be reached');
    const noElection = await track(code('v1'), '--server', base, '--election', 'nope');
    expect(noElection.code).toBe(2);
    expect(noElection.stderr).toContain('EVD_ERR_NOT_FOUND');
    expect((await track('12', '--server', base, '--election', ID)).stderr).toContain('64 hex digits');
    expect((await track(code('v1'), '--server', base)).stderr).toContain('--election');
    expect((await track(code('v1'), '--server', base, '--election', ID, '--log-key', 'zz')).code).toBe(2);
    const noServer = await track(code('v1'), '--election', ID);
    expect([noServer.code, noServer.stderr]).toEqual([
      2,
      'evident-track: give --server URL, the election server',
    ]);
    const other = await track(code('v4'), '--server', base, '--receipt', files.receipt);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('another tracking code');
    const bad = await track(code('v1'), '--server', base, '--no-such-option', '--json');
    expect(bad.code).toBe(2);
    expect(bad.json).toMatchObject({ ok: false, problem: 'usage' });
    expect(bad.json.message).toContain('--no-such-option');
    const missing = join(dir, 'no-such-receipt.json');
    const r = await track('--server', base, '--receipt', missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(missing);
  });

  it('a wrong --log-key, or a receipt kept with another key: exit 1', async () => {
    const wrong = toHex(generateLogKey().publicKey);
    const r = await track(code('v1'), '--server', base, '--election', ID, '--log-key', wrong, '--json');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, problem: 'wrong-key' });
    expect(r.json.message).toContain('another log key than the one pinned');
    const kept = await track('--server', base, '--receipt', files.otherKey);
    expect(kept.code).toBe(1);
  });

  it('a receipt whose head or proof was changed: exit 1; one that is not a receipt: exit 2', async () => {
    const write = (name: string, r: Json) => {
      const f = join(dir, name);
      writeFileSync(f, JSON.stringify(r));
      return f;
    };
    const sig = receipts.v1.treeHead.signature as string;
    const forged = write('forged-head.json', {
      ...receipts.v1,
      treeHead: { ...receipts.v1.treeHead, signature: (sig[0] === '0' ? '1' : '0') + sig.slice(1) },
    });
    const r = await track('--server', base, '--receipt', forged, '--log-key', logKey);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not signed by the log key');
    const other = receipts.v4.leafHash as string;
    const wrongLeaf = write('wrong-leaf.json', { ...receipts.v1, leafHash: other });
    const w = await track('--server', base, '--receipt', wrongLeaf, '--log-key', logKey);
    expect(w.code).toBe(1);
    expect(w.stderr).toContain('own inclusion proof fails');
    const notHex = write('not-hex.json', { ...receipts.v1, leafHash: 'xyz' });
    const n = await track('--server', base, '--receipt', notHex, '--log-key', logKey);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain(notHex);
    const noHead = write('no-head.json', { ...receipts.v1, treeHead: undefined });
    expect((await track('--server', base, '--receipt', noHead)).stderr).toContain('treeHead');
  });

  describe('a server that rewrote history under the same key', () => {
    let texts: string[];
    beforeAll(async () => {
      const must = mustCall(httpCall(base), ADMIN);
      texts = (await must('GET', `/elections/${ID}/board/entries?start=0&limit=1000`)).entries.map(
        (e: Json) => e.entry as string,
      );
    });
    /** the log with entry `i` rewritten by `f` */
    const rewritten = (i: number, f: (e: Json) => Json) =>
      texts.map((t, k) => (k === i ? canonicalJsonString(f(JSON.parse(t))) : t));
    const openIndex = () => texts.findIndex((t) => JSON.parse(t).type === 'open');

    it('the honest log served by the test double checks (the double is faithful)', async () => {
      const honest = await serveForkedBoard(ID, texts, logKeys.secretKey);
      try {
        const r = await track('--server', honest.base, '--receipt', files.keyed);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      } finally {
        await honest.close();
      }
    });

    it('an entry before the ballot changed: the receipt exposes the fork, exit 1', async () => {
      const fork = await serveForkedBoard(
        ID,
        rewritten(openIndex(), (e) => ({ ...e, time: e.time + 1 })),
        logKeys.secretKey,
      );
      try {
        // without the receipt, the made-up log is self-consistent: nothing to catch
        expect(
          (await track(code('v1'), '--server', fork.base, '--election', ID, '--log-key', logKey)).code,
        ).toBe(0);
        const kept = await track(
          code('v1'),
          '--server',
          fork.base,
          '--election',
          ID,
          '--log-key',
          logKey,
          '--tree-head',
          files.head,
        );
        expect(kept.code).toBe(1);
        expect(kept.stderr).toContain(`does not extend the tree head in ${files.head}`);
        const r = await track('--server', fork.base, '--receipt', files.keyed, '--json');
        expect(r.code).toBe(1);
        expect(r.json).toMatchObject({ ok: false, problem: 'inconsistent' });
        expect(r.json.message).toContain('does not extend the receipt');
      } finally {
        await fork.close();
      }
    });

    it('the ballot dropped from the log: unknown without the receipt (exit 2), a fork with it (exit 1)', async () => {
      const i = receipts.v1.logIndex as number;
      const fork = await serveForkedBoard(
        ID,
        [...texts.slice(0, i), ...texts.slice(i + 1)],
        logKeys.secretKey,
      );
      try {
        expect(
          (await track(code('v1'), '--server', fork.base, '--election', ID, '--log-key', logKey)).code,
        ).toBe(2);
        const r = await track('--server', fork.base, '--receipt', files.keyed);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('receipt');
      } finally {
        await fork.close();
      }
    });

    it('history rolled back below the receipt’s head: exit 1', async () => {
      const fork = await serveForkedBoard(
        ID,
        texts.slice(0, receipts.v1.treeHead.treeSize - 1),
        logKeys.secretKey,
      );
      try {
        const r = await track(code('v1'), '--server', fork.base, '--receipt', files.keyed);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('rolled back');
      } finally {
        await fork.close();
      }
    });

    it('a ballot the board puts before the opening: shown as not counted, exit 1', async () => {
      const i = receipts.v4.logIndex as number;
      const moved = [
        ...texts.slice(0, openIndex()),
        texts[i]!,
        ...texts.slice(openIndex(), i),
        ...texts.slice(i + 1),
      ];
      const fork = await serveForkedBoard(ID, moved, logKeys.secretKey);
      try {
        const r = await track(
          code('v4'),
          '--server',
          fork.base,
          '--election',
          ID,
          '--log-key',
          logKey,
          '--json',
        );
        expect(r.code).toBe(1);
        expect(r.json).toMatchObject({
          ok: false,
          problem: 'inconsistent',
          ballot: { index: openIndex(), state: 'uncounted', reason: 'a ballot before opening' },
        });
        const text = await track(code('v4'), '--server', fork.base, '--election', ID, '--log-key', logKey);
        expect(text.stdout).toContain('NOT COUNTED');
      } finally {
        await fork.close();
      }
    });

    it('a server whose own ballot status contradicts its board: exit 1, naming both', async () => {
      const lies: [string, (h: BallotStatusAnswer) => BallotStatusAnswer | undefined, string][] = [
        ['v2a', (h) => ({ ...h, status: 'counted' }), 'says "counted" where the board says "superseded"'],
        ['v2a', (h) => ({ ...h, supersededBy: 1 }), 'says it was superseded by entry 1'],
        ['v1', (h) => ({ ...h, status: 'cancelled' }), 'says "cancelled" where the board says "counted"'],
        ['v1', (h) => ({ ...h, receipt: { logIndex: 2 } }), 'puts it at entry 2'],
        ['v1', () => undefined, 'says there is no such ballot'],
      ];
      for (const [name, lie, said] of lies) {
        const fork = await serveForkedBoard(ID, texts, logKeys.secretKey, { ballotStatus: lie });
        try {
          const r = await track(
            code(name),
            '--server',
            fork.base,
            '--election',
            ID,
            '--log-key',
            logKey,
            '--json',
          );
          expect(r.code).toBe(1);
          expect(r.json).toMatchObject({ ok: false, problem: 'inconsistent' });
          expect(r.json.message).toContain(said);
          expect(r.json.message).toContain('the server lies about this ballot');
        } finally {
          await fork.close();
        }
      }
    });

    it('a head with a bad signature, or an inclusion proof that fails: exit 1', async () => {
      for (const opts of [{ badSignature: true }, { badInclusion: true }]) {
        const fork = await serveForkedBoard(ID, texts, logKeys.secretKey, opts);
        try {
          const r = await track(code('v1'), '--server', fork.base, '--election', ID, '--log-key', logKey);
          expect(r.code).toBe(1);
          expect(r.stderr).toContain(opts.badSignature ? 'does not verify' : 'inclusion proof');
        } finally {
          await fork.close();
        }
      }
    });
  });
});

// runs the built command (dist/): `npm test` builds first
describe('evident-track as a command', () => {
  it('a reader that closes its end early (`| head -1`) gets no EPIPE crash: exit 0, nothing on stderr', async () => {
    const bin = fileURLToPath(new URL('../packages/ballot-tracker/bin/evident-track.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // closed before the command writes its help
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((ok) => child.on('close', ok));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});
