/**
 * What the officials' page shows of the alerts (spec/server-api.md §12.4), as plain data the
 * browser script puts in the table: newest first, the kind named in the page's language (an
 * unknown kind by its code), the time in the language's format, the station or a dash, the
 * server's reason. Browser-safe, tested without a browser.
 * @module
 */
import { translator, type Lang } from '@evident/i18n';
import { ALERT_KINDS, OFFICIALS_STRINGS, type OfficialsKey } from './officials-strings.js';

/** An alert as `GET /admin/alerts` answers it. */
export interface AlertJson {
  readonly id: number;
  readonly time: number;
  readonly kind: string;
  readonly station: string | null;
  readonly reason: string;
  /** the client address of the request that raised it, `server` for the server's own rules */
  readonly address: string;
}

/** One row of the table. */
export interface AlertRow {
  readonly id: number;
  readonly kind: string;
  readonly kindName: string;
  readonly time: string;
  /** ISO 8601, for `<time datetime>` */
  readonly datetime: string;
  readonly station: string;
  readonly reason: string;
  readonly address: string;
}

/** The page's translator in `lang`. */
export const officialsText = (lang: Lang) => translator<OfficialsKey>(OFFICIALS_STRINGS, lang);

/** The rows for `alerts`, newest first (by id: the order they were recorded in). */
export function alertRows(alerts: readonly AlertJson[], lang: Lang): AlertRow[] {
  const t = officialsText(lang);
  const time = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' });
  return [...alerts]
    .sort((a, b) => b.id - a.id)
    .map((a) => ({
      id: a.id,
      kind: a.kind,
      kindName: a.kind in ALERT_KINDS ? t(ALERT_KINDS[a.kind as keyof typeof ALERT_KINDS]) : a.kind,
      time: time.format(new Date(a.time)),
      datetime: new Date(a.time).toISOString(),
      station: a.station ?? t('noStation'),
      reason: a.reason,
      address: a.address === 'server' ? t('noStation') : a.address,
    }));
}

/** The alerts of `now` not in `before` (by id). */
export function newAlerts(before: readonly AlertJson[], now: readonly AlertJson[]): AlertJson[] {
  const seen = new Set(before.map((a) => a.id));
  return now.filter((a) => !seen.has(a.id));
}
