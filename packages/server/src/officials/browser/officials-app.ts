/**
 * The officials' alerts page's script (spec/server-api.md §12.4), bundled by
 * officials/officials-bundle.ts. The observer token is kept in the tab's sessionStorage only
 * (gone when the tab closes), never in the page's address or a cookie; the alerts are read from
 * `GET /admin/alerts` every few seconds and shown newest first. The live region speaks only when
 * something changed (new alerts, a refused token, a lost server), not at every poll.
 * `data-ready` and `data-alerts` on the document are for tests.
 * @module
 */
import { isLang } from '@evident/i18n';
import { alertRows, newAlerts, officialsText, type AlertJson } from '../officials-view.js';

/** How often the alerts are read again (ms). */
const POLL_MS = 3000;
const STORE_KEY = 'evident-officials-token';

const root = document.documentElement;
const lang = isLang(root.lang) ? root.lang : 'en';
const t = officialsText(lang);
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const electionId = $('main').dataset.election ?? '';

let shown: AlertJson[] | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

function say(text: string, state = ''): void {
  const s = $('status');
  if (s.textContent !== text) s.textContent = text;
  s.dataset.state = state;
}

function render(alerts: readonly AlertJson[]): void {
  const body = $('alerts').querySelector('tbody')!;
  body.replaceChildren(
    ...alertRows(alerts, lang).map((r) => {
      const tr = document.createElement('tr');
      tr.dataset.kind = r.kind;
      const time = document.createElement('time');
      time.dateTime = r.datetime;
      time.textContent = r.time;
      const reason = document.createElement('span');
      reason.lang = 'en';
      reason.dir = 'ltr';
      reason.textContent = r.reason;
      for (const [cls, content] of [
        ['time', time],
        ['kind', r.kindName],
        ['station', r.station],
        ['reason', reason],
        ['address', r.address],
      ] as const) {
        const td = document.createElement('td');
        td.className = cls;
        td.append(content);
        tr.append(td);
      }
      return tr;
    }),
  );
  root.dataset.alerts = String(alerts.length);
}

function stop(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

async function poll(token: string): Promise<void> {
  let r: Response;
  try {
    r = await fetch(`/admin/alerts?electionId=${encodeURIComponent(electionId)}&limit=500`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      cache: 'no-store',
    });
  } catch {
    say(t('unreachable'), 'unreachable');
    timer = setTimeout(() => void poll(token), POLL_MS);
    return;
  }
  if (r.status === 401 || r.status === 403) {
    sessionStorage.removeItem(STORE_KEY);
    stop();
    say(t('tokenRefused'), 'refused');
    $('token').setAttribute('aria-invalid', 'true');
    return;
  }
  if (r.ok) {
    const alerts = ((await r.json()) as { alerts: AlertJson[] }).alerts;
    const fresh = shown ? newAlerts(shown, alerts) : [];
    if (fresh.length > 0) {
      const kinds = alertRows(fresh, lang).map((x) => x.kindName);
      say(t('newAlerts', { n: fresh.length, kind: [...new Set(kinds)].join(' · ') }), 'new');
    } else if (!shown || $('status').dataset.state !== 'new') say(t('count', { n: alerts.length }), 'ok');
    render(alerts);
    shown = alerts;
    $('updated').textContent = t('updated', { at: new Date() });
  } else say(t('unreachable'), 'unreachable');
  timer = setTimeout(() => void poll(token), POLL_MS);
}

function start(token: string): void {
  stop();
  shown = undefined;
  $('token').removeAttribute('aria-invalid');
  void poll(token);
}

$('token-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = $<HTMLInputElement>('token');
  const token = input.value.trim();
  if (token === '') {
    input.setAttribute('aria-invalid', 'true');
    say(t('tokenMissing'), 'refused');
    input.focus();
    return;
  }
  sessionStorage.setItem(STORE_KEY, token);
  input.value = '';
  start(token);
});

$('forget').addEventListener('click', () => {
  sessionStorage.removeItem(STORE_KEY);
  stop();
  shown = undefined;
  render([]);
  $('updated').textContent = '';
  say('');
  $('token').focus();
});

const kept = sessionStorage.getItem(STORE_KEY);
if (kept) start(kept);
root.dataset.ready = 'true';
