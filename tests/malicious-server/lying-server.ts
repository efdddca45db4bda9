/**
 * A lying server: a test double that can do with an exported record whatever the real server's
 * database and keys allow. It holds a copy of the record and the log's Ed25519 secret key; it
 * appends, drops, reorders and rewrites board entries, re-signs every tree head over the log it
 * made up (RFC 9162 roots through the project's own Merkle functions), and rewrites any file.
 * Nothing here is clever cryptography: the point is that whatever it does, a numbered check of
 * `evident-verify` (spec/attacks.md) must still say so.
 * @module
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJsonString,
  createMerkleLog,
  leafHash,
  signTreeHead,
  type SignedTreeHead,
} from '@evident/e2e-crypto';
import { LOG_FILE, TREE_HEADS_FILE } from '@evident/record';

/** A board entry as parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Entry = Record<string, any>;

const utf8 = new TextEncoder();

/** Where a board entry names other entries by log index (spec/bulletin-board.md §1.3). */
function renumber(e: Entry, shift: (i: number) => number): Entry {
  if (e.type === 'supersession') return { ...e, superseded: shift(e.superseded), by: shift(e.by) };
  if (e.type === 'mix-inputs') return { ...e, ballots: (e.ballots as number[]).map(shift) };
  if (e.type === 'decryption-request' && Array.isArray(e.contests))
    // the ranked request of version 2 names each contest's last mix-stage entry
    return { ...e, contests: (e.contests as Entry[]).map((c) => ({ ...c, logIndex: shift(c.logIndex) })) };
  return e;
}

/** The lying server over one copy of a record. */
export class LyingServer {
  /** The board entries, in log order; edit through the methods so that references follow. */
  entries: Entry[];
  /** The signed tree heads as exported. */
  heads: SignedTreeHead[];
  /** True once the heads were re-signed with the log key (the attack must not rely on L2). */
  resigned = false;
  private readonly electionId: string;
  /** Entries written with another text than their canonical form. */
  private readonly texts = new Map<Entry, string>();

  /**
   * Copies `record` to `dir` and reads its board.
   * @param logSecretKey - the log's Ed25519 secret key: the server has it
   */
  constructor(
    record: string,
    readonly dir: string,
    private readonly logSecretKey: Uint8Array,
  ) {
    rmSync(dir, { recursive: true, force: true });
    cpSync(record, dir, { recursive: true });
    this.entries = this.lines(LOG_FILE).map((l) => JSON.parse(l) as Entry);
    this.heads = this.lines(TREE_HEADS_FILE).map((l) => JSON.parse(l) as SignedTreeHead);
    this.electionId = String(this.entries[0]!.electionId);
  }

  /** The index of the `nth` entry of `type` that satisfies `where`. @throws if there is none */
  find(type: string, where: (e: Entry) => boolean = () => true, nth = 0): number {
    const all = this.entries.flatMap((e, i) => (e.type === type && where(e) ? [i] : []));
    if (all[nth] === undefined) throw new Error(`no ${type} entry #${nth} on the board`);
    return all[nth];
  }

  /** Replaces entry `i` by `f(copy)` (or the copy `f` edited in place). */
  rewriteEntry(i: number, f: (e: Entry) => Entry | void): this {
    const copy = structuredClone(this.entries[i]!);
    this.entries[i] = f(copy) ?? copy;
    return this;
  }

  /** Publishes entry `i` as `text` (e.g. not in canonical form): the leaf is those bytes. */
  rewriteText(i: number, text: string): this {
    this.texts.set(this.entries[i]!, text);
    return this;
  }

  /** Removes entry `i`; the entries that name later ones by index are renumbered. */
  dropEntry(i: number): this {
    this.entries.splice(i, 1);
    this.entries = this.entries.map((e) => renumber(e, (j) => (j > i ? j - 1 : j)));
    return this;
  }

  /** Inserts `e` at index `i`; the entries that name later ones by index are renumbered. */
  insertEntry(i: number, e: Entry): this {
    this.entries = this.entries.map((x) => renumber(x, (j) => (j >= i ? j + 1 : j)));
    this.entries.splice(i, 0, e);
    return this;
  }

  /** Appends `e` at the end of the log. */
  appendEntry(e: Entry): this {
    this.entries.push(e);
    return this;
  }

  /** Moves entry `from` to index `to` of the new order, renumbering the references (a reorder). */
  moveEntry(from: number, to: number): this {
    const order = this.entries.map((_, i) => i);
    order.splice(from, 1);
    order.splice(to, 0, from);
    const at = new Map(order.map((old, i) => [old, i]));
    this.entries = order.map((old) => renumber(this.entries[old]!, (j) => at.get(j) ?? j));
    return this;
  }

  /**
   * Signs a fresh head for every size the exported heads had (clamped to the new log) and for the
   * whole log, over the Merkle roots of the entries as they are now, with the log's own key.
   */
  resignTreeHeads(): this {
    const tree = this.tree();
    const n = this.entries.length;
    const sizes = [...new Set([...this.heads.map((h) => Math.min(h.treeSize, n)), n])]
      .filter((s) => s > 0)
      .sort((a, b) => a - b);
    const last = Math.max(...this.heads.map((h) => h.timestamp));
    this.heads = sizes.map((s) => {
      const t = this.heads.find((h) => h.treeSize >= s)?.timestamp ?? last;
      return signTreeHead(this.logSecretKey, this.electionId, s, tree.rootHash(s), t);
    });
    this.resigned = true;
    return this;
  }

  /** The Merkle tree hash of the first `size` entries as they are now (RFC 9162 §2.1.1). */
  rootHash(size: number): Uint8Array {
    return this.tree().rootHash(size);
  }

  /** Writes the board (every entry in canonical form, one per line) and the heads. */
  saveBoard(): this {
    this.writeLines(
      LOG_FILE,
      this.entries.map((e) => this.text(e)),
    );
    this.writeLines(
      TREE_HEADS_FILE,
      this.heads.map((h) => JSON.stringify(h)),
    );
    return this;
  }

  /** Rewrites a record file's text. */
  rewriteFile(path: string, f: (text: string) => string): this {
    writeFileSync(join(this.dir, path), f(readFileSync(join(this.dir, path), 'utf8')));
    return this;
  }

  /** Rewrites a JSON file of the record (`f` returns the new value or edits in place). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  rewriteJson(path: string, f: (v: any) => unknown): this {
    return this.rewriteFile(path, (t) => {
      const v = JSON.parse(t) as unknown;
      return JSON.stringify(f(v) ?? v, null, 2);
    });
  }

  /**
   * Rewrites a JSON-lines file of the record line by line: `f` returns the new value, or edits
   * the parsed line in place and returns nothing; `null` drops the line.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  rewriteJsonLines(path: string, f: (v: any, i: number) => unknown): this {
    return this.rewriteFile(path, (t) => {
      const out: string[] = [];
      t.split('\n')
        .filter((l) => l.length > 0)
        .forEach((l, i) => {
          const v = JSON.parse(l) as unknown;
          const w = f(v, i);
          if (w !== null) out.push(JSON.stringify(w ?? v));
        });
      return out.length ? out.join('\n') + '\n' : '';
    });
  }

  /** Deletes a file or folder of the record. */
  remove(path: string): this {
    rmSync(join(this.dir, path), { recursive: true, force: true });
    return this;
  }

  /** True when the record has `path`. */
  has(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  private tree(): ReturnType<typeof createMerkleLog> {
    return createMerkleLog(this.entries.map((e) => leafHash(utf8.encode(this.text(e)))));
  }

  private text(e: Entry): string {
    return this.texts.get(e) ?? canonicalJsonString(e);
  }

  private lines(path: string): string[] {
    return readFileSync(join(this.dir, path), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
  }

  private writeLines(path: string, lines: readonly string[]): void {
    writeFileSync(join(this.dir, path), lines.join('\n') + '\n');
  }
}
