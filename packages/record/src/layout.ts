/**
 * File names of the Evident election record (spec/record.md §1.1), stage by stage:
 * config → initialized → ballots → tally → decryption.
 * @module
 */

/** Stage "config": profile, n, k, H_P, H_M, H_B. */
export const CONFIG_FILE = 'election-config.json';
/** Stage "config": the manifest whose canonical bytes give H_M. */
export const MANIFEST_FILE = 'manifest.json';
/** Stage "initialized": guardian commitments and proofs, K, H_E. */
export const INITIALIZED_FILE = 'election-initialized.json';
/** Stage "ballots": the encrypting devices and their chains' closing hashes. */
export const DEVICES_FILE = 'devices.json';
/** Stage "ballots": the folder of one JSON Lines file per device. */
export const BALLOTS_DIR = 'ballots';
/** Stage "tally": the encrypted tally. */
export const ENCRYPTED_TALLY_FILE = 'encrypted-tally.json';
/** Stage "decryption": the decrypted tally. */
export const TALLY_FILE = 'tally.json';
/** Stage "decryption": decryptions of the challenged ballots, one per line. */
export const CHALLENGED_FILE = 'challenged.jsonl';

/** Bulletin-board export (spec/record.md §10): the log's entries, one exact JSON text per line. */
export const LOG_FILE = 'board/log.jsonl';
/** Bulletin-board export: the signed tree heads, one per line, in increasing tree size. */
export const TREE_HEADS_FILE = 'board/tree-heads.jsonl';

/** Path of a device's ballot file inside the record, e.g. `ballots/station-1.jsonl`. */
export function ballotFile(device: string): string {
  return `${BALLOTS_DIR}/${device}.jsonl`;
}
