/**
 * A mixer in the test process: what `evident-trustee mix` does with a mix file (shuffle the
 * latest rows and prove it, spec/mixnet.md §3–4), with the library's single-thread prover, writing
 * the same stage format (spec/server-api.md §7.5). For tests only: it does not verify the earlier
 * stages; real guardians run `evident-trustee mix`.
 * @module
 */
import {
  mixSessionHash,
  precomputeShuffle,
  publicKey,
  rowsFromJson,
  rowsToJson,
  shuffleAndProve,
  shuffleProofToJson,
  type Group,
} from '@evident/e2e-crypto';

/**
 * The next stage of a contest's chain.
 * @param mix - the mix file (`GET …/ranked/{contest}/mix`)
 * @param K - the election key; `hE` H_E (they fix the session)
 */
export function simulatedMixStage<E>(
  G: Group<E>,
  K: E,
  hE: Uint8Array,
  mix: Record<string, unknown>,
  guardian: { id: string; x: number },
): Record<string, unknown> {
  const contestId = (mix.contest as { id: string }).id;
  const stages = mix.stages as { outputs: unknown }[];
  const inputs =
    stages.length > 0
      ? rowsFromJson(G, stages.at(-1)!.outputs, 'outputs')
      : rowsFromJson(
          G,
          (mix.ballots as { row: unknown }[]).map((b) => b.row),
          'ballots',
        );
  const pk = publicKey(G, K);
  const session = mixSessionHash(hE, `contest:${contestId}`);
  const pre = precomputeShuffle(G, pk, session, inputs.length, inputs[0]!.length);
  const { outputs, proof } = shuffleAndProve(G, pk, session, inputs, pre);
  return {
    format: 'evident-trustee/mix-stage',
    version: 1,
    ceremonyId: mix.ceremonyId,
    contestId,
    stage: mix.next,
    guardian,
    outputs: rowsToJson(G, outputs),
    proof: shuffleProofToJson(G, proof),
  };
}
