import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paperPublicKey, toHex } from '@evident/e2e-crypto';
import { tempStation } from '../../test/station-fixture.js';
import { initStationKey, openStationKey, readStationPublicKey, stationKeyPath } from './station-key.js';

const PASS = 'station passphrase 1';

describe('station key', () => {
  it('is made once, sealed (mode 0600, no secret in clear) and opened with the passphrase', () => {
    const t = tempStation();
    try {
      const pub = initStationKey(t.dir, PASS, 10);
      expect(pub).toMatch(/^[0-9A-F]{64}$/);
      expect(statSync(stationKeyPath(t.dir)).mode & 0o777).toBe(0o600);
      expect(readStationPublicKey(t.dir)).toBe(pub);
      const k = openStationKey(t.dir, PASS);
      expect(k.publicKeyHex).toBe(pub);
      expect(toHex(paperPublicKey(k.secretKey))).toBe(pub);
      expect(readFileSync(stationKeyPath(t.dir), 'utf8')).not.toContain(toHex(k.secretKey));
      expect(() => initStationKey(t.dir, PASS, 10)).toThrow(/exists/);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a short passphrase, a wrong passphrase and a changed public key, naming the file', () => {
    const t = tempStation();
    try {
      expect(() => initStationKey(t.dir, 'short', 10)).toThrow(/at least 10/);
      initStationKey(t.dir, PASS, 10);
      expect(() => openStationKey(t.dir, 'wrong passphrase')).toThrow(/station-key\.json cannot be opened/);
      const f = JSON.parse(readFileSync(stationKeyPath(t.dir), 'utf8')) as { publicKey: string };
      f.publicKey = f.publicKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      writeFileSync(stationKeyPath(t.dir), JSON.stringify(f));
      expect(() => openStationKey(t.dir, PASS)).toThrow(/cannot be opened/);
    } finally {
      t.cleanup();
    }
  });

  it('names the missing file', () => {
    const t = tempStation();
    try {
      expect(() => openStationKey(t.dir, PASS)).toThrow(
        /station-key\.json is missing: run `evident-station init`/,
      );
    } finally {
      t.cleanup();
    }
  });
});
