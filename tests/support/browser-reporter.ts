/**
 * A vitest reporter that ends the run's summary with the browser suites and the PostgreSQL suites
 * it did not run, their files and how to run them (see browser-plan.ts, pg-plan.ts). Silent when
 * every such suite ran. Listed
 * after the default reporter, it prints after the default summary (`onFinished`).
 * @module
 */
import { relative } from 'node:path';
import type { RunnerTask, RunnerTestFile } from 'vitest';
import type { Reporter, Vitest } from 'vitest/node';
import { notRunReason } from './browser-plan.js';
import { pgNotRunReason } from './pg-plan.js';

/** The skipped suites in `task` and below: JSON `[what, reason]` pairs, each once. */
function reasons(task: RunnerTask, out: Set<string>): Set<string> {
  const browser = task.type === 'suite' ? notRunReason(task.name) : undefined;
  if (browser !== undefined) out.add(JSON.stringify(['Browser tests not run: ', browser]));
  const pg = task.type === 'suite' ? pgNotRunReason(task.name) : undefined;
  if (pg !== undefined) out.add(JSON.stringify(['PostgreSQL tests not run: ', pg]));
  if ('tasks' in task) for (const t of task.tasks) reasons(t, out);
  return out;
}

export default class BrowserReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onFinished(files: RunnerTestFile[] = []): void {
    const byReason = new Map<string, string[]>();
    for (const f of files)
      for (const reason of reasons(f, new Set())) {
        const list = byReason.get(reason) ?? [];
        list.push(relative(this.vitest?.config.root ?? process.cwd(), f.filepath));
        byReason.set(reason, list);
      }
    for (const [reason, list] of byReason) {
      const [what, why] = JSON.parse(reason) as [string, string];
      const line = `\n${what}${[...new Set(list)].join(', ')} — ${why}`;
      if (this.vitest) this.vitest.logger.log(line);
      else process.stdout.write(line + '\n');
    }
  }
}
