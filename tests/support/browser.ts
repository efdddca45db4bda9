/**
 * `describeInBrowser`: the `describe` of every suite that drives Chromium (browser-plan.ts says
 * when it runs, is skipped or fails).
 * @module
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { beforeAll, describe } from 'vitest';
import { browserPlan, NOT_RUN_MARK } from './browser-plan.js';

/**
 * `describe` for a suite that drives Chromium: `body` gets the browser's path. Skipped, with the
 * reason in its title, or failing in its first hook, as {@link browserPlan} says.
 */
export function describeInBrowser(title: string, body: (chromium: string) => void): void {
  const plan = browserPlan();
  if ('skip' in plan) {
    describe.skip(`${title} (${NOT_RUN_MARK}${plan.skip})`, () => body(''));
    return;
  }
  describe(title, () => {
    if ('fail' in plan)
      beforeAll(() => {
        throw new Error(plan.fail);
      });
    body('run' in plan ? plan.run : '');
  });
}

/**
 * Launches Debian's Chromium (at `chromiumPath`) headless with a fresh profile in `profile`;
 * `args` adds switches (a fake camera), `viewport` sets the window.
 */
export async function launchChromium(
  chromiumPath: string,
  profile: string,
  o: { args?: readonly string[]; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: o.viewport ?? { width: 1100, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(o.args ?? []),
    ],
    timeout: 30_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
