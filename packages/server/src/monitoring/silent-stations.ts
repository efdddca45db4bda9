/**
 * Anomaly rule "a station silent past counting time" (spec/server-api.md §6.4): a station that
 * takes part in the paper channel (a registered key, not excluded) and has no sheet on the board
 * {@link SILENT_AFTER_MS} after the election's counting start raises one
 * `anomaly-station-silent` event (once per election and station, restarts included: the events
 * already recorded are read back). The check reads the server's clock (`ctx.now()`), so a test
 * moves that clock and calls {@link checkSilentStations}; the server runs it every
 * {@link SILENT_CHECK_EVERY_MS}.
 * @module
 */
import type { ServerContext } from '../context.js';
import { recordSecurityEvent } from '../security/security-events.js';
import { paperIndex } from '../sheets/paper-index.js';

/** How long after the counting start a station without a sheet is silent (2 h: a count takes 1–2 h). */
export const SILENT_AFTER_MS = 120 * 60_000;
/** How often the server looks for silent stations. */
export const SILENT_CHECK_EVERY_MS = 60_000;
/** The phases in which a sheet is still awaited. */
const AWAITING = new Set(['open', 'closed', 'tallied']);
/** The most alerts read back to know which stations were already reported silent. */
const READ_BACK = 1000;

/**
 * Records an event for each station silent now and not yet reported.
 * @returns the stations reported by this call, as `election/station`
 */
export async function checkSilentStations(ctx: ServerContext): Promise<string[]> {
  const raised: string[] = [];
  const now = ctx.now();
  for (const e of await ctx.store.listElections()) {
    if (!AWAITING.has(e.state) || !ctx.logs.get(e.id)) continue;
    const ix = await paperIndex(ctx, e.id);
    const start = ix.countingStart?.countingStartInstant;
    if (start === undefined || now < start + SILENT_AFTER_MS) continue;
    const silent = [...ix.stationKeys.keys()].filter((s) => !ix.excluded.has(s) && !ix.chains.has(s));
    if (silent.length === 0) continue;
    const told = new Set(
      (await ctx.store.alerts(e.id, READ_BACK))
        .filter((a) => a.kind === 'anomaly-station-silent')
        .map((a) => a.station),
    );
    for (const station of silent.sort()) {
      if (told.has(station)) continue;
      await recordSecurityEvent(ctx, {
        kind: 'anomaly-station-silent',
        electionId: e.id,
        station,
        code: 'OK',
        reason: `no sheet ${Math.floor((now - start) / 60_000)} minutes after the counting start (${ix.countingStart!.countingStart})`,
        address: 'server',
      });
      raised.push(`${e.id}/${station}`);
    }
  }
  return raised;
}

/**
 * Runs {@link checkSilentStations} every {@link SILENT_CHECK_EVERY_MS} until `stop` is called;
 * a run that fails is logged and the next one tries again. The timer does not keep the process up.
 */
export function watchSilentStations(
  ctx: ServerContext,
  log: { error(o: object, msg: string): void },
  every = SILENT_CHECK_EVERY_MS,
): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    checkSilentStations(ctx)
      .catch((e: unknown) => log.error({ err: e }, 'silent-station check failed'))
      .finally(() => (running = false));
  }, every);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
