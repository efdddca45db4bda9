/**
 * `evident-server --db postgres://…` through the real command (bin/evident-server.js): a
 * malformed URL, an unreachable server, a wrong password, a read-only database and a schema from
 * a newer version each stop the start with a message naming the problem (never the password),
 * exit 1, and nothing written; a good URL serves.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { adminQuery, freePort, freshDatabase } from '../../../../tests/support/pg-cluster.js';
import { describeWithPg } from '../../../../tests/support/pg.js';

const BIN = fileURLToPath(new URL('../../bin/evident-server.js', import.meta.url));
const SECRET = 'Sup3r-s3cret';
/** The environment without the settings the command would read instead of its flags. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EVIDENT_')));

/** Runs the command to its end. */
function start(db: string, extra: string[] = []) {
  return spawnSync(process.execPath, [BIN, '--db', db, '--port', '0', '--workers', '0', ...extra], {
    encoding: 'utf8',
    timeout: 60_000,
    env: ENV,
  });
}

/** Expects a refusal at start naming `problem`, without the password. */
function refused(r: ReturnType<typeof start>, problem: RegExp): void {
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^evident-server: /);
  expect(r.stderr).toMatch(problem);
  expect(r.stderr).not.toContain(SECRET);
  expect(r.stderr).not.toMatch(/listening/);
}

describe('evident-server --db with a bad PostgreSQL URL or server', () => {
  it('refuses a malformed URL', () => {
    refused(start(`postgres://u:${SECRET}@db.example:notaport/evident`), /malformed PostgreSQL URL/);
    refused(start(`postgresql:///evident?password=${SECRET}`), /names no host/);
  });

  it('refuses a server that does not answer, naming it', async () => {
    const port = await freePort();
    refused(
      start(`postgres://u:${SECRET}@127.0.0.1:${port}/evident`),
      new RegExp(`u@127\\.0\\.0\\.1:${port}/evident: connection refused`),
    );
    refused(
      start(`postgres://u:${SECRET}@no-such-host.invalid/evident`),
      /no-such-host\.invalid.*(unknown host|cannot be resolved)/,
    );
  });
});

describeWithPg('evident-server --db postgres://…', (server) => {
  const withDb = (url: string, user?: string, password?: string): string => {
    const u = new URL(url);
    if (user !== undefined) u.username = user;
    if (password !== undefined) u.password = password;
    return u.toString();
  };
  const tables = async (url: string): Promise<string[]> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      return r.rows.map((x) => x.t);
    } finally {
      await c.end();
    }
  };

  it('serves a good database, naming it without the password, and exports from it', async () => {
    const db = withDb(await freshDatabase(server().url), 'postgres', SECRET);
    const child = spawn(process.execPath, [BIN, '--db', db, '--port', '0', '--workers', '0'], {
      env: ENV,
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      for (let i = 0; i < 300 && !/listening on/.test(err); i++) await new Promise((r) => setTimeout(r, 50));
      expect(err).toMatch(/listening on .* \(db postgres:\/\/postgres@127\.0\.0\.1:\d+\/evident_t_/);
      expect(err).not.toContain(SECRET);
      const address = /listening on (\S+)/.exec(err)![1]!;
      expect((await fetch(`${address}/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(await tables(db)).toContain('evident_schema');
    const exp = spawnSync(
      process.execPath,
      [BIN, 'export', '--db', db, '--election', 'nope', '--out', '/nonexistent/x'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(exp.status).toBe(1);
    expect(exp.stderr).toMatch(/nope/);
    expect(exp.stderr).not.toContain(SECRET);
  });

  it('refuses a wrong password', async (ctx) => {
    const dataDir = server().dataDir;
    if (dataDir === undefined) return ctx.skip(); // EVIDENT_PG_URL's server: its authentication is its own
    await adminQuery(server().url, `CREATE ROLE pwuser LOGIN PASSWORD 'right-one'`);
    const hba = join(dataDir, 'pg_hba.conf');
    const before = readFileSync(hba, 'utf8');
    writeFileSync(hba, `host all pwuser 127.0.0.1/32 scram-sha-256\n${before}`);
    await adminQuery(server().url, 'SELECT pg_reload_conf()');
    try {
      refused(
        start(withDb(server().url, 'pwuser', SECRET)),
        /pwuser@127\.0\.0\.1:\d+\/postgres: password authentication failed/,
      );
    } finally {
      writeFileSync(hba, before);
      appendFileSync(hba, '');
      await adminQuery(server().url, 'SELECT pg_reload_conf()');
    }
  });

  it('refuses a read-only database, writing nothing', async () => {
    const db = await freshDatabase(server().url);
    const name = new URL(db).pathname.slice(1);
    await adminQuery(server().url, `ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    refused(start(withDb(db, undefined, SECRET)), /is read-only \(transaction_read_only = on/);
    expect(await tables(db)).toEqual([]);
  });

  it('refuses a database of a newer schema, writing nothing', async () => {
    const db = await freshDatabase(server().url);
    await adminQuery(
      db,
      'CREATE TABLE evident_schema (version INTEGER NOT NULL); INSERT INTO evident_schema VALUES (7)',
    );
    refused(start(withDb(db, undefined, SECRET)), /schema version 7 is newer than this server's \(3\)/);
    expect(await tables(db)).toEqual(['evident_schema']);
  });
});
