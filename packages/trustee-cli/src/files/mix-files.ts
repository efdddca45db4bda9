/**
 * The mix files of ranked contests (spec/server-api.md §7.5; schemas
 * `spec/schemas/trustee/mix-input.schema.json`, `mix-stage.schema.json`): the mix so far, which a
 * guardian reads and verifies end to end before adding its own stage (./mix-input-stream.ts), and
 * the stage it writes (../commands/mix-stage-files.ts).
 * @module
 */
import { mixSessionHash } from '@evident/e2e-crypto';
import { MIX_INPUT_FORMAT, MIX_STAGE_FORMAT } from '@evident/record';

export { MIX_INPUT_FORMAT, MIX_STAGE_FORMAT };

/** H_mix of a contest: H(H_E; 0x60, "contest:<id>") (spec/mixnet.md §8.2), from the guardian's own H_E. */
export function contestSession(hE: Uint8Array, contestId: string): Uint8Array {
  return mixSessionHash(hE, `contest:${contestId}`);
}
