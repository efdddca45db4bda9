/**
 * `describeInBrowser`: the `describe` of every suite that drives Chromium (browser-plan.ts says
 * when it runs, is skipped or fails).
 * @module
 */
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
