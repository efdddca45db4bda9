/**
 * Per-phase timing of a verification run (the report's `phases`, spec/verification.md §0.4):
 * wall seconds and the CPU seconds of the whole process (main thread and worker threads) in each
 * phase, so that a benchmark can say how many cores each phase kept busy, and the peak resident
 * set so far, so that it can say which phase needed the most memory.
 * @module
 */
import { cpuUsage, resourceUsage } from 'node:process';

/** One phase's time. */
export interface PhaseTime {
  readonly name: string;
  /** Seconds of wall time. */
  readonly seconds: number;
  /** Seconds of CPU time of the process (every thread), user and system. */
  readonly cpuSeconds: number;
  /**
   * The process's peak resident set so far, at the end of the phase, in MB (every thread): the
   * first phase whose figure is the run's peak is the one that reached it.
   */
  readonly peakRssMB: number;
}

/** A clock that closes one phase and opens the next on each `lap`. */
export interface PhaseClock {
  /** Ends the current phase under `name`. */
  lap(name: string): void;
  readonly phases: readonly PhaseTime[];
}

/** Starts the clock now. */
export function phaseClock(): PhaseClock {
  const phases: PhaseTime[] = [];
  let t = performance.now();
  let c = cpuUsage();
  return {
    lap(name) {
      const now = performance.now();
      const cu = cpuUsage(c);
      phases.push({
        name,
        seconds: (now - t) / 1000,
        cpuSeconds: (cu.user + cu.system) / 1e6,
        peakRssMB: resourceUsage().maxRSS / 1024,
      });
      t = now;
      c = cpuUsage();
    },
    phases,
  };
}
