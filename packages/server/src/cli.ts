/**
 * `evident-server --db election.db --port 8080` (spec/server-api.md §8).
 * Exit codes: 0 stopped cleanly, 1 failed to start (message names the setting or file).
 * The command is `bin/evident-server.js`, which calls {@link main}, or `node dist/cli.js`.
 * @module
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { buildApp } from './app.js';
import { bootstrapAdminToken, generateToken } from './auth/tokens.js';
import { resolveConfig } from './config.js';
import { oidcLoginOf } from './identity/oidc-command.js';
import { exportCommand } from './record/export-command.js';
import { describeDb } from './store/open-store.js';
import { lettersCommand } from './letters/letters-command.js';
import { inlineVerifier, workerVerifier } from './verify/verifier.js';
import { resolveLimits } from './limits/limits.js';

const program = new Command()
  .name('evident-server')
  .description('Evident reference server: bulletin board, online voting, election lifecycle')
  .option(
    '--db <file>',
    'SQLite database file, or postgres://user:password@host:port/database (env EVIDENT_DB)',
  )
  .option(
    '--db-read <url>',
    'PostgreSQL streaming replica for board pages and event listings, which may lag (env EVIDENT_DB_READ)',
  )
  .option('--port <n>', 'TCP port (env EVIDENT_PORT)')
  .option('--host <addr>', 'listen address (env EVIDENT_HOST)')
  .option('--config <file>', 'JSON configuration file (env EVIDENT_CONFIG)')
  .option('--durability <mode>', 'full (fsync every commit) or normal (env EVIDENT_DURABILITY)')
  .option(
    '--notice-ms <n>',
    "SQLite: how often other nodes' commits are looked for, in ms, default 50 (env EVIDENT_NOTICE_MS)",
  )
  .option(
    '--sqlite-writer <mode>',
    'SQLite: thread (commits beside the event loop, default) or inline (env EVIDENT_SQLITE_WRITER)',
  )
  .option(
    '--writer-group-ms <n>',
    'commit delay: ms the board writer waits for more jobs before a batch that is not full, default 0 (env EVIDENT_WRITER_GROUP_MS)',
  )
  .option('--workers <n>', 'proof-checking worker threads, 0 = inline (env EVIDENT_WORKERS)')
  .option('--rate-limit <n>', 'requests per minute per client, 0 = off (env EVIDENT_RATE_LIMIT)')
  .option(
    '--trust-proxy <list>',
    'reverse proxies whose X-Forwarded-For is believed: addresses or CIDRs, comma-separated (env EVIDENT_TRUST_PROXY)',
  )
  .option(
    '--oidc-issuer <url>',
    'voters log in through this OpenID Connect provider (env EVIDENT_OIDC_ISSUER)',
  )
  .option('--oidc-client-id <id>', "this server's client id at the provider (env EVIDENT_OIDC_CLIENT_ID)")
  .option(
    '--oidc-redirect-uri <url>',
    'https://…/auth/oidc/callback as registered (env EVIDENT_OIDC_REDIRECT_URI)',
  )
  .option(
    '--oidc-private-key <file>',
    'private JWK for private_key_jwt (env EVIDENT_OIDC_PRIVATE_KEY; or EVIDENT_OIDC_CLIENT_SECRET)',
  )
  .option('--oidc-scopes <list>', 'scopes, space-separated, with openid (env EVIDENT_OIDC_SCOPES)')
  .option(
    '--oidc-claim <name>',
    'the ID-token claim that is the roll id, default sub (env EVIDENT_OIDC_CLAIM)',
  )
  .option(
    '--oidc-session-minutes <n>',
    "a voter session's length, default 15 (env EVIDENT_OIDC_SESSION_MINUTES)",
  )
  .option('--log', 'log requests as JSON lines')
  .action(async (o: Record<string, string | boolean | undefined>) => {
    let cfg, oidc;
    try {
      oidc = oidcLoginOf(o, (o.config as string | undefined) ?? process.env.EVIDENT_CONFIG);
      cfg = resolveConfig({
        db: o.db as string | undefined,
        dbRead: o.dbRead as string | undefined,
        port: o.port as string | undefined,
        host: o.host as string | undefined,
        config: o.config as string | undefined,
        durability: o.durability as string | undefined,
        noticeMs: o.noticeMs as string | undefined,
        sqliteWriter: o.sqliteWriter as string | undefined,
        writerGroupMs: o.writerGroupMs as string | undefined,
        workers: o.workers as string | undefined,
        rateLimit: o.rateLimit as string | undefined,
        trustProxy: o.trustProxy as string | undefined,
      });
    } catch (e) {
      process.stderr.write(`evident-server: ${(e as Error).message}\n`);
      process.exit(1);
    }
    const limits = resolveLimits(cfg.limits);
    let adminToken = cfg.adminToken;
    const fresh = !adminToken;
    if (!adminToken) adminToken = generateToken();
    try {
      const app = await buildApp({
        db: cfg.db,
        ...(cfg.dbRead !== undefined ? { dbRead: cfg.dbRead } : {}),
        ...(cfg.spoolDir !== undefined ? { spoolDir: cfg.spoolDir } : {}),
        durability: cfg.durability,
        noticeMs: cfg.noticeMs,
        sqliteWriter: cfg.sqliteWriter,
        writerGroupMs: cfg.writerGroupMs,
        ...(fresh ? {} : { adminToken }),
        rateLimit: cfg.rateLimit === 0 ? false : { max: cfg.rateLimit, timeWindow: 60_000 },
        trustProxy: cfg.trustProxy,
        verifier:
          cfg.workers === 0
            ? inlineVerifier(undefined, { maxQueued: limits.verifyQueued })
            : workerVerifier(cfg.workers, {
                maxQueued: limits.verifyQueued,
                maxQueueMs: limits.verifyQueueMs,
              }),
        limits: cfg.limits,
        ...(oidc ? { oidc } : {}),
        logger: o.log === true,
      });
      // under the write lock: of nodes started at once on an empty store, one prints its token
      if (fresh)
        process.stderr.write(
          (await bootstrapAdminToken(app.evident.store, adminToken))
            ? `evident-server: administrator token (shown once): ${adminToken}\n`
            : 'evident-server: an administrator token exists already (printed once by the first node started on this store, or EVIDENT_ADMIN_TOKEN); it makes others: POST /admin/tokens\n',
        );
      const addr = await app.listen({ port: cfg.port, host: cfg.host });
      process.stderr.write(`evident-server: listening on ${addr} (db ${describeDb(cfg.db)})\n`);
      const stop = () => {
        void app.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    } catch (e) {
      process.stderr.write(`evident-server: cannot start: ${(e as Error).message}\n`);
      process.exit(1);
    }
  });

program
  .command('export')
  .description('write the election record (what evident-verify reads) and the board log to a folder')
  .requiredOption('--election <id>', 'election id')
  .requiredOption('--out <dir>', 'record folder')
  .option(
    '--db <file>',
    'SQLite database file, or postgres://user:password@host:port/database (env EVIDENT_DB)',
  )
  .action(async (o: { db?: string; election: string; out: string }) => {
    // commander gives --db to the program when both declare it
    const db = o.db ?? (program.opts() as { db?: string }).db;
    process.exitCode = await exportCommand({ ...o, ...(db !== undefined ? { db } : {}) });
  });

program
  .command('letters')
  .description(
    'write a printable credential letter per voter (PDF): the code, the voter page and tracker addresses, the log key in hex and as a QR code',
  )
  .requiredOption(
    '--issued <file>',
    'the codes issued: the answer of POST /elections/{id}/credentials (JSON)',
  )
  .requiredOption(
    '--server <url>',
    'the server that issued them (the log key and the election name are read from it)',
  )
  .requiredOption('--election <id>', 'election id')
  .requiredOption('--out <dir>', 'folder for the letters (letter-<voter>.pdf)')
  .option('--public-url <url>', 'the address voters use, when not --server')
  .option(
    '--log-key <hex>',
    'the log key noted when the election was created: refuse a server that answers another',
  )
  .option('--lang <lang>', 'en or fr', 'en')
  .action(async (o: Parameters<typeof lettersCommand>[0]) => {
    process.exitCode = await lettersCommand(o);
  });

/**
 * Runs the command line (once per process). Serving keeps the process alive after this returns;
 * the signal handlers end it.
 * @returns the exit code so far (0 once the server listens or the export is done)
 */
export async function main(argv: readonly string[]): Promise<number> {
  await program.parseAsync([...argv], { from: 'user' });
  return Number(process.exitCode ?? 0);
}

/**
 * `node dist/cli.js …` run directly also runs the command. Real paths on both sides, so that a
 * link to this file works too; the launcher (bin/evident-server.js) imports this module and calls
 * `main` itself.
 */
function runDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] names no file (node -e, the REPL)
  }
}
if (runDirectly()) process.exitCode = await main(process.argv.slice(2));
