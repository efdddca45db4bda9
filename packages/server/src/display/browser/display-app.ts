/**
 * The results display's script (spec/server-api.md §12.5), bundled by display/display-bundle.ts.
 * Loads the manifest, then follows the results stream (`…/results/stream`): every `turnout` or
 * `result` event redraws the board from its snapshot; a `station-sheet` event is announced in the
 * polite live region (the snapshot that includes the sheet follows it on the stream). The
 * connection heals by itself: EventSource reconnects after a network loss, and when the server
 * answered with an error (a restart behind a proxy), the script opens a new one after a pause;
 * on every reconnection the snapshot is fetched again, so the board catches up on anything missed.
 * `document.documentElement.dataset` exposes `treeSize` (of the snapshot shown) and `stream`
 * (live | reconnecting) for tests and for the operator's eye.
 * @module
 */
import type { Manifest } from '@evident/e2e-crypto';
import { isLang, isolate, translator, type Lang } from '@evident/i18n';
import { DISPLAY_CATALOG } from '../display-strings.js';
import { displayHtml, displayWords, onlineDecrypted, type ResultsSnapshot } from '../display-view.js';

const root = document.documentElement;
const lang: Lang = isLang(root.lang) ? root.lang : 'en';
const t = displayWords(lang);
const $ = (id: string): HTMLElement => document.getElementById(id)!;
const electionId = $('main').dataset.election ?? '';
const base = `/elections/${encodeURIComponent(electionId)}`;
/** Pause before a new stream when the browser gave up on one (ms). */
const RETRY_MS = 2000;
/**
 * How often the snapshot is fetched beside the stream (ms): a connection that died without a
 * reset (a network cut) leaves EventSource waiting forever, and the server's keep-alive comments
 * are invisible to scripts. A newer snapshot than the stream's after {@link STUCK_MS} of silence
 * means the stream is dead: it is replaced.
 */
const CHECK_MS = 30_000;
const STUCK_MS = 20_000;

let manifest: Manifest | undefined;
let shownSize = -1;
let decrypted = false;
let timeZone: string | undefined;
/** The words with times: in the election's time zone once a snapshot gave it. */
let clock = t;
/** Whether a stream was open before (the next opening is a reconnection). */
let connectedBefore = false;
let stream: EventSource | undefined;
/** When the stream last delivered an event (ms). */
let lastEvent = 0;

function setState(state: 'live' | 'reconnecting'): void {
  root.dataset.stream = state;
  $('status').dataset.state = state;
  $('state').textContent = state === 'live' ? t('live') : t('reconnecting');
}

function announce(text: string): void {
  $('announce').textContent = text;
}

/** Draws a snapshot unless an equal or newer one is already shown. */
function show(s: ResultsSnapshot & { treeSize?: number; election: { timeZone?: string } }): void {
  if (!manifest) return;
  const size = s.treeSize ?? 0;
  if (size < shownSize) return;
  shownSize = size;
  if (s.election.timeZone && s.election.timeZone !== timeZone) {
    timeZone = s.election.timeZone;
    clock = translator(DISPLAY_CATALOG, lang, timeZone); // times in the election's zone
  }
  $('board').innerHTML = displayHtml(s, manifest, lang);
  root.dataset.treeSize = String(size);
  $('updated').textContent = clock('lastUpdate', { at: new Date() });
  if (onlineDecrypted(s) && !decrypted) announce(t('decrypted'));
  decrypted = onlineDecrypted(s);
}

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(`${base}${path}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

/** Fetches the snapshot now (catch-up after a reconnection); a failure waits for the stream. */
function catchUp(): void {
  getJson<ResultsSnapshot>('/results').then(show, () => undefined);
}

function connect(): void {
  const es = new EventSource(`${base}/results/stream`);
  stream = es;
  const onSnapshot = (e: MessageEvent<string>) => {
    lastEvent = Date.now();
    show(JSON.parse(e.data) as ResultsSnapshot);
  };
  es.addEventListener('turnout', onSnapshot);
  es.addEventListener('result', onSnapshot);
  es.addEventListener('station-sheet', (e: MessageEvent<string>) => {
    lastEvent = Date.now();
    const ev = JSON.parse(e.data) as { station: string; sequence: number };
    const name = manifest?.pollingStations.find((p) => p.label === ev.station)?.name;
    announce(
      t('stationReported', { station: isolate(name?.[lang] ?? name?.['en'] ?? ev.station), n: ev.sequence }),
    );
  });
  es.onopen = () => {
    setState('live');
    // after a restart the tree may be smaller than the one shown (a new database): start over
    if (connectedBefore) {
      shownSize = -1;
      catchUp();
    }
    connectedBefore = true;
  };
  es.onerror = () => {
    setState('reconnecting');
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      setTimeout(connect, RETRY_MS);
    }
  };
}

/** The safety net of {@link CHECK_MS}: a silent stream behind the server's snapshot is replaced. */
async function checkStream(): Promise<void> {
  const s = await getJson<ResultsSnapshot & { treeSize?: number }>('/results').catch(() => undefined);
  if (!s || (s.treeSize ?? 0) <= shownSize || Date.now() - lastEvent < STUCK_MS) return;
  show(s);
  if (stream && stream.readyState !== EventSource.CLOSED) {
    stream.close();
    setState('reconnecting');
    connect();
  }
}

async function start(): Promise<void> {
  for (;;) {
    try {
      manifest = await getJson<Manifest>('/manifest');
      break;
    } catch {
      setState('reconnecting');
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  connect();
  catchUp();
  setInterval(() => void checkStream(), CHECK_MS);
}

void start();
