/**
 * `evident-station sheet read IMAGE... [--server URL | --record DIR] [--election ID]
 * [--log-key HEX] [--station-key HEX] [--decoder NAME] [--json]` (read-sheet.ts).
 * @module
 */
import { type Command, CommanderError, Option } from 'commander';
import { type SheetReadReport, type SheetVerdict, sheetRead } from './read-sheet.js';
import { SheetReadError } from './sheet-read-error.js';

/** The commander code whose exit code `main` passes on (the station's refusals use the same). */
export const REFUSED = 'evident-station.refused';

function verdictLines(v: SheetVerdict): string[] {
  const lines = [`${v.status.toUpperCase()}: ${v.message}`];
  if (v.sheetHash)
    lines.push(
      `  election ${v.electionId}, station ${v.station}, sequence ${v.sequence}, sheet hash ${v.sheetHash}`,
    );
  lines.push(
    `  parts: ${v.parts.found.length} of ${v.parts.total} read${v.parts.missing.length ? `, missing ${v.parts.missing.join(', ')}` : ''}`,
  );
  lines.push(`  station signature: ${v.signature}; publication: ${v.publication}`);
  for (const w of v.witnesses) lines.push(`  witness ${w.name}: ${w.valid ? 'valid' : 'INVALID'}`);
  if (v.board)
    lines.push(
      `  board: ${v.board.source}${v.board.treeSize !== null ? `, signed tree head of ${v.board.treeSize} entries` : ', no signed tree head'}, log key ${v.board.logKeyPinned ? 'pinned with --log-key' : 'taken from the setup entry (pin it with --log-key)'}`,
    );
  return lines;
}

/** The report as text, one block per photo summary and per sheet. */
export function reportText(r: SheetReadReport): string {
  const photos = r.photos.map((p) => `${p.file}: ${p.codes} code(s), ${p.sheetParts} tally-sheet part(s)`);
  return [...photos, ...r.sheets.flatMap(verdictLines)].join('\n');
}

interface ReadOpts {
  server?: string;
  record?: string;
  election?: string;
  logKey?: string;
  stationKey?: string;
  decoder: 'jsqr' | 'zxing' | 'auto';
  json?: boolean;
}

function fail(code: 0 | 1 | 2): void {
  if (code !== 0) throw new CommanderError(code, REFUSED, `exit ${code}`);
}

async function run(images: string[], o: ReadOpts): Promise<void> {
  let report: SheetReadReport;
  try {
    report = await sheetRead({ images, ...o });
  } catch (e) {
    if (!(e instanceof SheetReadError)) throw e;
    if (o.json) process.stdout.write(`${JSON.stringify({ exitCode: e.exitCode, error: e.message })}\n`);
    process.stderr.write(`evident-station: ${e.message}\n`);
    return fail(e.exitCode);
  }
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${reportText(report)}\n`);
  fail(report.exitCode);
}

/** Registers `sheet read` under the `sheet` command (made here when no other module has). */
export function registerSheetReadCommand(program: Command): void {
  const sheet =
    program.commands.find((c) => c.name() === 'sheet') ??
    program.command('sheet').description('the tally sheet');
  sheet
    .command('read')
    .description(
      'read a tally sheet from photos of its QR codes, check chain and signature and, given a server or a record, that it is the published one (exit 0 valid, 1 invalid or not published, 2 unreadable or incomplete)',
    )
    .argument('<image...>', 'PNG or JPEG photos of the printed codes, in any order')
    .option('--server <url>', 'compare with the board of this server')
    .option('--record <dir>', 'compare with the board of this exported record (board/log.jsonl)')
    .option('--election <id>', "the election to look the sheet up in (default: the sheet's)")
    .option('--log-key <hex>', "the election's log public key, to pin (default: the setup entry's)")
    .option('--station-key <hex>', "the station's public key, to check the signature without a board")
    .addOption(
      new Option('--decoder <name>', 'QR decoder').choices(['auto', 'zxing', 'jsqr']).default('auto'),
    )
    .option('--json', 'print the result as JSON')
    .exitOverride()
    .action(run);
}
