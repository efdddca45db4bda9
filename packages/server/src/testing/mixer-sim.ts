/**
 * A mixer in the test process: what `evident-trustee mix` does with a mix file (shuffle the
 * latest rows and prove it, spec/mixnet.md §3–4), with the library's single-thread prover, writing
 * the same stage format (spec/server-api.md §7.5). For tests only: it does not verify the earlier
 * stages; real guardians run `evident-trustee mix`.
 * @module
 */
import {
  mixSessionHash,
  mixStageStatement,
  precomputeShuffle,
  publicKey,
  rowsFromJson,
  shuffleAndProve,
  signatureHex,
  signGuardianStatement,
  type Group,
  type LocalCeremony,
} from '@evident/e2e-crypto';
import { mixStageJson } from '@evident/record';
import type { LocalElection, mustCall } from './local-election.js';

/**
 * The next stage of a contest's chain, signed with the guardian's signing key.
 * @param mix - the mix file (`GET …/ranked/{contest}/mix`)
 * @param c - the ceremony: K and H_E fix the session, the guardian's signing key signs
 * @param signer - whose key signs (default: `guardian`'s; another, to test a forged stage)
 */
export function simulatedMixStage<E>(
  G: Group<E>,
  c: LocalCeremony<E>,
  mix: Record<string, unknown>,
  guardian: { id: string; x: number },
  signer: number = guardian.x,
): Record<string, unknown> {
  const { K, hE } = c;
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
  return signMixStage(
    c,
    mixStageJson(G, {
      ceremonyId: String(mix.ceremonyId),
      contestId,
      stage: mix.next as number,
      guardian,
      outputs,
      proof,
    }),
    signer,
  );
}

/**
 * Mixes ranked contests through the API as the guardians would, one {@link simulatedMixStage}
 * after another: for each contest in turn, each guardian in turn fetches the mix file and uploads
 * its stage (with its trustee token when `tokens` has one, else as `must`'s caller).
 * @param o.contests - the contests' ids, in order (default: `['mayor']`)
 * @param o.guardians - the mixing guardians' indices, in order (default: `[1, 2]`)
 * @param o.tokens - guardian index → trustee token
 */
export async function mixBySimulatedGuardians(
  must: ReturnType<typeof mustCall>,
  el: LocalElection,
  o: {
    contests?: readonly string[];
    guardians?: readonly number[];
    tokens?: ReadonlyMap<number, string>;
  } = {},
): Promise<void> {
  const G = el.client.ctx.G as Group<unknown>;
  for (const contest of o.contests ?? ['mayor'])
    for (const x of o.guardians ?? [1, 2]) {
      const path = `/elections/${el.id}/ranked/${contest}/mix`;
      const mix = (await must('GET', path)) as Record<string, unknown>;
      const stage = simulatedMixStage(G, el.ceremony, mix, { id: `guardian-${x}`, x });
      await must('POST', path, stage, o.tokens?.get(x));
    }
}

/**
 * (Re)signs a stage file as `evident-trustee mix` signs it (spec/key-ceremony.md §13).
 * @param signer - whose signing key signs (default: the guardian the stage names)
 */
export function signMixStage<E>(
  c: LocalCeremony<E>,
  stage: Record<string, unknown>,
  signer: number = (stage.guardian as { x: number }).x,
): Record<string, unknown> {
  const { x } = stage.guardian as { x: number };
  const sk = c.secrets.find((s) => s.i === signer)!.signingSecret;
  const st = mixStageStatement(
    c.hE,
    String(stage.contestId),
    stage.stage as number,
    x,
    stage.outputs,
    stage.proof,
  );
  return { ...stage, signature: signatureHex(signGuardianStatement(sk, st)) };
}
