/**
 * @evident/record — the Evident election record: layout, JSON Schemas, typed codecs, streaming
 * reader and writer, and an in-process election simulation (spec/record.md). Secrets sealed under a
 * passphrase are `@evident/record/sealed-secret` (./sealed-secret.ts): its AES tables, built when
 * the module loads, stay out of the verifier's threads.
 * @module
 */
export * from './layout.js';
export type * from './json-types.js';
export * from './codec.js';
export * from './schemas.js';
export * from './read.js';
export * from './json-lines.js';
export * from './read-devices.js';
export * from './write.js';
export * from './device-files.js';
export * from './record-writer.js';
export * from './signing-keys.js';
export * from './ranked/ranked-files.js';
export * from './ranked/write-ranked.js';
export * from './ranked/decryptions-file.js';
export * from './ranked/mix-chain-files.js';
export * from './ranked/stage-digest.js';
export * from './ranked/stage-file-digests.js';
export * from './ranked/stage-json-digests.js';
export * from './simulate/sample-manifest.js';
export * from './simulate/simulate-election.js';
export * from './trustee-files/file-fields.js';
export * from './trustee-files/decryption-files.js';
export * from './trustee-files/ranked-request.js';
export * from './trustee-files/upload-entry.js';
export * from './trustee-files/mix-files.js';
export * from './board/index.js';
export * from './board/board-source.js';
export * from './hex-case.js';
export * from './paper/index.js';
export * from './trustee-files/mix-stage-stream.js';
export * from './json-values.js';
export * from './trustee-files/mix-stage-read.js';
export * from './json-array-spans.js';
export * from './json-bytes.js';
