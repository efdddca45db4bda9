/**
 * The shape of a row of the attack table (spec/attacks.md): what the lying server does and
 * what must catch it — a numbered check of `evident-verify`, a coded refusal of the server's
 * API, a guardian's refusal, or the voter's receipt.
 * @module
 */
import type { ElectionFixture } from './election-fixture.js';
import type { LyingServer } from './lying-server.js';

/**
 * A row whose catcher is being built on another branch: the row is skipped until it lands.
 * vranked: ranked files bound to the manifest and the board; vlog: lifecycle, credential and
 * claim checks of the log; serverfix: the server's own refusals; guardsign: guardian signatures;
 * guardcheck: guardians check what they decrypt.
 */
export type Pending = 'vranked' | 'vlog' | 'serverfix' | 'guardsign' | 'guardcheck';

interface RowBase {
  /** Short name, unique in the table. */
  readonly name: string;
  /** What the lying server (or a client it lets through) does. */
  readonly does: string;
  readonly pending?: Pending;
}

/** The lying server changes a copy of the record; `evident-verify` must report `check`. */
export interface RecordAttack extends RowBase {
  readonly kind: 'record';
  /** The check id that must be among the findings, e.g. "L3.B" or "7.B". */
  readonly check: string;
  /**
   * Why L2 cannot pass even though the heads were re-signed (L2 takes the log key and id from the
   * setup entry, so an attack on that entry fails L2 too); otherwise a re-signed log must pass L2.
   */
  readonly breaksL2?: string;
  /** Changes the copy (write the board with `liar.saveBoard()` when it was changed). */
  apply(liar: LyingServer, fx: ElectionFixture): void | Promise<void>;
}

/** A request to the real server that it must refuse with `code` (and write nothing). */
export interface ServerAttack extends RowBase {
  readonly kind: 'server';
  /** The `EVD_ERR_…` code of the refusal. */
  readonly code: string;
  /** Sets up what the request needs (before the boards are measured). */
  prepare?(fx: ElectionFixture): Promise<void>;
  /** Sends the request; returns the answer. */
  send(fx: ElectionFixture): Promise<{ status: number; json: { code?: string } }>;
}

/** Something a guardian is asked to do and must refuse. */
export interface GuardianAttack extends RowBase {
  readonly kind: 'guardian';
  /** Asks; returns the guardian's refusal message, or undefined when the guardian complied. */
  ask(fx: ElectionFixture): Promise<string | undefined>;
}

/** A rewrite of history that the record alone cannot tell, but a voter's receipt can. */
export interface ReceiptAttack extends RowBase {
  readonly kind: 'receipt';
  apply(liar: LyingServer, fx: ElectionFixture): void | Promise<void>;
  /** The voter whose first receipt must no longer be consistent with the published log. */
  readonly voter: string;
}

export type Attack = RecordAttack | ServerAttack | GuardianAttack | ReceiptAttack;

/** What the "caught by" column of spec/attacks.md says. */
export function caughtBy(a: Attack): string {
  switch (a.kind) {
    case 'record':
      return `verifier ${a.check}`;
    case 'server':
      return `server ${a.code}`;
    case 'guardian':
      return 'guardian refusal';
    case 'receipt':
      return "voter's receipt";
  }
}
