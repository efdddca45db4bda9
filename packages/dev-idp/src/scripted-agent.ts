/**
 * A scripted user agent for tests and the demo: keeps cookies per origin, follows redirects one
 * by one (so a test can stop at, keep and replay a redirect), and fills in the development
 * provider's login form as a person would. It is the smallest browser that can log in over
 * HTTP; the browser tests use Chromium instead.
 * @module
 */

/** A cookie-keeping HTTP client that never follows redirects by itself. */
export interface ScriptedAgent {
  /** One request, with this agent's cookies for the URL's origin; keeps the cookies set. */
  request(url: string, init?: RequestInit): Promise<Response>;
  /**
   * Follows redirects from `url` until one points to a URL for which `stop` is true (returned
   * without requesting it) or a response is not a redirect (returned).
   */
  follow(url: string, stop: (next: string) => boolean): Promise<{ stoppedAt?: string; response?: Response }>;
  /** The agent's cookie `name` for `origin`. */
  cookie(origin: string, name: string): string | undefined;
}

/** A new agent with an empty cookie jar. */
export function scriptedAgent(): ScriptedAgent {
  const jar = new Map<string, Map<string, string>>();
  const cookiesOf = (origin: string): Map<string, string> => {
    let c = jar.get(origin);
    if (!c) jar.set(origin, (c = new Map()));
    return c;
  };
  const keep = (origin: string, res: Response): void => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (gone) cookiesOf(origin).delete(name);
      else cookiesOf(origin).set(name, value);
    }
  };
  const request = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const origin = new URL(url).origin;
    const cookie = [...cookiesOf(origin)].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    keep(origin, res);
    return res;
  };
  return {
    request,
    cookie: (origin, name) => jar.get(origin)?.get(name),
    async follow(url, stop) {
      let next = url;
      for (let hops = 0; hops < 20; hops++) {
        if (hops > 0 && stop(next)) return { stoppedAt: next };
        const res = await request(next);
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) return { response: res };
        await res.arrayBuffer();
        next = new URL(location, next).href;
      }
      throw new Error(`more than 20 redirects from ${url}`);
    },
  };
}

/** Where the login with the development provider ended. */
export interface DevLogin {
  /** The redirect back to the relying party (with `code` and `state`), not yet requested. */
  readonly callback: string;
}

/**
 * From a relying party's login start `startUrl`, goes to the provider, signs in as `sub`
 * (or, with `abort`, cancels the sign-in) and stops at the redirect back to `callbackPrefix`.
 * @throws {Error} when the provider's pages are not the expected ones
 */
export async function loginAtDevIdp(
  agent: ScriptedAgent,
  startUrl: string,
  callbackPrefix: string,
  sub: string,
  options: { readonly abort?: boolean } = {},
): Promise<DevLogin> {
  const stop = (u: string) => u.startsWith(callbackPrefix);
  const first = await agent.follow(startUrl, stop);
  if (first.stoppedAt) return { callback: first.stoppedAt }; // still signed in at the provider
  const page = first.response!;
  const html = await page.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no login form at the provider (HTTP ${page.status})`);
  const formUrl = new URL(action.replace(/&amp;/g, '&'), page.url || startUrl);
  let res: Response;
  if (options.abort) {
    res = await agent.request(new URL(formUrl.pathname + '/abort', formUrl).href);
  } else {
    res = await agent.request(formUrl.href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login: sub, password: 'any' }).toString(),
    });
  }
  const location = res.headers.get('location');
  if (!location) throw new Error(`the provider did not redirect after the login (HTTP ${res.status})`);
  await res.arrayBuffer();
  const back = await agent.follow(new URL(location, formUrl).href, stop);
  if (!back.stoppedAt)
    throw new Error(`the provider did not send the browser back (HTTP ${back.response?.status})`);
  return { callback: back.stoppedAt };
}
