/**
 * The `partial-decryption` and `decryption-response` board entries of version 2, for the `ranked`
 * request (spec/key-ceremony.md §13, spec/mixnet.md §8.10): a guardian's upload holds one value
 * per item — N·w at national scale — so the entry holds, instead of the file, the SHA-256 of the
 * file's signed content and the signature; the server keeps the content (its store, as a mix
 * stage's files). The content is the file without its `signature` member in canonical JSON (RFC
 * 8785), exactly the bytes whose SHA-256 the guardian's signed statement carries: the entry's
 * `contentDigest` is both the digest of the stored file and the statement's content hash, so the
 * verifier checks the signature from the entry alone (L3.K) and anyone holding the file checks it
 * by hashing its bytes. One source for the server and the verifier.
 * @module
 */
import { createHash } from 'node:crypto';
import { canonicalJsonString } from '@evident/e2e-crypto';

/** The version of an upload entry that names the file's content by digest. */
export const UPLOAD_ENTRY_VERSION = 2;

/** The upload entry types. */
export type UploadEntryType = 'partial-decryption' | 'decryption-response';

/** The member of a version-1 entry that holds the file, and the stored file's name of version 2. */
export const UPLOAD_MEMBER: Readonly<Record<UploadEntryType, 'partial' | 'response'>> = {
  'partial-decryption': 'partial',
  'decryption-response': 'response',
};

/** The name under which the store keeps a version-2 entry's content. */
export const uploadContentFile = (type: UploadEntryType): string => `${UPLOAD_MEMBER[type]}.json`;

/** Whether an upload entry is of version 2 (the content's digest, not the file). */
export const isDigestUploadEntry = (e: Readonly<Record<string, unknown>>): boolean =>
  e.version === UPLOAD_ENTRY_VERSION;

/** Which uploads get an entry of version 2: those of the `ranked` request. */
export const usesDigestUploadEntry = (kind: string): boolean => kind === 'ranked';

/**
 * The signed content of an upload: the file without `signature`, canonical JSON, and its SHA-256.
 * @throws {TypeError} when the file is not canonical JSON (a non-integer number, say)
 */
export function uploadContent(file: Readonly<Record<string, unknown>>): {
  readonly text: string;
  readonly digest: string;
} {
  const { signature: _s, ...content } = file;
  const text = canonicalJsonString(content);
  return { text, digest: createHash('sha256').update(text).digest('hex').toUpperCase() };
}

/**
 * The upload file a version-2 entry stands for: its stored content with the entry's signature.
 * @throws {SyntaxError} when the content is not JSON
 */
export function uploadFromContent(text: string, signature: unknown): Record<string, unknown> {
  return { ...(JSON.parse(text) as Record<string, unknown>), signature };
}
