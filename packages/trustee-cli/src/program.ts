/**
 * The `evident-trustee` command line (spec/key-ceremony.md §12): commander definitions, the
 * terminal IO (hidden passphrase prompt, progress bar) and the mapping of errors to exit codes.
 * `run(argv)` is what `main` in cli.ts (run by bin/evident-trustee.js) and the tests call.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import cliProgress from 'cli-progress';
import { EXIT, TrusteeError } from './errors.js';
import type { CommandIO, CommandResult } from './io.js';
import {
  configCommand,
  initCommand,
  publishCommand,
  shareCommand,
  verifyCommand,
} from './commands/ceremony-commands.js';
import { finalizeCommand } from './commands/finalize.js';
import { combineCommand, decryptCommand } from './commands/decryption-commands.js';
import { answerComplaintCommand, judgeCommand } from './commands/complaint-commands.js';
import { requestCommand } from './commands/request-command.js';
import { mixCommand } from './commands/mix-command.js';

/** Where output goes (stdout/stderr in the CLI, buffers in tests). */
export interface Streams {
  out(s: string): void;
  err(s: string): void;
}

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** The passphrase: --passphrase-file, then $EVIDENT_TRUSTEE_PASSPHRASE, then a hidden prompt. */
function terminalIO(opts: { json?: boolean; passphraseFile?: string }, streams: Streams): CommandIO {
  return {
    async passphrase(confirm) {
      if (opts.passphraseFile) {
        try {
          return readFileSync(opts.passphraseFile, 'utf8').replace(/\r?\n$/, '');
        } catch {
          throw new TrusteeError(EXIT.USAGE, opts.passphraseFile, 'cannot be read');
        }
      }
      const env = process.env.EVIDENT_TRUSTEE_PASSPHRASE;
      if (env !== undefined) return env;
      if (!process.stdin.isTTY)
        throw new TrusteeError(
          EXIT.USAGE,
          undefined,
          'no passphrase: use --passphrase-file or EVIDENT_TRUSTEE_PASSPHRASE without a terminal',
        );
      const p = await promptHidden('Passphrase for the guardian secret key: ');
      if (confirm && (await promptHidden('Repeat the passphrase: ')) !== p)
        throw new TrusteeError(EXIT.USAGE, undefined, 'the passphrases differ');
      return p;
    },
    progress(label, total) {
      if (opts.json || !process.stderr.isTTY || total < 2) return { tick() {}, stop() {} };
      const bar = new cliProgress.SingleBar(
        { format: `${label} [{bar}] {value}/{total} {eta}s`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return { tick: (n = 1) => bar.increment(n), stop: () => bar.stop() };
    },
    info(m) {
      if (!opts.json) streams.err(m + '\n');
    },
  };
}

const list = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').filter(Boolean)];

/**
 * Runs the CLI with `argv` (without node and script). Never throws; returns the exit code.
 * @param ioOverride - tests pass a silent IO with a fixed passphrase
 */
export async function run(
  argv: readonly string[],
  streams: Streams,
  ioOverride?: CommandIO,
): Promise<number> {
  let json = argv.includes('--json');
  const program = new Command('evident-trustee')
    .description(
      'Key ceremony and threshold decryption for Evident guardians (ElectionGuard 2.0). See spec/key-ceremony.md.',
    )
    .option('--json', 'print the result as JSON on stdout')
    .option('--passphrase-file <file>', 'read the secret-key passphrase from a file')
    .exitOverride()
    .configureOutput({ writeOut: streams.out, writeErr: streams.err });
  let result: CommandResult | undefined;
  const io = (): CommandIO => ioOverride ?? terminalIO(program.opts(), streams);
  const req = (c: Command): Command => c.requiredOption('-o, --out <file>', 'output file');

  req(program.command('config').description('(administrator) write ceremony.json for the guardians'))
    .requiredOption('--manifest <file>', 'election manifest (hashed into H_M)')
    .requiredOption('--guardians <names>', 'comma-separated guardian names, in coordinate order', list)
    .requiredOption('--quorum <k>', 'number of guardians needed to decrypt', (v) => Number(v))
    .option('--group <name>', 'ristretto255 or eg-4096', 'ristretto255')
    .action((o) => {
      result = configCommand(o);
    });
  req(program.command('init').description('create this guardian: polynomial and encrypted secret key file'))
    .requiredOption('--ceremony <file>', 'ceremony.json')
    .requiredOption('--guardian <name>', 'this guardian’s name in ceremony.json')
    .option('--kdf-cost <logN>', 'scrypt cost log2(N), 10..22 (default 17)', (v) => Number(v))
    .action(async (o) => {
      result = await initCommand(o, io());
    });
  req(program.command('publish').description('write commitments and Schnorr proofs'))
    .requiredOption('--ceremony <file>', 'ceremony.json')
    .requiredOption('--secret <file>', 'this guardian’s secret key file')
    .action(async (o) => {
      result = await publishCommand(o, io());
    });
  req(program.command('share').description('encrypt this guardian’s shares for the others'))
    .requiredOption('--ceremony <file>', 'ceremony.json')
    .requiredOption('--secret <file>', 'secret key file')
    .requiredOption('--public <files>', 'every guardian’s public file (comma-separated or repeated)', list)
    .action(async (o) => {
      result = await shareCommand(o, io());
    });
  req(
    program
      .command('verify')
      .description('decrypt and check the shares received; write a statement (with complaints)'),
  )
    .requiredOption('--ceremony <file>', 'ceremony.json')
    .requiredOption('--secret <file>', 'secret key file')
    .requiredOption('--public <files>', 'every guardian’s public file', list)
    .requiredOption('--shares <files>', 'every other guardian’s shares file', list)
    .option(
      '--answers <files>',
      'answers to your complaints (answer-complaint): a revealed share that verifies replaces the bad one',
      list,
    )
    .action(async (o) => {
      result = await verifyCommand(o, io());
    });
  req(
    program
      .command('answer-complaint')
      .description(
        '(accused guardian) reveal the share and nonce for each complaint against you (EG 2.0 §3.2.2)',
      ),
  )
    .requiredOption('--ceremony <file>', 'ceremony.json')
    .requiredOption('--secret <file>', 'secret key file')
    .requiredOption('--public <files>', 'every guardian’s public file', list)
    .requiredOption('--verifications <files>', 'the verification statements with complaints', list)
    .action(async (o) => {
      result = await answerComplaintCommand(o, io());
    });
  program
    .command('judge')
    .description('(anyone) verdict on every complaint: dismissed, or the accused is disqualified')
    .requiredOption('--ceremony <file>', 'ceremony.json')
    .requiredOption('--public <files>', 'every guardian’s public file', list)
    .requiredOption('--verifications <files>', 'every guardian’s verification statement', list)
    .option('--shares <files>', 'the accused guardians’ shares files, as published', list)
    .option('--answers <files>', 'the accused guardians’ answers (answer-complaint)', list)
    .option('-o, --out <file>', 'also write the verdicts as a judgement file')
    .action((o) => {
      result = judgeCommand(o);
    });
  req(program.command('finalize').description('check everything and write the election key (K, H_E)'))
    .requiredOption('--ceremony <file>', 'ceremony.json')
    .requiredOption('--public <files>', 'every guardian’s public file', list)
    .requiredOption('--verifications <files>', 'every guardian’s verification statement', list)
    .option('--shares <files>', 'with --answers: the accused guardians’ shares files, as published', list)
    .option('--answers <files>', 'answers to complaints: a complaint judged dismissed no longer blocks', list)
    .action((o) => {
      result = finalizeCommand(o);
    });
  req(
    program
      .command('request')
      .description('(administrator) build a decryption request from an Evident election record'),
  )
    .requiredOption('--record <dir>', 'the election record folder (spec/record.md)')
    .option('--kind <kind>', 'tally or challenged-ballots', 'tally')
    .option('--election <file>', 'election-key.json: check the record is this ceremony’s election')
    .action(async (o) => {
      result = await requestCommand(o, io());
    });
  req(
    program
      .command('decrypt')
      .description('round 1: partial decryptions; with --challenge, round 2: responses'),
  )
    .requiredOption('--election <file>', 'election-key.json')
    .requiredOption('--secret <file>', 'secret key file')
    .option(
      '--request <file>',
      'the decryption request (tally, challenged ballots or ranked); with --server, from the board',
    )
    .option('--challenge <file>', 'the combiner’s challenge (round 2); with a board, it must be the board’s')
    .option(
      '--respond',
      'round 2: answer the board’s challenge (with --server, --board or --record with a board)',
    )
    .option('--record <dir>', 'check the request against this election record (its board/ when it has one)')
    .option(
      '--board <dir>',
      'check the request and the challenge against this exported board (DIR/board/log.jsonl)',
    )
    .option('--server <url>', 'download the board (and the request), check, decrypt and upload')
    .option('--election-id <id>', 'with --server: the election')
    .option(
      '--kind <kind>',
      'tally, challenged-ballots or ranked (with --server); with a board also all, or a list (a,b): every kind over one checked board, {kind} in -o',
    )
    .option(
      '--token-file <file>',
      'with --server: upload with this guardian’s trustee token (else $EVIDENT_TRUSTEE_TOKEN)',
    )
    .option(
      '--log-key <hex>',
      'the election’s log public key (Ed25519, hex) the signed tree head must verify under',
    )
    .option('--round <n>', 'without a board: the decryption round (default 1)', (v) => Number(v))
    .option(
      '--unchecked',
      'decrypt without a record or board to check against (drills only: the request could be a single ballot, and a second copy of the secret file could answer a second challenge)',
    )
    .action(async (o) => {
      result = await decryptCommand(o, io());
    });
  req(
    program
      .command('mix')
      .description(
        'ranked contests: verify the mix so far, shuffle and prove the next stage (with --server, fetch and upload)',
      ),
  )
    .requiredOption('--election <file>', 'election-key.json')
    .requiredOption('--secret <file>', 'this guardian’s secret key file (its signing key signs the stage)')
    .option('--guardian <name>', 'this guardian’s name in election-key.json (checked against --secret)')
    .option('--input <file>', 'the mix so far (GET /elections/{id}/ranked/{contest}/mix), offline')
    .option('--server <url>', 'the evident-server base URL: fetch the mix and upload the stage')
    .option('--election-id <id>', 'with --server: the election')
    .option('--contest <id>', 'with --server: the ranked contest')
    .option(
      '--token-file <file>',
      'with --server: this guardian’s trustee token (else $EVIDENT_TRUSTEE_TOKEN)',
    )
    .option('--threads <n>', 'worker threads for shuffling and proving (default 0: this thread)', (v) =>
      Number(v),
    )
    .action(async (o) => {
      result = await mixCommand(o, io());
    });
  req(
    program
      .command('combine')
      .description(
        '(administrator) challenge from partials; with --challenge and --responses, the verified decryption',
      ),
  )
    .requiredOption('--election <file>', 'election-key.json')
    .requiredOption('--request <file>', 'the decryption request')
    .requiredOption('--partials <files>', 'the guardians’ partial decryptions', list)
    .option('--challenge <file>', 'the challenge written by the first combine')
    .option('--responses <files>', 'the guardians’ responses', list)
    .action((o) => {
      result = combineCommand(o, io());
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    json = Boolean(program.opts().json);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return EXIT.OK;
      return EXIT.USAGE;
    }
    const err =
      e instanceof TrusteeError
        ? e
        : new TrusteeError(EXIT.INTERNAL, undefined, `internal error: ${(e as Error).message}`);
    if (json)
      streams.out(
        JSON.stringify({
          ok: false,
          exitCode: err.exitCode,
          file: err.file ?? null,
          field: err.field ?? null,
          message: err.message,
        }) + '\n',
      );
    else
      streams.err(
        `evident-trustee: ${err.file ? `${err.file}: ` : ''}${err.field ? `${err.field}: ` : ''}${err.message}\n`,
      );
    return err.exitCode;
  }
  if (!result) return EXIT.USAGE;
  if (json) streams.out(JSON.stringify(result) + '\n');
  else streams.out(`${result.message}\n${result.outputs.map((f) => `  wrote ${f}\n`).join('')}`);
  return result.ok ? EXIT.OK : EXIT.PROTOCOL;
}
