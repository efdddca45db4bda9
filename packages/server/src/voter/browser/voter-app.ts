/**
 * The voter page's script (spec/server-api.md §5.5), bundled for the browser by
 * voter/voter-bundle.ts. In the voter's browser: loads the election and its manifest, builds
 * the ballot form, and on "cast" or "challenge" derives the credential key from the code typed
 * in, encrypts the ballot on the credential's confirmation-code chain, signs it (all with the
 * ballot client, client/ballot-client.ts), posts it, and checks the receipt against the signed
 * tree head and the board entry (receipt-check.ts). The credential code is read from the field
 * and used only here: what leaves the page is the public credential and signatures.
 *
 * WebAssembly: e2e-crypto's `ready()` is awaited before any group operation; it compiles the
 * module asynchronously where the main thread refused synchronous compilation (Chromium before
 * its limit went from 4 KB to 8 MB; the module is ~4.2 KB). `document.documentElement.dataset`
 * exposes `wasm` ("true" when the arithmetic runs in WebAssembly, "false" on the BigInt
 * fallback) and, after each ballot, `encryptMs`, for tests and curious voters.
 * @module
 */
import { fromHex, normalizeCredentialCode, ready, toHex, type Manifest } from '@evident/e2e-crypto';
import { ballotClient, type BallotClient } from '../../client/ballot-client.js';
import { isLang, isolate, ltr, translator, type Lang } from '@evident/i18n';
import { VOTER_CATALOG } from '../voter-strings.js';
import { VOTER_STATE_STRINGS } from '../voter-state-strings.js';
import { loginStep } from './login-step.js';
import {
  contestsOf,
  el,
  localized,
  otherLang,
  readChoices,
  renderContests,
  styleName,
  type Choices,
  type FormError,
} from './ballot-form.js';
import { checkReceipt, openingMatches, rankedOpeningMatches, type Receipt } from './receipt-check.js';
import { receiptFileName, receiptFileText } from './receipt-keep.js';
import { wireSettings } from './display-settings.js';
import { sendSameBallot } from './same-ballot-retry.js';

const root = document.documentElement;
const lang: Lang = isLang(root.lang) ? root.lang : 'en';
const t = translator(VOTER_CATALOG, lang);
const ts = translator(VOTER_STATE_STRINGS, lang);
wireSettings(root);
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const main = $('main');
const electionId = main.dataset.election ?? '';
const base = `/elections/${encodeURIComponent(electionId)}`;
const form = $<HTMLFormElement>('ballot-form');
const credentialInput = $<HTMLInputElement>('credential');
const contestsBox = $('contests');
const styleBox = $('style-choice');
const errorsBox = $('errors');
const statusBox = $('status');
const buttons = [$<HTMLButtonElement>('cast'), $<HTMLButtonElement>('challenge')];
const resendButton = $<HTMLButtonElement>('resend');
/** The waits before sending the same ballot again after a lost connection (same-ballot-retry.ts). */
const RETRY_DELAYS = [500, 1500, 3000];

/** What the page is doing, on `<html data-state>` (for tests and style). */
type PageState =
  'loading' | 'ready' | 'encrypting' | 'sending' | 'checking' | 'receipt' | 'refused' | 'unavailable';
const setState = (s: PageState): void => void (root.dataset.state = s);
const login = loginStep(electionId, root.lang, form);

/** An answer that is not 2xx: the API's coded error (spec/server-api.md §2). */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api(path: string, body?: unknown): Promise<any> {
  const r = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await r.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined; // a gateway's HTML page: its status says enough
  }
  if (!r.ok)
    throw new HttpError(r.status, json?.code ?? `HTTP ${r.status}`, json?.message ?? text.slice(0, 200));
  return json;
}

function showErrors(errors: readonly FormError[] | readonly string[]): void {
  if (errors.length === 0) {
    errorsBox.replaceChildren();
    return;
  }
  const items = errors.map((e) => (typeof e === 'string' ? e : e.message));
  const first = errors[0]!;
  // "please correct": only over the fields to correct, not over a refusal or a lost connection
  const heading = typeof first === 'string' ? [] : [el('p', {}, t('errorsHeading'))];
  errorsBox.replaceChildren(...heading, el('ul', {}, ...items.map((m) => el('li', {}, m))));
  if (typeof first !== 'string') first.control.focus();
  else errorsBox.focus(); // a refusal or a lost connection: the voter hears it and starts from it
}

function setStatus(s: string): void {
  statusBox.textContent = s;
}

function busy(on: boolean): void {
  for (const b of [...buttons, resendButton]) b.disabled = on;
  form.setAttribute('aria-busy', String(on));
  root.dataset.busy = String(on);
}

/** Lets the browser paint the status before a long synchronous computation. */
const paint = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

interface Loaded {
  readonly manifest: Manifest;
  readonly client: BallotClient;
  readonly logPublicKey: Uint8Array;
}

function selectedStyle(manifest: Manifest): string | undefined {
  if (manifest.ballotStyles.length === 1) return manifest.ballotStyles[0]!.label;
  return styleBox.querySelector<HTMLInputElement>('input[name=style]:checked')?.value;
}

function renderStyles(manifest: Manifest): void {
  if (manifest.ballotStyles.length === 1) {
    renderContests(contestsBox, manifest, manifest.ballotStyles[0]!.label, lang, t);
    return;
  }
  const fs = el('fieldset', { 'aria-describedby': 'style-help' }, el('legend', {}, t('styleLegend')));
  fs.append(el('p', { id: 'style-help', class: 'help' }, t('styleHelp')));
  manifest.ballotStyles.forEach((s, i) => {
    const id = `style-${i}`;
    const input = el('input', { type: 'radio', id, name: 'style', value: s.label });
    input.addEventListener('change', () => renderContests(contestsBox, manifest, s.label, lang, t));
    fs.append(
      el('div', { class: 'choice' }, input, el('label', { for: id }, styleName(manifest, s.label, lang))),
    );
  });
  styleBox.replaceChildren(fs);
}

async function load(): Promise<Loaded | undefined> {
  root.dataset.wasm = String(await ready());
  let summary, manifest: Manifest;
  try {
    [summary, manifest] = await Promise.all([api(base), api(`${base}/manifest`)]);
  } catch (e) {
    setStatus('');
    setState('unavailable');
    showErrors([t('errLoad', { message: isolate((e as Error).message) })]);
    return undefined;
  }
  $('election-name').textContent = localized(manifest.name, lang, manifest);
  // a name the manifest lacks in the page's language is shown in another, marked as such
  const nameLang = otherLang(manifest.name, lang, manifest).lang;
  if (nameLang) $('election-name').lang = nameLang;
  if (summary.state !== 'open' || !summary.jointKey) {
    setStatus('');
    setState('unavailable');
    showErrors([t('errNotOpen', { state: summary.state })]);
    return undefined;
  }
  // an election that requires identity: the eID login first (login-step.ts)
  if (summary.requireIdentity && !(await login.ready())) {
    setStatus('');
    return undefined;
  }
  // after ready(): the comb tables of g and of the joint key are built here, in WebAssembly
  const client = ballotClient({
    profile: summary.profile,
    manifest,
    jointKey: summary.jointKey,
    extendedBaseHash: summary.extendedBaseHash,
  });
  renderStyles(manifest);
  form.hidden = false;
  setStatus('');
  setState('ready');
  return { manifest, client, logPublicKey: fromHex(summary.logPublicKey, 'logPublicKey') };
}

async function vote(e: Loaded, intent: 'cast' | 'challenge'): Promise<void> {
  const errors: FormError[] = [];
  let code = '';
  try {
    code = normalizeCredentialCode(credentialInput.value);
    credentialInput.setAttribute('aria-invalid', 'false');
  } catch {
    credentialInput.setAttribute('aria-invalid', 'true');
    errors.push({ message: t('errCredential'), control: credentialInput });
  }
  const style = selectedStyle(e.manifest);
  if (style === undefined) {
    errors.push({ message: t('errStyle'), control: styleBox.querySelector('input') ?? form });
    showErrors(errors);
    return setState('refused');
  }
  const choices = readChoices(contestsBox, e.manifest, style, lang, t);
  errors.push(...choices.errors);
  showErrors(errors);
  if (errors.length > 0) return setState('refused');

  busy(true);
  resendButton.hidden = true;
  pending = undefined;
  try {
    setState('encrypting');
    setStatus(t('encrypting'));
    await paint();
    const t0 = performance.now();
    const cred = e.client.credential(code);
    const credentialHex = toHex(e.client.ctx.G.encode(cred.S));
    const t1 = performance.now();
    const { previousCode } = await api(`${base}/chains/${credentialHex}`);
    const t2 = performance.now();
    const submission = e.client.submission(cred, choices.ballot, previousCode, intent, choices.rankings);
    const ms = Math.round(t1 - t0 + (performance.now() - t2));
    root.dataset.encryptMs = String(ms);
    pending = { intent, submission, ms, choices };
    await send(e, pending);
    if (intent === 'cast') credentialInput.value = ''; // a revote types it again
  } catch (err) {
    await refused(err);
  } finally {
    busy(false);
  }
}

/** A ballot encrypted and signed, kept until the server answers for it. */
interface Pending {
  readonly intent: 'cast' | 'challenge';
  readonly submission: ReturnType<BallotClient['submission']>;
  readonly ms: number;
  readonly choices: Pick<Choices, 'ballot' | 'rankings'>;
}
/** The ballot sent last, kept while no answer came for it (a lost connection). */
let pending: Pending | undefined;

const retryable = (err: unknown): boolean =>
  err instanceof TypeError || (err instanceof HttpError && [502, 503, 504].includes(err.status));

/**
 * Posts the pending ballot (the same submission on every attempt, same-ballot-retry.ts), then
 * checks its receipt and shows it. A lost connection leaves it pending, with the button that
 * sends it again.
 */
async function send(e: Loaded, p: Pending): Promise<void> {
  setState('sending');
  setStatus(t('sending'));
  const path = `${base}/${p.intent === 'cast' ? 'ballots' : 'challenges'}`;
  const receipt: Receipt = await sendSameBallot(() => api(path, { ballot: p.submission }), {
    delays: RETRY_DELAYS,
    retryable,
    onRetry: (n, total) => setStatus(ts('retrying', { n, total })),
  });
  pending = undefined;
  setState('checking');
  setStatus(t('checking'));
  let check: { size: number } | { why: string } | 'unchecked';
  try {
    const page = await api(`${base}/board/entries?start=${receipt.logIndex}&limit=1`);
    const c = checkReceipt(receipt, p.submission, e.logPublicKey, page.entries?.[0]?.entry ?? '');
    check = c.ok ? { size: c.treeSize } : { why: c.failed };
  } catch {
    check = 'unchecked'; // the ballot is in: say so, and that the check is still to do
  }
  showReceipt(e, receipt, check, p.ms, p.choices);
  setStatus('');
  setState('receipt');
}

/** Shows why a ballot was not taken, in words the voter can act on. */
async function refused(err: unknown): Promise<void> {
  setStatus('');
  setState('refused');
  if (pending && retryable(err)) {
    showErrors([ts('errNetworkKept')]);
    resendButton.hidden = false;
    return;
  }
  pending = undefined;
  if (err instanceof HttpError) {
    const byCode: Record<string, string> = {
      EVD_ERR_UNKNOWN_CREDENTIAL: t('errUnknownCredential'),
      EVD_ERR_CANCELLED: ts('errCancelled'),
      EVD_ERR_WRONG_PHASE: ts('errClosed'),
    };
    // an eID session gone (expired, logged out): the login step again, with its message
    if (err.code === 'EVD_ERR_IDENTITY') return showErrors([await login.refusal()]);
    showErrors([byCode[err.code] ?? t('errServer', { message: isolate(err.message), code: ltr(err.code) })]);
  } else showErrors([err instanceof TypeError ? t('errNetwork') : String((err as Error).message)]);
}

/** The resend button: the kept ballot, the same bytes, once more. */
async function resend(e: Loaded): Promise<void> {
  const p = pending;
  if (!p) return;
  busy(true);
  resendButton.hidden = true;
  showErrors([]);
  try {
    await send(e, p);
    if (p.intent === 'cast') credentialInput.value = '';
  } catch (err) {
    await refused(err);
  } finally {
    busy(false);
  }
}

function showReceipt(
  e: Loaded,
  receipt: Receipt,
  check: { size: number } | { why: string } | 'unchecked',
  ms: number,
  choices: Pick<Choices, 'ballot' | 'rankings'>,
): void {
  const cast = receipt.intent === 'cast';
  $('receipt-title').textContent = cast ? t('castTitle') : t('challengedTitle');
  $('tracking-code').textContent = receipt.confirmationCode;
  $('log-index').textContent = String(receipt.logIndex);
  const ok = check !== 'unchecked' && 'size' in check;
  const line = $('receipt-check');
  line.textContent =
    check === 'unchecked'
      ? ts('receiptUnchecked')
      : 'size' in check
        ? t('receiptOk', { size: check.size })
        : t('receiptBad', { why: ltr(check.why) });
  line.className = ok ? 'check-ok' : 'check-bad';
  line.dataset.ok = check === 'unchecked' ? 'unchecked' : String(ok);
  const opened = $('opened-check');
  opened.hidden = cast;
  if (!cast) {
    const { ballot, rankings } = choices;
    const match =
      openingMatches(receipt.opened, contestsOf(e.manifest, ballot.style), ballot.votes) &&
      rankedOpeningMatches(receipt.openedRanked, e.manifest.rankedContests ?? [], rankings);
    opened.textContent = match ? t('openedOk') : t('openedBad');
    opened.className = match ? 'check-ok' : 'check-bad';
    opened.dataset.ok = String(match);
  }
  $('timing').textContent =
    t('encryptedIn', { ms, engine: root.dataset.wasm === 'true' ? 'WebAssembly' : 'BigInt' }) +
    (cast ? ` ${t('revote')}` : '');
  offerReceiptFile(receipt, e.logPublicKey);
  $('receipt').hidden = false;
  $('receipt-title').focus();
}

/** The receipt as a file to keep, with the log key this page pinned at loading (receipt-keep.ts). */
function offerReceiptFile(receipt: Receipt, logPublicKey: Uint8Array): void {
  const link = $<HTMLAnchorElement>('receipt-download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href); // the previous ballot's
  const blob = new Blob([receiptFileText(receipt, logPublicKey)], { type: 'application/json' });
  link.href = URL.createObjectURL(blob);
  link.download = receiptFileName(receipt);
}

void (async () => {
  setState('loading');
  root.dataset.busy = 'true';
  const loaded = await load();
  if (!loaded) {
    root.dataset.busy = 'false';
    return;
  }
  form.addEventListener('submit', (ev: SubmitEvent) => {
    ev.preventDefault(); // nothing is ever submitted by the browser itself
    const intent = (ev.submitter as HTMLButtonElement | null)?.value === 'challenge' ? 'challenge' : 'cast';
    void vote(loaded, intent);
  });
  resendButton.addEventListener('click', () => void resend(loaded));
  root.dataset.busy = 'false';
  root.dataset.ready = 'true';
})();
