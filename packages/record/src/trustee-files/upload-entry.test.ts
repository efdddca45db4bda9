/**
 * The content digest of an upload entry of version 2 is the content hash of the guardian's signed
 * statement (spec/key-ceremony.md §13): a signature made over the file verifies over the entry's
 * `contentDigest` alone, and fails for any other content; the stored text gives the file back.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptionUploadStatement,
  fromHex,
  generateGuardianSigningKey,
  signGuardianStatement,
  signatureHex,
  verifyGuardianSignature,
} from '@evident/e2e-crypto';
import {
  isDigestUploadEntry,
  uploadContent,
  uploadFromContent,
  usesDigestUploadEntry,
} from './upload-entry.js';

const hE = new Uint8Array(32).fill(7);
const file = {
  format: 'evident-trustee/partial-decryption',
  version: 1,
  ceremonyId: 'ab'.repeat(32), // as uploaded: lower case is signed as it is
  requestDigest: 'CD'.repeat(32),
  guardian: { id: 'guardian-1', x: 1 },
  session: 'EF'.repeat(32),
  items: [{ M: '01'.repeat(32), a: '02'.repeat(32), b: '03'.repeat(32) }],
  proof: { c: '04'.repeat(32), v: '05'.repeat(32) },
};

describe('upload entries of version 2', () => {
  it('contentDigest is the signed statement’s content hash: the signature verifies from the entry alone', () => {
    const { secretKey, publicKey } = generateGuardianSigningKey();
    const s = decryptionUploadStatement(hE, 'partial-decryption', 'ranked', 1, file);
    const signed = { ...file, signature: signatureHex(signGuardianStatement(secretKey, s)) };
    const { text, digest } = uploadContent(signed);
    expect(digest).toBe(createHash('sha256').update(text).digest('hex').toUpperCase());
    expect(text).not.toContain('signature');
    const fromEntry = (d: string) =>
      verifyGuardianSignature(
        publicKey,
        {
          ...decryptionUploadStatement(hE, 'partial-decryption', 'ranked', 1, {}),
          contentSha256: fromHex(d, 'd'),
        },
        fromHex(signed.signature, 'signature'),
      );
    expect(fromEntry(digest)).toBe(true);
    const other = uploadContent({ ...signed, session: 'EE'.repeat(32) }).digest;
    expect(fromEntry(other)).toBe(false);
    expect(uploadFromContent(text, signed.signature)).toEqual(signed);
  });

  it('only the ranked request’s uploads, and entries marked version 2', () => {
    expect(['tally', 'challenged-ballots', 'ranked'].map(usesDigestUploadEntry)).toEqual([
      false,
      false,
      true,
    ]);
    expect([isDigestUploadEntry({ version: 2 }), isDigestUploadEntry({ partial: {} })]).toEqual([
      true,
      false,
    ]);
  });
});
