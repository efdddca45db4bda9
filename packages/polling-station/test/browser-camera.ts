/**
 * Counting from a camera in the browser tests: Chromium launched with its fake capture device
 * playing a video of ballots (camera-video.ts), a poll worker signed in on the counting page,
 * the camera turned on with the keyboard; then what the station counted and refused.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, signInWithKeyboard, tabTo, type BrowserStation } from './browser-station.js';
import { writeY4m, type Shot } from './camera-video.js';

/** Frames per second of the videos (low: the files stay small; the page samples ~2 per second). */
const FPS = 2;

/** What the station's database holds after the scans: counted by kind, refused by reason. */
export interface CountedState {
  counted: { bmd: number; handMarked: number };
  rejected: Record<string, number>;
}

function countedState(st: BrowserStation): CountedState {
  const kinds = st.sdb.db.prepare('SELECT kind, COUNT(*) AS n FROM count_serials GROUP BY kind').all() as {
    kind: string;
    n: number;
  }[];
  const reasons = st.sdb.db
    .prepare('SELECT reason, COUNT(*) AS n FROM count_rejections GROUP BY reason')
    .all() as { reason: string; n: number }[];
  const n = (k: string) => kinds.find((x) => x.kind === k)?.n ?? 0;
  return {
    counted: { bmd: n('bmd'), handMarked: n('hand-marked') },
    rejected: Object.fromEntries(reasons.map((r) => [r.reason, r.n])),
  };
}

/**
 * Plays `shots` to the counting page's camera and runs `watch` on the page (`frames` collects
 * the station's answers to the frames posted); closes the browser and returns the counts.
 */
export async function countCameraScans(
  chromiumPath: string,
  st: BrowserStation,
  name: string,
  shots: readonly Shot[],
  watch: (page: Page, frames: unknown[]) => Promise<void>,
): Promise<CountedState> {
  const video = join(st.dir, `${name}.y4m`);
  await writeY4m(video, shots, FPS);
  const { context, page } = await launchChromium(chromiumPath, join(st.dir, `profile-${name}`), [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  const frames: unknown[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/count/frame'))
      void r.json().then(
        (j) => {
          frames.push(j);
        },
        () => frames.push(null),
      );
  });
  try {
    await signInWithKeyboard(page, st.url, 'bo');
    await page.goto(`${st.url}/count`);
    await tabTo(page, '#camera');
    await page.keyboard.press('Enter');
    await watch(page, frames);
  } catch (e) {
    const said = frames.map((f) => JSON.stringify(f).slice(0, 80)).join('\n');
    throw new Error(
      `${(e as Error).message}\nthe station's answers to the ${frames.length} frames:\n${said}`,
    );
  } finally {
    await context.close();
  }
  return countedState(st);
}
