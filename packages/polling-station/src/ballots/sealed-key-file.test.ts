import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSealedSecret } from '@evident/record/sealed-secret';
import { readSealedKey, writeSealedKey } from './sealed-key-file.js';

const FORMAT = 'evident-station/witness-key';
const SEED = new Uint8Array(32).map((_, i) => i + 1);

/** A witness key file written by the station's own sealing code before it used record's `sealSecret`. */
const EARLIER_FILE = {
  format: FORMAT,
  version: 1,
  publicKey: '79B5562E8FE654F94078B112E8A98BA7901F853AE695BED7E0E3910BAD049664',
  kdf: { name: 'scrypt', logN: 10, r: 8, p: 1, salt: '9BD4EC45B6D19A4F7081A4899176144E' },
  cipher: { name: 'aes-256-gcm', nonce: '26E916E7D5BFADF4448EC6DA' },
  ciphertext:
    '059F05F1FE55EC6ECE03932FF5C9BBCD60891D03DF1E50B8D26DC2ABC22DFDD7A73843BEFB9D7C15141FAD3AAF916DC28D47670EE0B9B7D80F7167D5BA55E255DF316B57D012E28C8D94E24BDFA76307',
};

const dir = () => mkdtempSync(join(tmpdir(), 'evident-sealed-key-'));

describe('sealed key files', () => {
  it('a file written before the station sealed with record’s primitive still opens', () => {
    const path = join(dir(), 'witness.json');
    writeFileSync(path, JSON.stringify(EARLIER_FILE, null, 2));
    const k = readSealedKey(path, FORMAT, 'correct horse battery');
    expect(Buffer.from(k.secretKey).equals(Buffer.from(SEED))).toBe(true);
    expect(k.publicKey).toBe(EARLIER_FILE.publicKey);
    expect(() => readSealedKey(path, FORMAT, 'correct horse batterY')).toThrow(/wrong passphrase/);
  });

  it('keeps the same layout: header fields first, opened by openSealedSecret with that header', () => {
    const path = join(dir(), 'witness.json');
    const k = writeSealedKey(path, FORMAT, SEED, 'correct horse battery', 10);
    const f = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(f)).toEqual(Object.keys(EARLIER_FILE));
    const opened = openSealedSecret(
      f,
      { format: FORMAT, version: 1, publicKey: k.publicKey },
      'correct horse battery',
    );
    expect(opened.ok && new TextDecoder().decode(opened.plaintext)).toBe(
      Buffer.from(SEED).toString('hex').toUpperCase(),
    );
  });

  it('names the malformed field of a file', () => {
    const path = join(dir(), 'witness.json');
    writeFileSync(path, JSON.stringify({ ...EARLIER_FILE, cipher: { ...EARLIER_FILE.cipher, nonce: 'zz' } }));
    expect(() => readSealedKey(path, FORMAT, 'correct horse battery')).toThrow(
      /witness\.json: cipher\.nonce/,
    );
  });
});
