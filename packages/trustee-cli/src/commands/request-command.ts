/**
 * `request`: the decryption request built from an Evident election record (spec/key-ceremony.md
 * §9.6), so that the guardians can decrypt without the server: the encrypted tally (after
 * checking it is the product of the cast ballots) or the challenged ballots.
 * @module
 */
import { join } from 'node:path';
import { CONFIG_FILE, INITIALIZED_FILE } from '@evident/record';
import { EXIT, TrusteeError, refuse } from '../errors.js';
import { requestJson } from '../files/decryption-files.js';
import { readElectionKey } from '../files/election-key.js';
import { writeJsonFile } from '../files/json-file.js';
import { challengedRequestItems, readRecordElection, tallyRequestItems } from '../files/record-request.js';
import type { CommandIO, CommandResult } from '../io.js';

/** `request --record DIR [--kind tally|challenged-ballots] [--election election-key.json]`. */
export async function requestCommand(
  o: { record: string; kind: string; election?: string; out: string },
  io: CommandIO,
): Promise<CommandResult> {
  if (o.kind !== 'tally' && o.kind !== 'challenged-ballots')
    throw new TrusteeError(
      EXIT.USAGE,
      undefined,
      `--kind must be tally or challenged-ballots, not "${o.kind}"`,
    );
  const e = await readRecordElection(o.record);
  if (o.election) {
    const ek = readElectionKey(o.election);
    if (ek.c.id !== e.id)
      throw refuse(
        join(o.record, CONFIG_FILE),
        `is another election than ${o.election} (H_B ${e.id.slice(0, 16)}…, the key ceremony's ${ek.c.id.slice(0, 16)}…)`,
        'baseHash',
      );
    if (!e.G.equals(e.K, ek.K))
      throw refuse(join(o.record, INITIALIZED_FILE), `is not the joint key K of ${o.election}`, 'jointKey');
  }
  const bar = io.progress('reading ballots', 1);
  const built =
    o.kind === 'tally'
      ? await tallyRequestItems(o.record, e, () => bar.tick())
      : await challengedRequestItems(o.record, e, () => bar.tick());
  bar.stop();
  if (built.items.length === 0)
    throw new TrusteeError(
      EXIT.PROTOCOL,
      undefined,
      `the record ${o.record} has no ${o.kind === 'tally' ? 'tally' : 'challenged ballot'} to decrypt`,
    );
  const json = requestJson({ G: e.G, id: e.id }, o.kind, built.maxValue, built.items);
  writeJsonFile(o.out, json);
  const what =
    o.kind === 'tally'
      ? `the encrypted tally (${built.items.length} options; checked to be the product of the ${built.ballots} cast ballots)`
      : `${built.ballots} challenged ballot${built.ballots === 1 ? '' : 's'} (${built.items.length} ciphertexts)`;
  return {
    ok: true,
    message: `decryption request for ${what}${o.election ? '' : '; not compared with an election key (give --election)'}`,
    outputs: [o.out],
    kind: o.kind,
    items: built.items.length,
    maxValue: built.maxValue,
  };
}
