/**
 * What is still in front of the camera (spec/stations.md §5): a webcam sends a frame every few
 * hundred milliseconds, so a ballot held over the table is read many times. Scanning each read
 * would refuse the ballot as its own copy (same serial twice) and put those refusals on the
 * sheet. A code read from a camera frame is scanned when it comes into view; while it stays
 * in view (seen again within {@link HOLD_MS}) it is not scanned again. A copy is a second piece
 * of paper: it comes into view after the first was set aside, and is scanned, and refused.
 * @module
 */

/** How long a code not seen any more still counts as in view (a frame or two missed by the reader). */
export const HOLD_MS = 4000;

/** The codes in view of each session's camera. */
export interface CameraView {
  /**
   * The codes of a camera frame that just came into view, in the frame's order; remembers the
   * frame's codes as in view at `now`.
   * @param viewer - the session whose camera sent the frame
   */
  comingIntoView(viewer: string, codes: readonly string[], now: number): string[];
  /** Forgets a code that came into view but was not scanned (a hand-marked ballot waited for marks). */
  forget(viewer: string, code: string): void;
}

/** An empty view per session (kept in memory: a restart of the station forgets it). */
export function cameraView(): CameraView {
  const seen = new Map<string, Map<string, number>>();
  return {
    comingIntoView(viewer, codes, now) {
      const inView = seen.get(viewer) ?? new Map<string, number>();
      for (const [code, at] of inView) if (now - at > HOLD_MS) inView.delete(code);
      const fresh = [...new Set(codes)].filter((c) => !inView.has(c));
      for (const c of codes) inView.set(c, now);
      seen.set(viewer, inView);
      return fresh;
    },
    forget(viewer, code) {
      seen.get(viewer)?.delete(code);
    },
  };
}
