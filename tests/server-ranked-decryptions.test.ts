/**
 * The `ranked-decryption` entry of version 2 (spec/mixnet.md §8.9), end to end: the server's
 * publication writes each ranked contest's `decryptions.json` once, keeps it in its store and
 * posts an entry of a few hundred bytes naming it by its SHA-256, N and w; the export copies the
 * file (the format steps D read, unchanged) and `evident-verify` finds the record VALID. L3.I binds
 * the file to the entry by its bytes — one byte changed is named, with the entry's line — and each
 * field of the entry to the record (the lying server re-signs its heads, so L2 passes). The
 * guardians' uploads of the `ranked` request likewise (spec/mixnet.md §8.10): their entries hold
 * the digest of the signed content, which the store keeps, and L3.K checks the signature over it.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '@evident/e2e-crypto';
import { checkBoardLog, verifyRecord } from '@evident/verifier-cli';
import { exportRecord } from '../packages/server/src/record/export-record.js';
import { LyingServer, type Entry } from './malicious-server/lying-server.js';
import { publishRanked, rankedServer, type RankedServer } from './support/ranked-server.js';

describe('ranked entries of version 2: the server keeps the files, the board names them by digest', () => {
  let s: RankedServer;
  let record = '';
  let logKey: Uint8Array;
  beforeAll(async () => {
    s = await rankedServer();
    await publishRanked(s);
    record = join(s.root, 'record');
    await exportRecord(s.app.evident.store, s.el.id, record);
    logKey = fromHex((await s.app.evident.store.getMeta('log-secret-key'))!, 'log-secret-key');
  }, 120_000);
  afterAll(async () => {
    await s.app.close();
    rmSync(s.root, { recursive: true, force: true });
  });

  /** The board's lines and the entries of `type`, with their 1-based lines. */
  const entriesOf = (dir: string, type: string) =>
    readFileSync(join(dir, 'board', 'log.jsonl'), 'utf8')
      .split('\n')
      .flatMap((text, i) => {
        if (!text) return [];
        const e = JSON.parse(text) as Entry;
        return e.type === type ? [{ line: i + 1, text, e }] : [];
      });
  const sha256 = (path: string) =>
    createHash('sha256').update(readFileSync(path)).digest('hex').toUpperCase();
  const l3Of = async (dir: string) => {
    const steps = await checkBoardLog(dir);
    return {
      l2: steps.find((x) => x.id === 'L2')!.status,
      found: steps.find((x) => x.id === 'L3')!.failures.map((f) => [f.check, f.location, f.message]),
    };
  };

  it('posts the entry with the file’s digest, N and w; the export holds that file; VALID', async () => {
    const decs = entriesOf(record, 'ranked-decryption');
    expect(decs.map((d) => d.e.contestId)).toEqual(['mayor', 'council']);
    for (const { e, text } of decs) {
      const chain = JSON.parse(
        readFileSync(join(record, 'ranked', e.contestId, 'mix-chain', 'chain.json'), 'utf8'),
      );
      expect(Object.keys(e).sort()).toEqual(
        ['contestId', 'digest', 'method', 'quorum', 'rows', 'time', 'type', 'version', 'w'].sort(),
      );
      expect([e.version, e.method, e.rows, e.w]).toEqual([2, 'threshold', chain.N, chain.w]);
      expect(text.length).toBeLessThan(400); // whatever N
      const file = join(record, 'ranked', e.contestId, 'decryptions.json');
      expect(sha256(file)).toBe(e.digest);
      const d = JSON.parse(readFileSync(file, 'utf8'));
      expect([d.format, d.version, d.contestId, d.rows.length, d.plaintexts.length]).toEqual([
        'evident-ranked/decryptions',
        1,
        e.contestId,
        chain.N,
        chain.N,
      ]);
      expect(d.rows.every((r: unknown[]) => r.length === chain.w)).toBe(true);
    }
    const report = await verifyRecord(record, { workers: 0 });
    expect(report.steps.filter((x) => x.status === 'failed')).toEqual([]);
    expect(report.steps.filter((x) => /^D:/.test(x.id)).map((x) => x.status)).toEqual(['passed', 'passed']);
    expect(report.valid).toBe(true);
  });

  it('L3.I: decryptions.json changed by one byte is named, with the entry’s line (steps D accept it)', async () => {
    const bad = join(s.root, 'bad-byte');
    cpSync(record, bad, { recursive: true });
    const file = join(bad, 'ranked', 'mayor', 'decryptions.json');
    const b = readFileSync(file);
    // the last byte, the newline, a space: the same JSON, other bytes
    expect(b.at(-1)).toBe(0x0a);
    b[b.length - 1] = 0x20;
    writeFileSync(file, b);
    const line = entriesOf(bad, 'ranked-decryption')[0]!.line;
    expect((await l3Of(bad)).found).toEqual([
      [
        'L3.I',
        'ranked/mayor/decryptions.json',
        `its SHA-256 is not the digest of the ranked-decryption entry at board/log.jsonl:${line}: not the file the server published`,
      ],
    ]);
    const report = await verifyRecord(bad, { workers: 0 });
    expect(report.steps.find((x) => x.id === 'D:mayor')?.status).toBe('passed');
    expect(report.valid).toBe(false);
  });

  /** The record with mayor's ranked-decryption entry changed by `edit`, the heads signed again. */
  const lie = async (name: string, edit: (e: Entry) => void) => {
    const liar = new LyingServer(record, join(s.root, name), logKey);
    const i = liar.find('ranked-decryption', (e) => e.contestId === 'mayor');
    liar.rewriteEntry(i, edit).resignTreeHeads().saveBoard();
    const { l2, found } = await l3Of(liar.dir);
    expect(l2).toBe('passed');
    return { at: `board/log.jsonl:${i + 1}`, found: found.map(([c, where]) => [c, where]) };
  };

  it('L3.I: each field of the entry is bound — digest, method, rows, w, contestId', async () => {
    let r = await lie(
      'dec-digest',
      (e) => void (e.digest = (e.digest[0] === 'A' ? 'B' : 'A') + e.digest.slice(1)),
    );
    expect(r.found).toEqual([['L3.I', 'ranked/mayor/decryptions.json']]);
    r = await lie('dec-digest-case', (e) => void (e.digest = e.digest.toLowerCase())); // hex of either case
    expect(r.found).toEqual([]);
    r = await lie('dec-method', (e) => void (e.method = 'trusted'));
    expect(r.found).toEqual([['L3.I', `${r.at} method`]]);
    r = await lie('dec-rows', (e) => void (e.rows += 1));
    expect(r.found).toEqual([['L3.I', `${r.at} rows`]]);
    r = await lie('dec-w', (e) => void (e.w -= 1));
    expect(r.found).toEqual([['L3.I', `${r.at} w`]]);
    r = await lie('dec-contest', (e) => void (e.contestId = 'sheriff'));
    expect(r.found).toEqual([
      ['L3.I', r.at],
      ['L3.I', 'ranked/mayor/decryptions.json'],
      ['L3.J', 'ranked/sheriff/decryptions.json'],
    ]);
    // mayor's entry names council: council's file is not the one it names, and has two entries
    r = await lie('dec-other', (e) => void (e.contestId = 'council'));
    expect(r.found).toEqual([
      ['L3.I', 'ranked/mayor/decryptions.json'],
      ['L3.I', `board/log.jsonl:${entriesOf(record, 'ranked-decryption')[1]!.line}`],
      ['L3.I', 'ranked/council/decryptions.json'],
      ['L3.I', `${r.at} w`], // mayor's w, not council's
    ]);
  });

  it('the ranked uploads: entries of version 2 name their content by digest, the store keeps it', async () => {
    for (const type of ['partial-decryption', 'decryption-response'] as const) {
      const member = type === 'partial-decryption' ? 'partial' : 'response';
      const all = entriesOf(record, type);
      const ranked = all.filter((d) => d.e.kind === 'ranked');
      expect(ranked.map((d) => d.e.guardian.x)).toEqual([1, 2]);
      for (const { e, text, line } of ranked) {
        expect(Object.keys(e).sort()).toEqual(
          [
            'contentDigest',
            'guardian',
            'items',
            'kind',
            'round',
            'signature',
            'time',
            'type',
            'version',
          ].sort(),
        );
        expect([e.version, e.items]).toEqual([2, 6 * 3 + 6 * 4]); // N·w of mayor and council
        expect(text.length).toBeLessThan(500);
        const chunks = await s.app.evident.store.stageFileChunks(s.el.id, line - 1, `${member}.json`, 0, 100);
        const content = Buffer.concat(chunks);
        expect(createHash('sha256').update(content).digest('hex').toUpperCase()).toBe(e.contentDigest);
        const file = JSON.parse(content.toString('utf8'));
        expect([file.guardian, file.signature]).toEqual([e.guardian, undefined]);
        expect((member === 'partial' ? file.items : file.responses).length).toBe(e.items);
      }
      // the tally's and the challenged ballots' uploads stay whole in their entries
      expect(all.filter((d) => d.e.kind !== 'ranked').every((d) => typeof d.e[member] === 'object')).toBe(
        true,
      );
    }
  });

  it('L3.K: a ranked upload entry’s signature is checked over its content digest', async () => {
    const liar = new LyingServer(record, join(s.root, 'uploads'), logKey);
    const p = liar.find('partial-decryption', (e) => e.kind === 'ranked');
    const r = liar.find('decryption-response', (e) => e.kind === 'ranked', 1);
    liar
      .rewriteEntry(
        p,
        (e) => void (e.contentDigest = (e.contentDigest[0] === 'A' ? 'B' : 'A') + e.contentDigest.slice(1)),
      )
      .rewriteEntry(
        r,
        (e) => void (e.signature = (e.signature[0] === '0' ? '1' : '0') + e.signature.slice(1)),
      )
      .resignTreeHeads()
      .saveBoard();
    const { l2, found } = await l3Of(liar.dir);
    expect(l2).toBe('passed');
    expect(found.map(([c, where]) => [c, where])).toEqual([
      ['L3.K', `board/log.jsonl:${p + 1} signature`],
      ['L3.K', `board/log.jsonl:${r + 1} signature`],
    ]);
    expect((await l3Of(record)).found).toEqual([]);
  });

  it('serves each file an entry names by digest: GET …/board/entries/{index}/files/{name}', async () => {
    const get = (index: number, name: string) =>
      s.app.inject({ method: 'GET', url: `/elections/${s.el.id}/board/entries/${index}/files/${name}` });
    const named = [
      ...entriesOf(record, 'ranked-decryption').map((d) => [d, 'decryptions.json', d.e.digest]),
      ...entriesOf(record, 'partial-decryption')
        .filter((d) => d.e.version === 2)
        .map((d) => [d, 'partial.json', d.e.contentDigest]),
      ...entriesOf(record, 'decryption-response')
        .filter((d) => d.e.version === 2)
        .map((d) => [d, 'response.json', d.e.contentDigest]),
      ...entriesOf(record, 'mix-stage').map((d) => [d, 'sHat.bin', d.e.files.sHat]),
    ] as [{ line: number }, string, string][];
    expect(named.length).toBe(2 + 2 + 2 + 4);
    for (const [d, name, digest] of named) {
      const r = await get(d.line - 1, name);
      expect([r.statusCode, r.headers['cache-control']]).toEqual([
        200,
        'public, max-age=31536000, immutable',
      ]);
      expect(createHash('sha256').update(r.rawPayload).digest('hex').toUpperCase()).toBe(digest);
    }
    const tally = entriesOf(record, 'partial-decryption').find((d) => d.e.kind === 'tally')!;
    const none = await get(tally.line - 1, 'partial.json'); // version 1: the file is in the entry
    expect([none.statusCode, none.json().code]).toEqual([404, 'EVD_ERR_NOT_FOUND']);
    const bad = await get(tally.line - 1, '..%2Fsecret');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'EVD_ERR_VALIDATION']);
  });
});
