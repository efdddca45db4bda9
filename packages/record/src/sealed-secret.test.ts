import { gcm } from '@noble/ciphers/aes.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { describe, expect, it } from 'vitest';
import { toHex, utf8Bytes } from '@evident/e2e-crypto';
import { openSealedSecret, sealSecret } from './sealed-secret.js';

const header = { format: 'test/secret', version: 1, owner: 'A' };
const secret = utf8Bytes('the secret');

describe('sealSecret / openSealedSecret', () => {
  it('round-trips, with the header first and the sealed fields after it', () => {
    const file = sealSecret(header, secret, 'correct horse', 10);
    expect(Object.keys(file)).toEqual(['format', 'version', 'owner', 'kdf', 'cipher', 'ciphertext']);
    const opened = openSealedSecret(JSON.parse(JSON.stringify(file)), header, 'correct horse');
    expect(opened).toEqual({ ok: true, plaintext: secret, logN: 10 });
  });

  it('refuses a wrong passphrase, a changed header (associated data) and a changed ciphertext', () => {
    const file = sealSecret(header, secret, 'correct horse', 10);
    expect(openSealedSecret(file, header, 'wrong horse')).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
    expect(openSealedSecret(file, { ...header, owner: 'B' }, 'correct horse')).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
    const flipped = file.ciphertext.slice(0, -1) + (file.ciphertext.endsWith('0') ? '1' : '0');
    expect(openSealedSecret({ ...file, ciphertext: flipped }, header, 'correct horse')).toMatchObject({
      ok: false,
      reason: 'wrong-passphrase',
    });
    const otherSalt = { ...file, kdf: { ...file.kdf, salt: '00'.repeat(16) } };
    expect(openSealedSecret(otherSalt, header, 'correct horse')).toMatchObject({ ok: false });
  });

  it('names the malformed field', () => {
    const file = sealSecret(header, secret, 'pw', 10);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...file, kdf: { ...file.kdf, name: 'pbkdf2' } }, 'kdf'],
      [{ ...file, kdf: { ...file.kdf, logN: 30 } }, 'kdf.logN'],
      [{ ...file, kdf: { ...file.kdf, salt: 'zz' } }, 'kdf.salt'],
      [{ ...file, cipher: { name: 'aes-128-cbc', nonce: file.cipher.nonce } }, 'cipher'],
      [{ ...file, cipher: { ...file.cipher, nonce: '00' } }, 'cipher.nonce'],
      [{ ...file, ciphertext: 'abc' }, 'ciphertext'],
    ];
    for (const [bad, field] of cases)
      expect(openSealedSecret(bad, header, 'pw')).toMatchObject({ ok: false, reason: 'malformed', field });
    expect(openSealedSecret(null, header, 'pw')).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('opens a file sealed the way the guardians’ files were sealed before the primitive was shared', () => {
    // scrypt(NFKC passphrase) → AES-256-GCM with JSON.stringify(whole header) as associated data
    const salt = new Uint8Array(16).fill(7);
    const nonce = new Uint8Array(12).fill(9);
    const h = {
      ...header,
      kdf: { name: 'scrypt', logN: 10, r: 8, p: 1, salt: toHex(salt) },
      cipher: { name: 'aes-256-gcm', nonce: toHex(nonce) },
    };
    const key = scrypt(utf8Bytes('pw'), salt, { N: 1024, r: 8, p: 1, dkLen: 32 });
    const ct = gcm(key, nonce, utf8Bytes(JSON.stringify(h))).encrypt(secret);
    const opened = openSealedSecret({ ...h, ciphertext: toHex(ct) }, header, 'pw');
    expect(opened).toMatchObject({ ok: true, plaintext: secret });
  });

  it('refuses a cost out of range when sealing', () => {
    expect(() => sealSecret(header, secret, 'pw', 9)).toThrow(RangeError);
  });
});
