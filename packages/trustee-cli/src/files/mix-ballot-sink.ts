/**
 * The ballots of a mix file as they are read (./mix-input-stream.ts): each schema-checked and
 * decoded, checked in batches of {@link BATCH} (spec/ranked-choice.md §2.2 B1–B3: proofs batched
 * in commitment form, re-checked one by one to name a bad one), no ciphertext twice (B4), and its
 * row appended to `inputs.bin` (spec/mixnet.md §7.5). Memory: one batch, and the B4 set (a
 * 16-byte digest per ciphertext α).
 * @module
 */
import { createHash } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import {
  type Finding,
  type Group,
  type PublicKey,
  type RankedBallot,
  type RankedContest,
  createBatch,
  publicKey,
  rankedBallotFromJson,
  rankedLayout,
} from '@evident/e2e-crypto';
import { verifyRankedBallot } from '@evident/e2e-crypto';
import { rowsBytes } from '@evident/e2e-crypto/mixnet-parallel';
import { schemaProblem } from '@evident/record';
import { refuse } from '../errors.js';
import type { ElectionKey } from './election-key.js';
import { inFile } from './json-file.js';

/** Ballots checked per batch. */
const BATCH = 256;

/** Receives the ballots in file order; {@link flush} checks the last batch. */
export class BallotSink {
  private readonly G: Group<unknown>;
  private readonly pk: PublicKey<unknown>;
  private readonly width: number;
  private batch: { i: number; b: RankedBallot<unknown> }[] = [];
  /** B4: digest of each α's encoding → its place, `i·width + k` */
  private readonly seen = new Map<string, number>();
  count = 0;

  constructor(
    private readonly ek: ElectionKey,
    private readonly label: string,
    private readonly contest: RankedContest,
    private readonly rowsPath: string,
    private readonly onProgress: () => void,
  ) {
    this.G = ek.c.G as Group<unknown>;
    this.pk = publicKey(this.G, ek.K);
    this.width = rankedLayout(this.G, contest).width;
    writeFileSync(rowsPath, new Uint8Array(0));
  }

  /** Ballot `i` of the file. */
  add(i: number, v: unknown): void {
    const problem = schemaProblem('mix-input', {
      format: 'evident-trustee/mix-input',
      version: 1,
      ceremonyId: '0'.repeat(64),
      group: this.G.name,
      contest: this.contest,
      required: 1,
      next: 0,
      ballots: [v],
      stages: [],
    });
    if (problem)
      throw refuse(
        this.label,
        `${problem.message} (schema mix-input.schema.json)`,
        problem.where.replace(/^ballots\[0\]/, `ballots[${i}]`),
      );
    const b = inFile(this.label, () => rankedBallotFromJson(this.G, v, `ballots[${i}]`));
    if (b.row.length !== this.width) throw refuse(this.label, 'rows of the wrong width (B1)', 'ballots');
    this.batch.push({ i, b });
    this.count++;
    if (this.batch.length >= BATCH) this.flush();
  }

  /** Checks the pending ballots (B1–B4) and appends their rows. */
  flush(): void {
    const { G, ek, contest } = this;
    const batch = G.proofForm === 'commitment' ? createBatch(G) : undefined;
    const named = (i: number, r: Finding) =>
      refuse(
        this.label,
        `${r.check === 'B1' ? 'wrong shape' : 'proof does not verify'} (spec/ranked-choice.md §2.2 ${r.check})`,
        `ballots[${i}].${r.where}`,
      );
    for (const { i, b } of this.batch) {
      const [r] = verifyRankedBallot(G, this.pk, ek.hE, contest, b, batch);
      if (r) throw named(i, r);
      this.onProgress();
    }
    if (batch && !batch.check())
      for (const { i, b } of this.batch) {
        const [r] = verifyRankedBallot(G, this.pk, ek.hE, contest, b);
        if (r) throw named(i, r);
      }
    for (const { i, b } of this.batch)
      b.row.forEach((ct, k) => {
        const key = createHash('sha256').update(G.encode(ct.alpha)).digest('base64').slice(0, 22);
        const prev = this.seen.get(key);
        if (prev !== undefined)
          throw refuse(
            this.label,
            `repeats the ciphertext of ballots[${Math.floor(prev / this.width)}].row[${prev % this.width}] (B4)`,
            `ballots[${i}].row[${k}]`,
          );
        this.seen.set(key, i * this.width + k);
      });
    appendFileSync(
      this.rowsPath,
      rowsBytes(
        G,
        this.batch.map(({ b }) => b.row),
      ),
    );
    this.batch = [];
  }
}
