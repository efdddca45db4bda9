/**
 * The server's settings (spec/server-api.md §8): an administrator token too short to resist
 * guessing is a start-up error that names the setting and never echoes the token; `trustProxy`
 * from the file, the environment or a flag, off by default.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';

describe('resolveConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an administrator token shorter than 32 characters, without echoing it', () => {
    const short = 'evd_short-secret-1234567890';
    let message = '';
    try {
      resolveConfig({}, { EVIDENT_ADMIN_TOKEN: short });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/EVIDENT_ADMIN_TOKEN/);
    expect(message).toMatch(/32 characters/);
    expect(message).not.toContain(short);
    expect(message).not.toContain('short-secret');
    // from the file too
    const f = join(dir, 'short.json');
    writeFileSync(f, JSON.stringify({ adminToken: 'x'.repeat(31) }));
    expect(() => resolveConfig({ config: f }, {})).toThrow(/adminToken/);
  });

  it('accepts a token of 32 characters or more', () => {
    const token = 'a'.repeat(32);
    expect(resolveConfig({}, { EVIDENT_ADMIN_TOKEN: token }).adminToken).toBe(token);
    expect(resolveConfig({}, {}).adminToken).toBeUndefined();
  });

  it('writerGroupMs (the commit delay): 0 by default, a flag or EVIDENT_WRITER_GROUP_MS, 0–1000', () => {
    expect(resolveConfig({}, {}).writerGroupMs).toBe(0);
    expect(resolveConfig({}, { EVIDENT_WRITER_GROUP_MS: '5' }).writerGroupMs).toBe(5);
    expect(resolveConfig({ writerGroupMs: '2' }, { EVIDENT_WRITER_GROUP_MS: '5' }).writerGroupMs).toBe(2);
    expect(() => resolveConfig({ writerGroupMs: '1001' }, {})).toThrow(
      /writerGroupMs must be an integer in \[0, 1000\]/,
    );
    expect(() => resolveConfig({}, { EVIDENT_WRITER_GROUP_MS: '-1' })).toThrow(/writerGroupMs/);
  });

  it('noticeMs (the SQLite change feed): 50 by default, a flag or EVIDENT_NOTICE_MS, 1–60000', () => {
    expect(resolveConfig({}, {}).noticeMs).toBe(50);
    expect(resolveConfig({}, { EVIDENT_NOTICE_MS: '200' }).noticeMs).toBe(200);
    expect(resolveConfig({ noticeMs: '60000' }, { EVIDENT_NOTICE_MS: '200' }).noticeMs).toBe(60_000);
    expect(() => resolveConfig({ noticeMs: '0' }, {})).toThrow(/noticeMs must be an integer in \[1, 60000\]/);
    expect(() => resolveConfig({}, { EVIDENT_NOTICE_MS: 'fast' })).toThrow(/noticeMs/);
  });

  it('sqliteWriter: a thread by default; inline by a flag or EVIDENT_SQLITE_WRITER; nothing else', () => {
    expect(resolveConfig({}, {}).sqliteWriter).toBe('thread');
    expect(resolveConfig({ sqliteWriter: 'inline' }, {}).sqliteWriter).toBe('inline');
    expect(resolveConfig({}, { EVIDENT_SQLITE_WRITER: 'inline' }).sqliteWriter).toBe('inline');
    expect(resolveConfig({ sqliteWriter: 'thread' }, { EVIDENT_SQLITE_WRITER: 'inline' }).sqliteWriter).toBe(
      'thread',
    );
    expect(() => resolveConfig({}, { EVIDENT_SQLITE_WRITER: 'worker' })).toThrow(
      /sqliteWriter must be thread or inline, got "worker"/,
    );
  });

  it('trustProxy: off by default; a list of addresses, CIDRs and named ranges', () => {
    expect(resolveConfig({}, {}).trustProxy).toBe(false);
    expect(resolveConfig({}, { EVIDENT_TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    expect(resolveConfig({ trustProxy: '10.0.0.1, 192.168.0.0/16,::1' }, {}).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
    ]);
    const f = join(dir, 'proxy.json');
    writeFileSync(f, JSON.stringify({ trustProxy: ['10.1.2.3', 'fd00::/8'] }));
    expect(resolveConfig({ config: f }, {}).trustProxy).toEqual(['10.1.2.3', 'fd00::/8']);
    // flags > env > file
    expect(
      resolveConfig({ config: f, trustProxy: '10.0.0.3' }, { EVIDENT_TRUST_PROXY: '10.0.0.4' }).trustProxy,
    ).toEqual(['10.0.0.3']);
    expect(resolveConfig({ config: f }, { EVIDENT_TRUST_PROXY: '10.0.0.4' }).trustProxy).toEqual([
      '10.0.0.4',
    ]);
    expect(resolveConfig({ config: f }, { EVIDENT_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('trustProxy: refuses "true" (any client could choose its address), hop counts and malformed entries', () => {
    expect(() => resolveConfig({}, { EVIDENT_TRUST_PROXY: 'true' })).toThrow(/trustProxy/);
    expect(() => resolveConfig({}, { EVIDENT_TRUST_PROXY: '1' })).toThrow(/trustProxy.*hop count/);
    expect(() => resolveConfig({}, { EVIDENT_TRUST_PROXY: '10.0.0.300' })).toThrow(
      /trustProxy.*10\.0\.0\.300/,
    );
    expect(() => resolveConfig({}, { EVIDENT_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/trustProxy/);
    expect(() => resolveConfig({}, { EVIDENT_TRUST_PROXY: '-1' })).toThrow(/trustProxy/);
    expect(() => resolveConfig({}, { EVIDENT_TRUST_PROXY: 'anywhere' })).toThrow(/trustProxy/);
  });
});
