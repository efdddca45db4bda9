/**
 * The voter page's eID login step (spec/server-api.md §5.5, §13): when the election requires
 * identity, the page asks the server whether this browser has a session for the election
 * (`GET /auth/oidc/session`); without one it shows "Log in with your eID", which leaves for the
 * identity provider through `/auth/oidc/login` and comes back to the page logged in. The session
 * is an HttpOnly cookie: the page never sees it, the ballot posts carry it. The credential code
 * is asked for after the login, as before: it stays the second factor.
 * @module
 */
import { isLang, translator, type Lang } from '@evident/i18n';
import { LOGIN_STRINGS } from '../login-strings.js';

/** How long before the session's end the page offers to keep it. */
const WARN_MS = 2 * 60_000;

/** The login step of one election's page. */
export interface LoginStep {
  /**
   * Shows the login state before `form`; true when the voter may go on to the ballot (logged
   * in), false when the page must stop here (the login button, or no login on this server).
   */
  ready(): Promise<boolean>;
  /** The message for a ballot refused with `EVD_ERR_IDENTITY` (the login step is shown again when the session is gone). */
  refusal(): Promise<string>;
}

/** A session as the server answers it (spec/server-api.md §13.1). */
interface SessionAnswer {
  readonly expiresAt: string;
  readonly secondsLeft: number;
}

async function session(electionId: string): Promise<{ status: number; answer?: SessionAnswer }> {
  const r = await fetch(`/auth/oidc/session?election=${encodeURIComponent(electionId)}`, {
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const json = (await r.json().catch(() => ({}))) as Partial<SessionAnswer>;
  const ok = r.status === 200 && typeof json.expiresAt === 'string' && typeof json.secondsLeft === 'number';
  return { status: r.status, ...(ok ? { answer: json as SessionAnswer } : {}) };
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string>,
  text?: string,
) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The step for `electionId`, placed before `form`, in the page's language `pageLang`. */
export function loginStep(electionId: string, pageLang: string, form: HTMLElement): LoginStep {
  const lang: Lang = isLang(pageLang) ? pageLang : 'en';
  const t = translator(LOGIN_STRINGS, lang);
  const box = element('section', { id: 'login', 'aria-label': t('loginHeading') });
  let warning: ReturnType<typeof setTimeout> | undefined;
  form.before(box);

  const showLogin = (): void => {
    const button = element('button', { type: 'button', id: 'login-button' }, t('loginButton'));
    button.addEventListener('click', () => {
      location.assign(`/auth/oidc/login?election=${encodeURIComponent(electionId)}&lang=${lang}`);
    });
    box.replaceChildren(
      element('h2', { id: 'login-heading' }, t('loginHeading')),
      element('p', {}, t('loginIntro')),
      element('p', { class: 'actions' }),
    );
    box.lastElementChild!.append(button);
    box.dataset.state = 'logged-out';
  };

  /** Before the session ends, the offer to keep it (WCAG 2.2.1: a time limit the voter can extend). */
  const warnBeforeEnd = ({ expiresAt, secondsLeft }: SessionAnswer): void => {
    clearTimeout(warning);
    warning = setTimeout(
      () => {
        const stay = element(
          'button',
          { type: 'button', id: 'stay-button', class: 'secondary' },
          t('stayLoggedIn'),
        );
        const note = element(
          'p',
          { id: 'session-ending', role: 'status' },
          t('sessionEnding', { time: new Date(expiresAt) }),
        );
        stay.addEventListener('click', () => {
          void fetch(`/auth/oidc/session?election=${encodeURIComponent(electionId)}`, {
            method: 'POST',
            credentials: 'same-origin',
          })
            .then(async (r) => (r.ok ? ((await r.json()) as SessionAnswer) : undefined))
            .then((s) => {
              note.remove();
              stay.remove();
              if (s) showLoggedIn(s);
              else void refusalShown();
            });
        });
        box.append(note, stay);
      },
      Math.max(0, secondsLeft * 1000 - WARN_MS),
    );
  };

  const showLoggedIn = (answer: SessionAnswer): void => {
    const { expiresAt } = answer;
    const out = element('button', { type: 'button', id: 'logout-button', class: 'secondary' }, t('logout'));
    out.addEventListener('click', () => {
      clearTimeout(warning);
      void fetch('/auth/oidc/logout', { method: 'POST', credentials: 'same-origin' }).then(() => {
        form.hidden = true;
        showLogin();
        box.prepend(element('p', { role: 'status' }, t('loggedOut')));
      });
    });
    box.replaceChildren(
      element('p', { id: 'logged-in', class: 'check-ok' }, t('loggedIn', { time: new Date(expiresAt) })),
      out,
    );
    box.dataset.state = 'logged-in';
    warnBeforeEnd(answer);
  };

  /** The session is gone: back to the login step. */
  const refusalShown = async (): Promise<string> => {
    clearTimeout(warning);
    form.hidden = true;
    showLogin();
    (document.getElementById('login-button') as HTMLButtonElement | null)?.focus();
    return t('errSession');
  };

  return {
    async ready() {
      const s = await session(electionId);
      if (s.answer) {
        showLoggedIn(s.answer);
        return true;
      }
      if (s.status === 404) {
        box.replaceChildren(element('p', { class: 'errors', role: 'alert' }, t('errNoProvider')));
        return false;
      }
      showLogin();
      return false;
    },
    async refusal() {
      const s = await session(electionId);
      if (s.status === 200) return t('errNotYourCredential');
      return refusalShown();
    },
  };
}
